// The shape every `raksa` verb implements. I/O is injected so tests run verbs in-process with fakes,
// and so no verb reaches for process.* directly.
import type { ParsedArgs } from './args.js';

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Reads a UTF-8 text file; relative paths are relative to the working directory. */
  readFile(path: string): Promise<string>;
}

export interface FlagSpec {
  /** Long name without dashes: "to" for --to. */
  readonly name: string;
  readonly kind: 'string' | 'boolean';
  /** A string flag that may be given several times (--to A --to B). */
  readonly repeatable?: boolean;
  /** Shown in help: "--to ADDRESS". */
  readonly valueName?: string;
  readonly description: string;
}

export interface CliCommand {
  /** One line for the command list. */
  readonly summary: string;
  /** The synopsis, e.g. "raksa policy validate FILE [--json]". */
  readonly usage: string;
  readonly flags: readonly FlagSpec[];
  /** How many positional arguments the verb takes, inclusive; checked before run(). */
  readonly positionals: { readonly min: number; readonly max: number; readonly names?: string };
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}

/** Exit codes: 0 success, 1 the operation failed, 2 the command line or an input file is invalid. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Thrown by a verb (or the argument parser) for a bad command line; main prints it with the usage, exit 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
