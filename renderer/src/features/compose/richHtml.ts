// Rich text in compose (issue 5 §1): a contentEditable limited to what officials use in mail (bold,
// italic, lists, links, paragraphs). What leaves compose is sanitized here with DOMPurify to exactly that
// set, and links to http(s)/mailto only; the core strips active content again as defence in depth.
// Inline images are not produced: pasted or dropped images become ordinary attachments (docs/ui.md).
import DOMPurify, { type WindowLike } from 'dompurify';

const ALLOWED_TAGS = ['p', 'div', 'br', 'b', 'strong', 'i', 'em', 'u', 'ul', 'ol', 'li', 'a', 'blockquote', 'span'];
const SAFE_LINK = /^(?:https?:|mailto:)/iu;

export function sanitizeComposeHtml(html: string, window: WindowLike): string {
  const purify = DOMPurify(window);
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'A') {
      const href = node.getAttribute('href') ?? '';
      if (!SAFE_LINK.test(href.trim())) node.removeAttribute('href');
    }
  });
  return purify.sanitize(html, { ALLOWED_TAGS, ALLOWED_ATTR: ['href'], ALLOW_DATA_ATTR: false });
}

const escapeHtml = (s: string): string =>
  s.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;');

/** Plain text into the editor: lines kept, a quoted block ("> …") as a blockquote. */
export function textToHtml(text: string): string {
  const lines = text.replace(/\r\n?/gu, '\n').split('\n');
  const out: string[] = [];
  let quote: string[] = [];
  const flush = (): void => {
    if (quote.length) out.push(`<blockquote>${quote.map((l) => escapeHtml(l) || '<br>').join('<br>')}</blockquote>`);
    quote = [];
  };
  for (const line of lines) {
    if (line.startsWith('>')) {
      quote.push(line.replace(/^> ?/u, ''));
      continue;
    }
    flush();
    out.push(`<div>${escapeHtml(line) || '<br>'}</div>`);
  }
  flush();
  return out.join('');
}
