// Shapes of the search API (`search.query`, docs/search.md). A hit is a message summary plus where it lives
// and a snippet given as plain text with match ranges, never HTML: the UI draws the highlight itself, so
// no message text is ever interpreted as markup.
import { z } from 'zod';
import { MessageSummary } from './schemas.js';

export const SEARCH_DEFAULT_LIMIT = 100;
export const SEARCH_MAX_LIMIT = 1000;

export const SearchQueryArgs = z.strictObject({
  query: z.string().max(2000),
  limit: z.number().int().min(1).max(SEARCH_MAX_LIMIT).default(SEARCH_DEFAULT_LIMIT),
  offset: z.number().int().min(0).default(0),
});
export type SearchQueryArgs = z.input<typeof SearchQueryArgs>;

/** [start, end) offsets in UTF-16 code units of `text`. */
export const HighlightRange = z.tuple([z.number().int().min(0), z.number().int().min(0)]);

export const Snippet = z.strictObject({
  text: z.string(),
  highlights: z.array(HighlightRange),
});
export type Snippet = z.infer<typeof Snippet>;

export const SearchHit = MessageSummary.extend({
  folderPath: z.string(),
  snippet: Snippet.nullable(),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const SearchResult = z.strictObject({
  /** Every match, not only this page. */
  total: z.number().int(),
  /** Newest first. */
  items: z.array(SearchHit),
});
export type SearchResult = z.infer<typeof SearchResult>;
