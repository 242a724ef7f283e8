/**
 * The language main's OS-drawn texts speak (thin adapter over shared/ui-language.ts, the page's
 * own rule). The OS's languages are the list the page sees as navigator.languages: Electron
 * builds that from app.getLocale() followed by app.getPreferredSystemLanguages()
 * (electron_api_web_contents.cc, accept_languages). app.getLocale() is valid only after 'ready'
 * (docs/api/app.md), so a failed start before it reads the preferred languages alone;
 * app.getPreferredSystemLanguages() needs no 'ready' (shell/common/language_util_*.cc).
 */
import { app } from 'electron';
import { pickLanguage, type UiLanguage } from '../core/i18n/main-texts';

/** `setting`: the settings' language ('system', 'en', 'fr'), or undefined before they load. */
export function uiLanguage(setting: string | undefined): UiLanguage {
  const preferred: string[] = [];
  try {
    if (app.isReady()) preferred.push(app.getLocale());
    preferred.push(...app.getPreferredSystemLanguages());
  } catch {
    // A failed start must still word its box: English then.
  }
  return pickLanguage(setting, preferred);
}
