/**
 * What each provider does to an image before its model sees it. Sending more pixels than that
 * buys only upload time; sending fewer loses text the model could have read. The pipeline uses
 * `effectiveSize` to choose the image it sends (see pipeline.ts, chooseSize).
 *
 * Each limit names its source. Where a provider documents nothing (local servers: the model's
 * own processor decides), the preset says so and uses a conservative edge.
 */

import { isAzureOpenAiHost } from '../chat/url';
import { isLoopbackHostname } from '../security/origins';

export interface Size {
  width: number;
  height: number;
}

export type PresetName =
  'openai' | 'azure' | 'anthropic-compatible' | 'gemini' | 'ollama' | 'lmstudio' | 'generic';

export interface ProviderImagePreset {
  name: PresetName;
  /** The size the provider's own preprocessing turns a `width × height` image into. */
  effectiveSize: (width: number, height: number) => Size;
  /**
   * True when the provider scales oversized images itself, so sending the crop as it is gives
   * the model the same image as sending it pre-scaled (the pipeline then sends the smaller file).
   * False when what we send is used as is (local models): then we always scale.
   */
  scalesItself: boolean;
  /**
   * True when the provider's documentation lists WebP among the image types it reads: the
   * pipeline may then send lossless WebP (20–50 % smaller than the best PNG on screens). False
   * where it is not documented (local servers: the model's own loader decides): PNG and JPEG only.
   */
  acceptsWebp: boolean;
  /** Largest encoded image the provider accepts, in bytes. */
  maxBytes: number;
  /**
   * Most images one request may carry, and the largest request (the images' Base64 together):
   * what "sharp text" tiles must fit in. 1 image: the server's models often take one per message.
   */
  maxImagesPerRequest: number;
  maxRequestBytes: number;
  /** Tokens a `width × height` image costs, where the provider documents it. */
  tokens?: (width: number, height: number) => number;
  /** Where the figures come from. */
  source: string;
}

const MB = 1024 * 1024;

/** Scaled to fit a `box × box` square (never up). */
function fitSquare(width: number, height: number, box: number): Size {
  const scale = Math.min(1, box / Math.max(width, height));
  return scaled(width, height, scale);
}

function scaled(width: number, height: number, scale: number): Size {
  if (scale >= 1) return { width, height };
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

/** OpenAI `detail: high`: fit within 2048 × 2048, then the shortest side scaled to 768 if longer. */
function openAiEffective(width: number, height: number): Size {
  const fitted = fitSquare(width, height, 2048);
  const short = Math.min(fitted.width, fitted.height);
  return short > 768 ? scaled(fitted.width, fitted.height, 768 / short) : fitted;
}

/** 85 base tokens + 170 per 512-px tile of the effective image (`detail: high`, GPT-4o). */
function openAiTokens(width: number, height: number): number {
  const e = openAiEffective(width, height);
  return 85 + 170 * Math.ceil(e.width / 512) * Math.ceil(e.height / 512);
}

const OPENAI_SOURCE =
  'OpenAI vision guide, "Calculating costs": high detail fits the image within 2048×2048, then ' +
  'scales the shortest side to 768 px; 85 + 170 tokens per 512-px tile; images up to 20 MB.';
/** platform.openai.com/docs/guides/images-vision, "Image input requirements". */
const OPENAI_FORMATS =
  'File types (vision guide, "Image input requirements"): PNG, JPEG, WEBP, non-animated GIF.';

export const PROVIDER_PRESETS: Readonly<Record<PresetName, ProviderImagePreset>> = {
  openai: {
    name: 'openai',
    effectiveSize: openAiEffective,
    scalesItself: true,
    acceptsWebp: true,
    maxBytes: 20 * MB,
    maxImagesPerRequest: 500,
    maxRequestBytes: 50 * MB,
    tokens: openAiTokens,
    source: `${OPENAI_SOURCE} Up to 500 images and 50 MB of images per request. ${OPENAI_FORMATS}`,
  },
  azure: {
    name: 'azure',
    effectiveSize: openAiEffective,
    scalesItself: true,
    // Azure's own vision pages were not checked for WebP: PNG, as for any unknown server.
    acceptsWebp: false,
    maxBytes: 20 * MB,
    // Azure's vision guide long allowed 10 images per request; kept as the safe figure.
    maxImagesPerRequest: 10,
    maxRequestBytes: 20 * MB,
    tokens: openAiTokens,
    source: `Azure OpenAI uses the OpenAI models' preprocessing. ${OPENAI_SOURCE} At most 10 images per request (Azure vision guide).`,
  },
  'anthropic-compatible': {
    name: 'anthropic-compatible',
    effectiveSize: (width, height) => {
      // Long edge at most 1568 px and about 1.15 megapixels.
      const scale = Math.min(1, 1568 / Math.max(width, height), Math.sqrt(1_150_000 / (width * height)));
      return scaled(width, height, scale);
    },
    scalesItself: true,
    acceptsWebp: true,
    maxBytes: 5 * MB,
    maxImagesPerRequest: 100,
    maxRequestBytes: 32 * MB,
    tokens: (width, height) => Math.ceil((width * height) / 750),
    source:
      'Anthropic vision docs: images with a long edge over 1568 px or over ~1.15 megapixels are ' +
      'scaled down; tokens ≈ width × height / 750; 5 MB per image through the API; 100 images and ' +
      '32 MB per request. Supported image formats (platform.claude.com/docs/en/build-with-claude/' +
      'vision): JPEG, PNG, GIF and WebP.',
  },
  gemini: {
    name: 'gemini',
    effectiveSize: (width, height) => fitSquare(width, height, 3072),
    scalesItself: true,
    acceptsWebp: true,
    maxBytes: 20 * MB,
    maxImagesPerRequest: 3000,
    maxRequestBytes: 20 * MB,
    tokens: (width, height) =>
      width <= 384 && height <= 384 ? 258 : 258 * Math.ceil(width / 768) * Math.ceil(height / 768),
    source:
      'Gemini docs: images are scaled to at most 3072×3072 (aspect kept) and read as 768×768 ' +
      'tiles of 258 tokens each; inline requests up to 20 MB. Image MIME types (Gemini API "Image ' +
      'understanding"; Vertex AI lists the same): image/png, image/jpeg, image/webp, image/heic, ' +
      'image/heif.',
  },
  ollama: {
    name: 'ollama',
    effectiveSize: (width, height) => fitSquare(width, height, 2048),
    scalesItself: false,
    // What the server's image loader reads is not documented: PNG (and JPEG) only.
    acceptsWebp: false,
    maxBytes: 20 * MB,
    // Some of its vision models refuse a second image in a message (llama3.2-vision: ollama#9020),
    // and the model's processor shrinks each tile again anyway: no sharp text.
    maxImagesPerRequest: 1,
    maxRequestBytes: 20 * MB,
    source:
      "No documented limit: the model's own processor resizes (LLaVA 336–672 px, Qwen2.5-VL up " +
      'to ~1 megapixel by default). 2048 px keeps text readable for the larger ones.',
  },
  lmstudio: {
    name: 'lmstudio',
    effectiveSize: (width, height) => fitSquare(width, height, 2048),
    scalesItself: false,
    // What the server's image loader reads is not documented: PNG (and JPEG) only.
    acceptsWebp: false,
    maxBytes: 20 * MB,
    maxImagesPerRequest: 1,
    maxRequestBytes: 20 * MB,
    source: 'No documented limit: as Ollama, the loaded model decides; 2048 px longest edge.',
  },
  generic: {
    name: 'generic',
    effectiveSize: (width, height) => fitSquare(width, height, 2048),
    scalesItself: false,
    // What the server's image loader reads is not documented: PNG (and JPEG) only.
    acceptsWebp: false,
    maxBytes: 20 * MB,
    // Groq, a common OpenAI-compatible host, takes at most 5 images per request.
    maxImagesPerRequest: 5,
    maxRequestBytes: 20 * MB,
    source:
      'Unknown server: 2048 px longest edge, 20 MB, the most common limits; 5 images per request ' +
      '(Groq).',
  },
};

export const PRESET_NAMES = Object.keys(PROVIDER_PRESETS) as PresetName[];

export function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(PROVIDER_PRESETS, name);
}

/**
 * The preset for an endpoint, guessed from its base URL the way users paste it: the hosted
 * providers by host name, local servers by their default ports. Anything else is `generic`.
 */
export function presetForBaseUrl(baseUrl: string): PresetName {
  let url: URL;
  try {
    url = new URL(baseUrl.trim());
  } catch {
    return 'generic';
  }
  const host = url.hostname.toLowerCase();
  if (host === 'api.openai.com') return 'openai';
  if (isAzureOpenAiHost(host)) return 'azure';
  if (host === 'generativelanguage.googleapis.com') return 'gemini';
  if (host === 'api.anthropic.com') return 'anthropic-compatible';
  if (isLoopbackHostname(host) && url.port === '11434') return 'ollama';
  if (isLoopbackHostname(host) && url.port === '1234') return 'lmstudio';
  return 'generic';
}
