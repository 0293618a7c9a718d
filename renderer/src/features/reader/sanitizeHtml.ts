// Sanitizes received HTML before it is shown in the sandboxed reading frame (DESIGN.md §7). Three
// layers stand between a hostile message and the user: this sanitizer, the frame's empty `sandbox`
// (no scripts, no same-origin, no forms, no popups) and the frame's own CSP (no network at all). This
// file must hold on its own: the other two may be weakened by a future change, this one is tested.
//
// Remote content is blocked by default: every URL that would be fetched (img src/srcset, background,
// poster, svg href, CSS url()) and is not a data: or resolved cid: reference is removed and counted, so
// the UI can say "N remote items blocked". A fetched URL is a read receipt the sender did not ask for.
import DOMPurify, { type UponSanitizeAttributeHookEvent, type WindowLike } from 'dompurify';

export interface SanitizeOptions {
  /** The DOM DOMPurify parses with (the renderer's window, or a test page's). */
  readonly window: WindowLike;
}

export interface SanitizedHtml {
  readonly html: string;
  /** How many remote references were removed. */
  readonly blockedRemote: number;
}

// Elements that run code, load resources, submit data, change the document's base or policy, or
// escape the HTML namespace (svg foreignObject re-enters HTML parsing inside SVG: a classic mXSS route).
const FORBID_TAGS = [
  'script',
  'style',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'portal',
  'form',
  'input',
  'button',
  'select',
  'option',
  'textarea',
  'meta',
  'link',
  'base',
  'foreignObject',
  'noscript',
  'template',
];

// `ping` sends a request on click; the others are form or frame plumbing that has no place in mail.
const FORBID_ATTR = ['ping', 'action', 'formaction', 'srcdoc', 'http-equiv', 'autofocus', 'target'];

/** Attributes whose URL the browser fetches on its own (as opposed to a link the user clicks). */
const FETCHED_URL_ATTRS = new Set([
  'src',
  'background',
  'poster',
  'lowsrc',
  'dynsrc',
  'data',
  'href',
  'xlink:href',
]);
const SRCSET_ATTRS = new Set(['srcset', 'imagesrcset']);
const LINK_TAGS = new Set(['a', 'area']);

// Only raster images become inline data: URLs; SVG documents are left out even though an <img> cannot
// run their scripts, because nothing legitimate in mail needs them.
const SAFE_DATA_IMAGE = /^data:image\/(?:png|gif|jpe?g|webp|bmp|avif);base64,[a-z0-9+/=\s]*$/iu;

// CSS functions that fetch; matched on the CSSOM's canonical serialization, where escapes such as
// `u\72l(` have already been resolved to `url("…")`.
const CSS_FETCHING_FUNCTION =
  /(?:^|[^a-z-])(?:url|image-set|-webkit-image-set|image|cross-fade|element|src)\(/iu;
const CSS_URL = /url\("((?:[^"\\]|\\.)*)"\)/giu;

type UrlVerdict =
  { kind: 'keep' } | { kind: 'replace'; value: string } | { kind: 'drop' } | { kind: 'remote' };

function cidLookup(inlineImages: Readonly<Record<string, string>>, url: string): string | undefined {
  let id = url.slice(4).trim();
  try {
    id = decodeURIComponent(id); // RFC 2392: cid URLs are %-encoded Content-IDs
  } catch {
    return undefined;
  }
  id = id.replace(/^<|>$/gu, '');
  const found = inlineImages[id] ?? inlineImages[`<${id}>`];
  return found !== undefined && SAFE_DATA_IMAGE.test(found) ? found : undefined;
}

function classifyUrl(raw: string, inlineImages: Readonly<Record<string, string>>): UrlVerdict {
  // Browsers strip ASCII whitespace and control characters inside schemes (`jav\tascript:`); so do we.
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  const url = raw.replace(/[\u0000-\u0020]/gu, '');
  if (url === '' || url.startsWith('#')) return { kind: 'keep' };
  const lower = url.toLowerCase();
  if (lower.startsWith('data:')) return SAFE_DATA_IMAGE.test(url) ? { kind: 'keep' } : { kind: 'drop' };
  if (lower.startsWith('cid:')) {
    const data = cidLookup(inlineImages, url);
    return data ? { kind: 'replace', value: data } : { kind: 'drop' };
  }
  // Everything else is fetched from somewhere: http(s), protocol-relative, and relative URLs (which in
  // an about:srcdoc frame resolve against the app's own origin).
  return { kind: 'remote' };
}

/** Rewrites an inline style through the CSSOM; returns the cleaned text and whether remote URLs went. */
function cleanStyle(
  doc: Document,
  css: string,
  inlineImages: Readonly<Record<string, string>>,
): { css: string; remote: boolean } {
  const scratch = doc.createElement('div');
  scratch.setAttribute('style', css);
  const decl = scratch.style;
  const names: string[] = [];
  for (let i = 0; i < decl.length; i++) names.push(decl.item(i));
  let remote = false;
  for (const name of names) {
    const value = decl.getPropertyValue(name);
    // Custom properties and var() keep their raw, unescaped token text: they could smuggle a url().
    if (name.startsWith('--') || /var\(|env\(|attr\(/iu.test(value)) {
      decl.removeProperty(name);
      continue;
    }
    if (!CSS_FETCHING_FUNCTION.test(value)) continue;
    const seen = { remote: false, drop: false };
    const rewritten = value.replace(CSS_URL, (whole, inner: string) => {
      const v = classifyUrl(inner.replace(/\\(.)/gu, '$1'), inlineImages);
      if (v.kind === 'replace') return `url("${v.value}")`;
      if (v.kind === 'remote') seen.remote = true;
      if (v.kind === 'drop') seen.drop = true;
      return whole;
    });
    // A fetching function other than url("data:…") (image-set("https://…"), src(), element()) is dropped.
    const onlyDataUrls = !CSS_FETCHING_FUNCTION.test(rewritten.replace(CSS_URL, 'none'));
    if (seen.remote || seen.drop || !onlyDataUrls) {
      if (seen.remote || !onlyDataUrls) remote = true;
      decl.removeProperty(name);
    } else if (rewritten !== value) {
      decl.setProperty(name, rewritten, decl.getPropertyPriority(name));
    }
  }
  return { css: decl.cssText, remote };
}

export function sanitizeHtml(
  html: string,
  inlineImages: Readonly<Record<string, string>>,
  options: SanitizeOptions,
): SanitizedHtml {
  // A fresh instance per call: hooks never leak between messages or into other users of DOMPurify.
  const purify = DOMPurify(options.window);
  let blockedRemote = 0;

  purify.addHook('uponSanitizeAttribute', (node: Element, data: UponSanitizeAttributeHookEvent) => {
    const name = data.attrName;
    if (name.startsWith('on')) {
      data.keepAttr = false;
      return;
    }
    if (name === 'style') {
      const cleaned = cleanStyle(node.ownerDocument, data.attrValue, inlineImages);
      if (cleaned.remote) blockedRemote++;
      data.attrValue = cleaned.css;
      if (cleaned.css === '') data.keepAttr = false;
      return;
    }
    const tag = node.nodeName.toLowerCase();
    if (SRCSET_ATTRS.has(name)) {
      const candidates = data.attrValue.split(',').map((c) => c.trim().split(/\s+/u)[0] ?? '');
      const verdicts = candidates.map((c) => classifyUrl(c, inlineImages).kind);
      if (verdicts.includes('remote')) blockedRemote++;
      if (verdicts.some((k) => k !== 'keep')) data.keepAttr = false;
      return;
    }
    if (FETCHED_URL_ATTRS.has(name) && !(LINK_TAGS.has(tag) && name === 'href')) {
      const verdict = classifyUrl(data.attrValue, inlineImages);
      if (verdict.kind === 'replace') data.attrValue = verdict.value;
      else if (verdict.kind !== 'keep') {
        if (verdict.kind === 'remote') blockedRemote++;
        data.keepAttr = false;
      }
    }
  });

  purify.addHook('afterSanitizeAttributes', (node: Element) => {
    // Links stay visible but inert: the frame has no allow-popups, and target=_blank stops a click from
    // navigating the frame itself to a remote page. Opening links goes through a later, explicit dialog.
    if (LINK_TAGS.has(node.nodeName.toLowerCase()) && node.hasAttribute('href')) {
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
  });

  const clean = purify.sanitize(html, {
    FORBID_TAGS,
    FORBID_ATTR,
    ALLOW_UNKNOWN_PROTOCOLS: false,
    WHOLE_DOCUMENT: false,
    RETURN_TRUSTED_TYPE: false,
  });
  purify.removeAllHooks();
  return { html: clean, blockedRemote };
}
