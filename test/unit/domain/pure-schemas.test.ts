/**
 * Every lazy schema of the domain carries esbuild's pure mark, so that a function's bundle drops
 * the schemas it never refers to (shared/domain/common.ts says why): one unmarked schema in a
 * module keeps itself, and what it refers to, in every bundle importing that module.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DOMAIN = join(REPO_ROOT, 'shared', 'domain');

function sourcesUnder(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourcesUnder(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('domain schemas', () => {
  const sources = sourcesUnder(DOMAIN);

  it('are found', () => {
    expect(sources.length).toBeGreaterThan(10);
  });

  it.each(sources.map((path) => [path.slice(DOMAIN.length + 1), path]))(
    '%s marks every z.lazy as pure',
    (_name, path) => {
      const source = readFileSync(path, 'utf8');
      const lazies = source.match(/z\.lazy\(/g)?.length ?? 0;
      const marked = source.match(/\/\* @__PURE__ \*\/ z\.lazy\(/g)?.length ?? 0;
      expect(marked).toBe(lazies);
    },
  );
});
