/**
 * Settings: the schema, defaults, and the service main and web mode share. Storage and the key
 * vault are ports: Electron passes electron-store and safeStorage, web mode and tests pass
 * in-memory or file-backed ones.
 */
import { z } from 'zod';
import type { PublicSettings } from '../../../shared/ipc-contract';

export const DEFAULT_PROMPT = 'Explain what is in this image.';

export const settingsSchema = z.object({
  version: z.literal(1).default(1),
  endpoint: z
    .object({
      baseUrl: z.string().max(2048).default(''),
      model: z.string().max(256).default(''),
      prompt: z.string().max(20_000).default(DEFAULT_PROMPT),
    })
    .prefault({}),
  hotkeys: z
    .object({
      captureScreen: z.string().max(100).default('CommandOrControl+Shift+E'),
    })
    .prefault({}),
});

export type Settings = z.output<typeof settingsSchema>;

export interface SettingsStorage {
  read(): unknown;
  write(settings: Settings): void;
}

/** Holds secrets encrypted at rest (safeStorage in the app). */
export interface SecretVault {
  get(name: string): string | undefined;
  set(name: string, value: string | null): void;
}

const API_KEY = 'endpoint.apiKey';

export interface SettingsLoadProblem {
  message: string;
}

export class SettingsService {
  #settings: Settings;
  readonly problems: SettingsLoadProblem[] = [];

  constructor(
    private readonly storage: SettingsStorage,
    private readonly vault: SecretVault,
  ) {
    const parsed = settingsSchema.safeParse(storage.read() ?? {});
    if (parsed.success) {
      this.#settings = parsed.data;
    } else {
      // Never overwrite what we could not read: run on defaults and say so.
      this.#settings = settingsSchema.parse({});
      this.problems.push({
        message: 'The settings file could not be read; defaults are in use until you save.',
      });
    }
  }

  get current(): Settings {
    return this.#settings;
  }

  toPublic(): PublicSettings {
    return { ...this.#settings.endpoint, hasApiKey: Boolean(this.vault.get(API_KEY)) };
  }

  update(patch: {
    baseUrl?: string;
    model?: string;
    prompt?: string;
    apiKey?: string | null;
  }): PublicSettings {
    const { apiKey, ...endpoint } = patch;
    const next = settingsSchema.parse({
      ...this.#settings,
      endpoint: { ...this.#settings.endpoint, ...endpoint },
    });
    this.storage.write(next);
    this.#settings = next;
    if (apiKey !== undefined)
      this.vault.set(API_KEY, apiKey === null || apiKey.trim() === '' ? null : apiKey.trim());
    return this.toPublic();
  }

  apiKey(): string | undefined {
    return this.vault.get(API_KEY);
  }
}

export function memoryStorage(initial: unknown = {}): SettingsStorage {
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
