// Defence in depth for outgoing HTML. Compose sanitizes rich text with DOMPurify before it reaches the
// core; this pass only makes sure that, whatever a caller sends, the core itself never mails active
// content (scripts, frames, plugins, event handlers, javascript: URLs) under the user's name. It is not a
// sanitizer: the core has no DOM, so it removes what it recognises and leaves the rest to compose.
const ACTIVE_ELEMENTS = ['script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'meta', 'link', 'form'];

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
  return out;
}
