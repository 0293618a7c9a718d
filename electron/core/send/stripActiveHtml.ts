// Defence in depth for outgoing HTML. Compose sanitizes rich text with DOMPurify before it reaches the
// core; this pass only makes sure that, whatever a caller sends, the core itself never mails active
// content (scripts, frames, plugins, event handlers, javascript: URLs) under the user's name. It is not a
// sanitizer: the core has no DOM, so it removes what it recognises and leaves the rest to compose.
const ACTIVE_ELEMENTS = ['script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'meta', 'link', 'form'];

/**
 * Attributes that make a reader fetch or embed something. Outgoing mail may only point them at its own
 * MIME parts (`cid:`, RFC 2392): a remote URL would be a tracking pixel or a leak sent under the user's
 * name, and compose turns pasted `data:` images into cid parts before submitting, so a `data:` URL left
 * here is either a caller that skipped that step or a smuggled document; both are dropped.
 */
const RESOURCE_ATTRIBUTES = 'src|srcset|background|poster|lowsrc|dynsrc|data|xlink:href';
const RESOURCE = new RegExp(`\\s(?:${RESOURCE_ATTRIBUTES})\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'giu');
const CID = /^\s*cid:[^\s"'<>]+$/iu;

export function stripActiveHtml(html: string): string {
  let out = html;
  for (const tag of ACTIVE_ELEMENTS) {
    // Paired element with its content, then any stray opening or closing tag of the same name.
    out = out.replace(new RegExp(`<${tag}\\b[^>]*>[\\s\\S]*?<\\/${tag}\\s*>`, 'giu'), '');
    out = out.replace(new RegExp(`<\\/?${tag}\\b[^>]*>`, 'giu'), '');
  }
  // on*="…" event handler attributes, quoted or not.
  out = out.replace(/\s+on[a-z]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/giu, '');
  // javascript:, vbscript: and data:text/html URLs in any attribute (entity-encoded colons included).
  out = out.replace(/(\s[a-z-]+\s*=\s*["']?)\s*(?:javascript|vbscript|data\s*:\s*text\/html)\s*(?::|&#0*58;|&colon;)?/giu, '$1#blocked:');
  // Resource attributes keep only a cid: reference to a part of this message.
  out = out.replace(RESOURCE, (whole, dq?: string, sq?: string, bare?: string) =>
    CID.test(dq ?? sq ?? bare ?? '') ? whole : '',
  );
  return out;
}
