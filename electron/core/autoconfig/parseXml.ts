// A small strict XML parser for the subset autoconfig files use (elements, attributes, text, CDATA,
// comments, the XML declaration). It is deliberately not a general XML parser: any DOCTYPE is refused,
// so there are no external entities (XXE: reading local files, fetching URLs) and no internal entity
// definitions (the "billion laughs" expansion); only the five predefined entities and character
// references are decoded. Depth and element count are capped so a hostile server cannot exhaust memory.

export interface XmlElement {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly XmlElement[];
  /** The element's own text (CDATA included), not its descendants'. */
  readonly text: string;
}

export class XmlError extends Error {
  constructor(message: string, offset: number) {
    super(`${message} (at offset ${offset})`);
    this.name = 'XmlError';
  }
}

export interface XmlLimits {
  readonly maxDepth: number;
  readonly maxElements: number;
}

const DEFAULT_LIMITS: XmlLimits = { maxDepth: 32, maxElements: 5000 };

const NAME = /[A-Za-z_:][-A-Za-z0-9._:]*/y;
const SPACE = /[ \t\r\n]*/y;
const PREDEFINED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

interface MutableElement {
  name: string;
  attributes: Map<string, string>;
  children: MutableElement[];
  text: string;
}

function decodeEntities(raw: string, offset: number): string {
  return raw.replace(/&([^;&]*);?/g, (match, body: string) => {
    if (!match.endsWith(';')) throw new XmlError('unterminated entity reference', offset);
    const named = PREDEFINED[body];
    if (named !== undefined) return named;
    const num = /^#(?:x([0-9A-Fa-f]{1,6})|([0-9]{1,7}))$/.exec(body);
    if (num) {
      const cp = num[1] !== undefined ? parseInt(num[1], 16) : parseInt(num[2] ?? '', 10);
      // XML 1.0 Char production: no NUL, no surrogates, nothing above U+10FFFF.
      const valid =
        cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0x10ffff);
      if (!valid || cp === 0xfffe || cp === 0xffff) throw new XmlError('invalid character reference', offset);
      return String.fromCodePoint(cp);
    }
    throw new XmlError(`undeclared entity &${body};`, offset);
  });
}

/** Parses one XML document into its root element; throws XmlError on anything outside the subset. */
export function parseXml(input: string, limits: XmlLimits = DEFAULT_LIMITS): XmlElement {
  const src = input.startsWith('\uFEFF') ? input.slice(1) : input;
  let pos = 0;
  let count = 0;
  const stack: MutableElement[] = [];
  let root: MutableElement | undefined;

  const skipSpace = (): void => {
    SPACE.lastIndex = pos;
    SPACE.exec(src);
    pos = SPACE.lastIndex;
  };
  const readName = (): string => {
    NAME.lastIndex = pos;
    const m = NAME.exec(src);
    if (!m) throw new XmlError('expected a name', pos);
    pos = NAME.lastIndex;
    return m[0];
  };
  const expect = (s: string): void => {
    if (!src.startsWith(s, pos)) throw new XmlError(`expected "${s}"`, pos);
    pos += s.length;
  };
  const until = (end: string, what: string): string => {
    const i = src.indexOf(end, pos);
    if (i === -1) throw new XmlError(`unterminated ${what}`, pos);
    const body = src.slice(pos, i);
    pos = i + end.length;
    return body;
  };

  while (pos < src.length) {
    const lt = src.indexOf('<', pos);
    const textEnd = lt === -1 ? src.length : lt;
    if (textEnd > pos) {
      const raw = src.slice(pos, textEnd);
      const top = stack.at(-1);
      if (top) top.text += decodeEntities(raw, pos);
      else if (raw.trim() !== '') throw new XmlError('text outside the root element', pos);
      pos = textEnd;
      continue;
    }
    if (src.startsWith('<!--', pos)) {
      pos += 4;
      if (until('-->', 'comment').includes('--')) throw new XmlError('"--" inside a comment', pos);
      continue;
    }
    if (src.startsWith('<![CDATA[', pos)) {
      const top = stack.at(-1);
      if (!top) throw new XmlError('CDATA outside the root element', pos);
      pos += 9;
      top.text += until(']]>', 'CDATA section');
      continue;
    }
    if (src.startsWith('<!', pos)) {
      // DOCTYPE, ENTITY and every other declaration: the whole attack surface of entity processing.
      throw new XmlError('DOCTYPE and entity declarations are not allowed', pos);
    }
    if (src.startsWith('<?', pos)) {
      const at = pos;
      pos += 2;
      const target = readName();
      until('?>', 'processing instruction');
      if (target.toLowerCase() === 'xml' && (at !== 0 || root !== undefined)) {
        throw new XmlError('the XML declaration must come first', at);
      }
      continue;
    }
    if (src.startsWith('</', pos)) {
      pos += 2;
      const name = readName();
      skipSpace();
      expect('>');
      const open = stack.pop();
      if (!open || open.name !== name) throw new XmlError(`unexpected closing tag </${name}>`, pos);
      continue;
    }
    // a start tag
    pos += 1;
    const element: MutableElement = { name: readName(), attributes: new Map(), children: [], text: '' };
    if (++count > limits.maxElements) throw new XmlError('too many elements', pos);
    for (;;) {
      const before = pos;
      skipSpace();
      if (src.startsWith('/>', pos) || src.startsWith('>', pos)) break;
      if (pos === before) throw new XmlError('expected whitespace before an attribute', pos);
      const attr = readName();
      skipSpace();
      expect('=');
      skipSpace();
      const quote = src[pos];
      if (quote !== '"' && quote !== "'") throw new XmlError('attribute value must be quoted', pos);
      pos += 1;
      const valueAt = pos;
      const value = until(quote, 'attribute value');
      if (value.includes('<')) throw new XmlError('"<" in an attribute value', valueAt);
      if (element.attributes.has(attr)) throw new XmlError(`duplicate attribute ${attr}`, valueAt);
      element.attributes.set(attr, decodeEntities(value, valueAt));
    }
    const selfClosing = src.startsWith('/>', pos);
    pos += selfClosing ? 2 : 1;
    const parent = stack.at(-1);
    if (parent) parent.children.push(element);
    else if (root) throw new XmlError('more than one root element', pos);
    else root = element;
    if (!selfClosing) {
      stack.push(element);
      if (stack.length > limits.maxDepth) throw new XmlError('elements nested too deeply', pos);
    }
  }
  if (stack.length > 0) throw new XmlError(`unclosed element <${stack.at(-1)?.name ?? ''}>`, pos);
  if (!root) throw new XmlError('no root element', pos);
  return root;
}

/** The direct children named `name`. */
export const childrenNamed = (el: XmlElement, name: string): XmlElement[] =>
  el.children.filter((c) => c.name === name);

/** The trimmed text of the first direct child named `name`, or undefined. */
export const childText = (el: XmlElement, name: string): string | undefined =>
  el.children.find((c) => c.name === name)?.text.trim();
