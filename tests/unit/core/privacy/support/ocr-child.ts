/** Runs one OCR in a process whose network is refused (see deny-network.cjs); prints the text. */
import { readFile } from 'node:fs/promises';
import { OcrEngine, pageText } from '../../../../../electron/core/privacy/index';

const engine = new OcrEngine(
  process.argv[3] === 'eng+fra' ? { languages: ['eng', 'fra'], dataDir: process.argv[4]! } : {},
);
const page = await engine.recognize(new Uint8Array(await readFile(process.argv[2]!)));
process.stdout.write(pageText(page));
await engine.dispose();
