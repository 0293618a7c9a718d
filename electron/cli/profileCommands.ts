// Verbs that need a profile and the core worker. main.ts merges this record into its dispatch table.
import { accountAdd } from './accountCommands.js';
import type { CliCommand } from './command.js';
import { listCommand, showCommand } from './showCommands.js';
import { syncCommand } from './syncCommand.js';

export const profileCommands: Record<string, CliCommand> = {
  'account add': accountAdd,
  sync: syncCommand,
  list: listCommand,
  show: showCommand,
};
