// Canonical JSON for hashing (audit entries, the policy version hash): object keys sorted by UTF-16 code
// unit order, no white space, `undefined` members dropped. Two writers that build the same value always get
// the same bytes, so a hash computed today verifies on another machine or build tomorrow. Only what JSON can
// represent exactly is accepted: a NaN, an Infinity or a non-plain object would otherwise be written as
// something that does not read back as the same value.

const isPlainObject = (v: object): boolean => {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/** Throws TypeError for a value JSON cannot carry exactly (non-finite number, bigint, function, class instance). */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} is not a JSON number`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((v: unknown) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
      }
      if (!isPlainObject(value)) throw new TypeError('canonicalJson: only plain objects are allowed');
      const record = value as Record<string, unknown>;
      const members = Object.keys(record)
        .filter((k) => record[k] !== undefined)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`);
      return `{${members.join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: a ${typeof value} is not JSON`);
  }
}
