// DOM ids shared by the search box and the results list (focus moves between them with the arrow keys).
export const SEARCH_INPUT_ID = 'search-input';
export const SEARCH_LIST_ID = 'search-results-list';
