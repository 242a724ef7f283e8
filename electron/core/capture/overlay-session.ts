/**
 * One region capture, from frozen screens to the image sent: the state behind the overlays and
 * the handlers of their IPC channels. The same in the app (overlay windows, one per display) and
 * in web mode (a fixture "frozen screen", the overlay page opened by the test or the developer).
 *
 *   begin(frozen displays) → overlays ask for their frame → one submits (or any cancels)
 *   → crop + redact in physical pixels → CaptureStore (the pipeline) → capture:ready → all close
 */
import { loadSharp } from '../image/sharp-loader';
import type {
  CaptureInfo,
  OverlayFrame,
  OverlayRectDip,
  ProposedRedaction,
} from '../../../shared/ipc-contract';
import type { CaptureStore } from '../app/captures';
import type { RawImage, Rect } from '../image';
import { UserFacingError, type EventSink } from '../ipc/dispatch';
import { localDipToPhysical, type DisplayInfo } from './geometry';

/** A display as it was when the hotkey was pressed. */
export interface FrozenDisplay {
  display: DisplayInfo;
  /** Its capture, upright (see uprightCapture), taken before any overlay existed. */
  image: RawImage;
  /** Windows a click selects, topmost first, display-local DIP; empty where the platform gives none. */
  windows?: OverlayRectDip[];
  /** Redactions proposed before the overlay opens (the privacy shield may also add some later, see propose). */
  proposals?: ProposedRedaction[];
}

/** The windows side: the app opens one overlay per display; web mode has none to open. */
export interface OverlayHost {
  open(displays: readonly DisplayInfo[]): void;
  close(): void;
}

export interface OverlaySessionOptions {
  captures: CaptureStore;
  events: EventSink;
  host?: OverlayHost;
}

export class OverlaySession {
  #frozen = new Map<number, FrozenDisplay>();
  #frames = new Map<number, Promise<string>>();
  #proposals = new Map<number, ProposedRedaction[]>();
  readonly #beginListeners = new Set<(frozen: readonly FrozenDisplay[]) => void>();

  constructor(private readonly options: OverlaySessionOptions) {}

  get active(): boolean {
    return this.#frozen.size > 0;
  }

  /** Starts a capture with every display's frozen image; a capture still open is replaced. */
  begin(frozen: readonly FrozenDisplay[]): number {
    if (frozen.length === 0) {
      throw new UserFacingError(
        'No display could be captured. Try again, or capture the whole screen instead.',
        'capture-failed',
        { code: 'capture.noDisplay' },
      );
    }
    if (this.active) this.options.host?.close();
    this.#frozen = new Map(frozen.map((f) => [f.display.id, f]));
    this.#frames = new Map();
    this.#proposals = new Map(
      frozen.filter((f) => f.proposals?.length).map((f) => [f.display.id, [...f.proposals!]]),
    );
    // Before any overlay is drawn: the privacy shield starts reading the frozen screens here.
    for (const listener of this.#beginListeners) listener(frozen);
    this.options.host?.open(frozen.map((f) => f.display));
    return frozen.length;
  }

  /** Called by begin with the frozen displays, before the overlays open. Returns the unsubscribe. */
  onBegin(listener: (frozen: readonly FrozenDisplay[]) => void): () => void {
    this.#beginListeners.add(listener);
    return () => this.#beginListeners.delete(listener);
  }

  /**
   * The privacy shield's hook: boxes proposed over one display's frozen image. Shown by its
   * overlay (now, if it is open, and in the frame it asks for later); the user keeps or dismisses each.
   */
  propose(displayId: number, proposals: readonly ProposedRedaction[]): void {
    if (!this.#frozen.has(displayId)) return;
    const list = [...(this.#proposals.get(displayId) ?? []), ...proposals];
    this.#proposals.set(displayId, list);
    this.options.events.emit('overlay:proposals', { displayId, proposals: list });
  }

  /** The frozen displays, e.g. for the privacy shield to read. */
  frozenDisplays(): FrozenDisplay[] {
    return [...this.#frozen.values()];
  }

  async frame(displayId: number): Promise<OverlayFrame> {
    const frozen = this.#get(displayId);
    let imageUrl = this.#frames.get(displayId);
    if (!imageUrl) {
      imageUrl = encodeFrame(frozen.image);
      this.#frames.set(displayId, imageUrl);
    }
    return {
      displayId,
      width: frozen.display.bounds.width,
      height: frozen.display.bounds.height,
      scaleFactor: frozen.display.scaleFactor,
      physicalWidth: frozen.image.width,
      physicalHeight: frozen.image.height,
      imageUrl: await imageUrl,
      windows: frozen.windows ?? [],
      proposals: this.#proposals.get(displayId) ?? [],
    };
  }

  async submit(selection: {
    displayId: number;
    rect: OverlayRectDip;
    redactions: readonly OverlayRectDip[];
  }): Promise<CaptureInfo> {
    const { display, image } = this.#get(selection.displayId);
    const size = { width: image.width, height: image.height };
    const crop = localDipToPhysical(selection.rect, display, size);
    if (crop.width < 1 || crop.height < 1) {
      throw new UserFacingError(
        'The selected region is empty. Drag to select an area, or press Enter for the whole screen.',
        'empty-region',
        { code: 'capture.emptyRegion' },
      );
    }
    const redact: Rect[] = selection.redactions
      .map((r) => localDipToPhysical(r, display, size))
      .filter((r) => r.width > 0 && r.height > 0);
    // Pixels per DIP as captured (not the nominal factor): how large its text is in the image.
    const scaleFactor = image.width / display.bounds.width;
    const info = await this.options.captures.add(image, true, { crop, redact }, { scaleFactor });
    this.#end('submitted');
    this.options.events.emit('capture:ready', info);
    return info;
  }

  cancel(): boolean {
    if (!this.active) return false;
    this.#end('cancelled');
    return true;
  }

  #end(reason: 'submitted' | 'cancelled'): void {
    // Security/privacy: the frozen screens are dropped as soon as they are not needed.
    this.#frozen = new Map();
    this.#frames = new Map();
    this.#proposals = new Map();
    this.options.host?.close();
    this.options.events.emit('overlay:closed', { reason });
  }

  #get(displayId: number): FrozenDisplay {
    const frozen = this.#frozen.get(displayId);
    if (!frozen) {
      throw new UserFacingError(
        'This capture is over (it was sent or cancelled). Press the shortcut again.',
        'overlay-gone',
        { code: 'capture.over' },
      );
    }
    return frozen;
  }
}

/**
 * The frozen image for the overlay to show: lossless, fast (zlib level 1, no filtering: a 4K
 * screen in tens of milliseconds), channels reordered by libvips rather than a JS loop.
 */
async function encodeFrame(image: RawImage): Promise<string> {
  const sharp = await loadSharp();
  let pipeline = sharp(image.data, {
    raw: { width: image.width, height: image.height, channels: 4 },
  }).removeAlpha();
  if (image.order === 'bgra') {
    pipeline = pipeline.recomb([
      [0, 0, 1],
      [0, 1, 0],
      [1, 0, 0],
    ]);
  }
  const png = await pipeline.png({ compressionLevel: 1, adaptiveFiltering: false }).toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}
