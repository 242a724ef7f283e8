// Today's (before issue 15) privacy shield, kept unchanged as the baseline of bench/privacy.ts.
/**
 * The privacy shield in the capture flow: it reads every frozen display as soon as the screen
 * is frozen, proposes boxes to the overlays (in their DIP) as each display is read, and lets the
 * send wait for the scan of the chosen display up to the configured bound.
 *
 * Wired into the overlay's IPC handlers by withPrivacyShield (overlay-shield.ts); the settings
 * (`privacy.enabled`, `.categories`, `.waitMs`) are read at the start of each capture.
 */
import type { OverlayRectDip, ProposedRedaction } from '../../shared/ipc-contract';
import type { PrivacySettings } from '../../shared/settings-schema';
import {
  localDipToPhysical,
  physicalToLocalDip,
  type DisplayInfo,
} from '../../electron/core/capture/geometry';
import type { RawImage, Rect } from '../../electron/core/image';
import { scanImage, type OcrReader } from './scan';
import { CATEGORY_LABELS } from '../../electron/core/privacy/shield';
import { PRIVACY_CATEGORIES, type PrivacyCategory } from '../../electron/core/privacy/types';

export interface ShieldDisplay {
  display: DisplayInfo;
  image: RawImage;
}

/** Where the scan of one display stands when the send asks. */
export type SettleState = 'done' | 'timeout' | 'failed' | 'off';

interface DisplayScan {
  display: DisplayInfo;
  image: RawImage;
  state: 'scanning' | 'done' | 'failed';
  finished: Promise<void>;
  proposals: ProposedRedaction[];
  /** Stops this display's current scan only. */
  controller: AbortController;
  /** Set when the scan was narrowed to the selection (physical pixels). */
  region?: Rect;
}

/** A selection smaller than this share of its display is read on its own when the send waits. */
const REGION_FIRST_SHARE = 0.5;

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
   * Starts reading the frozen displays, one after the other (one OCR worker), replacing any
   * scan still running. `propose` gets each display's boxes, in its overlay's DIP, once read.
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
        state: 'scanning',
        finished: Promise.resolve(),
        proposals: [],
        controller: new AbortController(),
      };
      this.#scans.set(display.id, scan);
      this.#launch(scan);
    }
  }

  #propose: (displayId: number, proposals: ProposedRedaction[]) => void = () => {};
  #categories: PrivacyCategory[] = [];
  #runs = 0;

  #launch(scan: DisplayScan, region?: Rect): void {
    const all = this.#controller;
    if (!all) return;
    const controller = new AbortController();
    scan.controller = controller;
    scan.state = 'scanning';
    if (region) scan.region = region;
    const signal = AbortSignal.any([all.signal, controller.signal]);
    const { display, image } = scan;
    const run = ++this.#runs;
    scan.finished = scanImage(this.#engine, image, {
      categories: this.#categories,
      signal,
      ...(region ? { region } : {}),
      // HiDPI captures already have text large enough for OCR; 1× ones are read at 2×.
      scale: display.scaleFactor >= 1.75 ? 1 : 2,
    }).then(
      (result) => {
        if (signal.aborted) return;
        const size = { width: image.width, height: image.height };
        const fresh = result.proposals.map((p) => ({
          id: `shield-${display.id}-${run}-${p.id}`,
          rect: physicalToLocalDip(p.box, display, size),
          label: CATEGORY_LABELS[p.category],
        }));
        scan.proposals = [...scan.proposals, ...fresh];
        scan.state = 'done';
        if (fresh.length > 0) this.#propose(display.id, fresh);
      },
      () => {
        if (!signal.aborted || all.signal.aborted) scan.state = 'failed';
      },
    );
  }

  /** The boxes proposed so far for a display. */
  proposals(displayId: number): readonly ProposedRedaction[] {
    return this.#scans.get(displayId)?.proposals ?? [];
  }

  /**
   * Waits for a display's scan, at most `waitMs` (default: the setting read at start). Given
   * the selection (overlay DIP) while the whole display is still being read, it reads the
   * selection alone first when it is small: that is what will be sent, and it is read sooner.
   */
  async settle(displayId: number, selection?: OverlayRectDip, waitMs = this.#waitMs): Promise<SettleState> {
    const scan = this.#scans.get(displayId);
    if (!scan) return 'off';
    if (scan.state === 'scanning') {
      const size = { width: scan.image.width, height: scan.image.height };
      const region = selection ? localDipToPhysical(selection, scan.display, size) : undefined;
      const narrow =
        region !== undefined &&
        !scan.region &&
        region.width * region.height < REGION_FIRST_SHARE * size.width * size.height;
      // A scan that gave way to another display's send starts again when this one is sent.
      if (narrow || scan.controller.signal.aborted) {
        // The other displays are not being sent: their scans give way.
        for (const other of this.#scans.values()) if (other.state === 'scanning') other.controller.abort();
        this.#launch(scan, narrow ? region : scan.region);
      }
    }
    if (scan.state === 'scanning') {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, waitMs);
      });
      await Promise.race([scan.finished, timeout]);
      clearTimeout(timer);
    }
    return scan.state === 'scanning' ? 'timeout' : scan.state;
  }

  /** Stops the scan (the capture was sent or cancelled): the worker stops reading the frozen screens. */
  cancel(): void {
    this.#controller?.abort();
    this.#controller = undefined;
    this.#scans = new Map();
  }
}
