/**
 * What Glimpse's pages do, played over the real preload: the answer panel listens for captures
 * and asks the default question (renderer/src/state/answer-session.svelte.ts), an overlay reads
 * its display from its route (renderer/src/lib/overlay-route.ts) and sends the selection. Only the
 * calls the pages make, through `window.glimpse` as they build it: no DOM here.
 */
import { randomUUID } from 'node:crypto';
import type { CaptureInfo, EventPayloads } from '../../shared/ipc-contract';
import { overlayDisplayId } from '../../renderer/src/lib/overlay-route';
import { waitFor, type Desktop, type Page } from './harness';
import type { BrowserWindow } from './stand-in/windows';
import { startMockServer, type MockServer } from '../support/mock-openai-server';
import { sseFromTokens, tokenize } from '../support/markdown-answers';

export const PROMPT = 'What is on this screen?';

export interface AnswerPanel {
  page: Page;
  window: BrowserWindow;
  captures: CaptureInfo[];
  failures: EventPayloads['capture:failed'][];
  /** requestId → the text assembled from the deltas the page received. */
  text: Map<string, string>;
  done: Map<string, EventPayloads['chat:done']>;
  errors: Map<string, EventPayloads['chat:error']>;
  /** The request ids the page asked, in order. */
  asked: string[];
  /** requestId → why chat.ask itself was refused (the page shows it). */
  refused: Map<string, unknown>;
}

/** Opens the answer panel's page (it loads hidden at start) and lets it react as the real one does. */
export async function answerPanel(desktop: Desktop): Promise<AnswerPanel> {
  const window = await desktop.window('answer');
  const page = await desktop.page(window);
  const panel: AnswerPanel = {
    page,
    window,
    captures: [],
    failures: [],
    text: new Map(),
    done: new Map(),
    errors: new Map(),
    asked: [],
    refused: new Map(),
  };
  const { glimpse } = page;
  glimpse.capture.onReady((info) => {
    panel.captures.push(info);
    // A capture from the hotkey is asked at once, with the default question.
    if (info.autoAsk) void ask(panel, info);
  });
  glimpse.capture.onFailed((failure) => void panel.failures.push(failure));
  glimpse.chat.onDelta(({ requestId, parts }) => {
    const added = parts.map((p) => p.content ?? '').join('');
    panel.text.set(requestId, (panel.text.get(requestId) ?? '') + added);
  });
  glimpse.chat.onDone((done) => void panel.done.set(done.requestId, done));
  glimpse.chat.onError((error) => void panel.errors.set(error.requestId, error));
  return panel;
}

async function ask(panel: AnswerPanel, info: CaptureInfo): Promise<void> {
  const requestId = randomUUID();
  panel.asked.push(requestId);
  await panel.page.glimpse.chat
    .ask({ requestId, captureId: info.captureId, prompt: PROMPT })
    .catch((error: unknown) => void panel.refused.set(requestId, error));
}

/**
 * Sets up the endpoint as the first-run guide does (the answer page's settings calls). The privacy
 * shield is turned off: its offline OCR may still be reading when the panel asks (it then holds
 * the question back until the user confirms), and it is not what these journeys are about.
 */
export async function configureEndpoint(page: Page, baseUrl: string): Promise<void> {
  await page.glimpse.settings.saveProfile({
    profile: { id: 'mock', name: 'Mock server', baseUrl, model: 'gpt-4o-mini' },
    apiKey: 'sk-desktop-test',
    activate: true,
  });
  await page.glimpse.settings.update({ privacy: { enabled: false } });
}

/** The route of a window's page (after `#/`). */
export function routeOf(window: BrowserWindow): string {
  const url = window.webContents.getURL();
  return url.slice(url.indexOf('#/') + 2);
}

/** The overlay page: asks for its frame, then sends a selection in its own DIP. */
export async function selectRegion(
  desktop: Desktop,
  overlay: BrowserWindow,
  rect = { x: 10, y: 10, width: 200, height: 120 },
): Promise<CaptureInfo> {
  const page = await desktop.page(overlay);
  const displayId = overlayDisplayId(routeOf(overlay));
  await page.glimpse.overlay.frame(displayId);
  return page.glimpse.overlay.submit({ displayId, rect, redactions: [] });
}

export const ANSWER_TOKENS = tokenize(
  'The screen shows a **terminal** with a failing build, and a browser beside it.',
);
export const ANSWER_TEXT = ANSWER_TOKENS.join('');

/**
 * The mock endpoint: streams ANSWER_TOKENS for every chat completion, `delayMs` between chunks
 * (or keeps the stream open after the first ones when `hang` is set: an answer mid-way).
 */
export function streamingServer(options: { hang?: boolean } = {}): Promise<MockServer> {
  return startMockServer((req) => {
    if (req.method !== 'POST' || !req.path.endsWith('/chat/completions')) return undefined;
    const chunks = sseFromTokens(ANSWER_TOKENS);
    if (options.hang) return { kind: 'sse', chunks: chunks.slice(0, 4), hangAfter: true };
    return { kind: 'sse', chunks };
  });
}

/** Waits until the panel's request has finished and returns the text its deltas carried. */
export async function answerOf(panel: AnswerPanel): Promise<string> {
  const requestId = await waitFor(() => panel.asked[0], 'the panel to ask');
  await waitFor(
    () => panel.done.get(requestId) ?? panel.errors.get(requestId) ?? panel.refused.get(requestId),
    'the answer to finish',
  );
  const error = panel.errors.get(requestId) ?? panel.refused.get(requestId);
  if (error) throw new Error(`the answer failed: ${JSON.stringify(error)}`);
  return panel.text.get(requestId) ?? '';
}
