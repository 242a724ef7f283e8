/**
 * The privacy shield for captures that skip the overlay: the whole-screen hotkey
 * (`capture:screen`) and images the user drops, pastes or picks (`capture:image`).
 *
 * - `scan` starts reading the full-resolution source the moment the capture arrives (when the
 *   shield is on) and pushes its state and boxes to the answer panel (`privacy:scan`), in
 *   physical pixels of the source.
 * - `review` records what the user decided (boxes kept or dismissed, their own boxes): the
 *   capture is re-prepared with those boxes burned in by the caller (CaptureStore.redact).
 * - `beforeSend` runs before every request about the capture: it waits for the scan up to
 *   `privacy.waitMs`. Not finished or failed: the send is refused once with a plain sentence;
 *   the next one goes. Boxes nobody decided on: an auto-asked capture (the hotkey) gets every
 *   one of them burned in before it goes (`privacy:applied` shows the image sent); a capture
 *   the user is looking at is held back until they keep or dismiss them.
 */
import type { CaptureInfo, CaptureProposal, CaptureScanState } from '../../../shared/ipc-contract';
import type { PrivacySettings } from '../../../shared/settings-schema';
import type { RawImage, Rect } from '../image';
import { UserFacingError, type EventSink } from '../ipc/dispatch';
import { scanImage, type OcrReader } from './scan';
import { CATEGORY_LABELS } from './shield';
import { PRIVACY_CATEGORIES } from './types';

/** Scans remembered (the capture store keeps as many captures). */
const KEPT = 8;

interface CaptureScan {
  state: 'scanning' | 'done' | 'failed';
  finished: Promise<void>;
  controller: AbortController;
  sourceWidth: number;
  sourceHeight: number;
  proposals: CaptureProposal[];
  /** Proposal ids the user kept or dismissed (or the shield applied). */
  reviewed: Set<string>;
  /** The boxes burned in now (kept proposals and the user's own), source pixels. */
  boxes: Rect[];
  /** The user was told once that this scan did not finish; the next send goes. */
  warned: boolean;
  startedAt: number;
  /** How long it took, once it ended. */
  scanMs?: number;
}

export interface CaptureShieldOptions {
  engine: OcrReader;
  settings: () => PrivacySettings;
  events: EventSink;
}

/** What the shield needs of the capture store. */
export interface RedactingStore {
  info(captureId: string): CaptureInfo;
  redact(captureId: string, boxes: readonly Rect[]): Promise<CaptureInfo>;
}

function list(labels: readonly string[]): string {
  const unique = [...new Set(labels)];
  return unique.length <= 1 ? (unique[0] ?? '') : `${unique.slice(0, -1).join(', ')} and ${unique.at(-1)}`;
}

export class CaptureShield {
  readonly #scans = new Map<string, CaptureScan>();

  constructor(private readonly options: CaptureShieldOptions) {}

  /**
   * Starts reading a capture that just arrived; nothing when the shield is off. A scan still
   * running for an earlier capture stops (the panel shows one capture; its send then says the
   * scan did not finish).
   */
  scan(captureId: string, source: RawImage | Uint8Array, size: { width: number; height: number }): void {
    const settings = this.options.settings();
    const categories = settings.enabled ? PRIVACY_CATEGORIES.filter((c) => settings.categories[c]) : [];
    if (categories.length === 0) return;
    for (const other of this.#scans.values()) if (other.state === 'scanning') other.controller.abort();
    const controller = new AbortController();
    const scan: CaptureScan = {
      state: 'scanning',
      finished: Promise.resolve(),
      controller,
      sourceWidth: size.width,
      sourceHeight: size.height,
      proposals: [],
      reviewed: new Set(),
      boxes: [],
      warned: false,
      startedAt: performance.now(),
    };
    this.#scans.set(captureId, scan);
    while (this.#scans.size > KEPT) {
      const oldest = this.#scans.keys().next().value;
      if (oldest === undefined) break;
      this.#scans.get(oldest)?.controller.abort();
      this.#scans.delete(oldest);
    }
    this.#emit(captureId, scan);
    scan.finished = scanImage(this.options.engine, source, {
      categories,
      signal: controller.signal,
      scale: 'auto',
    }).then(
      (result) => {
        scan.proposals = result.proposals.map((p) => ({
          id: `capture-${p.id}`,
          rect: { ...p.box },
          label: CATEGORY_LABELS[p.category],
          category: p.category,
        }));
        scan.state = 'done';
        scan.scanMs = performance.now() - scan.startedAt;
        this.#emit(captureId, scan);
      },
      () => {
        scan.state = 'failed';
        scan.scanMs = performance.now() - scan.startedAt;
        this.#emit(captureId, scan);
      },
    );
  }

  /** The boxes proposed for a capture so far. */
  proposals(captureId: string): readonly CaptureProposal[] {
    return this.#scans.get(captureId)?.proposals ?? [];
  }

  /** Records the user's decisions; `boxes` are what the capture now has burned in. */
  review(captureId: string, reviewed: readonly string[], boxes: readonly Rect[]): void {
    const scan = this.#scans.get(captureId);
    if (!scan) return;
    for (const id of reviewed) scan.reviewed.add(id);
    scan.boxes = boxes.map((b) => ({ ...b }));
  }

  /**
   * Before a request about the capture: waits for its scan (at most `privacy.waitMs`), then
   * either lets it go, burns in the boxes nobody decided on (auto-asked captures), or throws
   * a UserFacingError saying why it was held back.
   */
  async beforeSend(captureId: string, store: RedactingStore): Promise<void> {
    const scan = this.#scans.get(captureId);
    if (!scan) return;
    if (scan.state === 'scanning') {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, this.options.settings().waitMs);
      });
      await Promise.race([scan.finished, timeout]);
      clearTimeout(timer);
    }
    if (scan.state !== 'done') {
      if (scan.state === 'scanning') this.#emit(captureId, scan, 'timeout');
      if (scan.warned) return;
      scan.warned = true;
      throw new UserFacingError(
        scan.state === 'scanning'
          ? 'The privacy shield has not finished reading this image, so it may have missed secrets. Ask again to send it without waiting.'
          : 'The privacy shield could not read this image, so nothing was checked for secrets. Ask again to send it anyway.',
        'privacy-pending',
        { code: scan.state === 'scanning' ? 'privacy.pendingAsk' : 'privacy.unreadAsk' },
      );
    }
    const fresh = scan.proposals.filter((p) => !scan.reviewed.has(p.id));
    if (fresh.length === 0) return;
    if (store.info(captureId).autoAsk) {
      // The hotkey sends at once: every box found goes in, and the panel shows the image sent.
      const boxes = [...scan.boxes, ...fresh.map((p) => p.rect)];
      const capture = await store.redact(captureId, boxes);
      this.review(
        captureId,
        fresh.map((p) => p.id),
        boxes,
      );
      this.options.events.emit('privacy:applied', { capture, applied: fresh.map((p) => p.id) });
      return;
    }
    throw new UserFacingError(
      `The privacy shield found ${fresh.length === 1 ? 'something' : `${fresh.length} things`} in this image that may be private (${list(fresh.map((p) => p.label))}). Keep or dismiss the boxes over the preview, then ask again.`,
      'privacy-review',
      {
        code: 'privacy.foundAsk',
        fields: { count: fresh.length, categoryList: [...new Set(fresh.map((p) => p.category))].join(',') },
      },
    );
  }

  /** Stops every scan (the app is closing). */
  dispose(): void {
    for (const scan of this.#scans.values()) scan.controller.abort();
    this.#scans.clear();
  }

  #emit(captureId: string, scan: CaptureScan, state: CaptureScanState = scan.state): void {
    this.options.events.emit('privacy:scan', {
      captureId,
      state,
      sourceWidth: scan.sourceWidth,
      sourceHeight: scan.sourceHeight,
      proposals: scan.proposals,
      ...(scan.scanMs !== undefined ? { scanMs: Math.round(scan.scanMs) } : {}),
    });
  }
}
