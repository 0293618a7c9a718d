// `raksa search`: the app's search (docs/search.md) from the command line. --json prints one array of every
// match (or the first N), newest first; `id` is what `raksa show` takes. The output is a stable interface.
import type { SearchHit } from '../../shared/domain/search.js';
import { SEARCH_MAX_LIMIT } from '../../shared/domain/search.js';
import type { CliCommand } from './command.js';
import { EXIT_FAILURE, EXIT_OK, UsageError } from './command.js';
import { PROFILE_FLAGS, unwrap, withProfile } from './withProfile.js';

export interface SearchJsonItem {
  id: number;
  accountId: number;
  folder: string;
  /** ISO 8601, UTC. */
  date: string;
  /** The sender's address, or null when the message has no From. */
  from: string | null;
  fromName: string | null;
  subject: string;
  unread: boolean;
  flagged: boolean;
  hasAttachments: boolean;
  cached: boolean;
  snippet: SearchHit['snippet'];
}

export const toSearchJson = (h: SearchHit): SearchJsonItem => ({
  id: h.id,
  accountId: h.accountId,
  folder: h.folderPath,
  date: new Date(h.date).toISOString(),
  from: h.from?.address ?? null,
  fromName: h.from?.name || null,
  subject: h.subject,
  unread: h.unread,
  flagged: h.flagged,
  hasAttachments: h.hasAttachments,
  cached: h.cached,
  snippet: h.snippet,
});

export const searchCommand: CliCommand = {
  summary: 'Search the local (encrypted) mail cache; works offline',
  usage: 'raksa search --profile DIR QUERY [--limit N] [--json]',
  positionals: { min: 1, max: 100, names: 'QUERY' },
  flags: [
    ...PROFILE_FLAGS,
    { name: 'limit', kind: 'string', valueName: 'N', description: 'only the first N matches (default: all)' },
  ],
  async run(args, io) {
    const rawLimit = args.value('limit');
    const limit = rawLimit === undefined ? Infinity : Number(rawLimit);
    if (rawLimit !== undefined && (!Number.isSafeInteger(limit) || limit < 1))
      throw new UsageError('--limit must be a positive whole number');
    const query = args.positionals.join(' ');
    const json = args.has('json');
    return withProfile(args, io, async (core) => {
      const hits: SearchHit[] = [];
      let total = 0;
      // Pages of at most the API's maximum until every match (or the first N) is in.
      for (let offset = 0; hits.length < limit; ) {
        const page = unwrap(
          await core.call('search.query', { query, offset, limit: Math.min(SEARCH_MAX_LIMIT, limit - hits.length) }),
          io,
          json,
        );
        if (!page) return EXIT_FAILURE;
        total = page.total;
        hits.push(...page.items);
        offset += page.items.length;
        if (page.items.length === 0 || offset >= page.total) break;
      }
      if (json) {
        io.stdout(`${JSON.stringify(hits.map(toSearchJson))}\n`);
        return EXIT_OK;
      }
      for (const h of hits) {
        const snippet = h.snippet ? `\t${h.snippet.text}` : '';
        io.stdout(
          `${h.id}\t${new Date(h.date).toISOString()}\t${h.folderPath}\t${h.unread ? '*' : ' '}\t${h.from?.address ?? ''}\t${h.subject}${snippet}\n`,
        );
      }
      io.stderr(`${hits.length} of ${total} matches\n`);
      return EXIT_OK;
    });
  },
};
