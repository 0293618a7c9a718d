// Parser for the text `reg query KEY /s` prints on Windows (the machine policy's registry source).
// The format, as reg.exe writes it:
//
//   HKEY_LOCAL_MACHINE\SOFTWARE\Policies\RaksaMail
//       RulesExternal    REG_SZ    warn
//       Version    REG_DWORD    0x1
//       GovernmentDomains    REG_MULTI_SZ    dga.or.th\0nstda.or.th
//
//   HKEY_LOCAL_MACHINE\SOFTWARE\Policies\RaksaMail\BlockedDomains
//       1    REG_SZ    example.net
//
// A key line starts at column 0; a value line is four spaces, the name, four spaces, the type, and (unless
// the data is empty) four spaces and the data. REG_MULTI_SZ items are joined with the two characters `\0`.
// Anything else is an error: the output is policy, so a line we do not understand must not be skipped.

export interface RegValue {
  readonly name: string;
  /** REG_SZ, REG_DWORD, REG_MULTI_SZ, REG_EXPAND_SZ, REG_QWORD, REG_BINARY, REG_NONE. */
  readonly type: string;
  /** The data exactly as printed (REG_DWORD as 0x…, REG_MULTI_SZ with literal `\0` separators). */
  readonly data: string;
}

export interface RegKey {
  readonly path: string;
  readonly values: readonly RegValue[];
}

export type RegQueryParseResult =
  { readonly ok: true; readonly keys: readonly RegKey[] } | { readonly ok: false; readonly error: string };

// The name is matched lazily up to the first "    REG_…" so names with single spaces survive; the data is the
// rest of the line, so data with runs of spaces survives too.
const VALUE_LINE = /^ {4}(.*?) {4}(REG_[A-Z0-9_]+)(?: {4}(.*))?$/;
const KEY_LINE = /^HKEY_[A-Z_]+(\\.*)?$/;

export function parseRegQueryOutput(text: string): RegQueryParseResult {
  const keys: { path: string; values: RegValue[] }[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const [i, raw] of lines.entries()) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') continue;
    if (KEY_LINE.test(line)) {
      keys.push({ path: line.trimEnd(), values: [] });
      continue;
    }
    const m = VALUE_LINE.exec(line);
    const current = keys[keys.length - 1];
    if (!m || !current) return { ok: false, error: `reg query output line ${i + 1} is not a key or a value` };
    current.values.push({ name: m[1] as string, type: m[2] as string, data: (m[3] ?? '').trimEnd() });
  }
  return { ok: true, keys };
}

/** A REG_DWORD's printed data (`0x1f`) as a number; null when it is not one. */
export function regDword(data: string): number | null {
  return /^0x[0-9a-fA-F]{1,8}$/.test(data) ? Number.parseInt(data.slice(2), 16) : null;
}

/** A REG_MULTI_SZ's printed data as its items; empty items (the terminator, blank lines) are dropped. */
export function regMultiSz(data: string): string[] {
  return data
    .split('\\0')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
