/**
 * The last gate before model output reaches the DOM. markdown-it already escapes raw HTML; this
 * removes anything that could still run, load or restyle: scripts, event handlers, style
 * attributes (the CSP refuses them), forms, frames, media, and every URL that is not http(s).
 */
import DOMPurify from 'dompurify';

const purify = DOMPurify(window);

const FORBIDDEN_TAGS = [
  'style',
  'script',
  'img',
  'image',
  'picture',
  'source',
  'video',
  'audio',
  'track',
  'iframe',
  'frame',
  'object',
  'embed',
  'form',
  'input',
  'textarea',
  'select',
  'option',
  'link',
  'meta',
  'base',
  'svg',
  'foreignObject',
  'use',
];

// Security: a link keeps its href only when it is http(s); everything else (javascript:, data:,
// file:, relative paths) is left as plain text. Links never navigate the page either: clicks are
// routed to main, which opens them in the user's browser.
purify.addHook('afterSanitizeAttributes', (node) => {
  if (node.nodeName === 'A') {
    const href = node.getAttribute('href') ?? '';
    if (/^https?:\/\//i.test(href)) {
      node.setAttribute('rel', 'noopener noreferrer');
      node.setAttribute('title', href);
    } else {
      node.removeAttribute('href');
    }
    node.removeAttribute('target');
  }
  // MathML can carry links of its own (href on any element): they are not needed.
  if (node.namespaceURI === 'http://www.w3.org/1998/Math/MathML') node.removeAttribute('href');
});

// Parsed once: passing the config to every sanitize() call rebuilds its tag sets each time, which
// was a large part of the cost of rendering a streaming answer's tail every frame. The result is
// a fragment, so the cleaned nodes are not serialised and parsed a second time.
purify.setConfig({
  FORBID_TAGS: FORBIDDEN_TAGS,
  FORBID_ATTR: ['style', 'srcset', 'action', 'formaction', 'xlink:href', 'background', 'poster'],
  ALLOW_DATA_ATTR: false,
  ALLOWED_URI_REGEXP: /^https?:\/\//i,
  USE_PROFILES: { html: true, mathMl: true },
  RETURN_DOM_FRAGMENT: true,
});

/** Sanitised HTML as nodes, ready to append. */
export function toFragment(html: string): DocumentFragment {
  return purify.sanitize(html) as unknown as DocumentFragment;
}

/** Sanitised HTML as a string (for tests and tools; the app appends fragments). */
export function sanitize(html: string): string {
  const holder = document.createElement('div');
  holder.append(toFragment(html));
  return holder.innerHTML;
}
