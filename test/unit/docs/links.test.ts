/**
 * The docs stay a front door a newcomer can walk through: README.md short enough to read, every
 * relative link of the docs leading to a file of the repository (and, into a Markdown file, to one
 * of its headings), and no Markdown file pointing at the design documents outside the repository
 * (the folder `shared` beside the checkout), which a clone does not have.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = process.cwd();
const README_MAX_LINES = 220;
/** The path into the folder beside the checkout, spelled so this file does not contain it. */
const BESIDE_THE_CHECKOUT = ['..', 'shared', ''].join('/');

/** Folders no Markdown of ours lives in. */
const NOT_OURS = new Set([
  'node_modules',
  '.git',
  'cdk.out',
  '.data',
  'coverage',
  'artifacts',
  '.bench-data',
]);

function markdownUnder(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return NOT_OURS.has(entry.name) ? [] : markdownUnder(path);
    return entry.name.endsWith('.md') ? [path] : [];
  });
}

/** The docs whose links are checked. */
const LINKED_DOCS = [
  'README.md',
  'CONTRIBUTING.md',
  'client/README.md',
  'web/README.md',
  ...markdownUnder('docs'),
];

/** The text outside fenced code blocks and inline code, where a link is a link. */
const prose = (markdown: string) => markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');

/** Targets of inline links `[text](target)` and images, with the title dropped. */
function linkTargets(markdown: string): string[] {
  return [...prose(markdown).matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map(
    (match) => match[1] as string,
  );
}

/** GitHub's anchors for the headings of a Markdown file. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, heading] of markdown.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
    const slug = (heading as string)
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** What is wrong with one link of `file`, or undefined when it leads somewhere real. */
function brokenLink(file: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined; // https:, mailto: ...
  const [path = '', anchor] = target.split('#');
  const destination = path === '' ? join(ROOT, file) : resolve(ROOT, dirname(file), decodeURI(path));
  if (!existsSync(destination)) return `${file}: ${target} (no such file)`;
  if (relative(ROOT, destination).startsWith('..')) return `${file}: ${target} (outside the repository)`;
  if (anchor && statSync(destination).isFile() && destination.endsWith('.md')) {
    if (!anchorsOf(readFileSync(destination, 'utf8')).has(anchor))
      return `${file}: ${target} (no such heading)`;
  }
  return undefined;
}

describe('the docs', () => {
  it(`keep README.md at most ${README_MAX_LINES} lines`, () => {
    const lines = readFileSync(join(ROOT, 'README.md'), 'utf8').trimEnd().split('\n').length;
    expect(lines, 'move detail to docs/ and link it').toBeLessThanOrEqual(README_MAX_LINES);
  });

  it('link only to files of the repository, and to headings that exist', () => {
    let links = 0;
    const broken: string[] = [];
    for (const file of LINKED_DOCS) {
      for (const target of linkTargets(readFileSync(join(ROOT, file), 'utf8'))) {
        links++;
        const problem = brokenLink(file, target);
        if (problem) broken.push(problem);
      }
    }
    expect(links).toBeGreaterThan(30);
    expect(broken).toEqual([]);
  });

  it('never point at the design documents outside the repository', () => {
    const files = markdownUnder('.');
    expect(files).toContain('README.md');
    const outside = files.filter((file) =>
      readFileSync(join(ROOT, file), 'utf8').includes(BESIDE_THE_CHECKOUT),
    );
    expect(outside).toEqual([]);
  });
});

describe('the link checker', () => {
  it('finds links outside code, and knows the headings GitHub makes anchors of', () => {
    expect(
      linkTargets('See [a](docs/a.md#x) and `[b](no.md)`, ![c](img.png "t").\n```\n[d](e.md)\n```'),
    ).toEqual(['docs/a.md#x', 'img.png']);
    expect([
      ...anchorsOf('# What it costs\n## A ceiling, under a flood\n## `npm start` & co.\n## Notes\n## Notes'),
    ]).toEqual(['what-it-costs', 'a-ceiling-under-a-flood', 'npm-start--co', 'notes', 'notes-1']);
  });

  it('refuses a missing file, a missing heading and a way out of the repository', () => {
    expect(brokenLink('README.md', 'docs/none.md')).toContain('no such file');
    expect(brokenLink('README.md', 'docs/cost.md#nowhere')).toContain('no such heading');
    expect(brokenLink('docs/api.md', '../../etc/hostname')).toBeDefined();
    expect(brokenLink('README.md', 'docs/cost.md#a-ceiling-under-a-flood')).toBeUndefined();
    expect(brokenLink('README.md', 'https://example.com/x')).toBeUndefined();
  });
});
