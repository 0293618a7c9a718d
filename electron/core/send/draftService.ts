// Drafts (issue 5 §1): saved locally at once (the encrypted database is the copy that matters), then
// uploaded to the server's Drafts folder replacing the previous server copy. Work on one draft is
// serialized, so a save racing an upload or a delete can neither leave two server copies nor resurrect a
// deleted draft; a copy that could not be removed (offline) is remembered and removed on a later upload.
import { randomUUID } from 'node:crypto';
import { CodedError, isCodedError } from '../../../shared/contract/result.js';
import type { ComposeInputParsed } from '../../../shared/domain/compose.js';
import type { Draft, DraftItem } from '../../../shared/domain/composeSupport.js';
import type { Classification } from '../../../shared/policy/types.js';
import type { AccountWithSecret } from '../store/mailStore.js';
import { newMessageId } from './buildMessage.js';
import { buildDraftMessage, type DraftServer } from './draftServer.js';
import { toDraftItem, type DraftStore, type ServerCopy } from './draftStore.js';

export interface DraftServiceDeps {
  readonly store: DraftStore;
  readonly server: DraftServer;
  getAccount(accountId: number): AccountWithSecret | null;
  /** drafts.changed */
  changed(accountId: number): void;
  /** The outbox message turned back into a draft (OutboxRunner.toDraft). */
  outboxToDraft(outboxId: number): ComposeInputParsed;
  readonly now?: () => number;
  readonly uuid?: () => string;
}

export interface DraftSaveRequest {
  readonly id?: number;
  readonly compose: ComposeInputParsed;
  readonly originalClassification: Classification | null;
  readonly upload: boolean;
}

const errorOf = (e: unknown): { code: string; message: string } =>
  isCodedError(e) ? { code: e.code, message: e.message } : { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };

export class DraftService {
  private readonly chains = new Map<number, Promise<void>>();
  private readonly now: () => number;

  constructor(private readonly deps: DraftServiceDeps) {
    this.now = deps.now ?? Date.now;
  }

  list(accountId?: number): DraftItem[] {
    return this.deps.store.list(accountId).map(toDraftItem);
  }

  get(id: number): Draft {
    const d = this.deps.store.get(id);
    if (!d) throw new CodedError('NOT_FOUND', `No draft ${id}.`);
    return { item: toDraftItem(d), compose: d.compose, originalClassification: d.originalClassification };
  }

  async save(req: DraftSaveRequest): Promise<DraftItem> {
    if (!this.deps.getAccount(req.compose.accountId)) throw new CodedError('NOT_FOUND', `No account ${req.compose.accountId}.`);
    const saved = this.deps.store.save(req.id, req.compose, req.originalClassification);
    this.deps.changed(saved.accountId);
    if (req.upload) await this.serially(saved.id, () => this.upload(saved.id));
    const now = this.deps.store.get(saved.id);
    return toDraftItem(now ?? saved);
  }

  async delete(id: number): Promise<void> {
    const removed = this.deps.store.remove(id);
    if (!removed) throw new CodedError('NOT_FOUND', `No draft ${id}.`);
    this.deps.changed(removed.accountId);
    const copy = removed.server;
    if (copy) await this.serially(id, () => this.removeFromServer(removed.accountId, [copy]));
  }

  /**
   * A message of the account's Drafts folder (drafts.fromMessage) as a local draft whose server copy is that
   * message: nothing is uploaded until it is changed, and its next upload replaces exactly that message, as for
   * any draft. Opening the same message again gives the same draft.
   */
  adopt(compose: ComposeInputParsed, copy: ServerCopy): DraftItem {
    const accountId = compose.accountId;
    if (!this.deps.getAccount(accountId)) throw new CodedError('NOT_FOUND', `No account ${accountId}.`);
    const existing = this.deps.store.findByServerCopy(accountId, copy);
    if (existing) return toDraftItem(existing);
    const pending = this.deps.store.pendingDeletes(accountId);
    if (pending.some((p) => p.path === copy.path && p.uidValidity === copy.uidValidity && p.uid === copy.uid)) {
      // An old copy of a draft saved since, waiting to be removed from the server.
      throw new CodedError('NOT_FOUND', 'This copy of the draft was replaced by a newer version; open that one instead.');
    }
    const saved = this.deps.store.save(undefined, compose, null);
    this.deps.store.markUploaded(saved.id, copy, saved.updatedAt);
    this.deps.changed(accountId);
    return toDraftItem(this.deps.store.get(saved.id) ?? saved);
  }

  /** outbox.toDraft, saved as a new draft (locally and on the server). */
  fromOutbox(outboxId: number): Promise<DraftItem> {
    const compose = this.deps.outboxToDraft(outboxId);
    return this.save({ compose, originalClassification: null, upload: true });
  }

  /** Waits for every upload and delete in flight (closing the core, tests). */
  async idle(): Promise<void> {
    await Promise.all([...this.chains.values()]);
  }

  private serially(id: number, work: () => Promise<void>): Promise<void> {
    const next = (this.chains.get(id) ?? Promise.resolve()).then(work, work);
    this.chains.set(id, next);
    void next.finally(() => {
      if (this.chains.get(id) === next) this.chains.delete(id);
    });
    return next;
  }

  private async upload(id: number): Promise<void> {
    const draft = this.deps.store.get(id);
    if (!draft || (!draft.dirty && draft.server)) return;
    const account = this.deps.getAccount(draft.accountId);
    if (!account) return;
    const startedAt = this.now();
    const messageId = newMessageId(account.email, this.deps.uuid?.() ?? randomUUID());
    const obsolete: ServerCopy[] = [...(draft.server ? [draft.server] : []), ...this.deps.store.pendingDeletes(account.id)];
    try {
      const raw = await buildDraftMessage(draft.compose, { name: account.displayName, address: account.email }, messageId, new Date(startedAt));
      const outcome = await this.deps.server.replace(account, raw, messageId, obsolete);
      this.settlePending(account.id, outcome.removed, outcome.failed);
      if (this.deps.store.get(id)) {
        this.deps.store.markUploaded(id, outcome.copy, startedAt);
      } else {
        // Deleted while uploading: the copy just appended must not outlive it.
        await this.removeFromServer(account.id, [outcome.copy]);
      }
    } catch (e) {
      if (this.deps.store.get(id)) this.deps.store.markUploadFailed(id, errorOf(e));
    }
    this.deps.changed(account.id);
  }

  private async removeFromServer(accountId: number, copies: readonly ServerCopy[]): Promise<void> {
    const account = this.deps.getAccount(accountId);
    if (!account) return;
    try {
      await this.deps.server.remove(account, copies);
    } catch {
      for (const c of copies) this.deps.store.addPendingDelete(accountId, c);
    }
  }

  private settlePending(accountId: number, removed: readonly ServerCopy[], failed: readonly ServerCopy[]): void {
    const same = (a: ServerCopy, b: ServerCopy) => a.path === b.path && a.uid === b.uid && a.uidValidity === b.uidValidity;
    for (const p of this.deps.store.pendingDeletes(accountId)) {
      if (removed.some((r) => same(r, p))) this.deps.store.donePendingDelete(p.id);
    }
    for (const f of failed) this.deps.store.addPendingDelete(accountId, f);
  }
}
