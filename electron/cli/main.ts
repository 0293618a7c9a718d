// Entry point of the `raksa` CLI (DESIGN §1). bin/raksa.mjs calls main() with the real process I/O;
// tests call it in-process with a fake CliIo. Verbs are looked up by their words ("policy check").
import { describeFlags, parseArgs } from './args.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError, type CliCommand, type CliIo } from './command.js';
import { policyCommands } from './policyCommands.js';
import { profileCommands } from './profileCommands.js';

export type { CliCommand, CliIo, FlagSpec } from './command.js';
export type { ParsedArgs } from './args.js';

/** Every verb: the policy verbs here, plus the profile verbs from the extension point. */
export const COMMANDS: Readonly<Record<string, CliCommand>> = { ...policyCommands, ...profileCommands };

const HELP_FLAGS = new Set(['--help', '-h']);

const globalHelp = (commands: Readonly<Record<string, CliCommand>>): string => {
  const names = Object.keys(commands).sort();
  const width = Math.max(0, ...names.map((n) => n.length));
  const lines = names.map((n) => `  raksa ${n.padEnd(width)}  ${commands[n]?.summary ?? ''}`);
  return `Raksa Mail command line\n\nUsage: raksa COMMAND [options]\n\nCommands:\n${lines.join('\n')}\n\nRun "raksa COMMAND --help" for the options of one command.\n`;
};

const commandHelp = (cmd: CliCommand): string =>
  `${cmd.summary}\n\nUsage: ${cmd.usage}\n${cmd.flags.length ? `\nOptions:\n${describeFlags(cmd.flags)}\n` : ''}`;

/** Finds the longest run of leading words that names a verb ("policy check" before "policy"). */
const resolve = (
  argv: readonly string[],
  commands: Readonly<Record<string, CliCommand>>,
): { name: string; cmd: CliCommand; rest: readonly string[] } | undefined => {
  for (let n = Math.min(3, argv.length); n >= 1; n--) {
    const name = argv.slice(0, n).join(' ');
    const cmd = Object.hasOwn(commands, name) ? commands[name] : undefined;
    if (cmd) return { name, cmd, rest: argv.slice(n) };
  }
  return undefined;
};

export async function main(
  argv: readonly string[],
  io: CliIo,
  commands: Readonly<Record<string, CliCommand>> = COMMANDS,
): Promise<number> {
  const first = argv[0];
  if (first === undefined) {
    io.stderr(globalHelp(commands));
    return EXIT_USAGE;
  }
  if (HELP_FLAGS.has(first) || first === 'help') {
    const target = resolve(argv.slice(1), commands);
    io.stdout(target ? commandHelp(target.cmd) : globalHelp(commands));
    return EXIT_OK;
  }
  const found = resolve(argv, commands);
  if (!found) {
    const group = Object.keys(commands).filter((n) => n.startsWith(`${first} `));
    const what = group.length ? `unknown ${first} command "${argv[1] ?? ''}"` : `unknown command "${first}"`;
    io.stderr(
      `raksa: ${what}\n\n${globalHelp(group.length ? Object.fromEntries(group.map((g) => [g, commands[g] as CliCommand])) : commands)}`,
    );
    return EXIT_USAGE;
  }
  const { cmd, rest } = found;
  const optionWords = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  if (optionWords.some((w) => HELP_FLAGS.has(w))) {
    io.stdout(commandHelp(cmd));
    return EXIT_OK;
  }
  try {
    const args = parseArgs(rest, cmd.flags);
    const { min, max, names } = cmd.positionals;
    if (args.positionals.length < min) throw new UsageError(`missing ${names ?? 'argument'}`);
    if (args.positionals.length > max) throw new UsageError(`unexpected argument "${args.positionals[max]}"`);
    return await cmd.run(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`raksa: ${e.message}\nUsage: ${cmd.usage}\n`);
      return EXIT_USAGE;
    }
    io.stderr(`raksa: ${found.name} failed: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_FAILURE;
  }
}
