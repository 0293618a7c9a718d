// Answers `search.query`: parse, compile to SQL, page newest first, and attach snippets. Read-only; it
// shares the core's single database connection, so results always reflect committed sync batches.
import { CodedError } from '../../../shared/contract/result.js';
import type { SearchHit, SearchResult } from '../../../shared/domain/search.js';
import { parseQuery } from '../../../shared/search/parseQuery.js';
import type { SqliteDatabase } from '../store/openDatabase.js';
import { toMessageSummary, type MessageRow } from '../store/rows.js';
import { compileQuery, localStartOfDay, type CompileOptions, type SqlValue } from './compileQuery.js';
import type { SearchDocRow } from './indexText.js';
import { ShortThaiTerms } from './shortThaiTerms.js';
import { SnippetMaker } from './snippet.js';

const COLUMNS = `m.id, f.account_id, m.folder_id, m.uid, m.message_id, m.date, m.from_name, m.from_addr,
  m.subject, m.seen, m.flagged, m.size, m.has_attachments, m.cached, f.path AS folder_path`;

interface HitRow extends MessageRow {
  folder_path: string;
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
    const where = compiled.where.length > 0 ? `WHERE ${compiled.where.join(' AND ')}` : '';
    const from = `FROM messages m JOIN folders f ON f.id = m.folder_id ${where}`;
    const params: SqlValue[] = [...compiled.params];

    // One read transaction: the count and the page see the same snapshot even while sync commits.
    const { total, rows } = this.db.transaction(() => ({
      total: this.db.prepare<SqlValue[], number>(`SELECT count(*) ${from}`).pluck().get(...params) ?? 0,
      rows: this.db
        .prepare<SqlValue[], HitRow>(`SELECT ${COLUMNS} ${from} ORDER BY m.date DESC, m.uid DESC, m.id DESC LIMIT ? OFFSET ?`)
        .all(...params, limit, offset),
    }))();

    const docs = this.loadDocs(rows.map((r) => r.id));
    const items: SearchHit[] = rows.map((r) => ({
      ...toMessageSummary(r),
      folderPath: r.folder_path,
      snippet: this.snippetFor(docs.get(r.id), compiled.highlight),
    }));
    return { total, items };
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
