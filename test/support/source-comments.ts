/**
 * The comments of a source file, found line by line without a parser (the house has none for
 * every language it keeps: TypeScript, JavaScript, Java, CSS, HTML, shell). What counts:
 *
 * - `c` (TypeScript, JavaScript, Java, CSS): from `//` to the end of the line, and from `/*` to
 *   the next `*\/`, across lines; an opener inside a quoted string on its line (`'`, `"` or a
 *   backtick) is text, not a comment. CSS written inside a template literal (a page's styles) is
 *   read as CSS: its `/*` comments count.
 * - `html`: from `<!--` to the next `-->`, across lines.
 * - `shell`: from a `#` at the start of a word to the end of the line.
 *
 * A quote inside a regular expression literal may hide a comment later on the same line: a miss,
 * never a comment found where there is none.
 */

export type CommentStyle = 'c' | 'html' | 'shell';

export interface SourceComment {
  /** 1-based. */
  line: number;
  text: string;
}

/** How files are commented, by their extension. */
export const COMMENT_STYLES: Readonly<Record<string, CommentStyle>> = {
  '.ts': 'c',
  '.js': 'c',
  '.mjs': 'c',
  '.cjs': 'c',
  '.java': 'c',
  '.css': 'c',
  '.html': 'html',
  '.sh': 'shell',
};

type Opening = { at: number; length: number; closer?: string };

/** Where a comment opens in `code` (the rest of a line outside any comment), if it does. */
function openingOf(code: string, style: CommentStyle): Opening | undefined {
  if (style === 'html') {
    const at = code.indexOf('<!--');
    return at < 0 ? undefined : { at, length: 4, closer: '-->' };
  }
  let quote: string | undefined;
  for (let at = 0; at < code.length; at++) {
    const char = code[at] as string;
    if (quote) {
      if (char === '\\') at++;
      else if (char === quote) quote = undefined;
      continue;
    }
    if (char === "'" || char === '"' || char === '`') quote = char;
    else if (style === 'shell') {
      if (char === '#' && (at === 0 || /\s/.test(code[at - 1] as string))) return { at, length: 1 };
    } else if (char === '/' && code[at + 1] === '/') return { at, length: 2 };
    else if (char === '/' && code[at + 1] === '*') return { at, length: 2, closer: '*/' };
  }
  return undefined;
}

export function commentsOf(source: string, style: CommentStyle): SourceComment[] {
  const comments: SourceComment[] = [];
  let closer: string | undefined;
  for (const [index, content] of source.split(/\r?\n/).entries()) {
    const line = index + 1;
    let rest = content;
    while (rest.length > 0) {
      if (closer) {
        const end = rest.indexOf(closer);
        comments.push({ line, text: end < 0 ? rest : rest.slice(0, end) });
        if (end < 0) break;
        rest = rest.slice(end + closer.length);
        closer = undefined;
        continue;
      }
      const opening = openingOf(rest, style);
      if (!opening) break;
      rest = rest.slice(opening.at + opening.length);
      if (opening.closer) closer = opening.closer;
      else {
        comments.push({ line, text: rest });
        break;
      }
    }
  }
  return comments;
}
