// Renders build/icon.svg into the PNGs electron-builder packs: build/icon.png (1024 px, from
// which it derives .icns and .ico) and build/icons/NxN.png for Linux. Run by `npm run dist`.
// `node build/make-icons.mjs --tray` renders build/tray-template.svg into the macOS menu-bar
// template image (16 px and 32 px for Retina, black and alpha only) inlined in
// electron/main/tray-icon.ts; run it after changing the glyph.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

const here = import.meta.dirname;

async function trayTemplate() {
  const svg = readFileSync(join(here, 'tray-template.svg'));
  const urls = {};
  for (const size of [16, 32]) {
    // Black with alpha only: macOS draws a template image from its alpha channel.
    const png = await sharp(svg, { density: 72 * (size / 32) * 4 })
      .resize(size, size)
      .ensureAlpha()
      .linear([0, 0, 0, 1], [0, 0, 0, 0])
      .png()
      .toBuffer();
    urls[size] = `data:image/png;base64,${png.toString('base64')}`;
  }
  const file = join(here, '..', 'electron', 'main', 'tray-icon.ts');
  const current = readFileSync(file, 'utf8');
  const keep = current.slice(0, current.indexOf('/** macOS menu-bar template'));
  writeFileSync(
    file,
    `${keep}/** macOS menu-bar template image (build/tray-template.svg via build/make-icons.mjs --tray): 16 px. */\n` +
      `export const TRAY_TEMPLATE_16_DATA_URL =\n  '${urls[16]}';\n\n` +
      `/** The same at 32 px, the Retina (2x) representation. */\n` +
      `export const TRAY_TEMPLATE_32_DATA_URL =\n  '${urls[32]}';\n`,
  );
  console.log('icons: tray template (16 and 32 px) written to electron/main/tray-icon.ts');
}

if (process.argv.includes('--tray')) {
  await trayTemplate();
} else {
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
}
