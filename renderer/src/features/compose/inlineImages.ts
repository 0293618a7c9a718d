// Inline images in rich text (issue 5 §1). In the editor an image is a `data:` URL (the app CSP allows
// `img-src data:`); what leaves compose refers to it as `cid:…` with the bytes as an inline MIME part, so
// the core never receives a data: URL in HTML (it strips any that remain). Opening a draft maps back.
// Pure string work on DOMPurify's output, which always writes `src="…"` double-quoted: no DOM needed.
import {
  INLINE_IMAGE_TYPES,
  MAX_INLINE_IMAGE_BYTES,
  type ComposeAttachment,
} from '../../../../shared/domain/compose.js';

const bytesOfBase64 = (b64: string): number =>
  Math.floor((b64.length * 3) / 4) - (b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0);
const safeDecode = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

export { INLINE_IMAGE_TYPES, MAX_INLINE_IMAGE_BYTES };

const TYPES = INLINE_IMAGE_TYPES.map((t) => t.slice('image/'.length)).join('|');
/** A data: image in an img src, as DOMPurify serializes it. */
const DATA_IMG = new RegExp(
  `(<img\\b[^>]*?\\ssrc=")data:image\\/(${TYPES});base64,([A-Za-z0-9+/]+={0,2})(")`,
  'giu',
);
const CID_IMG = /(<img\b[^>]*?\ssrc=")cid:([^"\s]+)(")/giu;

export const isInlineImageType = (type: string): boolean =>
  (INLINE_IMAGE_TYPES as readonly string[]).includes(type.toLowerCase());

/** Bytes of every data: image in the editor's HTML (they count in the message's size limit). */
export function inlineImageBytes(html: string): number {
  let n = 0;
  for (const m of html.matchAll(DATA_IMG)) n += bytesOfBase64(m[3] ?? '');
  return n;
}

/**
 * Replaces each data: image with `cid:` and returns the parts to send. Identical images share one part.
 * `token` makes the Content-IDs unique to this message (RFC 2392 asks for world-unique ids).
 */
export function dataImagesToCid(html: string, token: string): { html: string; images: ComposeAttachment[] } {
  const images: ComposeAttachment[] = [];
  const byData = new Map<string, string>();
  const out = html.replace(DATA_IMG, (_all, head: string, subtype: string, b64: string, tail: string) => {
    const type = `image/${subtype.toLowerCase()}`;
    const key = `${type};${b64}`;
    let cid = byData.get(key);
    if (cid === undefined) {
      const n = images.length + 1;
      cid = `img${n}.${token}@raksa.invalid`;
      byData.set(key, cid);
      const ext = subtype.toLowerCase() === 'jpeg' ? 'jpg' : subtype.toLowerCase();
      images.push({
        filename: `image-${n}.${ext}`,
        contentType: type,
        dataBase64: b64,
        contentId: cid,
        inline: true,
      });
    }
    return `${head}cid:${cid}${tail}`;
  });
  return { html: out, images };
}

/**
 * The reverse, for a draft opened again: `cid:` sources that name one of the inline parts become data:
 * URLs, and those parts leave the attachment list (they are in the body). Unknown cids are left alone.
 */
export function cidImagesToData(
  html: string,
  attachments: readonly ComposeAttachment[],
): { html: string; attachments: ComposeAttachment[] } {
  const inline = new Map<string, ComposeAttachment>();
  for (const a of attachments)
    if (a.inline === true && a.contentId !== undefined) inline.set(a.contentId.toLowerCase(), a);
  const out = html.replace(CID_IMG, (all, head: string, cid: string, tail: string) => {
    const part = inline.get(safeDecode(cid).replace(/^<|>$/gu, '').toLowerCase());
    if (!part || !isInlineImageType(part.contentType)) return all;
    return `${head}data:${part.contentType.toLowerCase()};base64,${part.dataBase64}${tail}`;
  });
  return {
    html: out,
    attachments: attachments.filter((a) => !(a.inline === true && a.contentId !== undefined)),
  };
}
