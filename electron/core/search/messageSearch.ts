// Answers `search.query`: parse, compile to SQL, page newest first, and attach snippets. Read-only; it
// shares the core's single database connection, so results always reflect committed sync batches.
import { CodedError } from '../../../shared/contract/result.js';
import type { SearchHit, SearchResult } from '../../../shared/domain/search.js';
import { parseQuery } from '../../../shared/search/parseQuery.js';
import type { SqliteDatabase } from '../store/openDatabase.js';
import { toMessageSummary, type MessageRow } from '../store/rows.js';
import { compileQuery, localStartOfDay, type CompileOptions, type CompiledQuery, type SqlValue } from './compileQuery.js';
import type { SearchDocRow } from './indexText.js';
import { ShortThaiTerms } from './shortThaiTerms.js';
import { SnippetMaker } from './snippet.js';

const COLUMNS = `m.id, f.account_id, m.folder_id, m.uid, m.message_id, m.date, m.from_name, m.from_addr,
  m.subject, m.seen, m.flagged, m.size, m.has_attachments, m.cached, f.path AS folder_path`;

interface HitRow extends MessageRow {
  folder_path: string;
}

/** What a count reads: the folders only when a condition needs them (every message has its folder). */
const countedFrom = (c: CompiledQuery): string =>
  c.usesFolder ? 'messages m JOIN folders f ON f.id = m.folder_id' : 'messages m';

interface Page {
  readonly total: number;
  readonly rows: readonly HitRow[];
}

export interface SearchRequest {
  readonly query: string;
  readonly limit: number;
  readonly offset: number;
}

export class MessageSearch {
  private readonly snippets = new SnippetMaker();

  private readonly options: CompileOptions;

  constructor(
    private readonly db: SqliteDatabase,
    options: CompileOptions = { startOfDay: localStartOfDay },
  ) {
    // 1–2 character Thai terms: trigram vocabulary + column tails instead of a LIKE scan (shortThaiTerms.ts).
    const shortTerms = new ShortThaiTerms(db);
    this.options = { shortTerm: (term) => shortTerms.expand(term), ...options };
  }

  search({ query, limit, offset }: SearchRequest): SearchResult {
    const parsed = parseQuery(query);
    if (parsed.problems.length > 0) {
      throw new CodedError('INVALID_ARGUMENT', parsed.problems.map((p) => `${p.token}: ${p.message}`).join('; '));
    }
    const compiled = compileQuery(parsed, this.options);
    // One read transaction: the total and the page see the same snapshot even while sync commits.
    const { total, rows } = this.db.transaction(() =>
      compiled.idSets.length > 0 ? this.textPage(compiled, limit, offset) : this.listingPage(compiled, limit, offset),
    )();

    const docs = this.loadDocs(rows.map((r) => r.id));
    const items: SearchHit[] = rows.map((r) => ({
      ...toMessageSummary(r),
      folderPath: r.folder_path,
      snippet: this.snippetFor(docs.get(r.id), compiled.highlight),
    }));
    return { total, items };
  }

  /** Only conditions on the message rows (in:, is:, dates, from:ADDRESS): the planner's indexes serve both. */
  private listingPage(c: CompiledQuery, limit: number, offset: number): Page {
    const where = c.where.length > 0 ? `WHERE ${c.where.join(' AND ')}` : '';
    return {
      total: this.db.prepare<SqlValue[], number>(`SELECT count(*) FROM ${countedFrom(c)} ${where}`).pluck().get(...c.params) ?? 0,
      rows: this.db
        .prepare<SqlValue[], HitRow>(
          `SELECT ${COLUMNS} FROM messages m JOIN folders f ON f.id = m.folder_id ${where}
           ORDER BY m.date DESC, m.uid DESC, m.id DESC LIMIT ? OFFSET ?`,
        )
        .all(...c.params, limit, offset),
    };
  }

  /**
   * Text terms. Their id sets are evaluated once per query, into a materialized `hits` table; the page walks
   * messages newest first (messages_date) and stops after limit + offset members of hits. Without this, a word
   * in 40,000 messages cost the index match twice (count, then page) and 40,000 row lookups and a sort for a
   * 50-row page. A text-only query counts its total from hits alone: the sets hold only ids of existing
   * messages, each once (compileQuery.ts). The walk reads the index, not the rows, so even a rare word costs
   * at most one pass over that index (~5 ms at 100,000 messages; the probes use a Bloom filter).
   */
  private textPage(c: CompiledQuery, limit: number, offset: number): Page {
    const [first, ...more] = c.idSets;
    if (!first) throw new Error('textPage needs an id set');
    const hits = `WITH hits(id) AS MATERIALIZED (SELECT id FROM (${first.sql})${
      more.length > 0 ? ` WHERE ${more.map((s) => `id IN (${s.sql})`).join(' AND ')}` : ''
    })`;
    const hitParams = c.idSets.flatMap((s) => s.params);
    const cond = ['m.id IN hits', ...c.where].join(' AND ');
    const [countSql, countParams] =
      c.where.length === 0 ? ['SELECT count(*) FROM hits', []] : [`SELECT count(*) FROM ${countedFrom(c)} WHERE ${cond}`, c.params];
    const rows = this.db
      .prepare<SqlValue[], HitRow & { total: number }>(
        `${hits} SELECT (${countSql}) AS total, ${COLUMNS}
         FROM messages m INDEXED BY messages_date JOIN folders f ON f.id = m.folder_id
         WHERE ${cond} ORDER BY m.date DESC, m.uid DESC, m.id DESC LIMIT ? OFFSET ?`,
      )
      .all(...hitParams, ...countParams, ...c.params, limit, offset);
    const total =
      rows[0]?.total ??
      (offset === 0 ? 0 : (this.db.prepare<SqlValue[], number>(`${hits} ${countSql}`).pluck().get(...hitParams, ...countParams) ?? 0));
    return { total, rows };
  }

  private loadDocs(ids: readonly number[]): Map<number, SearchDocRow> {
    if (ids.length === 0) return new Map();
    const rows = this.db
      .prepare<number[], SearchDocRow>(
        `SELECT message_id, subject, sender, recipients, body, attachments FROM search_docs
         WHERE message_id IN (${ids.map(() => '?').join(', ')})`,
      )
      .all(...ids);
    return new Map(rows.map((d) => [d.message_id, d]));
  }

  private snippetFor(doc: SearchDocRow | undefined, patterns: readonly RegExp[]): SearchHit['snippet'] {
    if (!doc) return null;
    if (patterns.length === 0) return this.snippets.preview(doc.body);
    for (const text of [doc.body, doc.subject, doc.attachments, doc.sender, doc.recipients]) {
      const s = text ? this.snippets.around(text, patterns) : null;
      if (s) return s;
    }
    return this.snippets.preview(doc.body);
  }
}
