// The document shown inside the reading frame. The frame's own CSP comes first in <head>, before any
// message content, so nothing in the message can precede or replace it: no network, no scripts, only
// inline styles and data: images and fonts.
export const FRAME_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:";

const BASE_CSS = `
html { color-scheme: light; }
body { margin: 16px 20px; font-family: 'Sarabun', sans-serif; font-size: 15px; line-height: 1.6;
  color: #1f2328; background: #ffffff; overflow-wrap: anywhere; }
img { max-width: 100%; height: auto; }
table { max-width: 100%; }
pre { white-space: pre-wrap; }
a { color: #0b4a8f; }
`;

export function buildFrameDocument(bodyHtml: string, lang: string, fontCss: string): string {
  const safeLang = /^[a-z]{2,3}(?:-[A-Za-z0-9]+)*$/u.test(lang) ? lang : 'th';
  return (
    `<!doctype html><html lang="${safeLang}"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${FRAME_CSP}">` +
    `<meta name="referrer" content="no-referrer">` +
    `<style>${fontCss}${BASE_CSS}</style></head><body>${bodyHtml}</body></html>`
  );
}
