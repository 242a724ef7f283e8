/**
 * The privacy shield in the capture flow: it reads every frozen display as soon as the screen
 * is frozen, proposes boxes to the overlays (in their DIP) as each display is read, and lets the
 * send wait for the scan of the chosen display up to the configured bound.
 *
 * Wired into the overlay's IPC handlers by withPrivacyShield (overlay-shield.ts); the settings
 * (`privacy.enabled`, `.categories`, `.waitMs`) are read at the start of each capture.
 */
import type { OverlayRectDip, ProposedRedaction } from '../../../shared/ipc-contract';
import type { PrivacySettings } from '../../../shared/settings-schema';
import { localDipToPhysical, physicalToLocalDip, type DisplayInfo } from '../capture/geometry';
import type { RawImage, Rect } from '../image';
import { ocrScaleFor } from './ocr';
import { scanImage, type OcrReader } from './scan';
import { PRIVACY_CATEGORIES, type PrivacyCategory } from './types';

/** What the overlay shows on a proposed box. */
export const CATEGORY_LABELS: Readonly<Record<PrivacyCategory, string>> = {
  keys: 'API key or token',
  passwords: 'password',
  emails: 'e-mail address',
  phones: 'phone number',
  cards: 'card number',
  ibans: 'IBAN',
  entropy: 'secret-looking string',
};

export interface ShieldDisplay {
  display: DisplayInfo;
  image: RawImage;
}

/** Where the scan of one display stands when the send asks. */
export type SettleState = 'done' | 'timeout' | 'failed' | 'off';

interface Pass {
  state: 'scanning' | 'done' | 'failed';
  finished: Promise<void>;
}

interface DisplayScan {
  display: DisplayInfo;
  image: RawImage;
  /** The whole display. */
  whole: Pass;
  /** The selection, read ahead of the rest once it is known (drag end, or the send). */
  selection?: Pass & { region: Rect };
  proposals: ProposedRedaction[];
}

function contains(outer: Rect, inner: Rect): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  );
}

function sameBox(a: OverlayRectDip, b: OverlayRectDip): boolean {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return false;
  return w * h >= 0.5 * Math.min(a.width * a.height, b.width * b.height);
}

export interface PrivacyShieldOptions {
  engine: OcrReader;
  settings: () => PrivacySettings;
}

export class PrivacyShield {
  readonly #engine: OcrReader;
  readonly #settings: () => PrivacySettings;
  #controller: AbortController | undefined;
  #scans = new Map<number, DisplayScan>();
  #waitMs = 0;
  #propose: (displayId: number, proposals: ProposedRedaction[]) => void = () => {};
  #categories: PrivacyCategory[] = [];
  #runs = 0;

  constructor(options: PrivacyShieldOptions) {
    this.#engine = options.engine;
    this.#settings = options.settings;
  }

  /** The categories switched on, or none when the shield is off. */
  enabledCategories(): PrivacyCategory[] {
    const settings = this.#settings();
    if (!settings.enabled) return [];
    return PRIVACY_CATEGORIES.filter((c) => settings.categories[c]);
  }

  /**
   * Starts reading the frozen displays (call it the moment they are frozen, before any overlay
   * is drawn), replacing any scan still running. `propose` gets boxes, in the display's overlay
   * DIP, as they are found: the selection's first (see select), then the rest of the display.
   */
  start(
    displays: readonly ShieldDisplay[],
    propose: (displayId: number, proposals: ProposedRedaction[]) => void,
  ): void {
    this.cancel();
    const categories = this.enabledCategories();
    this.#waitMs = this.#settings().waitMs;
    if (categories.length === 0) return;
    this.#controller = new AbortController();
    this.#propose = propose;
    this.#categories = categories;
    for (const { display, image } of displays) {
      const scan: DisplayScan = {
        display,
        image,
        whole: { state: 'scanning', finished: Promise.resolve() },
        proposals: [],
      };
      this.#scans.set(display.id, scan);
      scan.whole = this.#pass(scan);
    }
  }

  /** One scan of a display (or of a region of it); its boxes are proposed as soon as it ends. */
  #pass(scan: DisplayScan, region?: Rect): Pass {
    const signal = this.#controller!.signal;
    const { display, image } = scan;
    const run = ++this.#runs;
    const pass: Pass = { state: 'scanning', finished: Promise.resolve() };
    pass.finished = scanImage(this.#engine, image, {
      categories: this.#categories,
      signal,
      ...(region ? { region } : {}),
      scale: ocrScaleFor(display.scaleFactor),
    }).then(
      (result) => {
        if (signal.aborted) return;
        pass.state = 'done';
        const size = { width: image.width, height: image.height };
        // The selection's pass and the whole display's find the same boxes there: once each.
        const fresh = result.proposals
          .map((p) => ({
            id: `shield-${display.id}-${run}-${p.id}`,
            rect: physicalToLocalDip(p.box, display, size),
            label: CATEGORY_LABELS[p.category],
          }))
          .filter((p) => !scan.proposals.some((q) => q.label === p.label && sameBox(q.rect, p.rect)));
        scan.proposals = [...scan.proposals, ...fresh];
        if (fresh.length > 0) this.#propose(display.id, fresh);
      },
      () => {
        if (!signal.aborted) pass.state = 'failed';
      },
    );
    return pass;
  }

  /** Whether a display is still being read (its whole scan, or the selection's). */
  proposalsPending(displayId: number): boolean {
    const scan = this.#scans.get(displayId);
    return scan !== undefined && (scan.whole.state === 'scanning' || scan.selection?.state === 'scanning');
  }

  /** The boxes proposed so far for a display. */
  proposals(displayId: number): readonly ProposedRedaction[] {
    return this.#scans.get(displayId)?.proposals ?? [];
  }

  /**
   * The user's selection is known (the drag ended): its lines are read now, ahead of the rest
   * of the display, reusing what the whole-display scan already read.
   */
  select(displayId: number, selection: OverlayRectDip): void {
    const scan = this.#scans.get(displayId);
    if (!scan || !this.#controller || scan.whole.state !== 'scanning') return;
    const size = { width: scan.image.width, height: scan.image.height };
    const region = localDipToPhysical(selection, scan.display, size);
    if (region.width <= 0 || region.height <= 0) return;
    if (scan.selection && scan.selection.state !== 'failed' && contains(scan.selection.region, region))
      return;
    // The pass object itself (its state changes as it runs), with the region it reads.
    scan.selection = Object.assign(this.#pass(scan, region), { region });
  }

  /**
   * Waits until the selection (overlay DIP) of a display is read, at most `waitMs` (default:
   * the setting read at start): the selection is read first (select), so this rarely waits for
   * the whole display. Without a selection, waits for the whole display.
   */
  async settle(displayId: number, selection?: OverlayRectDip, waitMs = this.#waitMs): Promise<SettleState> {
    const scan = this.#scans.get(displayId);
    if (!scan) return 'off';
    if (selection) this.select(displayId, selection);
    const state = (): SettleState => {
      if (scan.whole.state === 'done') return 'done';
      const part = selection ? scan.selection : undefined;
      if (part?.state === 'done') return 'done';
      if (scan.whole.state === 'failed' || part?.state === 'failed') return 'failed';
      return 'timeout';
    };
    if (state() === 'timeout') {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, waitMs);
      });
      const passes = [scan.whole.finished, ...(selection && scan.selection ? [scan.selection.finished] : [])];
      // Whichever answers first: the selection read, or the whole display.
      const anyDone = new Promise<void>((resolve) => {
        let left = passes.length;
        for (const p of passes)
          void p.then(() => {
            left--;
            if (state() !== 'timeout' || left === 0) resolve();
          });
      });
      await Promise.race([anyDone, timeout]);
      clearTimeout(timer);
    }
    return state();
  }

  /** Stops the scan (the capture was sent or cancelled): the workers stop reading the frozen screens. */
  cancel(): void {
    this.#controller?.abort();
    this.#controller = undefined;
    this.#scans = new Map();
  }
}
