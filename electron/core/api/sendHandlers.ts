// The sending methods of the API contract (send.*, outbox.*), merged into createHandlers with one line.
// Every send goes through the SendGate: there is no other path from here to the outbox.
import type { ApiHandlers } from '../../../shared/contract/client.js';
import type { OutboxStore } from '../send/outboxStore.js';
import { toOutboxItem } from '../send/outboxStore.js';
import type { OutboxRunner } from '../send/outboxRunner.js';
import type { SendGate } from '../send/sendGate.js';

export interface SendHandlerDeps {
  readonly sendGate: SendGate;
  readonly outboxRunner: OutboxRunner;
  readonly outboxStore: OutboxStore;
}

type SendMethods = 'send.preview' | 'send.submit' | 'outbox.list' | 'outbox.cancel' | 'outbox.resolve' | 'outbox.toDraft';

export function createSendHandlers(deps: SendHandlerDeps): Pick<ApiHandlers, SendMethods> {
  return {
    'send.preview': (input) => Promise.resolve(deps.sendGate.preview(input)),
    'send.submit': (args) => deps.sendGate.submit(args),
    'outbox.list': ({ accountId, includeDone }) =>
      Promise.resolve(
        deps.outboxStore.list({ ...(accountId === undefined ? {} : { accountId }), includeDone }).map(toOutboxItem),
      ),
    'outbox.cancel': ({ id }) => {
      deps.outboxRunner.cancel(id);
      return Promise.resolve(null);
    },
    'outbox.resolve': ({ id, action }) => {
      deps.outboxRunner.resolve(id, action);
      return Promise.resolve(null);
    },
    'outbox.toDraft': ({ id }) => Promise.resolve(deps.outboxRunner.toDraft(id)),
  };
}
