/**
 * `glimpse ask --action NAME` (issue 17): the action's question, profile and overrides from the
 * app's settings in GLIMPSE_DATA_DIR; explicit options still win; `--list-actions`. The API key
 * is never read from the app's vault: --api-key or $OPENAI_API_KEY.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAsk, type AskIo } from '../../../electron/cli/ask-command';
import { cliDataDir, defaultDataDir } from '../../../electron/cli/settings-source';
import { actionFromArgv, launchMode } from '../../../electron/core/app/launch';
import { memoryVault, SettingsService } from '../../../electron/core/settings/settings';
import { openSettingsStore } from '../../../electron/core/settings/stores';
import { confStores } from '../../../electron/core/storage/stores';
import { runCli } from '../../support/run-cli';
import { loadRecording, startMockServer, type MockServer } from '../../support/mock-openai-server';

const VAULT_KEY = 'sk-vault-canary-Qm3Xz8';

let server: MockServer;
let dataDir: string;

beforeAll(async () => {
  server = await startMockServer((req) =>
    req.path.endsWith('/chat/completions')
      ? { kind: 'sse', chunks: [loadRecording('openai-explain')] }
      : undefined,
  );
  dataDir = mkdtempSync(join(tmpdir(), 'glimpse-cli-actions-'));
  // The settings as the app writes them (conf over settings.json), a key in its vault.
  const settings = new SettingsService(
    openSettingsStore({ stores: confStores, dataDir, appVersion: '0.1.0' }),
    memoryVault(),
  );
  settings.update({ baseUrl: server.baseUrl, model: 'profile-model', apiKey: VAULT_KEY, language: 'en' });
  settings.saveProfile(
    {
      profile: {
        ...settings.activeProfile(),
        parameters: { temperature: 0.3 },
        headers: { 'X-Title': 'Glimpse' },
      },
    },
    () => 'unused',
  );
  settings.update({
    actions: settings.current.actions.map((a) =>
      a.id === 'translate' ? { ...a, model: 'translate-model', parameters: { max_tokens: 77 } } : a,
    ),
  });
  settings.close();
});
afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function io(env: Record<string, string>, out: string[], err: string[]): AskIo {
  return {
    env,
    stdout: { write: (t: string) => out.push(t) },
    stderr: { write: (t: string) => err.push(t) },
    readStdin: () => Promise.resolve(new Uint8Array()),
    readFile: () => Promise.reject(new Error('no files here')),
    fetch,
  };
}

async function ask(args: string[], env: Record<string, string> = { GLIMPSE_DATA_DIR: dataDir }) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAsk(args, io(env, out, err));
  return { code, stdout: out.join(''), stderr: err.join('') };
}

const lastBody = () =>
  server.requests.at(-1)!.body as { model: string; messages: { content: unknown }[] } & Record<
    string,
    unknown
  >;
const lastQuestion = () => JSON.stringify(lastBody().messages.at(-1)!.content);

describe('glimpse ask --action', () => {
  it('`npm run --silent ask -- --action explain` and `--action translate` send each its own question', async () => {
    const env = { GLIMPSE_DATA_DIR: dataDir };
    const explain = await runCli(['--action', 'explain'], { env, viaNpm: true });
    expect(explain.stderr).toBe('');
    expect(explain.code).toBe(0);
    const first = lastQuestion();
    const translate = await runCli(['--action', 'translate'], { env, viaNpm: true });
    expect(translate.code).toBe(0);
    const second = lastQuestion();
    expect(first).toContain('Explain what is in this image.');
    expect(second).toContain('Translate the text in this image into English, keeping its layout.');
    expect(first).not.toEqual(second);
  });

  it('uses the action’s profile: base URL, model, headers and parameters; its own overrides win over the profile’s', async () => {
    expect((await ask(['--action', 'Translate'])).code).toBe(0);
    expect(lastBody()).toMatchObject({ model: 'translate-model', temperature: 0.3, max_tokens: 77 });
    expect(server.requests.at(-1)!.headers['x-title']).toBe('Glimpse');
    expect((await ask(['--action', 'debug this error'])).code).toBe(0);
    expect(lastBody()).toMatchObject({ model: 'profile-model', temperature: 0.3 });
    expect(lastBody().max_tokens).toBeUndefined();
  });

  it('explicit options still win, and typed words follow the question', async () => {
    expect(
      (await ask(['--action', 'translate', '--model', 'typed-model', '--temperature', '1.5', 'into German']))
        .code,
    ).toBe(0);
    expect(lastBody()).toMatchObject({ model: 'typed-model', temperature: 1.5, max_tokens: 77 });
    expect(lastQuestion()).toContain('keeping its layout.\\n\\ninto German');
  });

  it('never sends the key kept in the app’s vault; --api-key or $OPENAI_API_KEY gives it', async () => {
    await ask(['--action', 'explain']);
    expect(server.requests.at(-1)!.headers.authorization).toBeUndefined();
    await ask(['--action', 'explain'], { GLIMPSE_DATA_DIR: dataDir, OPENAI_API_KEY: 'sk-env' });
    expect(server.requests.at(-1)!.headers.authorization).toBe('Bearer sk-env');
    expect(JSON.stringify(server.requests)).not.toContain(VAULT_KEY);
    expect((await ask(['--help'])).stdout).toMatch(/--api-key or \$OPENAI_API_KEY/);
  });

  it('a French app asks the French question', async () => {
    const frDir = mkdtempSync(join(tmpdir(), 'glimpse-cli-fr-'));
    try {
      const s = new SettingsService(
        openSettingsStore({ stores: confStores, dataDir: frDir, appVersion: '0.1.0' }),
        memoryVault(),
      );
      s.update({ baseUrl: server.baseUrl, model: 'm', language: 'fr' });
      s.close();
      expect((await ask(['--action', 'translate'], { GLIMPSE_DATA_DIR: frDir })).code).toBe(0);
      expect(lastQuestion()).toContain('Traduis le texte de cette image en français');
    } finally {
      rmSync(frDir, { recursive: true, force: true });
    }
  });

  it('--list-actions prints id, name, capture and profile', async () => {
    const { code, stdout } = await ask(['--list-actions']);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toEqual([
      'explain\tExplain\tregion\tactive profile (Default)',
      'translate\tTranslate\tregion\tactive profile (Default)',
      'extract\tExtract text\tregion, offline text\tactive profile (Default)',
      'debug\tDebug this error\tregion\tactive profile (Default)',
    ]);
  });

  it('an unknown action or a missing settings file is one clear line, exit 2', async () => {
    const unknown = await ask(['--action', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      'glimpse ask: there is no action "nope"; the actions are: explain, translate, extract, debug (see --help)\n',
    );
    const empty = mkdtempSync(join(tmpdir(), 'glimpse-cli-empty-'));
    try {
      const missing = await ask(['--action', 'explain'], { GLIMPSE_DATA_DIR: empty });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain(`--action: no Glimpse settings in ${empty}`);
      const bad = join(empty, 'settings.json');
      writeFileSync(bad, JSON.stringify({ version: 2, language: 'klingon' }));
      expect((await ask(['--list-actions'], { GLIMPSE_DATA_DIR: empty })).stderr).toContain(
        `${bad} is not valid: language`,
      );
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('finds the data folder as the app does: GLIMPSE_DATA_DIR, else the user-data folder', () => {
    expect(cliDataDir({ GLIMPSE_DATA_DIR: 'rel/dir' }, '/work')).toBe('/work/rel/dir');
    expect(defaultDataDir({}, 'linux', '/home/a')).toBe('/home/a/.config/Glimpse');
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/a')).toBe('/xdg/Glimpse');
    expect(defaultDataDir({}, 'darwin', '/Users/a')).toBe('/Users/a/Library/Application Support/Glimpse');
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32', 'C:\\Users\\a')).toBe(
      join('C:\\Users\\a\\AppData\\Roaming', 'Glimpse'),
    );
  });
});

describe('glimpse --action NAME (the running app)', () => {
  it('reads the name after the flag, joined or apart, even when switches were put between', () => {
    expect(actionFromArgv(['/opt/Glimpse/glimpse', '--action', 'Translate'])).toBe('Translate');
    expect(actionFromArgv(['/opt/Glimpse/glimpse', '--action=debug this error'])).toBe('debug this error');
    // second-instance: Chromium may reorder and add switches (docs/api/app.md).
    expect(actionFromArgv(['glimpse', '--action', '--original-process-start-time=1', 'explain'])).toBe(
      'explain',
    );
    expect(actionFromArgv(['glimpse', '--capture'])).toBeUndefined();
    expect(actionFromArgv(['glimpse', '--action'])).toBeUndefined();
  });

  it('an action named "ask" is an action, not the CLI', () => {
    expect(launchMode(['glimpse', '--action', 'ask'], false)).toEqual({ kind: 'app', capture: false });
    expect(launchMode(['glimpse', 'ask', '--action', 'explain'], false)).toEqual({
      kind: 'ask',
      args: ['--action', 'explain'],
    });
  });
});
