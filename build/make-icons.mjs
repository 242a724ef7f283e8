// Renders build/icon.svg into the PNGs electron-builder packs: build/icon.png (1024 px, from
// which it derives .icns and .ico) and build/icons/NxN.png for Linux. Run by `npm run dist`.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

const here = import.meta.dirname;
const svg = readFileSync(join(here, 'icon.svg'));
const sizes = [16, 32, 48, 64, 128, 256, 512, 1024];

mkdirSync(join(here, 'icons'), { recursive: true });
await sharp(svg, { density: 288 }).resize(1024, 1024).png().toFile(join(here, 'icon.png'));
for (const size of sizes) {
  await sharp(svg, { density: 288 })
    .resize(size, size)
    .png()
    .toFile(join(here, 'icons', `${size}x${size}.png`));
}
console.log(`icons: build/icon.png and ${sizes.length} sizes in build/icons/`);
