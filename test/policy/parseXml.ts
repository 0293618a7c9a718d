// A small, strict XML reader for the Group Policy templates' tests: it checks well-formedness (one root,
// balanced and correctly nested tags, quoted and unique attributes, valid entity references, no stray `<`
// or `&`) and returns the element tree. No DTDs, no namespaces processing: the templates use neither.

export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_][\w.:-]*/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

const decode = (raw: string, where: number): string =>
  raw.replace(/&([^;]*);|&|</g, (m, ent: string | undefined) => {
    if (m === '<' || ent === undefined) throw new Error(`stray "${m}" at ${where}`);
    if (ent in ENTITIES) return ENTITIES[ent] as string;
    const num = /^#(x[0-9a-fA-F]+|[0-9]+)$/.exec(ent);
    if (!num) throw new Error(`unknown entity &${ent}; at ${where}`);
    const code = num[1]?.startsWith('x') ? parseInt(num[1].slice(1), 16) : Number(num[1]);
    return String.fromCodePoint(code);
  });

export function parseXml(text: string): XmlElement {
  let i = text.startsWith('\uFEFF') ? 1 : 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  const fail = (msg: string): never => {
    throw new Error(`${msg} at offset ${i}`);
  };
  if (text.startsWith('<?xml', i)) {
    const end = text.indexOf('?>', i);
    if (end < 0) fail('unterminated XML declaration');
    i = end + 2;
  }
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const chunk = text.slice(i, lt < 0 ? text.length : lt);
    const top = stack[stack.length - 1];
    if (chunk.trim() !== '') {
      if (!top) fail('text outside the root element');
      else top.text += decode(chunk, i);
    }
    if (lt < 0) break;
    i = lt;
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0 || text.slice(i + 4, end).includes('--')) fail('bad comment');
      i = end + 3;
    } else if (text.startsWith('<![CDATA[', i)) {
      const end = text.indexOf(']]>', i);
      if (end < 0 || !top) fail('bad CDATA');
      if (top) top.text += text.slice(i + 9, end);
      i = end + 3;
    } else if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i);
      if (end < 0) fail('unterminated processing instruction');
      i = end + 2;
    } else if (text.startsWith('</', i)) {
      const name = NAME.exec(text.slice(i + 2))?.[0];
      const open = stack.pop();
      if (!name || !open || open.name !== name) fail(`</${name ?? ''}> does not close <${open?.name ?? ''}>`);
      i += 2 + (name?.length ?? 0);
      const close = /^\s*>/.exec(text.slice(i));
      if (!close) fail('bad end tag');
      i += close?.[0].length ?? 0;
    } else {
      const name = NAME.exec(text.slice(i + 1))?.[0];
      if (!name) fail('bad start tag');
      i += 1 + (name?.length ?? 0);
      const attrs: Record<string, string> = {};
      for (;;) {
        const ws = /^\s*/.exec(text.slice(i))?.[0] ?? '';
        i += ws.length;
        if (text.startsWith('/>', i) || text.startsWith('>', i)) break;
        if (ws === '') fail('attributes must be separated by white space');
        const a = /^([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/.exec(text.slice(i));
        if (!a) fail('bad attribute');
        const key = a?.[1] as string;
        if (key in attrs) fail(`duplicate attribute ${key}`);
        attrs[key] = decode(a?.[3] ?? a?.[4] ?? '', i);
        i += a?.[0].length ?? 0;
      }
      const el: XmlElement = { name: name as string, attrs, children: [], text: '' };
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(el);
      else if (root) fail('more than one root element');
      else root = el;
      if (text.startsWith('/>', i)) i += 2;
      else {
        i += 1;
        stack.push(el);
      }
    }
  }
  if (stack.length > 0) fail(`<${stack[stack.length - 1]?.name ?? ''}> is never closed`);
  if (!root) return fail('no root element');
  return root;
}

/** Every element in the tree, depth first. */
export function allElements(root: XmlElement): XmlElement[] {
  return [root, ...root.children.flatMap(allElements)];
}
