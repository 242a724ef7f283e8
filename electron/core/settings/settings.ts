/**
 * Settings: the service main and web mode share over the schema in shared/settings-schema.ts.
 * Storage and the key vault are ports: the app and web mode pass the settings store (stores.ts:
 * electron-store / conf) and safeStorage or memory; tests pass in-memory or temp-folder ones.
 *
 * Loading never loses the user's file: an unparsable file is moved aside and reported (when the
 * store is opened); a file with some bad fields keeps every good group (a copy of the original
 * is kept aside); an older version is backed up, then migrated (by the store); a newer version
 * is left untouched until the user saves, and backed up then. An edit made outside the app is
 * validated like a load and applied, or reported and kept aside at the next save.
 */
import { isDeepStrictEqual } from 'node:util';
import {
  defaultActions,
  DEFAULT_PROMPT,
  profileSchema,
  SETTINGS_VERSION,
  settingsPatchSchema,
  settingsSchema,
  type Action,
  type KeyStorageStatus,
  type Profile,
  type ProfileSave,
  type PublicSettings,
  type Settings,
  type SettingsPatch,
} from '../../../shared/settings-schema';
import type { ChatParameters, Endpoint } from '../chat';
import type { ProxyChoice } from '../net/proxy-fetch';
import { UserFacingError } from '../ipc/dispatch';
import { writeErrorMessage } from '../storage/atomic-file';
import type { CoreMessage } from '../../../shared/messages';
import {
  forgetHeaders,
  hasPlainSecretHeaders,
  isSecretHeader,
  sealHeaders,
  STORED_HEADER_VALUE,
  unsealHeaders,
} from './header-secrets';
import { apiKeyName, migrate, migrateVaultKeys, storedVersion } from './migrations';
import { resolveAction, type ProfileFallback } from './actions';
import {
  forgetProxyPassword,
  hasPlainProxyPassword,
  proxyUrlProblem,
  proxySecrets,
  publicProxyUrl,
  sealProxy,
  unsealProxy,
} from './proxy-secrets';

export { DEFAULT_PROMPT, settingsSchema, type Settings };

export interface SettingsStorage {
  /** The stored object; undefined when there is none yet. */
  read(): unknown;
  /** Replaces what is stored; throws when the disk refuses (its Node `code` kept). */
  write(settings: Settings): void;
  /** Copies the stored file aside before it is replaced; returns the copy's path. */
  backup?(label: string): string | undefined;
  /** Where the settings live, for messages. */
  readonly location?: string;
  /** What went wrong while opening (a file moved aside, a disk that refused the first write). */
  readonly problems?: readonly (string | CoreMessage)[];
  /**
   * Calls back with what is stored after each change: synchronously inside write() for ours,
   * later for an edit made outside the app (the store's `watch`). Returns an unsubscribe.
   */
  onChange?(listener: (stored: unknown) => void): () => void;
  /** Stops watching the file. */
  close?(): void;
}

export interface SettingsServiceOptions {
  /** Told of each problem found after loading (an invalid edit made outside the app). */
  onProblem?(message: string): void;
}

/** Holds secrets encrypted at rest (safeStorage in the app). */
export interface SecretVault {
  get(name: string): string | undefined;
  set(name: string, value: string | null): void;
  /** How keys are protected here; absent means memory only. */
  status?(): KeyStorageStatus;
}

/** A problem with the stored settings: English, with its code and fields for the page's words. */
export type SettingsLoadProblem = CoreMessage;

/** What a chat request needs from the active profile. */
export interface ChatProfile {
  endpoint: Endpoint;
  model: string;
  /** The profile's request parameters (unset ones are not sent). */
  params: ChatParameters;
  /** The profile, its proxy URL with the stored password in place (main only). */
  profile: Profile;
  /** Asked for an action: which one, and what the user should read when its profile is gone. */
  action?: { id: string; name: string; fallback?: ProfileFallback };
}

type Listener = (settings: Settings) => void;

const MEMORY_ONLY: KeyStorageStatus = {
  encrypted: false,
  backend: 'memory',
  warning: 'API keys are kept for this session only: this system offers no encrypted storage.',
};

function describeIssues(error: {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => {
      const where = issue.path.map(String).join('.');
      return where ? `${where}: ${issue.message}` : issue.message;
    })
    .join('; ');
}

export class SettingsService {
  #settings: Settings;
  readonly problems: SettingsLoadProblem[] = [];
  readonly #listeners = new Set<Listener>();
  /** Set when the stored file must be copied aside before our first write over it. */
  #backupBeforeWrite: string | undefined;
  /** True while our own write runs: the store's change event is then ours, not an outside edit. */
  #writing = false;
  /** Whether the store reported our write (it does not when the disk refused it, or for no change). */
  #delivered = false;
  readonly #unsubscribe: (() => void) | undefined;

  constructor(
    private readonly storage: SettingsStorage,
    private readonly vault: SecretVault,
    private readonly options: SettingsServiceOptions = {},
  ) {
    for (const problem of storage.problems ?? [])
      this.problems.push(typeof problem === 'string' ? { message: problem } : problem);
    this.#settings = this.#load();
    this.#unsubscribe = storage.onChange?.((stored) => this.#stored(stored));
  }

  /** Stops following the file (its watcher); the service keeps working in memory. */
  close(): void {
    this.#unsubscribe?.();
    this.storage.close?.();
  }

  #load(): Settings {
    const where = this.storage.location ?? 'the settings file';
    const raw = this.storage.read();
    if (raw === undefined) return settingsSchema.parse({});

    const version = storedVersion(raw);
    if (version > SETTINGS_VERSION) {
      this.#backupBeforeWrite = `v${version}`;
      this.problems.push({
        message: `${where} was written by a newer Glimpse (version ${version}); defaults are in use and the file is kept (a copy is made before anything is saved).`,
        code: 'settings.newerFile',
        fields: { where, version },
      });
      return settingsSchema.parse({});
    }

    // The store migrates the file when it opens; steps left here mean it could not (its disk
    // refused the write): the same steps run in memory, and the write below reports why.
    let value: Record<string, unknown>;
    let migrated = false;
    try {
      const result = migrate(raw);
      value = result.value;
      migrated = result.steps > 0;
    } catch {
      value = {};
    }
    if (migrated) this.#tryBackup(`v${version}`);

    const parsed = settingsSchema.safeParse(value);
    let settings: Settings;
    if (parsed.success) {
      settings = parsed.data;
    } else {
      settings = this.#salvage(value);
      const aside = this.#tryBackup('invalid');
      this.problems.push({
        message: `Some settings were invalid (${describeIssues(parsed.error)}) and were reset to defaults${aside ? `; the original file is kept as ${aside}` : ''}.`,
        code: 'settings.invalidReset',
        fields: { issues: describeIssues(parsed.error), ...(aside ? { aside } : {}) },
      });
      // Without a copy aside, keep the original file untouched until the user saves.
      if (!aside) return this.#sealAll(settings);
    }
    if (migrated) migrateVaultKeys(version, settings.activeProfileId, this.vault);
    const plainSecrets = settings.profiles.some((p) => hasPlainSecretHeaders(p) || hasPlainProxyPassword(p));
    if (plainSecrets) settings = this.#sealAll(settings);
    if (migrated || !parsed.success || plainSecrets) this.#tryWrite(settings);
    return settings;
  }

  /** Keeps each top-level group that is valid on its own; the rest take their defaults. */
  #salvage(value: Record<string, unknown>): Settings {
    const candidate: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(settingsSchema.shape)) {
      if (key in value && schema.safeParse(value[key]).success) candidate[key] = value[key];
    }
    const profiles = candidate.profiles as { id: string }[] | undefined;
    if (profiles && !profiles.some((p) => p.id === candidate.activeProfileId))
      candidate.activeProfileId = profiles[0]?.id;
    const result = settingsSchema.safeParse(candidate);
    if (result.success) return result.data;
    // Actions valid on their own may still clash with the shortcuts as a whole (one shortcut,
    // one action): they keep everything but their shortcuts rather than wiping every setting.
    if (Array.isArray(candidate.actions)) {
      const actions = (candidate.actions as Action[]).map((a) => ({ ...a, hotkey: '' }));
      const retry = settingsSchema.safeParse({ ...candidate, actions });
      if (retry.success) return retry.data;
    }
    return settingsSchema.parse({});
  }

  /**
   * Credentials written in plain extra headers or proxy URLs (older files, hand edits) move to
   * the vault.
   */
  #sealAll(settings: Settings): Settings {
    return {
      ...settings,
      profiles: settings.profiles.map((p) => sealProxy(sealHeaders(p, this.vault), this.vault)),
    };
  }

  #tryBackup(label: string): string | undefined {
    try {
      return this.storage.backup?.(label);
    } catch {
      // No copy (the disk refuses): the write that follows fails the same way and says so.
      return undefined;
    }
  }

  /** Writes; returns the error the disk gave, if any. The store's event for it is ours. */
  #write(settings: Settings): unknown {
    this.#writing = true;
    try {
      this.storage.write(settings);
      return undefined;
    } catch (error) {
      return error ?? new Error('write failed');
    } finally {
      this.#writing = false;
    }
  }

  #tryWrite(settings: Settings): boolean {
    const error = this.#write(settings);
    if (error === undefined) return true;
    this.problems.push(writeErrorMessage(error, this.storage.location ?? 'the settings file'));
    return false;
  }

  #report(problem: CoreMessage): void {
    this.problems.push(problem);
    this.options.onProblem?.(problem.message);
  }

  #notify(settings: Settings): void {
    // Each listener on its own: one that throws skips neither the file nor the others.
    for (const listener of this.#listeners) {
      try {
        listener(settings);
      } catch {
        // A listener's own failure is its own (it reports it); settings are already applied.
      }
    }
  }

  /** What the store holds after a change: our write (synchronously), or an edit made outside. */
  #stored(raw: unknown): void {
    if (this.#writing) {
      this.#delivered = true;
      this.#notify(this.#settings);
      return;
    }
    if (raw === undefined) return;
    const where = this.storage.location ?? 'the settings file';
    const version = storedVersion(raw);
    if (version > SETTINGS_VERSION) {
      this.#backupBeforeWrite = `v${version}`;
      this.#report({
        message: `${where} was changed by a newer Glimpse (version ${version}); the settings in use are kept, and the file is copied aside before anything is saved.`,
        code: 'settings.newerChanged',
        fields: { where, version },
      });
      return;
    }
    let value: Record<string, unknown> = {};
    try {
      value = migrate(raw).value;
    } catch {
      // Left for the schema to refuse.
    }
    const parsed = settingsSchema.safeParse(value);
    if (!parsed.success) {
      this.#backupBeforeWrite = 'invalid';
      this.#report({
        message: `${where} was edited outside Glimpse and is not valid (${describeIssues(parsed.error)}); the settings in use are kept, and the edited file is copied aside before anything is saved.`,
        code: 'settings.editedInvalid',
        fields: { where, issues: describeIssues(parsed.error) },
      });
      return;
    }
    let next = parsed.data;
    this.#backupBeforeWrite = undefined;
    if (next.profiles.some((p) => hasPlainSecretHeaders(p) || hasPlainProxyPassword(p))) {
      // A credential typed into the file moves to the vault, and out of the file at once.
      next = this.#sealAll(next);
      this.#tryWrite(next);
    }
    if (isDeepStrictEqual(next, this.#settings)) return;
    this.#settings = next;
    this.#notify(next);
  }

  get current(): Settings {
    return this.#settings;
  }

  activeProfile(): Profile {
    const { profiles, activeProfileId } = this.#settings;
    return profiles.find((p) => p.id === activeProfileId) ?? profiles[0]!;
  }

  /**
   * The endpoint, key and model of the active profile, read at each ask; with `actionId`, the
   * action's profile (or the active one when it has none or it is gone), its model and its
   * parameters over the profile's. An unknown action id asks as without one.
   */
  chatProfile(actionId?: string): ChatProfile {
    const action = actionId === undefined ? undefined : this.action(actionId);
    const resolved = action ? resolveAction(this.#settings, action) : undefined;
    const profile = resolved?.profile ?? this.activeProfile();
    return {
      profile: { ...profile, proxy: unsealProxy(profile, this.vault) },
      model: resolved?.model ?? profile.model,
      params: { ...(resolved?.parameters ?? profile.parameters) },
      ...(action
        ? {
            action: {
              id: action.id,
              name: action.name,
              ...(resolved?.fallback ? { fallback: resolved.fallback } : {}),
            },
          }
        : {}),
      endpoint: {
        baseUrl: profile.baseUrl,
        apiKey: this.apiKey(profile.id),
        headers: unsealHeaders(profile, this.vault),
        compat: profile.compat,
      },
    };
  }

  keyStorage(): KeyStorageStatus {
    return this.vault.status?.() ?? MEMORY_ONLY;
  }

  toPublic(): PublicSettings {
    const profile = this.activeProfile();
    const profileKeys: Record<string, boolean> = {};
    for (const p of this.#settings.profiles) profileKeys[p.id] = this.apiKey(p.id) !== undefined;
    const settings = structuredClone(this.#settings);
    // Security: the proxy password stays in main; the form sees the marker.
    for (const p of settings.profiles) p.proxy = { ...p.proxy, url: publicProxyUrl(p, this.vault) };
    return {
      baseUrl: profile.baseUrl,
      model: profile.model,
      prompt: profile.prompt,
      hasApiKey: profileKeys[profile.id] ?? false,
      settings,
      profileKeys,
      keyStorage: this.keyStorage(),
      problems: this.problems.map((p) => p.message),
    };
  }

  /** Applies a change from the renderer; validated as a whole before anything is written. */
  update(patch: SettingsPatch): PublicSettings {
    const checked = settingsPatchSchema.safeParse(patch);
    if (!checked.success) throw invalid(checked.error);
    const { baseUrl, model, prompt, apiKey, hotkeys, appearance, privacy, updates, ...rest } = checked.data;
    const current = this.#settings;
    const activeId = rest.activeProfileId ?? current.activeProfileId;
    const profiles = current.profiles.map((p) =>
      p.id === current.activeProfileId
        ? {
            ...p,
            ...(baseUrl !== undefined ? { baseUrl } : {}),
            ...(model !== undefined ? { model } : {}),
            ...(prompt !== undefined ? { prompt } : {}),
          }
        : p,
    );
    const next = this.#validate({
      ...current,
      ...rest,
      activeProfileId: activeId,
      profiles,
      hotkeys: { ...current.hotkeys, ...hotkeys },
      appearance: { ...current.appearance, ...appearance },
      privacy: {
        ...current.privacy,
        ...privacy,
        categories: { ...current.privacy.categories, ...privacy?.categories },
      },
      updates: { ...current.updates, ...updates },
    });
    if (apiKey !== undefined) this.#setKey(current.activeProfileId, apiKey);
    this.#commit(
      this.#forgetSecretsIfServerChanged(current, next, current.activeProfileId, apiKey === undefined),
    );
    return this.toPublic();
  }

  /** Creates or replaces a profile (a new one gets a fresh id when it has none). */
  saveProfile(request: ProfileSave, newId: () => string): PublicSettings {
    const current = this.#settings;
    const given = request.profile;
    const id = typeof given.id === 'string' && given.id !== '' ? given.id : newId();
    const parsed = profileSchema.safeParse({ ...given, id });
    if (!parsed.success) throw invalid(parsed.error);
    const exists = current.profiles.some((p) => p.id === id);
    const proxyProblem = proxyUrlProblem(parsed.data.proxy);
    if (proxyProblem)
      throw new UserFacingError(proxyProblem, 'invalid-settings', { code: 'settings.proxyUrl' });
    // Security: a new profile starts with no secrets, whatever its id. Entries a vanished profile
    // of that id left behind (a quarantined file, a hand edit) must not answer its markers.
    if (!exists) {
      if (request.apiKey === undefined) this.#setKey(id, null);
      forgetHeaders(parsed.data, this.vault);
      forgetProxyPassword(parsed.data, this.vault);
    }
    const profiles = exists
      ? current.profiles.map((p) => (p.id === id ? parsed.data : p))
      : [...current.profiles, parsed.data];
    const validated = this.#validate({
      ...current,
      profiles,
      activeProfileId: request.activate ? id : current.activeProfileId,
    });
    if (request.apiKey !== undefined) this.#setKey(id, request.apiKey);
    const checked = this.#forgetSecretsIfServerChanged(current, validated, id, request.apiKey === undefined);
    const before = current.profiles.find((p) => p.id === id);
    this.#commit({
      ...checked,
      profiles: checked.profiles.map((p) =>
        p.id === id ? sealProxy(sealHeaders(p, this.vault, before), this.vault, before) : p,
      ),
    });
    return this.toPublic();
  }

  /** The action with this id, or undefined. */
  action(id: string): Action | undefined {
    return this.#settings.actions.find((a) => a.id === id);
  }

  /** "Reset to defaults": the four default actions replace the list; nothing else changes. */
  resetActions(): PublicSettings {
    this.#commit(this.#validate({ ...this.#settings, actions: defaultActions() }));
    return this.toPublic();
  }

  /** Replaces the action list (an import); validated with the settings as a whole first. */
  replaceActions(actions: readonly Action[]): PublicSettings {
    this.#commit(this.#validate({ ...this.#settings, actions }));
    return this.toPublic();
  }

  deleteProfile(id: string): PublicSettings {
    const current = this.#settings;
    if (!current.profiles.some((p) => p.id === id))
      throw new UserFacingError('That profile does not exist.', 'not-found', { code: 'settings.noProfile' });
    if (current.profiles.length === 1)
      throw new UserFacingError('The last profile cannot be deleted.', 'last-profile', {
        code: 'settings.lastProfile',
      });
    const profiles = current.profiles.filter((p) => p.id !== id);
    const activeProfileId = current.activeProfileId === id ? profiles[0]!.id : current.activeProfileId;
    const next = this.#validate({ ...current, profiles, activeProfileId });
    this.vault.set(apiKeyName(id), null);
    const deleted = current.profiles.find((p) => p.id === id)!;
    forgetHeaders(deleted, this.vault);
    forgetProxyPassword(deleted, this.vault);
    this.#commit(next);
    return this.toPublic();
  }

  /** The API key of a profile (the active one by default). Main only; never sent to the renderer. */
  apiKey(profileId: string = this.#settings.activeProfileId): string | undefined {
    return this.vault.get(apiKeyName(profileId));
  }

  /**
   * Every stored header value and proxy password (with its encoded forms), for the log's and the
   * diagnostics' redaction. Main only.
   */
  headerSecrets(): string[] {
    return this.#settings.profiles.flatMap((p) => [
      ...Object.entries(unsealHeaders(p, this.vault))
        .filter(([name]) => isSecretHeader(name))
        .map(([, value]) => value),
      ...proxySecrets(p, this.vault),
    ]);
  }

  /**
   * The saved proxy of a profile, its password in place, for a request made now (the model list,
   * a connection test); undefined for an unknown profile. Main only.
   */
  proxyChoice(profileId: string | undefined): ProxyChoice | undefined {
    const profile = this.#settings.profiles.find((p) => p.id === profileId);
    return profile ? unsealProxy(profile, this.vault) : undefined;
  }

  /**
   * Headers typed in the form for a connection test: markers stand for the stored values, which
   * are only used when the test goes to the server they were saved for (as with the key).
   */
  resolveHeaders(
    profileId: string | undefined,
    baseUrl: string,
    headers: Record<string, string>,
  ): Record<string, string> {
    const profile = this.#settings.profiles.find((p) => p.id === profileId);
    const sameServer = profile !== undefined && originOf(profile.baseUrl) === originOf(baseUrl);
    const stored = sameServer ? unsealHeaders(profile, this.vault) : {};
    const resolved: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (value !== STORED_HEADER_VALUE) resolved[name] = value;
      else if (stored[name] !== undefined) resolved[name] = stored[name];
    }
    return resolved;
  }

  /** Called after every successful change (e.g. to register new hotkeys). Returns an unsubscribe. */
  onChange(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Security: a stored key belongs to the server it was saved for. A profile pointed at another
   * origin without a new key loses the old one, so nothing — a mistyped URL, a compromised page
   * — can send a key to a server of its choosing.
   */
  #forgetSecretsIfServerChanged(
    before: Settings,
    after: Settings,
    profileId: string,
    forgetKey: boolean,
  ): Settings {
    const was = before.profiles.find((p) => p.id === profileId);
    const now = after.profiles.find((p) => p.id === profileId);
    if (!was || !now || originOf(was.baseUrl) === originOf(now.baseUrl)) return after;
    if (forgetKey && this.apiKey(profileId) !== undefined) this.#setKey(profileId, null);
    // Stored header values go with the key; values typed now (not markers) are kept.
    forgetHeaders(was, this.vault);
    const headers = Object.fromEntries(
      Object.entries(now.headers).filter(([, value]) => value !== STORED_HEADER_VALUE),
    );
    return { ...after, profiles: after.profiles.map((p) => (p.id === profileId ? { ...now, headers } : p)) };
  }

  #setKey(profileId: string, key: string | null): void {
    this.vault.set(apiKeyName(profileId), key === null || key.trim() === '' ? null : key.trim());
  }

  #validate(candidate: unknown): Settings {
    const parsed = settingsSchema.safeParse(candidate);
    if (!parsed.success) throw invalid(parsed.error);
    return parsed.data;
  }

  /** Applies validated settings: memory, then the file, then the listeners. */
  #commit(next: Settings): void {
    const where = this.storage.location ?? 'the settings file';
    if (this.#backupBeforeWrite) {
      // A file we could not read is copied aside before our first write over it; no copy, no write.
      try {
        this.storage.backup?.(this.#backupBeforeWrite);
      } catch (error) {
        throw writeFailed(error, where);
      }
      this.#backupBeforeWrite = undefined;
    }
    // The change applies in memory even when the disk refuses it: the user loses nothing now,
    // and is told plainly why it will not survive a restart.
    this.#settings = next;
    this.#delivered = false;
    const error = this.#write(next);
    // Listeners run after the write: the store's change event ran them (#stored) when it wrote
    // something new; otherwise (refused, or nothing changed) they run here, as before.
    if (!this.#delivered) this.#notify(next);
    if (error !== undefined) throw writeFailed(error, where);
  }
}

/** The origin a key is tied to; an unparsable URL stands for itself. */
function originOf(baseUrl: string): string {
  try {
    return new URL(baseUrl.trim()).origin.toLowerCase();
  } catch {
    return baseUrl.trim();
  }
}

function invalid(error: {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}): UserFacingError {
  return new UserFacingError(`Settings not saved: ${describeIssues(error)}.`, 'invalid-settings', {
    code: 'settings.invalid',
    fields: { issues: describeIssues(error) },
  });
}

/** A refused write as the page's error: the sentence, with its code and fields. */
function writeFailed(error: unknown, where: string): UserFacingError {
  const worded = writeErrorMessage(error, where);
  return new UserFacingError(worded.message, 'write-failed', worded);
}

export function memoryStorage(initial: unknown = undefined): SettingsStorage {
  let value = initial;
  return {
    read: () => value,
    write: (settings) => {
      value = structuredClone(settings);
    },
  };
}

export function memoryVault(): SecretVault {
  const secrets = new Map<string, string>();
  return {
    get: (name) => secrets.get(name),
    set: (name, value) => {
      if (value === null) secrets.delete(name);
      else secrets.set(name, value);
    },
  };
}
