// The FAKE bridge's sending side (send, outbox, compose, drafts, contacts, signatures): canned, in-memory
// answers for screenshots of the compose UI. Part of fakeBridge.ts, split out to keep files small.
import type { EventName, MethodArgs, MethodResult } from '../../shared/contract/api.js';
import type { ComposeInput, OutboxItem } from '../../shared/domain/compose.js';
import type { Draft } from '../../shared/domain/composeSupport.js';
import type { MessageSummary } from '../../shared/domain/schemas.js';
import { SENDERS } from './fakeData.js';
import { fail, ok, type FakeHandlers } from './fakeWire.js';

export type FakeComposeMethods =
  | 'send.preview'
  | 'send.submit'
  | 'outbox.list'
  | 'outbox.cancel'
  | 'outbox.resolve'
  | 'outbox.toDraft'
  | 'compose.prepare'
  | 'compose.pendingMailto'
  | 'drafts.list'
  | 'drafts.get'
  | 'drafts.save'
  | 'drafts.delete'
  | 'drafts.fromOutbox'
  | 'drafts.fromMessage'
  | 'contacts.suggest'
  | 'settings.getSignature'
  | 'settings.setSignature';

export interface FakeComposeDeps {
  later: (event: EventName, payload: unknown) => void;
  findMessage: (id: number) => MessageSummary | null;
  defaultAccountId: number;
}

export function fakeComposeHandlers(deps: FakeComposeDeps): Pick<FakeHandlers, FakeComposeMethods> {
  const { later, findMessage } = deps;
  const outbox: OutboxItem[] = [];
  const drafts: Draft[] = [];
  const signatures = new Map<number, string>();
  const composeOf = (a: MethodArgs<'send.preview'>): MethodResult<'outbox.toDraft'> => ({
    accountId: a.accountId,
    to: a.to ?? [],
    cc: a.cc ?? [],
    bcc: a.bcc ?? [],
    subject: a.subject ?? '',
    text: a.text ?? '',
    attachments: [],
    references: [],
    classification: a.classification ?? 'none',
    urgency: a.urgency ?? 'none',
  });

  return {
    'send.preview': (a) =>
      ok({
        verdict: 'allow',
        classification: a.classification ?? 'none',
        recipients: { verdict: 'allow', recipients: [] },
        attachments: [],
        subject: a.subject ?? '',
      }),
    'send.submit': (a) => {
      const item: OutboxItem = {
        id: outbox.length + 1,
        accountId: a.accountId,
        messageId: `<outbox-${outbox.length + 1}@fake.invalid>`,
        state: 'queued',
        subject: a.subject ?? '',
        to: a.to ?? [],
        cc: a.cc ?? [],
        bcc: a.bcc ?? [],
        classification: a.classification ?? 'none',
        urgency: a.urgency ?? 'none',
        attachments: a.attachments?.length ?? 0,
        createdAt: Date.now(),
        updatedAt: Date.now(),
        attempts: 0,
        nextAttemptAt: null,
        lastError: null,
        rejected: [],
      };
      outbox.push(item);
      later('outbox.changed', { id: item.id, accountId: item.accountId, state: item.state });
      return ok({ outboxId: item.id, messageId: item.messageId });
    },
    'outbox.list': ({ accountId }) =>
      ok(outbox.filter((o) => accountId === undefined || o.accountId === accountId)),
    'outbox.cancel': ({ id }) => {
      const item = outbox.find((o) => o.id === id);
      if (!item) return fail('NOT_FOUND', 'no outbox message');
      item.state = 'cancelled';
      return ok(null);
    },
    'outbox.resolve': ({ id, action }) => {
      const item = outbox.find((o) => o.id === id);
      if (!item) return fail('NOT_FOUND', 'no outbox message');
      item.state = action === 'send' ? 'queued' : 'cancelled';
      return ok(null);
    },
    'outbox.toDraft': ({ id }) => {
      const item = outbox.find((o) => o.id === id);
      if (!item) return fail('NOT_FOUND', 'no outbox message');
      const draft: ComposeInput = {
        accountId: item.accountId,
        to: item.to,
        cc: item.cc,
        bcc: item.bcc,
        subject: item.subject,
      };
      return ok(composeOf(draft));
    },
    'compose.prepare': ({ mode, messageId }) => {
      const original = messageId === undefined ? null : findMessage(messageId);
      if (mode !== 'new' && !original) return fail('NOT_FOUND', 'no message');
      const subject = !original
        ? ''
        : mode.startsWith('forward')
          ? `Fwd: ${original.subject}`
          : `Re: ${original.subject}`;
      const to = original && mode.startsWith('reply') && original.from ? [original.from.address] : [];
      return ok({
        compose: composeOf({ accountId: original?.accountId ?? deps.defaultAccountId, to, subject }),
        originalClassification: original ? 'none' : null,
      });
    },
    'compose.pendingMailto': () => ok(null),
    'drafts.list': ({ accountId }) =>
      ok(drafts.filter((d) => accountId === undefined || d.item.accountId === accountId).map((d) => d.item)),
    'drafts.get': ({ id }) => {
      const draft = drafts.find((d) => d.item.id === id);
      return draft ? ok(draft) : fail('NOT_FOUND', 'no draft');
    },
    'drafts.save': ({ id, compose, originalClassification = null }) => {
      const existing = id === undefined ? undefined : drafts.find((d) => d.item.id === id);
      if (id !== undefined && !existing) return fail('NOT_FOUND', 'no draft');
      const full = composeOf(compose);
      const item = {
        id: existing?.item.id ?? drafts.length + 1,
        accountId: full.accountId,
        subject: full.subject,
        to: full.to,
        classification: full.classification,
        urgency: full.urgency,
        attachments: full.attachments.length,
        createdAt: existing?.item.createdAt ?? Date.now(),
        updatedAt: Date.now(),
        onServer: true,
        serverError: null,
      };
      const draft: Draft = { item, compose: full, originalClassification };
      if (existing) drafts[drafts.indexOf(existing)] = draft;
      else drafts.push(draft);
      later('drafts.changed', { accountId: item.accountId });
      return ok(item);
    },
    'drafts.delete': ({ id }) => {
      const i = drafts.findIndex((d) => d.item.id === id);
      if (i === -1) return fail('NOT_FOUND', 'no draft');
      const [gone] = drafts.splice(i, 1);
      if (gone) later('drafts.changed', { accountId: gone.item.accountId });
      return ok(null);
    },
    'drafts.fromOutbox': ({ id }) => {
      const item = outbox.find((o) => o.id === id);
      if (!item) return fail('NOT_FOUND', 'no outbox message');
      item.state = 'cancelled';
      const compose = composeOf({
        accountId: item.accountId,
        to: item.to,
        cc: item.cc,
        bcc: item.bcc,
        subject: item.subject,
      });
      const draftItem = {
        id: drafts.length + 1,
        accountId: item.accountId,
        subject: item.subject,
        to: item.to,
        classification: item.classification,
        urgency: item.urgency,
        attachments: 0,
        createdAt: Date.now(),
        updatedAt: Date.now(),
        onServer: false,
        serverError: null,
      };
      drafts.push({ item: draftItem, compose, originalClassification: null });
      return ok(draftItem);
    },
    'drafts.fromMessage': ({ messageId }) => {
      const m = findMessage(messageId);
      if (!m) return fail('NOT_FOUND', 'no message');
      const compose = composeOf({ accountId: m.accountId, to: [], cc: [], bcc: [], subject: m.subject });
      const now = Date.now();
      const draftItem = {
        id: drafts.length + 1, accountId: m.accountId, subject: m.subject, to: compose.to, classification: 'none' as const,
        urgency: 'none' as const, attachments: 0, createdAt: now, updatedAt: now, onServer: true, serverError: null,
      };
      drafts.push({ item: draftItem, compose, originalClassification: null });
      return ok(draftItem);
    },
    'contacts.suggest': ({ prefix, limit = 8 }) => {
      const p = prefix.toLowerCase();
      const seen = SENDERS.filter((x) => x.address.startsWith(p) || x.name.toLowerCase().includes(p));
      return ok(seen.slice(0, limit).map((x, i) => ({ name: x.name, address: x.address, count: 20 - i })));
    },
    'settings.getSignature': ({ accountId }) => ok(signatures.get(accountId) ?? ''),
    'settings.setSignature': ({ accountId, signature }) => {
      signatures.set(accountId, signature);
      return ok(null);
    },
  };
}
