// A small, strict argument parser: every flag must be declared by the verb, so a typo such as
// "--bbc" is a usage error instead of a silently dropped recipient.
import { UsageError, type FlagSpec } from './command.js';

export interface ParsedArgs {
  readonly positionals: readonly string[];
  /** The value of a single-valued string flag, or undefined when absent. */
  value(name: string): string | undefined;
  /** Every value of a string flag, in command-line order. */
  values(name: string): readonly string[];
  /** Whether a boolean flag was given. */
  has(name: string): boolean;
}

/** Parses `argv` (the words after the verb) against the verb's flag specs; throws UsageError. */
export function parseArgs(argv: readonly string[], specs: readonly FlagSpec[]): ParsedArgs {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const strings = new Map<string, string[]>();
  const booleans = new Set<string>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] as string;
    if (word === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!word.startsWith('-') || word === '-') {
      positionals.push(word);
      continue;
    }
    if (!word.startsWith('--')) throw new UsageError(`unknown option ${word}`);
    const eq = word.indexOf('=');
    const name = eq === -1 ? word.slice(2) : word.slice(2, eq);
    const spec = byName.get(name);
    if (!spec) throw new UsageError(`unknown option --${name}`);
    if (spec.kind === 'boolean') {
      if (eq !== -1) throw new UsageError(`--${name} takes no value`);
      booleans.add(name);
      continue;
    }
    let value: string | undefined;
    if (eq !== -1) {
      value = word.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      // A following "--flag" means the value was forgotten; use --to=--odd@example.org for such a value.
      if (next === undefined || next.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      value = next;
      i++;
    }
    if (value === '') throw new UsageError(`--${name} needs a non-empty value`);
    const list = strings.get(name) ?? [];
    if (list.length > 0 && !spec.repeatable) throw new UsageError(`--${name} may be given only once`);
    list.push(value);
    strings.set(name, list);
  }
  return {
    positionals,
    value: (name) => strings.get(name)?.[0],
    values: (name) => strings.get(name) ?? [],
    has: (name) => booleans.has(name),
  };
}

/** Help text for a verb's flags, one per line. */
export function describeFlags(specs: readonly FlagSpec[]): string {
  const rows = specs.map((s) => {
    const left = `--${s.name}${s.kind === 'string' ? ` ${s.valueName ?? 'VALUE'}` : ''}`;
    return [left, `${s.description}${s.repeatable ? ' (repeatable)' : ''}`] as const;
  });
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`).join('\n');
}
