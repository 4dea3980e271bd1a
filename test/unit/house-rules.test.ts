/**
 * Two rules of the house, checked over every source file rather than by a reviewer's eye.
 *
 * No speed figure in a comment. A comment says why; a measured duration goes stale the day the
 * code, a library or the machine changes, and the comment stays behind, stating it. Figures
 * belong in BENCHMARKS.md or a decision record (docs/adr/), which say when and how they were
 * measured. What is refused, in a comment: a number followed by ms, milliseconds, µs,
 * microseconds, ns or nanoseconds, and a fraction of a second written in seconds (nought point
 * something, then s or seconds). Whole seconds, minutes and hours are let through: in this code
 * they state rules the code keeps (the HTTP API's limit on an answer, a claim's lease, Lambda's
 * longest timeout, a pace of mails a second), which a test holds, not speeds a machine measured.
 * A rule kept in milliseconds is named by its constant, and the comment names the constant.
 * Constants and strings are code, not comments: `const WAIT_MS = [50, 100]` stays as it is.
 *
 * No path that climbs out of a folder into shared/ (`..` followed by `/shared`): read from the
 * repository's root it names a folder outside the repository. Code reaches shared/ by the
 * `#shared/*` imports of package.json, or by a path from the repository's root.
 *
 * No mention of the design documents that lived beside the checkout (API.md, DOMAIN.md,
 * DESIGN.md, CHINA-REGIONS.md named bare), in code or in Markdown: their content is in docs/
 * now, and a reader of a clone could follow no such pointer.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMMENT_STYLES, type CommentStyle, commentsOf } from '../support/source-comments';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The folders of the repository's own source, and the files at its root (the vitest config). */
const SOURCE_FOLDERS = [
  'shared',
  'functions',
  'infra',
  'bench',
  'test',
  'client/src',
  'client/scripts',
  'web',
];

/** A duration below a second, in a comment's text. */
const SPEED_FIGURE =
  /(?<![\w.])(?:\d[\d,]*(?:\.\d+)?\s*(?:ms|milliseconds?|µs|μs|microseconds?|ns|nanoseconds?)|0?\.\d+\s*(?:s|secs?|seconds?))(?!\w)/;

/** A path through the parent of a folder named shared (written so that this file holds none). */
const PARENT_SHARED = new RegExp(['\\.\\.', 'shared'].join('/'));

/** One of those documents named without a folder of ours before it (docs/api.md is ours). */
const OUTSIDE_DOCUMENT = /(?<![\w/.-])(?:API|DOMAIN|DESIGN|CHINA-REGIONS)\.md(?!\w)/;

const SKIPPED = new Set(['node_modules', 'cdk.out']);

function filesUnder(
  directory: string,
  recursive = true,
  wanted = (name: string) => extname(name) in COMMENT_STYLES,
): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith('.') || SKIPPED.has(entry.name)) return [];
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return recursive ? filesUnder(path, true, wanted) : [];
    return entry.isFile() && wanted(entry.name) ? [path] : [];
  });
}

/** `file:line: text` of every line of `files` that `pattern` finds. */
function linesMatching(files: readonly string[], pattern: RegExp): string[] {
  return files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((text, index) =>
        pattern.test(text) ? [`${relative(REPO_ROOT, file)}:${index + 1}: ${text.trim()}`] : [],
      ),
  );
}

const sources = [
  ...filesUnder(REPO_ROOT, false),
  ...SOURCE_FOLDERS.flatMap((folder) => filesUnder(join(REPO_ROOT, folder))),
];

/** `file:line: text` of every comment line in `files` whose text `pattern` finds. */
function commentsMatching(files: readonly string[], pattern: RegExp): string[] {
  return files.flatMap((file) =>
    commentsOf(readFileSync(file, 'utf8'), COMMENT_STYLES[extname(file)] ?? 'c')
      .filter((comment) => pattern.test(comment.text))
      .map((comment) => `${relative(REPO_ROOT, file)}:${comment.line}: ${comment.text.trim()}`),
  );
}

describe('comments', () => {
  it('are found in every source folder', () => {
    for (const folder of SOURCE_FOLDERS)
      expect(
        sources.some((file) => relative(REPO_ROOT, file).startsWith(`${folder}/`)),
        folder,
      ).toBe(true);
    expect(sources.length).toBeGreaterThan(300);
  });

  it('carry no speed figure: measures go to BENCHMARKS.md or docs/adr/', () => {
    expect(commentsMatching(sources, SPEED_FIGURE)).toEqual([]);
  });
});

describe('paths', () => {
  it('never reach shared/ through a parent folder', () => {
    const files = filesUnder(REPO_ROOT);
    expect(files.length).toBeGreaterThan(sources.length / 2);
    expect(linesMatching(files, PARENT_SHARED)).toEqual([]);
  });

  it('never name the design documents a clone does not have', () => {
    const files = filesUnder(
      REPO_ROOT,
      true,
      (name) => extname(name) in COMMENT_STYLES || extname(name) === '.md',
    );
    expect(files.filter((file) => extname(file) === '.md').length).toBeGreaterThan(20);
    // This file names them to describe the rule.
    const others = files.filter((file) => file !== fileURLToPath(import.meta.url));
    expect(linesMatching(others, OUTSIDE_DOCUMENT)).toEqual([]);
  });

  it('tell a design document outside the repository from ours', () => {
    expect(OUTSIDE_DOCUMENT.test('the one error shape of API.md')).toBe(true);
    expect(OUTSIDE_DOCUMENT.test('(DOMAIN.md: apply, review)')).toBe(true);
    expect(OUTSIDE_DOCUMENT.test('see docs/api.md and docs/domain-rules.md')).toBe(false);
  });
});

describe('the rules themselves', () => {
  const figures = (source: string, style: CommentStyle = 'c') =>
    commentsOf(source, style)
      .filter((comment) => SPEED_FIGURE.test(comment.text))
      .map((comment) => comment.line);

  it('find a figure in a line comment, a block comment and a trailing comment', () => {
    const source = [
      '// about 2 ms of every cold start',
      '/**',
      ' * The map costs 12ms to parse, and',
      ' * a step takes 0.3 s.',
      ' */',
      'const x = 1; // 5 milliseconds, 40 µs, 300 ns',
      '/* 1,200 ms */ const y = 2;',
    ].join('\n');
    expect(figures(source)).toEqual([1, 3, 4, 6, 7]);
  });

  it('let rules in whole seconds, constants and strings through', () => {
    const source = [
      '// A claim is held for a 60 s lease, well inside the HTTP API limit of 30 seconds.',
      '// Lambda runs a job for up to 15 minutes; ten mails a second.',
      'const WAIT_MS = [50, 100];',
      "const label = 'every 200 ms // not a comment';",
      'const text = `took 5 ms /* still a string */`;',
      '// FIRST_BACKOFF_MS doubles up to maxBackoffMs; 3 msgs; 12 items',
    ].join('\n');
    expect(figures(source)).toEqual([]);
  });

  it('read HTML and shell comments', () => {
    expect(figures('<p>5 ms</p>\n<!-- about\n 3 ms -->\n<p>4 ms</p>', 'html')).toEqual([3]);
    expect(figures('sleep 1 # wait 500 ms\necho "# 5 ms"\n# 0.5 seconds', 'shell')).toEqual([1, 3]);
  });

  it('find a parent path into shared/ however deep', () => {
    expect(PARENT_SHARED.test(["import x from '..", '..', "shared/x'"].join('/'))).toBe(true);
    expect(PARENT_SHARED.test("new URL('shared/routes.ts', REPO_ROOT)")).toBe(false);
    expect(PARENT_SHARED.test("'#shared/http/logger'")).toBe(false);
  });
});
