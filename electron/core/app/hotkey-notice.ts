/**
 * The desktop notification for a shortcut that could not be registered, in the app's language
 * (the notification is drawn by the OS, outside the renderer's catalogs; the log keeps English).
 * French typography as in renderer/src/lib/i18n/fr.ts (U+00A0 before : and inside « »).
 */
import type { HotkeyAction, HotkeyKey, HotkeyProblem, ShortcutOwner } from '../capture/hotkeys';
import { actionLabel } from './actions';

const OWNERS_FR: Readonly<Record<ShortcutOwner, string>> = {
  'mac-screenshot-screen': 'macOS (capture de l’écran)',
  'mac-screenshot-selection': 'macOS (capture d’une sélection)',
  'mac-screenshot-app': 'macOS (l’app Capture d’écran)',
  'mac-spotlight': 'macOS (Spotlight)',
  'windows-snipping-tool': 'Windows (Outil Capture d’écran)',
  'linux-screenshot-tool': 'l’outil de capture d’écran du bureau',
};

export function hotkeyNotice(problem: HotkeyProblem, language: string): { title: string; body: string } {
  if (language !== 'fr') return { title: 'Glimpse shortcut not available', body: problem.message };
  const action = problem.actionName ?? builtInLabel(problem.action);
  const keys = problem.accelerator;
  let body: string;
  switch (problem.kind) {
    case 'duplicate':
      body = `${keys} est déjà le raccourci de «\u00a0${problem.takenByName ?? (problem.takenBy ? builtInLabel(problem.takenBy) : '?')}\u00a0».`;
      break;
    case 'refused':
      body =
        `${keys} n’a pas pu être enregistré pour «\u00a0${action}\u00a0»\u00a0: il est pris par ` +
        `${problem.owner ? OWNERS_FR[problem.owner] : 'une autre application ou le bureau'}.` +
        (problem.kept ? ` ${problem.kept} est conservé.` : '');
      break;
    case 'invalid':
      body = `«\u00a0${action}\u00a0»\u00a0: ${keys} n’est pas un raccourci valide.`;
      break;
  }
  return { title: 'Raccourci Glimpse indisponible', body };
}

/** A built-in shortcut's action in French (your own actions come with their names). */
function builtInLabel(key: HotkeyKey): string {
  return key.startsWith('action:')
    ? key.slice('action:'.length)
    : actionLabel(key as HotkeyAction, 'fr').replace(/…$/, '');
}
