/**
 * Puts the privacy shield into the overlay's IPC handlers without changing them: scanning starts
 * the moment the screens are frozen (OverlaySession.begin, before any overlay opens), the send (`overlay:submit`) waits for
 * the scan of the chosen display up to `privacy.waitMs`, and `overlay:cancel` stops it.
 *
 * What the send does with the scan:
 * - boxes found while it waited that touch the selection: the send is refused once, with a
 *   message naming them; the overlay shows them (overlay:proposals) for the user to keep or
 *   dismiss, and the next Enter sends;
 * - the scan did not finish in time, or failed: the send is refused once with a plain sentence
 *   saying so, and the next Enter sends without waiting.
 */
import type { OverlayRectDip } from '../../../shared/ipc-contract';
import type { OverlayHandlers, OverlaySession } from '../capture';
import { UserFacingError } from '../ipc/dispatch';
import { CATEGORY_LABELS, type PrivacyShield } from './shield';

function touches(a: OverlayRectDip, b: OverlayRectDip): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function list(labels: string[]): string {
  const unique = [...new Set(labels)];
  return unique.length <= 1 ? (unique[0] ?? '') : `${unique.slice(0, -1).join(', ')} and ${unique.at(-1)}`;
}

/** The categories behind the labels, for the page to word them (a label it does not know as is). */
function categoriesOf(labels: readonly string[]): string {
  const byLabel = new Map(Object.entries(CATEGORY_LABELS).map(([category, label]) => [label, category]));
  return [...new Set(labels.map((label) => byLabel.get(label) ?? label))].join(',');
}

export function withPrivacyShield(
  handlers: OverlayHandlers,
  deps: { session: OverlaySession; shield: PrivacyShield },
): OverlayHandlers {
  const { session, shield } = deps;
  /** The user was told once about this capture's unfinished scan; the next send goes. */
  let warned = false;
  /** Proposal ids the overlay already had when the user pressed send. */
  let seen = new Set<string>();

  // The scan starts the moment the screens are frozen, before the overlays are drawn.
  session.onBegin((frozen) => {
    warned = false;
    seen = new Set();
    shield.start(
      frozen.map(({ display, image }) => ({ display, image })),
      (displayId, proposals) => session.propose(displayId, proposals),
    );
  });

  return {
    ...handlers,
    'overlay:submit': async (selection) => {
      for (const p of shield.proposals(selection.displayId)) seen.add(p.id);
      const state = await shield.settle(selection.displayId, selection.rect);
      const fresh = shield
        .proposals(selection.displayId)
        .filter((p) => !seen.has(p.id) && touches(p.rect, selection.rect));
      for (const p of shield.proposals(selection.displayId)) seen.add(p.id);
      if (fresh.length > 0) {
        const what = list(fresh.map((p) => p.label));
        throw new UserFacingError(
          `The privacy shield just found ${fresh.length === 1 ? 'something' : `${fresh.length} things`} in your selection that may be private (${what}). Keep or dismiss the boxes, then send again.`,
          'privacy-review',
          {
            code: 'privacy.foundEnter',
            fields: { count: fresh.length, categoryList: categoriesOf(fresh.map((p) => p.label)) },
          },
        );
      }
      if ((state === 'timeout' || state === 'failed') && !warned) {
        warned = true;
        throw new UserFacingError(
          state === 'timeout'
            ? 'The privacy shield has not finished reading your screen, so it may have missed secrets. Press Enter again to send without waiting for it.'
            : 'The privacy shield could not read your screen, so nothing was checked for secrets. Press Enter again to send anyway.',
          'privacy-pending',
          { code: state === 'timeout' ? 'privacy.pendingEnter' : 'privacy.unreadEnter' },
        );
      }
      const info = await handlers['overlay:submit'](selection);
      shield.cancel();
      return info;
    },
    // The drag ended: the selection is read now, ahead of the rest of its display.
    'overlay:selection': ({ displayId, rect }) => {
      shield.select(displayId, rect);
      return Promise.resolve({ reading: shield.proposalsPending(displayId) });
    },
    'overlay:cancel': (payload) => {
      shield.cancel();
      return handlers['overlay:cancel'](payload);
    },
  };
}
