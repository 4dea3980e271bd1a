/**
 * README.md's configuration table names every environment variable the system reads: those of
 * the one module that reads `process.env` for the handlers (shared/config/env.ts) and those of the
 * local runtime (infra/local/), found where they are read, so a variable added there and not to
 * the README fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLAIM_VARIABLES } from '#shared/config/env';

/** `env.NAME`, `env['NAME']`, `text(env, 'NAME')` and the like, `portFrom('NAME')`. */
const READS = [
  /env\.([A-Z][A-Z0-9_]*)/g,
  /env\[\s*'([A-Z][A-Z0-9_]*)'/g,
  /\(\s*env\s*,\s*'([A-Z][A-Z0-9_]*)'/g,
  /portFrom\(\s*'([A-Z][A-Z0-9_]*)'/g,
];

function variablesReadIn(files: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    for (const pattern of READS) for (const [, name] of source.matchAll(pattern)) names.add(name as string);
  }
  return names;
}

const localRuntime = readdirSync('infra/local')
  .filter((name) => name.endsWith('.ts'))
  .map((name) => join('infra/local', name));

describe('README.md', () => {
  const readme = readFileSync('README.md', 'utf8');

  it('names every environment variable the system reads', () => {
    const names = variablesReadIn(['shared/config/env.ts', ...localRuntime]);
    for (const name of Object.values(CLAIM_VARIABLES)) names.add(name);
    // Sanity: the finder sees both the handlers' and the local runtime's variables.
    expect(names).toContain('CREDIT_REQUIRED_HOURS');
    expect(names).toContain('DYNAMODB_PORT');
    expect(names.size).toBeGreaterThan(40);
    expect([...names].filter((name) => !readme.includes(`\`${name}\``))).toEqual([]);
    // The tables' variables are one family, named by their prefix.
    expect(readme).toContain('`TABLE_*`');
  });
});
