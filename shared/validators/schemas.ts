/**
 * The validators the compiled schemas (`#shared/validators/routes/*`, `records`) are built from:
 * one per zod schema type our schemas use, each a small function with zod's semantics, so a
 * Lambda judges its input exactly as zod would without carrying zod (about 35 KB to compile and
 * 60 classes to make on every cold start). test/unit/validators holds them to zod.
 */
import type { Check } from './checks';
import {
  aborted,
  INVALID_INPUT,
  type Issue,
  invalidType,
  invalidValue,
  type Payload,
  unrecognizedKeys,
} from './issues';

/** How a schema treats an absent key (zod's `optin`/`optout`). */
type Absence = { optin?: 'optional' | 'defaulted' | undefined; optout?: 'optional' | undefined };

export interface Schema<Output = unknown> extends Absence {
  run(payload: Payload): Payload;
  /**
   * The type of a valid value, for TypeScript only (never set). A method, so that the compiled
   * code can give a schema built from untyped parts the type its zod original declares.
   */
  output?(value: Output): void;
}

/** A schema's own test followed by its checks, stopping as zod stops. */
function withChecks(
  parse: (payload: Payload) => Payload,
  checks: readonly Check[],
  absence: Absence = {},
): Schema {
  if (checks.length === 0) return { run: parse, ...absence };
  return {
    ...absence,
    run(payload) {
      const result = parse(payload);
      let stopped = aborted(result);
      for (const check of checks) {
        if (check.when ? !check.when(result) : stopped) continue;
        const before = result.issues.length;
        check.run(result);
        if (!stopped && result.issues.length !== before) stopped = aborted(result, before);
      }
      return result;
    },
  };
}

const typeTest = (expected: string, accepts: (value: unknown) => boolean) => (payload: Payload) => {
  if (!accepts(payload.value)) {
    payload.issues.push({ code: 'invalid_type', path: [], message: invalidType(expected, payload.value) });
  }
  return payload;
};

export const string = (checks: readonly Check[] = []) =>
  withChecks(
    typeTest('string', (value) => typeof value === 'string'),
    checks,
  ) as Schema<string>;

const numberTest = typeTest('number', (value) => typeof value === 'number' && Number.isFinite(value));

export const number = (checks: readonly Check[] = [], coerce = false) =>
  withChecks(
    coerce
      ? (payload) => {
          try {
            payload.value = Number(payload.value);
          } catch {
            // zod keeps a value Number() cannot take (a symbol) and reports its type instead.
          }
          return numberTest(payload);
        }
      : numberTest,
    checks,
  ) as Schema<number>;

export const boolean = (checks: readonly Check[] = []) =>
  withChecks(
    typeTest('boolean', (value) => typeof value === 'boolean'),
    checks,
  ) as Schema<boolean>;

export const unknown = (checks: readonly Check[] = []) => withChecks((payload) => payload, checks);

export const never = () =>
  withChecks(
    typeTest('never', () => false),
    [],
  ) as Schema<never>;

/** `z.enum` and `z.literal`: one of a fixed list of values. */
export const oneOf = <const T>(values: readonly T[], checks: readonly Check[] = []) => {
  const allowed = new Set<unknown>(values);
  return withChecks((payload) => {
    if (!allowed.has(payload.value)) {
      payload.issues.push({ code: 'invalid_value', path: [], message: invalidValue(values) });
    }
    return payload;
  }, checks) as Schema<T>;
};

const notAnArray = typeTest('array', () => false);
const notAnObject = typeTest('object', () => false);

const prefixed = (key: string | number, issues: Issue[]) => {
  for (const issue of issues) issue.path.unshift(key);
  return issues;
};

export const array = <T>(element: Schema<T>, checks: readonly Check[] = []) =>
  withChecks((payload) => {
    const input = payload.value;
    if (!Array.isArray(input)) return notAnArray(payload);
    const items: unknown[] = new Array(input.length);
    payload.value = items;
    for (let i = 0; i < input.length; i++) {
      const result = element.run({ value: input[i], issues: [] });
      if (result.issues.length) payload.issues.push(...prefixed(i, result.issues));
      items[i] = result.value;
    }
    return payload;
  }, checks) as Schema<T[]>;

/** What an object does with keys its shape does not name: drop them, refuse them, or keep them. */
export type UnknownKeys = 'strip' | 'strict' | 'loose';

/** One key's result into the object being built (zod's `handlePropertyResult`). */
function putProperty(result: Payload, into: Payload, key: string, input: object, field: Absence): void {
  const present = key in input;
  const optionalOut = field.optout === 'optional';
  if (!present && optionalOut && field.optin === 'optional') return;
  if (result.issues.length) {
    if (field.optin !== undefined && optionalOut && !present) return;
    into.issues.push(...prefixed(key, result.issues));
  }
  const output = into.value as Record<string, unknown>;
  if (!present && field.optin === undefined) {
    if (!result.issues.length) {
      into.issues.push({
        code: 'invalid_type',
        path: [key],
        message: invalidType('nonoptional', undefined),
      });
    }
    return;
  }
  if (result.value === undefined) {
    if (present || (field.optin === 'defaulted' && !optionalOut)) output[key] = undefined;
  } else {
    output[key] = result.value;
  }
}

export const object = <T>(
  shape: { [K in keyof T]: Schema<T[K]> },
  unknownKeys: UnknownKeys,
  checks: readonly Check[] = [],
) => {
  const fields = Object.entries(shape) as [string, Schema][];
  const known = new Set(fields.map(([key]) => key));
  return withChecks((payload) => {
    const input = payload.value;
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      return notAnObject(payload);
    }
    payload.value = {};
    const record = input as Record<string, unknown>;
    for (const [key, field] of fields) {
      putProperty(field.run({ value: record[key], issues: [] }), payload, key, input, field);
    }
    if (unknownKeys === 'strip') return payload;
    const unrecognized: string[] = [];
    for (const key in input) {
      if (known.has(key)) continue;
      if (unknownKeys === 'strict') unrecognized.push(key);
      // An own `__proto__` key is never copied: assigning it would replace the result's prototype.
      else if (key !== '__proto__') putProperty({ value: record[key], issues: [] }, payload, key, input, {});
    }
    if (unrecognized.length) {
      // Describes the input's shape, not the value: the object's own checks still run.
      payload.issues.push({
        code: 'unrecognized_keys',
        path: [],
        keys: unrecognized,
        message: unrecognizedKeys(unrecognized),
        continue: true,
      });
    }
    return payload;
  }, checks) as Schema<T>;
};

export const optional = <T>(inner: Schema<T>, checks: readonly Check[] = []) =>
  withChecks(
    (payload) => {
      if (payload.value !== undefined) return inner.run(payload);
      if (inner.optin !== 'defaulted') return payload;
      const result = inner.run({ value: undefined, issues: [] });
      payload.value = result.issues.length ? undefined : result.value;
      return payload;
    },
    checks,
    { optin: inner.optin === 'defaulted' ? 'defaulted' : 'optional', optout: 'optional' },
  ) as Schema<T | undefined>;

export const nullable = <T>(inner: Schema<T>, checks: readonly Check[] = []) =>
  withChecks((payload) => (payload.value === null ? payload : inner.run(payload)), checks, {
    optin: inner.optin,
    optout: inner.optout,
  }) as Schema<T | null>;

/** `z._default`: an absent value becomes `fallback()` (a fresh copy each time) and is not checked. */
export const withDefault = <T>(inner: Schema<T>, fallback: () => T, checks: readonly Check[] = []) =>
  withChecks(
    (payload) => {
      if (payload.value === undefined) {
        payload.value = fallback();
        return payload;
      }
      const result = inner.run(payload);
      if (result.value === undefined) result.value = fallback();
      return result;
    },
    checks,
    { optin: 'defaulted' },
  ) as Schema<T>;

/** `z.pipe`: the second schema judges what the first made, unless the first found a fault. */
export const pipe = <T>(first: Schema, second: Schema<T>, checks: readonly Check[] = []) =>
  withChecks(
    (payload) => {
      const left = first.run(payload);
      if (left.issues.some((issue) => issue.code !== 'unrecognized_keys')) {
        left.aborted = true;
        return left;
      }
      return second.run({ value: left.value, issues: left.issues });
    },
    checks,
    { optin: first.optin, optout: second.optout },
  ) as Schema<T>;

export const transform = <T>(change: (value: never) => T, checks: readonly Check[] = []) =>
  withChecks(
    (payload) => {
      payload.value = change(payload.value as never);
      return payload;
    },
    checks,
    { optin: 'optional' },
  ) as Schema<T>;

/** `z.union`: the first option that accepts the value wins. */
export const union = <T>(options: readonly Schema<T>[], checks: readonly Check[] = []) =>
  withChecks(
    (payload) => {
      // One option is that option, as in zod (it sees the payload's earlier issues too).
      if (options.length === 1 && options[0]) return options[0].run(payload);
      const results: Payload[] = [];
      for (const option of options) {
        const result = option.run({ value: payload.value, issues: [] });
        if (result.issues.length === 0) return result;
        results.push(result);
      }
      const unstopped = results.filter((result) => !aborted(result));
      if (unstopped.length === 1 && unstopped[0]) {
        payload.value = unstopped[0].value;
        return unstopped[0];
      }
      payload.issues.push({ code: 'invalid_union', path: [], message: INVALID_INPUT });
      return payload;
    },
    checks,
    {
      optin: options.some((option) => option.optin === 'defaulted')
        ? 'defaulted'
        : options.some((option) => option.optin !== undefined)
          ? 'optional'
          : undefined,
      optout: options.some((option) => option.optout === 'optional') ? 'optional' : undefined,
    },
  ) as Schema<T>;

export type SafeResult<T> = { success: true; data: T } | { success: false; issues: Issue[] };

export function safeParse<T>(schema: Schema<T>, value: unknown): SafeResult<T> {
  const result = schema.run({ value, issues: [] });
  return result.issues.length === 0
    ? { success: true, data: result.value as T }
    : { success: false, issues: result.issues };
}

/** A value the program wrote itself (a stored item) that does not fit its schema: our fault. */
export class InvalidRecordError extends Error {
  constructor(readonly issues: readonly Issue[]) {
    super(
      `A stored record does not fit its schema: ${issues
        .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
        .join('; ')}`,
    );
    this.name = 'InvalidRecordError';
  }
}

/** The value as its schema makes it, or an InvalidRecordError. */
export function parse<T>(schema: Schema<T>, value: unknown): T {
  const result = safeParse(schema, value);
  if (!result.success) throw new InvalidRecordError(result.issues);
  return result.data;
}
