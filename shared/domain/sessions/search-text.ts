/**
 * How a search is read, for the catalogue's query schema (./schemas.ts) and the store that matches
 * titles (shared/store/sessions.ts): apart from the catalogue, which works on the schemas' types.
 */

/** The longest search a request may send (titles are at most 200 characters). */
export const SEARCH_MAX_LENGTH = 50;

/**
 * The form titles and searches are compared in: compatibility forms folded (NFKC: full-width
 * `ＡＩ` is `AI`, a full-width space a space), runs of white space made one space, the ends
 * trimmed, and letters in lower case, so `ai`, `AI` and `ＡＩ` all find 「AI赋能研修班」. Chinese
 * characters have no case and stay as they are.
 */
export const searchText = (text: string): string =>
  text.normalize('NFKC').replace(/\s+/gu, ' ').trim().toLowerCase();
