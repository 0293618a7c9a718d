// `search.query` (docs/search.md): the query language runs in the core against the encrypted index.
import type { ApiHandlers } from '../../../shared/contract/client.js';
import type { SearchResult } from '../../../shared/domain/search.js';

export interface SearchDeps {
  /** Throws CodedError('INVALID_ARGUMENT') for an operator it cannot understand. */
  searchMessages(request: { query: string; limit: number; offset: number }): SearchResult;
}

export function createSearchHandlers(deps: SearchDeps): Pick<ApiHandlers, 'search.query'> {
  return {
    'search.query': ({ query, limit, offset }) => Promise.resolve(deps.searchMessages({ query, limit, offset })),
  };
}
