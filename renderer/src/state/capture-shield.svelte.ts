/**
 * The privacy shield over the answer panel's preview, for captures that skipped the overlay
 * (whole-screen hotkey, dropped/pasted/picked images): main scans them on arrival and pushes its
 * proposals here (`privacy:scan`); the user keeps or dismisses each, and drags on the preview to
 * add their own. Each change re-prepares the capture in main with the kept boxes burned in
 * (`capture:redact`), and the preview shows the image that will be sent.
 *
 * Also "Extract text": the capture's text read offline, no endpoint involved.
 */
import type { CaptureInfo, CaptureProposal, CaptureScanState } from '../../../shared/ipc-contract';
import { api } from '../lib/api';
import { errorText, proposalLabel } from '../lib/messages';

export type ProposalStatus = 'pending' | 'kept' | 'dismissed';
export type ShieldProposal = CaptureProposal & { status: ProposalStatus };
export interface PixelRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What the shield needs of the answer session: the capture shown, which it may replace. */
export interface CaptureHolder {
  capture: CaptureInfo | null;
}

export class CaptureShieldState {
  /** The scan of the capture shown; null when none ran (shield off, overlay capture). */
  state = $state<CaptureScanState | null>(null);
  /** How long the scan took (ms), once it ended. */
  scanMs = $state<number | null>(null);
  sourceWidth = $state(0);
  sourceHeight = $state(0);
  proposals = $state.raw<ShieldProposal[]>([]);
  /** Boxes the user drew, in source pixels. */
  ownBoxes = $state.raw<PixelRect[]>([]);
  /** A re-preparation is under way. */
  applying = $state(false);
  error = $state<string | null>(null);
  /** "Extract text": the text read, or null; `extracting` while OCR runs. */
  text = $state<string | null>(null);
  extracting = $state(false);

  pending = $derived(this.proposals.filter((p) => p.status === 'pending').length);
  /** The capture this state is about (a capture reopened from the history has no scan). */
  captureId = $state<string | null>(null);
  /** Requests in flight are numbered: only the answer to the latest one updates the preview. */
  #applySeq = 0;

  constructor(private readonly holder: CaptureHolder) {}

  connect(): () => void {
    const glimpse = api();
    const offs = [
      glimpse.capture.onReady((info) => this.#reset(info.captureId)),
      glimpse.privacy.onScan((scan) => {
        if (scan.captureId !== this.captureId) return;
        this.state = scan.state;
        this.scanMs = scan.scanMs ?? null;
        this.sourceWidth = scan.sourceWidth;
        this.sourceHeight = scan.sourceHeight;
        const known: Record<string, ProposalStatus> = Object.fromEntries(
          this.proposals.map((p) => [p.id, p.status]),
        );
        // Main names each find in English; the list shows it in the page's language.
        this.proposals = scan.proposals.map((p) => ({
          ...p,
          label: proposalLabel(p),
          status: known[p.id] ?? 'pending',
        }));
      }),
      glimpse.privacy.onApplied(({ capture, applied }) => {
        if (capture.captureId !== this.captureId) return;
        this.proposals = this.proposals.map((p) => (applied.includes(p.id) ? { ...p, status: 'kept' } : p));
        this.holder.capture = capture;
      }),
    ];
    return () => offs.forEach((off) => off());
  }

  /** Places a rect (source pixels) over the preview, in percent of its size. */
  percent(rect: PixelRect): string {
    const w = this.sourceWidth || 1;
    const h = this.sourceHeight || 1;
    return (
      `left:${(rect.x / w) * 100}%;top:${(rect.y / h) * 100}%;` +
      `width:${(rect.width / w) * 100}%;height:${(rect.height / h) * 100}%`
    );
  }

  decide(id: string, status: ProposalStatus): Promise<void> {
    this.proposals = this.proposals.map((p) => (p.id === id ? { ...p, status } : p));
    return this.#apply();
  }

  /** A box the user drew over the preview, in source pixels. Tiny drags are ignored. */
  addBox(rect: PixelRect): Promise<void> {
    if (rect.width < 2 || rect.height < 2) return Promise.resolve();
    this.ownBoxes = [...this.ownBoxes, rect];
    return this.#apply();
  }

  removeBox(index: number): Promise<void> {
    this.ownBoxes = this.ownBoxes.filter((_, i) => i !== index);
    return this.#apply();
  }

  async extractText(): Promise<void> {
    const capture = this.holder.capture;
    if (!capture || this.extracting) return;
    this.extracting = true;
    this.error = null;
    try {
      const { text } = await api().privacy.extractText(capture.captureId);
      if (this.holder.capture?.captureId === capture.captureId) this.text = text;
    } catch (error) {
      this.error = errorText(error);
    } finally {
      this.extracting = false;
    }
  }

  async #apply(): Promise<void> {
    const captureId = this.captureId;
    if (!captureId) return;
    const seq = ++this.#applySeq;
    this.applying = true;
    this.error = null;
    try {
      const info = await api().privacy.redact({
        captureId,
        boxes: [...this.proposals.filter((p) => p.status === 'kept').map((p) => p.rect), ...this.ownBoxes],
        reviewed: this.proposals.filter((p) => p.status !== 'pending').map((p) => p.id),
      });
      if (seq === this.#applySeq && captureId === this.captureId) this.holder.capture = info;
    } catch (error) {
      if (seq === this.#applySeq) this.error = errorText(error);
    } finally {
      if (seq === this.#applySeq) this.applying = false;
    }
  }

  #reset(captureId: string): void {
    this.captureId = captureId;
    this.scanMs = null;
    this.#applySeq++;
    this.state = null;
    this.proposals = [];
    this.ownBoxes = [];
    this.applying = false;
    this.error = null;
    this.text = null;
    this.extracting = false;
  }
}
