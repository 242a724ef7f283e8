/**
 * Issue 16.5, what was still English on a French page: image errors (too large, outside the
 * image, damaged), the privacy shield's findings, stored-file and settings problems, proxy
 * settings, a refused redaction or sharp text, and requests main refuses before any handler.
 * Each is produced here by the real core, then worded from its code and fields: the English
 * catalog says exactly what the core says (so the English page, the log and the CLI agree), the
 * French one says it in French with every field filled in.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CoreMessage } from '../../../shared/messages';
import { CaptureStore } from '../../../electron/core/app/captures';
import { AnswerRecording } from '../../../electron/core/history/recorder';
import { HistoryRepository } from '../../../electron/core/history/repository';
import { clampRegion, prepareImage, type RawImage } from '../../../electron/core/image';
import { dispatch, UserFacingError, type HandlerTable } from '../../../electron/core/ipc/dispatch';
import { parseProxyUrl, ProxyConfigError } from '../../../electron/core/net/proxy-fetch';
import { memoryStorage, memoryVault, SettingsService } from '../../../electron/core/settings/settings';
import { openSettingsStore } from '../../../electron/core/settings/stores';
import { writeErrorMessage } from '../../../electron/core/storage/atomic-file';
import { nodeStorage } from '../../../electron/core/storage/port';
import { confStores } from '../../../electron/core/storage/stores';
import { CATEGORY_LABELS } from '../../../electron/core/privacy/shield';
import {
  coreEn,
  coreFr,
  wordCoreMessage,
  type Formatters,
} from '../../../renderer/src/lib/i18n/core-messages';
import { formatBytes, formatDuration, formatList, formatNumber } from '../../../renderer/src/lib/intl';
import { ManualTimer, tempDir } from '../core/history/helpers';

/** The message as it crosses IPC: English sentence, code, fields. */
function asMessage(error: unknown): CoreMessage {
  expect(error).toBeInstanceOf(Error);
  const { message, code, fields } = error as {
    message: string;
    code?: unknown;
    fields?: CoreMessage['fields'];
  };
  expect(code, message).toBeTypeOf('string');
  return { message, code: code as string, ...(fields ? { fields } : {}) };
}

/** What a French page formats numbers, sizes and lists with (renderer/src/lib/messages.ts). */
const FRENCH: Formatters = {
  number: (value) => formatNumber('fr', value, 2),
  duration: (ms) => formatDuration('fr', ms),
  bytes: (value) => formatBytes('fr', value),
  list: (items) => formatList('fr', items),
};

/** English as the core wrote it; French different, with no placeholder left; returns the French. */
function expectWorded(m: CoreMessage, code?: string): string {
  if (code) expect(m.code).toBe(code);
  expect(m.code! in coreEn && m.code! in coreFr, `${m.code} in both catalogs`).toBe(true);
  expect(wordCoreMessage(m, coreEn)).toBe(m.message);
  const french = wordCoreMessage(m, coreFr, FRENCH);
  // A missing field falls back to the English sentence: so this also checks every field was sent.
  expect(french).not.toBe(m.message);
  expect(french).not.toMatch(/\{[@>]?\w+\}/);
  return french;
}

async function rejection(promise: Promise<unknown>): Promise<CoreMessage> {
  return asMessage(
    await promise.then(
      () => undefined,
      (e: unknown) => e,
    ),
  );
}

function thrown(run: () => unknown): CoreMessage {
  try {
    run();
  } catch (error) {
    return asMessage(error);
  }
  throw new Error('expected a throw');
}

const png = (width: number, height: number, colour = { r: 255, g: 255, b: 255 }) =>
  sharp({ create: { width, height, channels: 3, background: colour } })
    .png()
    .toBuffer()
    .then((b) => new Uint8Array(b));

describe('image errors', () => {
  it('files: empty, not an image, damaged, an unsupported format, too large once encoded', async () => {
    expectWorded(await rejection(prepareImage(new Uint8Array(0))), 'image.emptyFile');
    expectWorded(await rejection(prepareImage(new TextEncoder().encode('hello, not an image'))));
    const whole = await png(64, 64, { r: 10, g: 200, b: 30 });
    expectWorded(await rejection(prepareImage(whole.subarray(0, 60))));
    const svg = new TextEncoder().encode(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>',
    );
    expectWorded(await rejection(prepareImage(svg)), 'image.unsupportedFormat');
    const noisy = await sharp({
      create: {
        width: 200,
        height: 200,
        channels: 3,
        background: '#808080',
        noise: { type: 'gaussian', mean: 128, sigma: 60 },
      },
    })
      .png()
      .toBuffer();
    const tooLarge = await rejection(prepareImage(new Uint8Array(noisy), { format: 'png', maxBytes: 2000 }));
    const french = expectWorded(tooLarge, 'image.tooLarge');
    // Sizes in French units, and the advice for a PNG.
    expect(french).toMatch(
      /^Une fois encodée, l’image pèse \d+\sko \(200 × 200, PNG\), au-delà de la limite de 2\sko\./,
    );
    expect(french).toContain('envoyez-la en JPEG');
  });

  it('a file with more pixels than Glimpse reads', async () => {
    // A PNG header saying 30000 × 30000, with no pixels behind it.
    const chunk = (type: string, data: Buffer) => {
      const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
      const length = Buffer.alloc(4);
      length.writeUInt32BE(data.length);
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(crc32(body));
      return Buffer.concat([length, body, crc]);
    };
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(30000, 0);
    ihdr.writeUInt32BE(30000, 4);
    ihdr.set([8, 2, 0, 0, 0], 8);
    const file = Buffer.concat([
      Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(Buffer.alloc(100))),
      chunk('IEND', Buffer.alloc(0)),
    ]);
    expectWorded(await rejection(prepareImage(new Uint8Array(file))), 'image.tooManyPixels');
  });

  it('regions: not a rectangle, empty, outside the image', () => {
    expectWorded(
      thrown(() => clampRegion({ x: Number.NaN, y: 0, width: 5, height: 5 }, 100, 100)),
      'image.invalidRegion',
    );
    expectWorded(
      thrown(() => clampRegion({ x: 5, y: 5, width: 0, height: 8 }, 100, 100)),
      'image.emptyRegion',
    );
    const outside = thrown(() => clampRegion({ x: 300, y: 20, width: 50, height: 40 }, 100, 80));
    expect(expectWorded(outside, 'image.regionOutside')).toContain('100 × 80');
  });

  it('raw captures: no pixels, a pixel format it cannot read, damaged', async () => {
    const raw = (over: Partial<RawImage>): RawImage => ({
      data: new Uint8Array(16),
      width: 2,
      height: 2,
      channels: 4,
      order: 'bgra',
      ...over,
    });
    expectWorded(await rejection(prepareImage(raw({ width: 0 }))), 'image.noPixels');
    expectWorded(await rejection(prepareImage(raw({ channels: 3 as 4 }))), 'image.pixelFormat');
    expectWorded(await rejection(prepareImage(raw({ data: new Uint8Array(15) }))), 'image.damagedCapture');
  });

  it('keep their code through the capture store, as the panel gets them', async () => {
    const store = new CaptureStore({ limits: () => ({ format: 'png' }) });
    const error = await store.add(new TextEncoder().encode('not an image'), false).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserFacingError);
    expect((error as UserFacingError).kind).toBe('image-unsupported');
    expectWorded(asMessage(error), 'image.notImage');
  });

  it('an image file the page sends that is empty or too large is refused in words', async () => {
    const table = {} as HandlerTable;
    for (const bytes of [new Uint8Array(0), new Uint8Array(50 * 1024 * 1024 + 1)]) {
      const reply = await dispatch(table, 'capture:image', { name: 'big.png', bytes });
      expect(reply.ok).toBe(false);
      if (reply.ok) continue;
      expect(reply.error.kind).toBe('invalid-payload');
      expectWorded(reply.error);
    }
  });
});

describe('a redaction that cannot be burned in', () => {
  it('names the image error inside it, in French too', async () => {
    // A flat image fits its byte cap exactly; a box over it adds edges, so it no longer fits.
    const flat = await png(400, 300);
    const fitted = await prepareImage(flat, { format: 'png' });
    const store = new CaptureStore({ limits: () => ({ format: 'png', maxBytes: fitted.bytes.byteLength }) });
    const info = await store.add(flat, false);
    await expect(store.redact(info.captureId, [{ x: 100, y: 100, width: 37, height: 53 }])).rejects.toThrow(
      /once encoded/,
    );
    const refused = thrown(() => store.images(info.captureId));
    const french = expectWorded(refused, 'capture.redactionFailed');
    expect(french).toMatch(
      /^Les cadres n’ont pas pu être incrustés .*\u00a0: Une fois encodée, l’image pèse/,
    );
  });
});

describe('the privacy shield', () => {
  it('the category words in English are the shield’s own labels', () => {
    for (const [category, label] of Object.entries(CATEGORY_LABELS)) {
      expect(coreEn[`privacy.category.${category}`]).toBe(label);
      expect(coreFr[`privacy.category.${category}`]).toBeTypeOf('string');
    }
  });

  it('"found N things (labels)" in both languages, singular and plural', () => {
    const one: CoreMessage = {
      message:
        'The privacy shield found something in this image that may be private (password). Keep or dismiss the boxes over the preview, then ask again.',
      code: 'privacy.foundAsk',
      fields: { count: 1, categoryList: 'passwords' },
    };
    expect(expectWorded(one)).toBe(
      'Le bouclier de confidentialité a trouvé dans cette image un élément qui pourrait être privé (mot de passe). Gardez ou écartez les cadres sur l’aperçu, puis demandez de nouveau.',
    );
    const three: CoreMessage = {
      message:
        'The privacy shield just found 3 things in your selection that may be private (card number, e-mail address and API key or token). Keep or dismiss the boxes, then send again.',
      code: 'privacy.foundEnter',
      fields: { count: 3, categoryList: 'cards,emails,keys' },
    };
    expect(expectWorded(three)).toContain(
      '3 éléments qui pourraient être privés (numéro de carte bancaire, adresse e-mail et clé d’API ou jeton)',
    );
  });
});

describe('stored files', () => {
  let temp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    temp = tempDir();
  });
  afterEach(() => temp.remove());

  it('a full, read-only or failing disk, with or without the system’s words', () => {
    for (const code of ['ENOSPC', 'EACCES', 'EIO']) {
      const error = Object.assign(new Error(`${code}: it failed`), { code });
      expectWorded(writeErrorMessage(error, '/data/glimpse'));
      expectWorded(writeErrorMessage(error, '/data/glimpse/settings.json', `${code}: it failed`));
    }
  });

  async function ask(repo: HistoryRepository, prompt: string): Promise<string> {
    const recording = new AnswerRecording(repo, { prompt, model: 'm' }, new ManualTimer());
    recording.append([{ choice: 0, content: 'answer' }]);
    await recording.finish({ finishReason: 'stop', model: 'm', usage: null });
    return recording.conversationId;
  }

  it('a conversation set aside, one from a newer Glimpse, a rebuilt search index', async () => {
    const open = () => HistoryRepository.open(nodeStorage(temp.dir));
    let repo = await open();
    const broken = await ask(repo, 'Broken');
    const future = await ask(repo, 'Future');
    await repo.searchReady();
    writeFileSync(join(temp.dir, 'history/conversations', `${broken}.json`), '{"half a file');
    writeFileSync(
      join(temp.dir, 'history/conversations', `${future}.json`),
      JSON.stringify({ version: 99, id: future, messages: 'new' }),
    );
    writeFileSync(join(temp.dir, 'history/search/meta.json'), '{}');
    repo = await open();
    await repo.get(broken).catch(() => undefined);
    await repo.get(future).catch(() => undefined);
    await repo.searchReady();
    const codes = repo.worded.map((m) => m.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'storage.conversationSetAside',
        'storage.conversationNewer',
        'storage.searchRebuilt',
      ]),
    );
    for (const m of repo.worded) expectWorded(m);
    expect(repo.worded.map((m) => m.message)).toEqual(repo.problems);
  });

  it('a damaged index journal', async () => {
    const open = () => HistoryRepository.open(nodeStorage(temp.dir));
    let repo = await open();
    await ask(repo, 'One');
    await repo.compact();
    writeFileSync(join(temp.dir, 'history/index.json'), '{"version":1,"entries":[["tru');
    writeFileSync(join(temp.dir, 'history/index.log'), 'garbage\n');
    repo = await open();
    expect(repo.worded.length).toBeGreaterThan(0);
    for (const m of repo.worded) expectWorded(m);
  });

  it('settings: unreadable, from a newer Glimpse, invalid, edited badly, not saved, a bad proxy', () => {
    writeFileSync(join(temp.dir, 'settings.json'), '{"not json');
    const opened = openSettingsStore({ stores: confStores, dataDir: temp.dir, appVersion: '1.0.0' });
    const settings = new SettingsService(opened, memoryVault());
    expect(settings.problems.map((p) => p.code)).toContain('settings.unreadable');
    for (const p of settings.problems) expectWorded(p);

    const newer = new SettingsService(memoryStorage({ version: 99 }), memoryVault());
    expectWorded(newer.problems[0]!, 'settings.newerFile');
    const invalid = new SettingsService(
      memoryStorage({ version: 2, theme: 'plaid', profiles: 'none' }),
      memoryVault(),
    );
    expect(invalid.problems.length).toBeGreaterThan(0);
    for (const p of invalid.problems) expectWorded(p);

    const service = new SettingsService(memoryStorage(), memoryVault());
    expectWorded(
      thrown(() => service.update({ theme: 'plaid' } as unknown as Parameters<typeof service.update>[0])),
      'settings.invalid',
    );
    const proxyRefused = thrown(() =>
      service.saveProfile(
        {
          profile: {
            name: 'Through a proxy',
            baseUrl: 'https://api.example.com/v1',
            model: 'm',
            proxy: { mode: 'custom', url: 'http://proxy.local/some/path' },
          },
        },
        () => 'new',
      ),
    );
    expectWorded(proxyRefused, 'settings.proxyUrl');
  });

  it('settings changed outside Glimpse: by a newer version, or into something invalid', () => {
    let listener: ((stored: unknown) => void) | undefined;
    const storage = {
      ...memoryStorage(),
      location: '/data/glimpse/settings.json',
      onChange: (l: (stored: unknown) => void) => {
        listener = l;
        return () => undefined;
      },
    };
    const told: string[] = [];
    const service = new SettingsService(storage, memoryVault(), { onProblem: (m) => told.push(m) });
    listener!({ version: 99 });
    listener!({ version: 2, profiles: 'none' });
    expect(service.problems.map((p) => p.code)).toEqual(['settings.newerChanged', 'settings.editedInvalid']);
    for (const p of service.problems) expectWorded(p);
    // main's log and event still get the English sentence.
    expect(told).toEqual(service.problems.map((p) => p.message));
  });
});

describe('proxy settings', () => {
  it.each(['not a url at all ::', 'ftp://proxy.local:21', 'http://'])('%s', (value) => {
    let error: unknown;
    try {
      parseProxyUrl(value);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ProxyConfigError);
    expectWorded(asMessage(error));
  });
});

describe('requests refused before any handler', () => {
  it('an unknown channel and a payload its schema refuses', async () => {
    const table = {} as HandlerTable;
    const unknown = await dispatch(table, 'no:such-channel', undefined);
    expect(!unknown.ok && unknown.error.code).toBe('ipc.unknown');
    if (!unknown.ok) expectWorded(unknown.error);
    const invalid = await dispatch(table, 'chat:stop', { requestId: 42 });
    expect(!invalid.ok && invalid.error.kind).toBe('invalid-payload');
    if (!invalid.ok)
      expect(expectWorded(invalid.error, 'ipc.invalid')).toMatch(/^Requête invalide \(«\u00a0requestId: /);
  });

  it('main’s refusals (electron/main/ipc.ts) are worded in both languages', async () => {
    const { readFile } = await import('node:fs/promises');
    const source = await readFile('electron/main/ipc.ts', 'utf8');
    const refusals = [...source.matchAll(/message: '([^']+)',\s*kind: '[\w-]+',\s*code: '([\w.]+)'/g)];
    expect(refusals.map((m) => m[2])).toEqual(['ipc.untrusted', 'ipc.wrongWindow']);
    for (const [, message, code] of refusals) expectWorded({ message: message!, code: code! });
  });
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
