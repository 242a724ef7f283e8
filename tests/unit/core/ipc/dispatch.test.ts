import { describe, expect, it, vi } from 'vitest';
import { dispatch, UserFacingError, type HandlerTable } from '../../../../electron/core/ipc/dispatch';
import { channelAllowedFor, createSenderGuard } from '../../../../electron/core/ipc/sender-guard';
import { memoryStorage, memoryVault, SettingsService } from '../../../../electron/core/settings/settings';

function table(overrides: Partial<HandlerTable> = {}): HandlerTable {
  const fail = () => Promise.reject(new Error('not under test'));
  return {
    'settings:get': () => Promise.resolve(new SettingsService(memoryStorage(), memoryVault()).toPublic()),
    'settings:update': fail,
    'capture:screen': fail,
    'capture:image': fail,
    'chat:ask': fail,
    'chat:stop': ({ requestId }) => Promise.resolve({ stopped: requestId === 'known' }),
    'capture:sharp-text': fail,
    'app:open-external': fail,
    'clipboard:write': fail,
    'endpoint:models': fail,
    'endpoint:test': fail,
    'capture:region': fail,
    'actions:run': fail,
    'actions:export': fail,
    'actions:import': fail,
    'actions:reset': fail,
    'overlay:frame': fail,
    'overlay:submit': fail,
    'overlay:cancel': fail,
    'overlay:selection': fail,
    'settings:profile-save': fail,
    'settings:profile-delete': fail,
    'history:list': fail,
    'history:search': fail,
    'history:get': fail,
    'history:image': fail,
    'history:rename': fail,
    'history:delete': fail,
    'history:reopen': fail,
    'history:export': fail,
    'history:import': fail,
    'history:problems': fail,
    'privacy:extract-text': fail,
    'capture:redact': fail,
    'app:action': fail,
    'app:open-system-settings': fail,
    'hotkeys:state': fail,
    'hotkeys:recording': fail,
    'diagnostics:copy': fail,
    'app:about': fail,
    ...overrides,
  };
}

describe('dispatch', () => {
  it('runs the handler of a known channel with its parsed payload', async () => {
    expect(await dispatch(table(), 'chat:stop', { requestId: 'known' })).toEqual({
      ok: true,
      value: { stopped: true },
    });
  });

  it('refuses an unknown channel, including inherited property names', async () => {
    for (const channel of ['shell:exec', '__proto__', 'constructor', 'toString', 42, undefined]) {
      const reply = await dispatch(table(), channel, undefined);
      expect(reply).toEqual({
        ok: false,
        error: { message: 'Unknown request.', kind: 'unknown-channel', code: 'ipc.unknown' },
      });
    }
  });

  it('refuses malformed payloads before any handler runs', async () => {
    const handler = vi.fn(() => Promise.resolve({ stopped: true }));
    const t = table({ 'chat:stop': handler });
    const bad: unknown[] = [
      undefined,
      null,
      'known',
      { requestId: '' },
      { requestId: 5 },
      { requestId: 'x'.repeat(65) },
      { requestId: 'ok', extra: true },
    ];
    for (const payload of bad) {
      const reply = await dispatch(t, 'chat:stop', payload);
      expect(reply.ok).toBe(false);
      if (!reply.ok) expect(reply.error.kind).toBe('invalid-payload');
    }
    expect(handler).not.toHaveBeenCalled();
  });

  it('names the offending field', async () => {
    const reply = await dispatch(table(), 'settings:update', { baseUrl: 7 });
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.message).toMatch(/baseUrl/);
  });

  it('refuses images that are empty, or not bytes', async () => {
    for (const payload of [
      { name: 'a.png', bytes: new Uint8Array(0) },
      { name: 'a.png', bytes: 'iVBORw0KGgo=' },
      { name: 'a.png', bytes: [137, 80, 78, 71] },
    ]) {
      expect((await dispatch(table(), 'capture:image', payload)).ok).toBe(false);
    }
  });

  it('passes user-facing errors on and hides everything else', async () => {
    const unexpected = vi.fn();
    const userFacing = await dispatch(
      table({
        'capture:screen': () => Promise.reject(new UserFacingError('Allow screen recording.', 'perm')),
      }),
      'capture:screen',
      undefined,
    );
    expect(userFacing).toEqual({ ok: false, error: { message: 'Allow screen recording.', kind: 'perm' } });

    const internal = await dispatch(
      table({ 'capture:screen': () => Promise.reject(new Error('ENOENT /home/me/secret/path')) }),
      'capture:screen',
      undefined,
      unexpected,
    );
    expect(internal.ok).toBe(false);
    if (!internal.ok) {
      expect(internal.error.kind).toBe('internal');
      expect(internal.error.message).not.toContain('ENOENT');
    }
    expect(unexpected).toHaveBeenCalledOnce();
  });
});

describe('sender guard', () => {
  const guard = createSenderGuard({
    isAppWebContents: (id) => id === 1,
    allowedOrigins: ['app://glimpse'],
  });

  it('accepts our own window showing our own page', () => {
    expect(guard({ webContentsId: 1, frameUrl: 'app://glimpse/index.html#/answer', isMainFrame: true })).toBe(
      true,
    );
  });

  it('refuses an unknown window even on our page', () => {
    expect(guard({ webContentsId: 2, frameUrl: 'app://glimpse/index.html', isMainFrame: true })).toBe(false);
  });

  it('refuses our window when it shows anything else', () => {
    for (const frameUrl of [
      'https://evil.example/',
      'app://glimpse.evil/index.html',
      'app://other/index.html',
      'file:///tmp/index.html',
      'not a url',
      undefined,
    ]) {
      expect(guard({ webContentsId: 1, frameUrl, isMainFrame: true })).toBe(false);
    }
  });

  it('refuses an iframe inside our window, even one showing our page', () => {
    expect(guard({ webContentsId: 1, frameUrl: 'app://glimpse/index.html', isMainFrame: false })).toBe(false);
  });
});

describe('channels kept to one kind of window', () => {
  it("gives the overlay's frozen frames to overlay windows only", () => {
    expect(channelAllowedFor('overlay', 'overlay:frame')).toBe(true);
    expect(channelAllowedFor('answer', 'overlay:frame')).toBe(false);
    expect(channelAllowedFor('main', 'overlay:submit')).toBe(false);
    expect(channelAllowedFor(undefined, 'overlay:cancel')).toBe(false);
  });

  it('leaves every other channel to every app window', () => {
    expect(channelAllowedFor('answer', 'chat:ask')).toBe(true);
    expect(channelAllowedFor('overlay', 'settings:get')).toBe(true);
    expect(channelAllowedFor('answer', 'toString')).toBe(true);
  });
});
