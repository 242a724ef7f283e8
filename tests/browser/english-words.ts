/**
 * Which words on a page are English (issue 16.5), shared by the French walk and the focused
 * French screens: a word that the English catalogs (UI strings and core messages) use and the
 * French ones never do, so "Glimpse", "API", "URL", "Markdown" or "Ctrl" (in both) are fine, and
 * "the", "Settings", "failed" are not. User content (the model's answer, the user's question, file
 * names and paths, model names, hosts, URLs, keys, anything quoted) is left out.
 */
import type { Page } from '@playwright/test';
import { en } from '../../renderer/src/lib/i18n/en';
import { fr } from '../../renderer/src/lib/i18n/fr';
import { coreEn, coreFr } from '../../renderer/src/lib/i18n/core-messages';
import { PROVIDER_PRESETS } from '../../renderer/src/lib/provider-presets';

/** A French string of the page (the catalog is complete: tests/unit/renderer/i18n.test.ts). */
export const FR = (key: keyof typeof en): string => fr[key] ?? en[key];

// ---- which words are English ----------------------------------------------------------------

export const letters = (text: string): string[] =>
  text
    .replace(/\{@?\w+\}/g, ' ')
    .toLowerCase()
    .match(/\p{L}+/gu) ?? [];

const FRENCH_WORDS = new Set([...Object.values(fr), ...Object.values(coreFr)].flatMap(letters));
/** Words only the English catalogs use: seeing one on a French page means an untranslated string. */
export const ENGLISH_ONLY = new Set(
  [...Object.values(en), ...Object.values(coreEn)]
    .flatMap(letters)
    .filter((w) => w.length >= 3 && /^[a-z]+$/.test(w) && !FRENCH_WORDS.has(w)),
);

/** What the page shows outside user content: text, and the labels people and screen readers get. */
export async function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    // User content: the model's answer (rendered Markdown), code, and what the user typed.
    // The answer's live region repeats the answer for screen readers: user content too.
    const USER =
      '.markdown, [data-testid="answer"], [data-testid$="-live"][aria-live], [data-testid="snippet"], pre, code, textarea, input, [data-user-content]';
    const out: string[] = [];
    const shown = (el: Element): boolean => {
      if (el.closest(USER)) return false;
      const style = getComputedStyle(el);
      return style.visibility !== 'hidden' && style.display !== 'none' && el.getClientRects().length > 0;
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      const text = node.textContent?.trim();
      if (!parent || !text) continue;
      const inSelect = parent.closest('select');
      if (inSelect ? shown(inSelect) : shown(parent)) out.push(text);
    }
    for (const el of document.body.querySelectorAll('[placeholder], [title], [aria-label], [alt]')) {
      if (el.closest(USER) && !(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement))
        continue;
      if (el.getClientRects().length === 0) continue;
      // A placeholder shows only while its field is empty.
      const filled = (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) && el.value !== '';
      for (const name of filled
        ? ['title', 'aria-label', 'alt']
        : ['placeholder', 'title', 'aria-label', 'alt']) {
        const value = el.getAttribute(name)?.trim();
        if (value) out.push(value);
      }
    }
    out.push(document.title);
    return out;
  });
}

/** Names shown as they are in every language: providers, and each language in its own words. */
const NAMES = new Set<string>([...PROVIDER_PRESETS.map((p) => p.name), 'English', 'Français']);

/** Each text with English words in it, and those words (URLs, hosts and model names left out). */
export function englishIn(texts: readonly string[]): string[] {
  const found: string[] = [];
  for (const text of texts) {
    if (NAMES.has(text)) continue;
    const cleaned = text
      // Quoted words are someone else's: the server's message, a file or profile name.
      .replace(/«[^»]*»|“[^”]*”|"[^"]*"/g, ' ')
      .replace(/\b\w+_\w+\b/g, ' ') // API parameter names: max_tokens, top_p
      .replace(/\bhttps?:\/\/\S+/g, ' ')
      // File paths (where a file was set aside): /tmp/…/history/conversations/….json
      .replace(/(?:[A-Za-z]:)?(?:[\\/][\w.@~+-]+){2,}/g, ' ')
      .replace(/\b[\w.-]+\.(?:com|org|net|io|ai|example|local|png|jpg|json|zip|md)\b/g, ' ')
      .replace(/\b[\w.-]*\d[\w.-]*\b/g, ' '); // model names and versions: gpt-4o-mini, llava:13b
    const words = [...new Set(letters(cleaned).filter((word) => ENGLISH_ONLY.has(word)))];
    if (words.length > 0) found.push(`“${text.slice(0, 160)}” [${words.join(', ')}]`);
  }
  return [...new Set(found)];
}
