/**
 * The settings schema (version 2): every field, its range and its default, once. Main validates
 * the stored file and every write from the renderer with it; the renderer imports the types only.
 * API keys are never part of it: they live encrypted in the key vault, one per profile, and the
 * renderer learns only `hasApiKey`.
 */
import { z } from 'zod';
import { ACTION_CAPTURES, ACTION_ENGINES, ACTION_LANGUAGES, DEFAULT_ACTION_SEEDS } from './actions';

export const SETTINGS_VERSION = 2;

export const DEFAULT_PROMPT = 'Explain what is in this image.';
/**
 * The default question as each page language asks it (renderer catalogs' preset.explainPrompt;
 * tests/unit/renderer/defaults.test.ts checks they agree): a French page sends the French one
 * when the user has not set their own, and it still counts as the default (history titles).
 */
export const DEFAULT_PROMPTS: Readonly<Record<string, string>> = {
  en: DEFAULT_PROMPT,
  fr: 'Explique ce que montre cette image.',
};

export const DEFAULT_HOTKEYS = {
  captureRegion: 'CommandOrControl+Shift+E',
  captureScreen: 'CommandOrControl+Shift+F',
  toggleWindow: 'CommandOrControl+Shift+G',
} as const;

export const DEFAULT_PROFILE_ID = 'default';

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/;
/** Header values must not smuggle a second header: no CR, LF or NUL. */
const HEADER_VALUE = /^[^\r\n\0]{0,4096}$/;
/**
 * An Electron accelerator, loosely: modifiers and one key joined by "+", or "" for no hotkey.
 * Electron itself has the last word when main registers it.
 */
const ACCELERATOR = /^$|^([A-Za-z0-9]+\+)*[A-Za-z0-9`~!@#$%^&*()\-_=[\]{};:'",.<>/?\\|]+$/;

const num = (min: number, max: number) => z.number().min(min).max(max);
const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.number().int().min(min).max(max);

/** A function name as the API accepts it (the chat client checks the same rule). */
export const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Whether a JSON value stays within `maxDepth` levels and about `maxChars` characters, checked
 * without recursion (a hostile value may be thousands of levels deep) and stopping early.
 */
export function jsonWithin(value: unknown, maxDepth: number, maxChars: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 1 }];
  let chars = 0;
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (depth > maxDepth) return false;
    if (current !== null && typeof current === 'object') {
      for (const [key, child] of Object.entries(current)) {
        chars += key.length + 4;
        stack.push({ value: child, depth: depth + 1 });
      }
    } else {
      chars += typeof current === 'string' ? current.length + 2 : 8;
    }
    if (chars > maxChars) return false;
  }
  return true;
}

/** One tool of `tools`: a function with a JSON Schema for its arguments. */
export const functionToolSchema = z
  .object({
    type: z.literal('function', { error: 'a tool\'s type must be "function"' }),
    function: z
      .object({
        name: z.string().regex(FUNCTION_NAME, 'a function name is 1–64 letters, digits, _ or -'),
        description: z.string().max(4096).optional(),
        parameters: z
          .record(z.string(), z.unknown(), { error: 'function parameters must be a JSON Schema object' })
          .refine((schema) => jsonWithin(schema, 32, 64 * 1024), {
            message: 'function parameters must be at most 32 levels deep and 64 KB',
          })
          .optional(),
        strict: z.boolean().optional(),
      })
      .strict(),
  })
  .strict();

export const toolChoiceSchema = z.union([
  z.enum(['none', 'auto', 'required']),
  z
    .object({
      type: z.literal('function'),
      function: z.object({ name: z.string().regex(FUNCTION_NAME) }).strict(),
    })
    .strict(),
]);

/** The request parameters a profile sends; unset ones are not sent (see DESIGN.md, the wire). */
export const profileParametersSchema = z
  .object({
    temperature: num(0, 2),
    top_p: num(0, 1),
    n: int(1, 16),
    stop: z.array(z.string().min(1).max(256)).max(4),
    max_tokens: int(1),
    presence_penalty: num(-2, 2),
    frequency_penalty: num(-2, 2),
    logit_bias: z
      .record(z.string().regex(/^\d{1,10}$/, 'a token id'), num(-100, 100))
      .refine((bias) => Object.keys(bias).length <= 1024, 'at most 1024 token ids'),
    user: z.string().max(256),
    response_format: z.object({ type: z.enum(['json_object', 'text']) }).strict(),
    seed: int(-Number.MAX_SAFE_INTEGER),
    tools: z.array(functionToolSchema).max(128, 'at most 128 tools'),
    tool_choice: toolChoiceSchema,
  })
  .partial()
  .strict()
  .superRefine((p, ctx) => {
    // The same rules the chat client applies before sending (electron/core/chat/request.ts).
    const names = p.tools?.map((tool) => tool.function.name) ?? [];
    const duplicate = names.find((name, i) => names.indexOf(name) !== i);
    if (duplicate !== undefined)
      ctx.addIssue({ code: 'custom', path: ['tools'], message: `two tools are named "${duplicate}"` });
    const choice = p.tool_choice;
    if (choice !== undefined && choice !== 'none' && names.length === 0)
      ctx.addIssue({ code: 'custom', path: ['tool_choice'], message: 'tool_choice needs at least one tool' });
    if (typeof choice === 'object' && !names.includes(choice.function.name))
      ctx.addIssue({
        code: 'custom',
        path: ['tool_choice'],
        message: `tool_choice names "${choice.function.name}", which is not in tools`,
      });
  });

export const SHARP_TEXT_MODES = ['offer', 'always', 'never'] as const;
export type SharpTextMode = (typeof SHARP_TEXT_MODES)[number];

export const imageLimitsSchema = z
  .object({
    /** Longest edge in pixels of what is sent. */
    maxEdge: int(256, 8192).default(2048),
    format: z.enum(['auto', 'png', 'jpeg']).default('auto'),
    /** Largest encoded image sent, in bytes. */
    maxBytes: int(64 * 1024, 50 * 1024 * 1024).default(5 * 1024 * 1024),
    /**
     * "Sharp text" (full-resolution tiles besides the image) when the provider would shrink small
     * text too far: offered in the panel, always sent, or never offered.
     */
    sharpText: z.enum(SHARP_TEXT_MODES).default('offer'),
  })
  .strict();

export const proxySchema = z
  .object({
    /** system: the OS proxy settings (never for localhost); none: direct; custom: `url`. */
    mode: z.enum(['system', 'none', 'custom']).default('system'),
    url: z
      .string()
      .max(2048)
      .regex(/^$|^https?:\/\/\S+$/, 'a proxy URL starts with http:// or https://')
      .default(''),
  })
  .strict()
  .refine((p) => p.mode !== 'custom' || p.url !== '', {
    message: 'a custom proxy needs its URL',
    path: ['url'],
  });

export const compatibilitySchema = z
  .object({
    /** Send `stream_options: {include_usage: true}` (some servers reject it). */
    includeUsage: z.boolean().default(true),
    /** Newer OpenAI models want `max_completion_tokens`. */
    maxTokensField: z.enum(['max_tokens', 'max_completion_tokens']).default('max_tokens'),
  })
  .strict();

export const profileSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a profile id is 1–64 letters, digits, _ or -'),
    name: z.string().trim().min(1).max(100).default('Default'),
    baseUrl: z.string().max(2048).default(''),
    model: z.string().max(256).default(''),
    prompt: z.string().max(20_000).default(DEFAULT_PROMPT),
    /** Extra headers sent with every request of this profile (e.g. OpenRouter's HTTP-Referer). */
    headers: z
      .record(
        z.string().regex(HEADER_NAME, 'a header name is letters, digits and -'),
        z.string().regex(HEADER_VALUE, 'a header value is one line'),
      )
      .refine((h) => Object.keys(h).length <= 32, 'at most 32 extra headers')
      .default({}),
    parameters: profileParametersSchema.default({}),
    image: imageLimitsSchema.prefault({}),
    proxy: proxySchema.prefault({}),
    compat: compatibilitySchema.prefault({}),
  })
  .strict();

const hotkey = z.string().max(100).regex(ACCELERATOR, 'not a valid shortcut');

export const hotkeysSchema = z
  .object({
    /** Frozen-screen overlay, then drag a region. */
    captureRegion: hotkey.default(DEFAULT_HOTKEYS.captureRegion),
    /** The whole display under the cursor, no overlay. */
    captureScreen: hotkey.default(DEFAULT_HOTKEYS.captureScreen),
    /** Show or hide the main window. */
    toggleWindow: hotkey.default(DEFAULT_HOTKEYS.toggleWindow),
  })
  .strict()
  .refine(
    (h) => {
      const bound = Object.values(h).filter((v) => v !== '');
      return new Set(bound.map((v) => v.toLowerCase())).size === bound.length;
    },
    { message: 'two actions cannot share one shortcut' },
  );

/** An action's id: letters, digits, _ and - (the hotkey key `action:<id>` and `glimpse --action` use it). */
export const ACTION_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** At most this many actions (Alt+1…9 pick the first nine). */
export const MAX_ACTIONS = 50;

const actionQuestionText = z.string().trim().min(1).max(20_000);

/**
 * One of your own actions (issue 17; helpers in shared/actions.ts). Its question is one text per
 * language, each falling back to the other; profileId and model null mean "the active one";
 * parameters are merged over the profile's (same fields and ranges as a profile's).
 */
export const actionSchema = z
  .object({
    id: z.string().regex(ACTION_ID, 'an action id is 1–64 letters, digits, _ or -'),
    name: z.string().trim().min(1).max(100),
    question: z
      .object(
        Object.fromEntries(ACTION_LANGUAGES.map((l) => [l, actionQuestionText.optional()])) as Record<
          (typeof ACTION_LANGUAGES)[number],
          z.ZodOptional<typeof actionQuestionText>
        >,
      )
      .strict()
      .refine((q) => Object.values(q).some((text) => text !== undefined && text !== ''), {
        message: 'an action needs its question in at least one language',
      }),
    /** null: the active profile at the time it runs. */
    profileId: z.string().regex(ACTION_ID, 'a profile id').nullable().default(null),
    /** null: the profile's model. */
    model: z.string().trim().min(1).max(256).nullable().default(null),
    /** Merged over the profile's parameters for this action's questions. */
    parameters: profileParametersSchema.default({}),
    /** What it captures: a region (overlay), the display under the pointer, the clipboard's image. */
    capture: z.enum(ACTION_CAPTURES).default('region'),
    /** Ask at once (true), or show the panel with the question ready (false). */
    askAtOnce: z.boolean().default(true),
    /** 'local-ocr': read the text offline (Extract text), no endpoint is asked. */
    engine: z.enum(ACTION_ENGINES).default('model'),
    /** A global shortcut for it, '' for none; registered by the same manager as the others. */
    hotkey: z.string().max(100).regex(ACCELERATOR, 'not a valid shortcut').default(''),
  })
  .strict();

/** The four presets Glimpse had before actions (their English names and both questions). */
export function defaultActions(): Action[] {
  return DEFAULT_ACTION_SEEDS.map((seed) =>
    actionSchema.parse({
      id: seed.id,
      name: seed.name.en,
      question: { ...seed.question },
      engine: seed.engine,
    }),
  );
}

export const actionsSchema = z
  .array(actionSchema)
  .max(MAX_ACTIONS, `at most ${MAX_ACTIONS} actions`)
  .refine((as) => new Set(as.map((a) => a.id)).size === as.length, 'two actions share one id');

export { PRIVACY_CATEGORIES, type PrivacyCategory } from './privacy-categories';

export const privacySchema = z
  .object({
    /** Read the frozen capture offline and propose redactions before sending. */
    enabled: z.boolean().default(true),
    categories: z
      .object({
        keys: z.boolean().default(true),
        passwords: z.boolean().default(true),
        emails: z.boolean().default(true),
        phones: z.boolean().default(true),
        cards: z.boolean().default(true),
        ibans: z.boolean().default(true),
        /** High-entropy strings that look like secrets without a known format. */
        entropy: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    /** How long an auto-asked capture waits for the shield before sending, in ms. */
    waitMs: int(0, 10_000).default(1500),
  })
  .strict();

export const settingsSchema = z
  .object({
    version: z.literal(SETTINGS_VERSION).default(SETTINGS_VERSION),
    profiles: z
      .array(profileSchema)
      .min(1)
      .max(50)
      .refine((ps) => new Set(ps.map((p) => p.id)).size === ps.length, 'two profiles share one id')
      .default(() => [profileSchema.parse({ id: DEFAULT_PROFILE_ID })]),
    activeProfileId: z.string().max(64).default(DEFAULT_PROFILE_ID),
    hotkeys: hotkeysSchema.prefault({}),
    appearance: z
      .object({ theme: z.enum(['system', 'light', 'dark']).default('system') })
      .strict()
      .prefault({}),
    /** 'system' follows the OS language (the renderer reads navigator.languages). */
    language: z.enum(['system', 'en', 'fr']).default('system'),
    privacy: privacySchema.prefault({}),
    updates: z
      .object({ checkAutomatically: z.boolean().default(true) })
      .strict()
      .prefault({}),
    launchAtLogin: z.boolean().default(false),
    /**
     * macOS: the Dock icon shows only while a window is open ('with-windows'), or always. Added
     * within version 2: a file without it gets the default, no migration needed.
     */
    dockIcon: z.enum(['with-windows', 'always']).default('with-windows'),
    /**
     * Your own actions (issue 17). Added within version 2, like dockIcon: a file without them (every
     * file written before actions) gets the four former presets, which are then stored with the
     * next save; an empty list is the user's choice and stays empty. See migrations.ts.
     */
    actions: actionsSchema.default(defaultActions),
  })
  .strict()
  .refine((s) => s.profiles.some((p) => p.id === s.activeProfileId), {
    message: 'the active profile does not exist',
    path: ['activeProfileId'],
  })
  .superRefine((s, ctx) => {
    // One shortcut, one action: the built-in ones and every action's share one namespace.
    const taken = new Map<string, string>();
    for (const [name, accelerator] of Object.entries(s.hotkeys))
      if (accelerator !== '') taken.set(accelerator.toLowerCase(), name);
    s.actions.forEach((action, index) => {
      if (action.hotkey === '') return;
      const key = action.hotkey.toLowerCase();
      const other = taken.get(key);
      if (other !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['actions', index, 'hotkey'],
          message: `${action.hotkey} is already the shortcut for “${other}”`,
        });
      else taken.set(key, action.name);
    });
  });

export type Settings = z.output<typeof settingsSchema>;
export type Profile = z.output<typeof profileSchema>;
export type ProfileParameters = z.output<typeof profileParametersSchema>;
export type Hotkeys = z.output<typeof hotkeysSchema>;
export type PrivacySettings = z.output<typeof privacySchema>;
export type Action = z.output<typeof actionSchema>;

/** Where API keys are kept, as the renderer may know it. */
export interface KeyStorageStatus {
  /** Keys are written encrypted by the OS keychain. False: kept for this session only. */
  encrypted: boolean;
  /** e.g. keychain, dpapi, gnome_libsecret, kwallet5, basic_text, memory. */
  backend: string;
  /** A sentence for the user when keys are weakly protected (Linux basic_text, none). */
  warning: string | null;
}

/** What the renderer sees: the settings without secrets, plus what it may show about them. */
export interface PublicSettings {
  /** The active profile's endpoint, as the walking slice's settings page reads it. */
  baseUrl: string;
  model: string;
  prompt: string;
  /** Whether the active profile has a key; the key itself stays in main. */
  hasApiKey: boolean;
  settings: Settings;
  /** Profile id → whether that profile has a stored key. */
  profileKeys: Record<string, boolean>;
  keyStorage: KeyStorageStatus;
  /** Problems met while loading (e.g. a corrupt file moved aside), for the user to read. */
  problems: string[];
}

/**
 * A change from the renderer. Every group is partial and merged into the current settings; the
 * result is validated as a whole before anything is written.
 */
export const settingsPatchSchema = z
  .object({
    // The walking slice's fields: they apply to the active profile.
    baseUrl: z.string().max(2048),
    model: z.string().max(256),
    prompt: z.string().max(20_000),
    /** A new key for the active profile, or null to remove it. It never travels back. */
    apiKey: z.string().max(8192).nullable(),
    activeProfileId: z.string().max(64),
    hotkeys: z
      .object({
        captureRegion: z.string().max(100),
        captureScreen: z.string().max(100),
        toggleWindow: z.string().max(100),
      })
      .partial()
      .strict(),
    appearance: z
      .object({ theme: z.string().max(16) })
      .partial()
      .strict(),
    language: z.string().max(8),
    privacy: z
      .object({
        enabled: z.boolean(),
        categories: z
          .record(z.string().max(32), z.boolean())
          .refine((c) => Object.keys(c).length <= 32, 'too many categories'),
        waitMs: z.number(),
      })
      .partial()
      .strict(),
    updates: z.object({ checkAutomatically: z.boolean() }).partial().strict(),
    launchAtLogin: z.boolean(),
    dockIcon: z.enum(['with-windows', 'always']),
    /**
     * The whole list of actions, in order (add, duplicate, reorder, edit, remove are all a new
     * list); each is validated with actionSchema and the settings as a whole before anything is
     * written. Reset to the four defaults: `actions:reset`.
     */
    actions: z
      .array(
        z
          .record(z.string().max(64), z.unknown())
          .refine((a) => Object.keys(a).length <= 32, 'too many action fields'),
      )
      .max(MAX_ACTIONS),
  })
  .partial()
  .strict();

/** Creates (no id, or an unknown id) or replaces a profile; `apiKey` as in settingsPatchSchema. */
export const profileSaveSchema = z
  .object({
    profile: z
      .record(z.string().max(64), z.unknown())
      .refine((p) => Object.keys(p).length <= 32, 'too many profile fields'),
    apiKey: z.string().max(8192).nullable().optional(),
    /** Make it the active profile. */
    activate: z.boolean().optional(),
  })
  .strict();

export type SettingsPatch = z.input<typeof settingsPatchSchema>;
export type ProfileSave = z.input<typeof profileSaveSchema>;
