// Verbs that need a profile and the core worker. main.ts merges this record into its dispatch table.
import { accountAdd } from './accountCommands.js';
import { accountEdit, accountList, accountRemove } from './accountManageCommands.js';
import { auditExport, auditVerify } from './auditCommands.js';
import type { CliCommand } from './command.js';
import { policyShowCommand } from './policyShowCommand.js';
import { searchCommand } from './searchCommand.js';
import { sendCommand } from './sendCommand.js';
import { listCommand, showCommand } from './showCommands.js';
import { syncCommand } from './syncCommand.js';
import { folderCreate, folderDelete, folderList, folderRename } from './folderCommands.js';
import {
  attachmentSaveCommand,
  profileCheckCommand,
  profilePassphraseCommand,
  profileRecoverCommand,
} from './profileLifecycleCommands.js';

export const profileCommands: Record<string, CliCommand> = {
  'account add': accountAdd,
  'account list': accountList,
  'account edit': accountEdit,
  'account remove': accountRemove,
  sync: syncCommand,
  'folder list': folderList,
  'folder create': folderCreate,
  'folder rename': folderRename,
  'folder delete': folderDelete,
  list: listCommand,
  show: showCommand,
  search: searchCommand,
  send: sendCommand,
  'audit export': auditExport,
  'audit verify': auditVerify,
  'policy show': policyShowCommand,
  'profile passphrase': profilePassphraseCommand,
  'profile recover': profileRecoverCommand,
  'profile check': profileCheckCommand,
  'attachment save': attachmentSaveCommand,
};
