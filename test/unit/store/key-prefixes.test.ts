/**
 * Each key prefix (`ORG#`, `SESSION#`, `YEAR#`...) is spelled by one module: the store module that
 * owns the partition exports its key builder, and every other module, tests included, calls it. A
 * prefix spelled in two places is two places to change, and the one forgotten reads nothing and
 * writes beside the data.
 *
 * A prefix is an upper-case word and `#` where a key begins: at the start of a string literal, or
 * of a template literal's text at its start or right after an interpolation (`ORG#${id}`,
 * `${prefix}ACTOR#`). The words after it (`PLAN#HOST#`, `ANNUAL_REPORT#DEPT#`) name a partition
 * of the prefix's owner and are its own. The literals come from swc's parse, so comments, which
 * describe keys freely, are not read.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parseSync } from '@swc/core';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const SCANNED = ['shared', 'functions', 'infra', 'bench', 'test'];
const SKIPPED = new Set(['node_modules', 'cdk.out', 'artifacts']);

/** Where a key's partition may be spelled: the store, or scratch data of a benchmark or test alone. */
const OWNERS = ['shared/store/', 'bench/', 'test/'];

function* sourceFiles(folder: string): Generator<string> {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || SKIPPED.has(entry.name)) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) yield path;
  }
}

const KEY_START = /^([A-Z][A-Z0-9_]*#)/;

/** The key prefixes a module's string and template literals begin with. */
function prefixesIn(source: string): Set<string> {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const { type, value, cooked, raw } = node as Record<string, unknown>;
    const text = type === 'StringLiteral' ? value : type === 'TemplateElement' ? (cooked ?? raw) : undefined;
    const prefix = typeof text === 'string' ? KEY_START.exec(text)?.[1] : undefined;
    if (prefix) found.add(prefix);
    for (const child of Object.values(node)) if (child !== null && typeof child === 'object') visit(child);
  };
  visit(parseSync(source, { syntax: 'typescript' }));
  return found;
}

/** Each prefix and the modules (paths from the repository's root) that spell it. */
function spellings(): Map<string, string[]> {
  const modules = new Map<string, string[]>();
  for (const folder of SCANNED) {
    for (const file of sourceFiles(join(ROOT, folder))) {
      // This file names prefixes to test the reading itself.
      if (file === import.meta.filename) continue;
      const module = relative(ROOT, file).split(sep).join('/');
      for (const prefix of prefixesIn(readFileSync(file, 'utf8'))) {
        modules.set(prefix, [...(modules.get(prefix) ?? []), module]);
      }
    }
  }
  return modules;
}

describe('key prefixes', () => {
  const modules = spellings();

  it('are found where keys begin, and not in comments or prose', () => {
    const source = [
      '// pk = NOTE#<id> is how a comment names a key',
      `const a = { pk: \`ORG#\${id}\`, sk: 'PROFILE', gsi1pk: \`\${base}ACTOR#\${actor}\` };`,
      `const b = \`SESSION#PLAN#\${planId}\`; const c = 'DUE#'; const d = 'the ROSTER#<id> index';`,
    ].join('\n');
    expect([...prefixesIn(source)].sort()).toEqual(['ACTOR#', 'DUE#', 'ORG#', 'SESSION#']);
  });

  it('are read from the stores', () => {
    expect(modules.get('ORG#')).toContain('shared/store/organizations.ts');
    expect(modules.get('REG#')).toContain('shared/store/registrations.ts');
  });

  it('are each spelled by one module', () => {
    const twice = [...modules]
      .filter(([, spelledIn]) => spelledIn.length > 1)
      .map(([prefix, spelledIn]) => `${prefix} in ${spelledIn.join(' and ')}`);
    expect(twice).toEqual([]);
  });

  it('of what the system stores are spelled in the store', () => {
    const elsewhere = [...modules]
      .filter(([, spelledIn]) =>
        spelledIn.some((module) => !OWNERS.some((owner) => module.startsWith(owner))),
      )
      .map(([prefix, spelledIn]) => `${prefix} in ${spelledIn.join(' and ')}`);
    expect(elsewhere).toEqual([]);
  });
});
