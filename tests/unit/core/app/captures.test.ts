import { describe, expect, it } from 'vitest';
import { CaptureStore, profileImageLimits } from '../../../../electron/core/app/captures';
import { presetForBaseUrl } from '../../../../electron/core/image';

function screen(width: number, height: number) {
  const data = new Uint8Array(width * height * 4);
  // Vertical stripes: a picture the encoder cannot shrink to nothing.
  for (let i = 0; i < data.length; i += 4) data[i] = data[i + 1] = (i / 4) % 7 === 0 ? 0 : 255;
  return { data, width, height, channels: 4 as const, order: 'bgra' as const };
}

describe('image limits of the active profile', () => {
  it('guesses the provider preset from the base URL as users paste it', () => {
    expect(presetForBaseUrl('https://api.openai.com/v1')).toBe('openai');
    expect(presetForBaseUrl(' https://my-res.openai.azure.com/openai/deployments/x ')).toBe('azure');
    expect(presetForBaseUrl('https://generativelanguage.googleapis.com/v1beta/openai/')).toBe('gemini');
    expect(presetForBaseUrl('http://localhost:11434/v1')).toBe('ollama');
    expect(presetForBaseUrl('http://127.0.0.1:1234/v1')).toBe('lmstudio');
    expect(presetForBaseUrl('https://openrouter.ai/api/v1')).toBe('generic');
    expect(presetForBaseUrl('https://api.openai.com.evil.example/v1')).toBe('generic');
    expect(presetForBaseUrl('not a url')).toBe('generic');
  });

  it('sizes each capture with the limits read at that moment', async () => {
    let maxEdge = 320;
    const store = new CaptureStore({
      limits: () =>
        profileImageLimits({
          baseUrl: 'http://localhost:8080/v1',
          image: { maxEdge, format: 'png', maxBytes: 5_000_000 },
        }),
    });
    const small = await store.add(screen(1280, 720), false);
    expect(Math.max(small.width, small.height)).toBe(320);
    maxEdge = 640;
    const larger = await store.add(screen(1280, 720), false);
    expect(Math.max(larger.width, larger.height)).toBe(640);
    expect(larger.mime).toBe('image/png');
  });
});

describe('what Extract text reads', () => {
  it('a capture with boxes: its own pixels, full resolution and unencoded, the boxes black, the selection as the region', async () => {
    const store = new CaptureStore();
    const source = screen(400, 300);
    const before = source.data.slice();
    const crop = { x: 50, y: 40, width: 300, height: 200 };
    const info = await store.add(source, false, { crop });
    const box = { x: 100, y: 100, width: 20, height: 10 };
    await store.redact(info.captureId, [box]);

    const { image, region } = await store.forOcr(info.captureId);
    expect(region).toEqual(crop);
    if (image instanceof Uint8Array) throw new Error('expected raw pixels, got an encoded file');
    expect([image.width, image.height, image.order]).toEqual([400, 300, 'bgra']);
    const wrong: string[] = [];
    for (let y = 0; y < 300; y++) {
      for (let x = 0; x < 400; x++) {
        const i = (y * 400 + x) * 4;
        const inBox = x >= 100 && x < 120 && y >= 100 && y < 110;
        const expected = inBox ? [0, 0, 0, 255] : [...before.subarray(i, i + 4)];
        if (expected.some((v, k) => image.data[i + k] !== v)) wrong.push(`${x},${y}`);
      }
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    // The capture itself keeps what was under the box (the boxes can still be removed).
    expect(Buffer.from(source.data).equals(Buffer.from(before))).toBe(true);
  });
});
