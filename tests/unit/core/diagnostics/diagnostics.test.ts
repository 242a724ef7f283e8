/**
 * Diagnostics without leaks: a canary API key and a canary header are configured, failures that
 * carry them are triggered (a server echoing them back, a thrown error quoting the request, a
 * proxy URL with credentials), and neither canary — nor any 8-character piece of it — may appear
 * in any log file (rotated ones included) or in the "copy diagnostics" text.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChatError, streamChat } from '../../../../electron/core/chat/index';
import {
  DiagnosticLog,
  diagnosticsText,
  redactText,
  redactTree,
  secretsInTree,
  type DiagnosticsInput,
} from '../../../../electron/core/diagnostics/index';
import { startMockServer, type MockServer } from '../../../support/mock-openai-server';

const CANARY_KEY = 'sk-canaryKEY7f3a9c2e1b5d4f60aa';
const CANARY_HEADER = 'hdrCanary5e8b2d71c4a93f06bb';
const PROXY_PASSWORD = 'proxyCanary0d4c7e91f2';

/** A settings tree shaped like the app's (profiles with headers, a proxy, the vault's key). */
const settings = {
  version: 2,
  activeProfileId: 'default',
  profiles: [
    {
      id: 'default',
      name: 'Work',
      baseUrl: 'https://api.example.test/v1',
      model: 'gpt-4o-mini',
      apiKey: CANARY_KEY,
      headers: { 'X-Canary-Auth': CANARY_HEADER, 'X-Title': 'Glimpse' },
      proxy: { mode: 'custom', url: `http://alice:${PROXY_PASSWORD}@proxy.example.test:3128` },
    },
  ],
  updates: { checkAutomatically: true },
};

/** Every 8-character window of each canary: none may survive, not even as a fragment. */
function leaks(text: string): string[] {
  const found: string[] = [];
  for (const canary of [CANARY_KEY, CANARY_HEADER, PROXY_PASSWORD]) {
    for (let i = 0; i + 8 <= canary.length; i++) {
      if (text.includes(canary.slice(i, i + 8))) {
        found.push(canary.slice(i, i + 8));
        break;
      }
    }
  }
  return found;
}

let dir: string;
let server: MockServer;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'glimpse-diag-'));
  // A server that quotes back everything it was sent, as careless real ones do.
  server = await startMockServer((req) => ({
    kind: 'json',
    status: 401,
    body: {
      error: {
        message: `Incorrect API key provided: ${req.headers.authorization ?? ''}; header ${req.headers['x-canary-auth'] ?? ''}`,
        type: 'invalid_request_error',
        code: 'invalid_api_key',
      },
    },
  }));
});

afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function readLogs(log: DiagnosticLog): string {
  return log
    .files()
    .map((path) => readFileSync(path, 'utf8'))
    .join('');
}

describe('diagnostics leak test', () => {
  it('never writes the canary key, header or proxy password to the log or the diagnostics', async () => {
    const secrets = () => [CANARY_KEY, ...secretsInTree(settings)];
    const log = new DiagnosticLog({ dir, secrets, maxBytes: 2048, maxFiles: 3 });

    // 1. A real request through the chat client; the server echoes the key and the header.
    let chatError: unknown;
    try {
      const stream = streamChat(
        { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] },
        { baseUrl: server.baseUrl, apiKey: CANARY_KEY, headers: { 'X-Canary-Auth': CANARY_HEADER } },
        { fetch: globalThis.fetch },
      );
      for await (const _event of stream) {
        // drain
      }
    } catch (error) {
      chatError = error;
    }
    expect(chatError).toBeInstanceOf(ChatError);
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${CANARY_KEY}`);
    log.error('ask failed', chatError);

    // 2. The server's raw body logged as is (what a careless catch block would do).
    log.error(`server said ${JSON.stringify({ auth: `Bearer ${CANARY_KEY}`, h: CANARY_HEADER })}`);
    // 3. A thrown error quoting the request headers, with a cause, on several lines.
    log.error(
      'request failed',
      new Error(
        `POST /v1/chat/completions\nAuthorization: Bearer ${CANARY_KEY}\nX-Canary-Auth: ${CANARY_HEADER}`,
        {
          cause: new Error(`api-key=${CANARY_KEY}`),
        },
      ),
    );
    // 4. A proxy URL with credentials, and the key in a query string (Gemini-style).
    log.warn(`proxy http://alice:${PROXY_PASSWORD}@proxy.example.test:3128 refused the connection`);
    log.warn(`GET https://api.example.test/v1/models?key=${CANARY_KEY} failed`);
    // 5. Enough traffic to rotate, so rotated files are checked too.
    for (let i = 0; i < 60; i++) log.info(`tick ${i} with key ${CANARY_KEY}`);

    const logs = readLogs(log);
    // The leak check finds a fragment of the key, so an empty list below means something.
    expect(leaks(`prefix ${CANARY_KEY.slice(3, 14)} suffix`)).not.toEqual([]);
    expect(log.files().length).toBeGreaterThan(1);
    // The failures are there, only without their secrets.
    expect(logs).toContain('401');
    expect(logs).toContain('[redacted]');
    expect(leaks(logs)).toEqual([]);

    const text = diagnosticsText({
      app: { name: 'Glimpse', version: '0.1.0', packaged: false },
      versions: { node: '20.20.0', electron: '45.5.0' },
      platform: { os: 'linux', release: '6.1', arch: 'x64', sessionType: 'wayland', desktop: 'GNOME' },
      displays: [
        { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, scaleFactor: 1.5, primary: true },
      ],
      settings,
      secrets: secrets(),
      lastErrors: log.lastErrors(),
      logFile: log.path,
      now: new Date('2026-11-26T00:00:00Z'),
    });
    expect(text).toContain('X-Canary-Auth');
    expect(text).toContain('ask failed');
    expect(text).toContain('401');
    expect(leaks(text)).toEqual([]);
  });

  it('catches secret shapes even when the app was not told the secret', () => {
    const text = redactText(
      `Authorization: Bearer ${CANARY_KEY} and x-api-key: ${CANARY_HEADER} at http://bob:${PROXY_PASSWORD}@h:1`,
      [],
    );
    expect(leaks(text)).toEqual([]);
    expect(text).toContain('x-api-key: [redacted]');
  });

  it('redacts what it was told or what looks like a secret, not every long value: an undeclared plain header value stays', () => {
    const log = new DiagnosticLog({ dir, secrets: () => [] });
    log.error(`header ${CANARY_HEADER}`); // not secret-shaped, not declared
    expect(readLogs(log)).toContain(CANARY_HEADER);
    // Told about it, the same log line loses it.
    const told = new DiagnosticLog({ dir: join(dir, 'told'), secrets: () => [CANARY_HEADER] });
    told.error(`header ${CANARY_HEADER}`);
    expect(readLogs(told)).not.toContain(CANARY_HEADER);
  });
});

describe('redacted settings', () => {
  it('keeps header names and harmless values, hides keys, header values and proxy credentials', () => {
    const tree = redactTree(settings, secretsInTree(settings)) as typeof settings;
    const profile = tree.profiles[0]!;
    expect(profile.apiKey).toBe('[redacted]');
    expect(profile.headers).toEqual({ 'X-Canary-Auth': '[redacted]', 'X-Title': '[redacted]' });
    expect(profile.proxy.url).toBe('http://[redacted]@proxy.example.test:3128');
    expect(profile.model).toBe('gpt-4o-mini');
    expect(profile.name).toBe('Work');
    expect(tree.updates.checkAutomatically).toBe(true);
  });

  it('does not collect short header values as secrets', () => {
    expect(secretsInTree(settings)).toEqual(expect.arrayContaining([CANARY_KEY, CANARY_HEADER]));
    expect(secretsInTree(settings)).not.toContain('Glimpse');
  });
});

describe('diagnostics text', () => {
  const base: DiagnosticsInput = {
    app: { name: 'Glimpse', version: '1.2.3', packaged: true },
    versions: { electron: '45.5.0', chrome: '142.0', node: '22.1.0', v8: '14.2', openssl: '3' },
    platform: { os: 'darwin', release: '24.1.0', arch: 'arm64', locale: 'fr-FR' },
    displays: [
      {
        id: 1,
        bounds: { x: 0, y: 0, width: 1512, height: 982 },
        scaleFactor: 2,
        primary: true,
        internal: true,
      },
      { id: 2, bounds: { x: 1512, y: -200, width: 2560, height: 1440 }, scaleFactor: 1, rotation: 90 },
    ],
    settings: { updates: { checkAutomatically: false } },
    secrets: [],
    lastErrors: [{ time: '2026-11-26T00:00:00.000Z', level: 'error', message: 'capture failed: denied' }],
    logFile: '/Users/alice/Library/Logs/Glimpse/glimpse.log',
    home: '/Users/alice',
    now: new Date('2026-11-26T01:00:00Z'),
  };

  it('lists versions, platform, each display with its physical size, settings and errors', () => {
    const text = diagnosticsText(base);
    expect(text).toContain('App: Glimpse 1.2.3\n');
    expect(text).toContain('Runtime: electron 45.5.0, chrome 142.0, node 22.1.0, v8 14.2');
    expect(text).toContain('Platform: darwin 24.1.0 (arm64), locale fr-FR');
    expect(text).toContain('- 1: 1512×982 at (0, 0), scale 2 (3024×1964 px), primary, built-in');
    expect(text).toContain('- 2: 2560×1440 at (1512, -200), scale 1 (2560×1440 px), rotated 90°');
    expect(text).toContain('"checkAutomatically": false');
    expect(text).toContain('- 2026-11-26T00:00:00.000Z error: capture failed: denied');
    // The user's name is in their home path: shown as ~.
    expect(text).toContain('Log file: ~/Library/Logs/Glimpse/glimpse.log');
    expect(text).not.toContain('alice');
  });

  it('says when nothing went wrong and marks development builds', () => {
    const text = diagnosticsText({
      ...base,
      lastErrors: [],
      displays: [],
      app: { ...base.app, packaged: false },
    });
    expect(text).toContain('(development build)');
    expect(text).toContain('- none since start');
    expect(text).toContain('- none reported');
  });
});

describe('log rotation', () => {
  it('keeps at most maxFiles files, each under maxBytes, newest lines in the current file', () => {
    let clock = Date.parse('2026-11-26T00:00:00Z');
    const log = new DiagnosticLog({
      dir,
      secrets: () => [],
      maxBytes: 1024,
      maxFiles: 3,
      now: () => new Date(clock++),
    });
    for (let i = 0; i < 200; i++) log.info(`line ${String(i).padStart(3, '0')} ${'x'.repeat(40)}`);
    const files = log.files();
    expect(files).toEqual([log.path, join(dir, 'glimpse.1.log'), join(dir, 'glimpse.2.log')]);
    for (const file of files) expect(statSync(file).size).toBeLessThanOrEqual(1024);
    const current = readFileSync(log.path, 'utf8');
    expect(current).toContain('line 199');
    // The oldest lines were dropped with the oldest file.
    expect(readLogs(log)).not.toContain('line 000');
    // Rotated files hold the lines just before the current one, in order.
    const previous = readFileSync(join(dir, 'glimpse.1.log'), 'utf8').trimEnd().split('\n');
    const firstCurrent = Number(/line (\d+)/.exec(current)?.[1]);
    expect(previous.at(-1)).toContain(`line ${String(firstCurrent - 1).padStart(3, '0')}`);
  });

  it('continues an existing file after a restart, and keeps only recent warnings and errors', () => {
    const first = new DiagnosticLog({ dir, secrets: () => [], keepErrors: 2 });
    first.info('started');
    first.error('one');
    first.warn('two');
    first.error('three', new Error('boom'));
    expect(first.lastErrors().map((e) => e.message)).toEqual(['two', 'three: Error: boom']);
    const second = new DiagnosticLog({ dir, secrets: () => [] });
    second.info('restarted');
    const text = readFileSync(second.path, 'utf8');
    expect(text.split('\n').filter(Boolean)).toHaveLength(5);
    expect(text).toMatch(/^\S+Z INFO {2}started$/m);
  });

  it('never throws when the log cannot be written', () => {
    // A folder that cannot exist: its parent is a file.
    const blocker = join(dir, 'not-a-folder');
    writeFileSync(blocker, '');
    const log = new DiagnosticLog({ dir: join(blocker, 'logs'), secrets: () => [] });
    expect(() => log.error('disk is gone')).not.toThrow();
    expect(log.writeFailures).toBe(1);
    expect(log.lastErrors()).toHaveLength(1);
  });
});
