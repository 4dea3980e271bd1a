/**
 * The compiled validators answer exactly as zod does. For every input schema of every route and
 * every record schema, fast-check feeds both the zod original and its compiled counterpart the
 * same values (values shaped by the schema, then broken: boundaries, wrong types, missing and
 * extra keys, `__proto__`, stray unicode; and anything at all) and asserts the same verdict: the
 * same output, key order included, or the same issues (code, path, message) in the same order.
 *
 * Reproduce a failure with the seed it prints: `EQUIVALENCE_SEED=<seed> npx vitest run ...`.
 */
import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import { RECORDS } from '#infra/validators/generate';
import * as records from '#shared/validators/compiled/records';
import { type Schema, safeParse } from '#shared/validators/schemas';

const SEED = Number(process.env.EQUIVALENCE_SEED ?? 20_261_127);
const RUNS = 400;

type AnySchema = z.core.$ZodType;
type Def = Record<string, unknown> & { type: string; checks?: { _zod: { def: Record<string, unknown> } }[] };
const defOf = (schema: AnySchema) => schema._zod.def as unknown as Def;

interface Verdict {
  data?: string;
  issues?: { code: string; path: PropertyKey[]; message: string; keys?: unknown }[];
}

/** zod's verdict, reduced to what an API client sees (and the output's key order). */
function zodVerdict(schema: AnySchema, value: unknown): Verdict {
  const result = (schema as z.ZodMiniType).safeParse(value);
  if (result.success) return { data: shown(result.data) };
  return {
    issues: result.error.issues.map((issue) => ({
      code: issue.code,
      path: issue.path,
      message: issue.message,
      ...(issue.code === 'unrecognized_keys' ? { keys: issue.keys } : {}),
    })),
  };
}

function compiledVerdict(schema: Schema, value: unknown): Verdict {
  const result = safeParse(schema, value);
  if (result.success) return { data: shown(result.data) };
  return {
    issues: result.issues.map((issue) => ({
      code: issue.code,
      path: issue.path,
      message: issue.message,
      ...(issue.code === 'unrecognized_keys' ? { keys: issue.keys } : {}),
    })),
  };
}

/** The output with its key order and its `undefined` values visible. */
const shown = (data: unknown) =>
  JSON.stringify(data, (_key, value) => (value === undefined ? '<undefined>' : value)) ?? '<undefined>';

// ---------------------------------------------------------------------------------------------
// Values shaped by a schema, and broken
// ---------------------------------------------------------------------------------------------

const anything = fc.anything({
  maxDepth: 2,
  withNullPrototype: true,
  withObjectString: true,
  withBigInt: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withSparseArray: true,
  withBoxedValues: true,
});
const stray = fc.oneof(
  anything,
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 2 ** 53, -(2 ** 53), 1e21, '', ' ', '\u{1F600}', null, []),
);
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'toString', 'prototype', 'extra'];

const checkDefs = (schema: AnySchema) => (defOf(schema).checks ?? []).map((check) => check._zod.def);
const checkValue = (schema: AnySchema, kind: string, field: string) =>
  checkDefs(schema).find((check) => check.check === kind)?.[field] as number | undefined;

function textArb(schema: AnySchema): fc.Arbitrary<string> {
  const def = defOf(schema);
  const patterns = [def, ...checkDefs(schema)]
    .map((check) => check.pattern)
    .filter((pattern): pattern is RegExp => pattern instanceof RegExp);
  const min = checkValue(schema, 'min_length', 'minimum') ?? 0;
  const max = checkValue(schema, 'max_length', 'maximum') ?? min + 20;
  const sized = fc.string({ minLength: Math.max(0, min - 1), maxLength: max + 2, unit: 'grapheme' });
  const padded = sized.map((text) => ` ${text}\t`);
  // Exactly at, just under and just over each bound, in one- and two-unit characters and blanks.
  const bounds = [min - 1, min, min + 1, max - 1, max, max + 1].filter((length) => length >= 0);
  const atBounds = fc
    .tuple(fc.constantFrom(...bounds), fc.constantFrom('a', '\u{1F600}', ' ', '\u00e9'))
    .map(([length, character]) => character.repeat(length));
  return fc.oneof(sized, padded, atBounds, ...patterns.map((pattern) => fc.stringMatching(pattern)));
}

function numberArb(schema: AnySchema): fc.Arbitrary<number> {
  const low = checkValue(schema, 'greater_than', 'value') ?? -1000;
  const high = checkValue(schema, 'less_than', 'value') ?? 1000;
  const step = checkValue(schema, 'multiple_of', 'value') ?? 1;
  const span = Math.max(1, Math.min(high - low, 10_000));
  return fc.oneof(
    fc.constantFrom(low, high, low - 1, high + 1, low - step, high + step, 0, 0.5, -0.5),
    fc.integer({ min: Math.floor(low - 2), max: Math.ceil(low + span + 2) }),
    fc.integer({ min: 0, max: Math.ceil(span / step) + 2 }).map((n) => low + n * step),
    fc.double({ min: low - 2, max: high + 2, noNaN: true }),
  );
}

function objectArb(schema: AnySchema, depth: number): fc.Arbitrary<unknown> {
  const shape = defOf(schema).shape as Record<string, AnySchema>;
  const fields = Object.fromEntries(
    Object.entries(shape).map(([key, field]) => [key, shapedArb(field, depth + 1)]),
  );
  const complete = fc.record(fields, { requiredKeys: Object.keys(shape) });
  const partial = fc.record(fields, { requiredKeys: [] });
  const extra = fc.tuple(complete, fc.constantFrom(...PROTOTYPE_KEYS), stray).map(([value, key, junk]) => {
    const copy = { ...(value as object) } as Record<string, unknown>;
    Object.defineProperty(copy, key, { value: junk, enumerable: true, configurable: true, writable: true });
    return copy;
  });
  return fc.oneof(
    { weight: 4, arbitrary: complete },
    { weight: 2, arbitrary: partial },
    { weight: 2, arbitrary: extra },
  );
}

/** Values shaped by `schema`, mostly close to valid, sometimes replaced by anything at all. */
function shapedArb(schema: AnySchema, depth = 0): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  const inner = (key: string) => shapedArb(def[key] as AnySchema, depth + 1);
  let shaped: fc.Arbitrary<unknown>;
  switch (def.type) {
    case 'lazy':
      return shapedArb((schema._zod as unknown as { innerType: AnySchema }).innerType, depth);
    case 'string':
      shaped = textArb(schema);
      break;
    case 'number':
      shaped = def.coerce ? fc.oneof(numberArb(schema).map(String), textArb(schema)) : numberArb(schema);
      break;
    case 'boolean':
      shaped = fc.boolean();
      break;
    case 'enum':
      shaped = fc.constantFrom(...Object.values(def.entries as object));
      break;
    case 'literal':
      shaped = fc.constantFrom(...(def.values as unknown[]));
      break;
    case 'array':
      shaped = depth > 4 ? fc.constant([]) : fc.array(inner('element'), { maxLength: 4 });
      break;
    case 'object':
      shaped = depth > 4 ? fc.constant({}) : objectArb(schema, depth);
      break;
    case 'optional':
    case 'default':
      shaped = fc.option(inner('innerType'), { nil: undefined, freq: 3 });
      break;
    case 'nullable':
      shaped = fc.option(inner('innerType'), { nil: null, freq: 3 });
      break;
    case 'pipe':
      shaped = fc.oneof(inner('in'), fc.constantFrom('2021', '2026', '2035', 'true', 'false'));
      break;
    case 'union':
      shaped = fc.oneof(...(def.options as AnySchema[]).map((option) => shapedArb(option, depth + 1)));
      break;
    default:
      shaped = fc.jsonValue();
  }
  return fc.oneof({ weight: 9, arbitrary: shaped }, { weight: 1, arbitrary: stray });
}

// ---------------------------------------------------------------------------------------------
// The pairs: every route input and every record, zod original beside compiled
// ---------------------------------------------------------------------------------------------

interface Pair {
  name: string;
  original: AnySchema;
  compiled: Schema;
}

const INPUTS = ['params', 'query', 'body'] as const;
const load = (specifier: string) => import(/* @vite-ignore */ specifier) as Promise<Record<string, unknown>>;
type AnyRoutes = readonly ({ operationId: string } & Partial<Record<(typeof INPUTS)[number], unknown>>)[];

async function routePairs(): Promise<Pair[]> {
  const pairs: Pair[] = [];
  const parts = readdirSync(new URL('../../../shared/routes', import.meta.url)).filter(
    (name) => name.endsWith('.ts') && name !== 'types.ts',
  );
  for (const file of parts) {
    const part = file.replace(/\.ts$/, '');
    const original = Object.values(await load(`#shared/routes/${part}`))[0] as AnyRoutes;
    const compiled = (
      Object.values(await load(`#shared/validators/compiled/routes/${part}`))[0] as {
        routes: AnyRoutes;
      }
    ).routes;
    for (const route of original) {
      const served = compiled.find((candidate) => candidate.operationId === route.operationId);
      for (const input of INPUTS) {
        if (!route[input]) continue;
        pairs.push({
          name: `${route.operationId} ${input}`,
          original: route[input] as AnySchema,
          compiled: served?.[input] as Schema,
        });
      }
    }
  }
  return pairs;
}

async function recordPairs(): Promise<Pair[]> {
  return Promise.all(
    Object.entries(records).map(async ([name, compiled]) => {
      const module = RECORDS[name];
      if (!module) throw new Error(`No zod original listed for the compiled record ${name}`);
      const original = (await load(module))[name] as AnySchema;
      return { name: `record ${name}`, original, compiled: compiled as Schema };
    }),
  );
}

const pairs = [...(await routePairs()), ...(await recordPairs())];

describe('compiled validators', () => {
  it('exist for every route input and every record', () => {
    expect(pairs.length).toBeGreaterThan(40);
    for (const pair of pairs) expect(pair.compiled, pair.name).toBeDefined();
  });

  it.each(pairs.map((pair) => [pair.name, pair] as const))('%s: the same verdict as zod', (_name, pair) => {
    fc.assert(
      fc.property(shapedArb(pair.original), (value) => {
        expect(compiledVerdict(pair.compiled, value)).toStrictEqual(zodVerdict(pair.original, value));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('reject as zod does what no schema expects at all', () => {
    fc.assert(
      fc.property(fc.constantFrom(...pairs), stray, (pair, value) => {
        expect(compiledVerdict(pair.compiled, value)).toStrictEqual(zodVerdict(pair.original, value));
      }),
      { seed: SEED, numRuns: 2_000 },
    );
  });
});
