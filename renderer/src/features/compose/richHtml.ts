// Rich text in compose (issue 5 §1): a contentEditable limited to what officials use in mail (bold,
// italic, lists, links, paragraphs). What leaves compose is sanitized here with DOMPurify to exactly that
// set, and links to http(s)/mailto only; the core strips active content again as defence in depth.
// Inline images: an <img> survives only with a raster `data:image/(png|jpeg|gif|webp);base64` source (what
// compose itself inserts for a pasted or dropped image; inlineImages.ts turns it into cid: on the way out).
// Remote images in pasted HTML are dropped: mail must not carry tracking pixels under the user's name.
import DOMPurify, { type WindowLike } from 'dompurify';
import { INLINE_IMAGE_TYPES } from '../../../../shared/domain/compose.js';

const ALLOWED_TAGS = ['p', 'div', 'br', 'b', 'strong', 'i', 'em', 'u', 'ul', 'ol', 'li', 'a', 'blockquote', 'span', 'img'];
const SAFE_LINK = /^(?:https?:|mailto:)/iu;
const TYPES = INLINE_IMAGE_TYPES.map((t) => t.slice('image/'.length)).join('|');
const SAFE_IMAGE = new RegExp(`^data:image\\/(?:${TYPES});base64,[A-Za-z0-9+/]+={0,2}$`, 'iu');

export function sanitizeComposeHtml(html: string, window: WindowLike): string {
  const purify = DOMPurify(window);
  purify.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName === 'A') {
      const href = node.getAttribute('href') ?? '';
      if (!SAFE_LINK.test(href.trim())) node.removeAttribute('href');
    }
    if (node.nodeName === 'IMG' && !SAFE_IMAGE.test(node.getAttribute('src') ?? '')) node.removeAttribute('src');
  });
  const clean = purify.sanitize(html, { ALLOWED_TAGS, ALLOWED_ATTR: ['href', 'src', 'alt'], ALLOW_DATA_ATTR: false });
  // An image whose source was refused goes entirely (DOMPurify serializes `src="…"` double-quoted).
  return clean.replace(/<img\b(?![^>]*\ssrc="data:image\/)[^>]*>/giu, '');
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
