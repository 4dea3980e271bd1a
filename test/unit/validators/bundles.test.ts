/**
 * No function that answers requests carries zod: each validates with its compiled route part and
 * reads records with compiled schemas. One value import of a schema module (or of a module that
 * imports one) would bring zod back into the bundle, and about 3 ms into every cold start; this
 * bundles each handler as the house bundling does and names the chain that did it.
 */
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { FUNCTIONS, type FunctionName } from '#shared/functions';
import { ROUTES, type RouteDef } from '#shared/routes';

/** The OpenAPI document is generated from the zod schemas, so the meta function keeps zod. */
const KEEPS_ZOD = new Set<FunctionName>(['meta']);

const served = [
  ...new Set(
    (ROUTES as readonly RouteDef[]).filter((route) => !route.localOnly).map((route) => route.function),
  ),
].filter((name) => !KEEPS_ZOD.has(name));

/** The shortest import chain from the entry to the first zod file, for the failure message. */
function chainToZod(meta: Metafile, entry: string): string[] {
  const previous = new Map<string, string>([[entry, '']]);
  const queue = [entry];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    if (file.includes('node_modules/zod/')) {
      const chain: string[] = [];
      for (let step: string | undefined = file; step; step = previous.get(step)) chain.unshift(step);
      return chain;
    }
    for (const imported of meta.inputs[file]?.imports ?? []) {
      if (previous.has(imported.path)) continue;
      previous.set(imported.path, file);
      queue.push(imported.path);
    }
  }
  return [];
}

describe('request-serving bundles', () => {
  it('are found in the route table', () => {
    expect(served).toEqual(expect.arrayContaining(['sessions', 'registrations', 'trainees', 'verification']));
  });

  it.each(served)('%s carries no zod', async (name) => {
    const result = await build({
      entryPoints: [FUNCTIONS[name].entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const chain = chainToZod(result.metafile, FUNCTIONS[name].entry).join('\n  -> ');
    expect(chain, `zod reached ${name} through:\n  ${chain}`).toBe('');
  });
});
