/**
 * nativeImage (docs/api/native-image.md): images made of representations, one per scale factor,
 * kept as BGRA pixels (NativeImage bitmaps are BGRA in memory on every platform). PNGs are
 * decoded and encoded here, synchronously as Electron does, for 8-bit RGB/RGBA images.
 * `createFromPath` reads `@2x`/`@3x` siblings and marks `…Template.png` as a template image
 * (docs: "High Resolution Image", "Template Image"); a missing file gives an empty image.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { crc32, deflateSync, inflateSync } from 'node:zlib';

interface Representation {
  scaleFactor: number;
  width: number;
  height: number;
  /** BGRA, width * height * 4 bytes. */
  bgra: Buffer;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export class NativeImage implements Electron.NativeImage {
  #reps: Representation[];
  #template = false;

  constructor(reps: Representation[] = []) {
    this.#reps = [...reps].sort((a, b) => a.scaleFactor - b.scaleFactor);
  }

  static createEmpty(): NativeImage {
    return new NativeImage();
  }

  static createFromBitmap(buffer: Buffer, options: Electron.CreateFromBitmapOptions): NativeImage {
    const { width, height, scaleFactor = 1 } = options;
    if (buffer.length !== width * height * 4) throw new Error('Invalid buffer size');
    return new NativeImage([{ scaleFactor, width, height, bgra: Buffer.from(buffer) }]);
  }

  static createFromBuffer(buffer: Buffer, options: Electron.CreateFromBufferOptions = {}): NativeImage {
    const decoded = decodePng(buffer);
    if (!decoded) return new NativeImage();
    return new NativeImage([{ scaleFactor: options.scaleFactor ?? 1, ...decoded }]);
  }

  static createFromDataURL(dataURL: string): NativeImage {
    const match = /^data:image\/png;base64,(.*)$/s.exec(dataURL);
    if (!match) return new NativeImage();
    return NativeImage.createFromBuffer(Buffer.from(match[1]!, 'base64'));
  }

  static createFromPath(path: string): NativeImage {
    if (!existsSync(path)) return new NativeImage();
    const reps: Representation[] = [];
    const base = decodePng(readFileSync(path));
    if (!base) return new NativeImage();
    reps.push({ scaleFactor: 1, ...base });
    const stem = join(dirname(path), basename(path, extname(path)));
    for (const factor of [2, 3]) {
      const sibling = `${stem}@${factor}x${extname(path)}`;
      const decoded = existsSync(sibling) ? decodePng(readFileSync(sibling)) : undefined;
      if (decoded) reps.push({ scaleFactor: factor, ...decoded });
    }
    const image = new NativeImage(reps);
    // Only macOS reads the name: "Template" at the end of it makes a template image.
    if (process.platform === 'darwin' && basename(path, extname(path)).endsWith('Template'))
      image.setTemplateImage(true);
    return image;
  }

  get isMacTemplateImage(): boolean {
    return this.#template;
  }

  set isMacTemplateImage(value: boolean) {
    this.#template = value;
  }

  #rep(scaleFactor = 1): Representation | undefined {
    return this.#reps.find((r) => r.scaleFactor === scaleFactor) ?? this.#reps[0];
  }

  getSize(scaleFactor = 1): Electron.Size {
    const rep = this.#rep(scaleFactor);
    if (!rep) return { width: 0, height: 0 };
    // The size in DIP: a 2× representation of 32×32 is a 16×16 image.
    return {
      width: Math.round(rep.width / rep.scaleFactor),
      height: Math.round(rep.height / rep.scaleFactor),
    };
  }

  isEmpty(): boolean {
    return this.#reps.length === 0;
  }

  getScaleFactors(): number[] {
    return this.#reps.map((r) => r.scaleFactor);
  }

  getAspectRatio(scaleFactor = 1): number {
    const { width, height } = this.getSize(scaleFactor);
    return height === 0 ? 0 : width / height;
  }

  /** The pixels of the representation for `scaleFactor` (default 1), BGRA. */
  toBitmap(options: Electron.ToBitmapOptions = {}): Buffer {
    return Buffer.from(this.#rep(options.scaleFactor)?.bgra ?? Buffer.alloc(0));
  }

  toPNG(options: Electron.ToPNGOptions = {}): Buffer {
    const rep = this.#rep(options.scaleFactor);
    return rep ? encodePng(rep) : Buffer.alloc(0);
  }

  toDataURL(options: Electron.ToDataURLOptions = {}): string {
    return `data:image/png;base64,${this.toPNG(options).toString('base64')}`;
  }

  addRepresentation(options: Electron.AddRepresentationOptions): void {
    const scaleFactor = options.scaleFactor ?? 1;
    let decoded: Omit<Representation, 'scaleFactor'> | undefined;
    if (options.buffer && options.width && options.height)
      decoded = { width: options.width, height: options.height, bgra: Buffer.from(options.buffer) };
    else if (options.buffer) decoded = decodePng(options.buffer);
    else if (options.dataURL) decoded = decodePng(Buffer.from(options.dataURL.split(',')[1] ?? '', 'base64'));
    if (!decoded) return;
    this.#reps = [
      ...this.#reps.filter((r) => r.scaleFactor !== scaleFactor),
      { scaleFactor, ...decoded },
    ].sort((a, b) => a.scaleFactor - b.scaleFactor);
  }

  /** Deprecated in Electron: the same bytes as toBitmap (typed `void` in electron.d.ts). */
  getBitmap(options: Electron.BitmapOptions = {}): void {
    return this.toBitmap(options) as unknown as void;
  }

  getNativeHandle(): Buffer {
    throw new Error('stand-in: getNativeHandle is macOS-only and not modelled');
  }

  toJPEG(_quality: number): Buffer {
    throw new Error('stand-in: toJPEG is not modelled (no synchronous JPEG encoder here)');
  }

  setTemplateImage(option: boolean): void {
    this.#template = option;
  }

  isTemplateImage(): boolean {
    return this.#template;
  }

  /**
   * Scales every representation, bilinearly (Electron's 'best' is Skia's Lanczos; any filter
   * resamples, which is what matters here). A missing width or height keeps the aspect ratio.
   */
  resize(options: Electron.ResizeOptions): NativeImage {
    const size = this.getSize();
    if (size.width === 0 || size.height === 0) return new NativeImage();
    const width = options.width ?? Math.round((size.width * (options.height ?? size.height)) / size.height);
    const height = options.height ?? Math.round((size.height * width) / size.width);
    return new NativeImage(
      this.#reps.map((rep) =>
        scaleRep(rep, Math.round(width * rep.scaleFactor), Math.round(height * rep.scaleFactor)),
      ),
    );
  }

  crop(rect: Electron.Rectangle): NativeImage {
    return new NativeImage(
      this.#reps.map((rep) => {
        const s = rep.scaleFactor;
        const x = Math.round(rect.x * s);
        const y = Math.round(rect.y * s);
        const width = Math.max(0, Math.min(rep.width - x, Math.round(rect.width * s)));
        const height = Math.max(0, Math.min(rep.height - y, Math.round(rect.height * s)));
        const bgra = Buffer.alloc(width * height * 4);
        for (let row = 0; row < height; row++)
          rep.bgra.copy(
            bgra,
            row * width * 4,
            ((y + row) * rep.width + x) * 4,
            ((y + row) * rep.width + x + width) * 4,
          );
        return { scaleFactor: s, width, height, bgra };
      }),
    );
  }
}

/**
 * What a stand-in screen shows: a one-pixel checkerboard of its colour and the colour's inverse,
 * so that any resampling on the way (a thumbnail scaled up, then back down) shows in the pixels.
 */
export function screenPixels(
  width: number,
  height: number,
  colour: { r: number; g: number; b: number },
): Buffer {
  const bgra = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const on = (x + y) % 2 === 0;
      bgra[i] = on ? colour.b : 255 - colour.b;
      bgra[i + 1] = on ? colour.g : 255 - colour.g;
      bgra[i + 2] = on ? colour.r : 255 - colour.r;
      bgra[i + 3] = 255;
    }
  }
  return bgra;
}

/** Bilinear scaling (libyuv's kFilterBilinear, as Chromium scales capture thumbnails); same size: a copy. */
export function scaleRep(rep: Representation, width: number, height: number): Representation {
  if (width === rep.width && height === rep.height) return { ...rep, bgra: Buffer.from(rep.bgra) };
  const bgra = Buffer.alloc(width * height * 4);
  const at = (x: number, y: number, c: number): number => rep.bgra[(y * rep.width + x) * 4 + c]!;
  for (let y = 0; y < height; y++) {
    const fy = Math.max(0, Math.min(rep.height - 1, ((y + 0.5) * rep.height) / height - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(rep.height - 1, y0 + 1);
    const wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.max(0, Math.min(rep.width - 1, ((x + 0.5) * rep.width) / width - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(rep.width - 1, x0 + 1);
      const wx = fx - x0;
      for (let c = 0; c < 4; c++) {
        const top = at(x0, y0, c) * (1 - wx) + at(x1, y0, c) * wx;
        const bottom = at(x0, y1, c) * (1 - wx) + at(x1, y1, c) * wx;
        bgra[(y * width + x) * 4 + c] = Math.round(top * (1 - wy) + bottom * wy);
      }
    }
  }
  return { scaleFactor: rep.scaleFactor, width, height, bgra };
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

function encodePng(rep: Representation): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(rep.width, 0);
  ihdr.writeUInt32BE(rep.height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc((rep.width * 4 + 1) * rep.height);
  for (let y = 0; y < rep.height; y++) {
    const row = y * (rep.width * 4 + 1);
    for (let x = 0; x < rep.width; x++) {
      const s = (y * rep.width + x) * 4;
      const d = row + 1 + x * 4;
      raw[d] = rep.bgra[s + 2]!;
      raw[d + 1] = rep.bgra[s + 1]!;
      raw[d + 2] = rep.bgra[s]!;
      raw[d + 3] = rep.bgra[s + 3]!;
    }
  }
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** 8-bit, non-interlaced RGB or RGBA PNGs; anything else is "not an image" (empty). */
function decodePng(png: Buffer): Omit<Representation, 'scaleFactor'> | undefined {
  if (png.length < 8 || !png.subarray(0, 8).equals(PNG_SIGNATURE)) return undefined;
  let offset = 8;
  let width = 0;
  let height = 0;
  let colourType = 0;
  let depth = 0;
  let interlace = 0;
  const idat: Buffer[] = [];
  while (offset + 8 <= png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      depth = data[8]!;
      colourType = data[9]!;
      interlace = data[12]!;
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  const channels = colourType === 6 ? 4 : colourType === 2 ? 3 : 0;
  if (!width || !height || depth !== 8 || channels === 0 || interlace !== 0) return undefined;
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? out[y * stride + x - channels]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? out[(y - 1) * stride + x - channels]! : 0;
      let value = line[x]!;
      if (filter === 1) value += a;
      else if (filter === 2) value += b;
      else if (filter === 3) value += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        value += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      out[y * stride + x] = value & 0xff;
    }
  }
  const bgra = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    bgra[i * 4] = out[i * channels + 2]!;
    bgra[i * 4 + 1] = out[i * channels + 1]!;
    bgra[i * 4 + 2] = out[i * channels]!;
    bgra[i * 4 + 3] = channels === 4 ? out[i * channels + 3]! : 255;
  }
  return { width, height, bgra };
}
