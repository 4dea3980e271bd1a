/**
 * The checks a compiled validator runs after its type test, one per zod check our schemas use,
 * with zod's semantics: a check runs only while no earlier issue has stopped the schema, except
 * the length checks, which run on anything with a length unless an issue stopped them outright.
 * `message` is the schema author's wording; without it the issue gets zod's English one.
 */
import {
  explicitlyAborted,
  INVALID_INPUT,
  type IssuePath,
  invalidFormat,
  invalidType,
  notMultipleOf,
  type Payload,
  tooBig,
  tooSmall,
} from './issues';

export interface Check {
  /** A check with its own condition runs even after an issue, when the condition holds. */
  when?: (payload: Payload) => boolean;
  run(payload: Payload): void;
}

/** zod's condition for length checks: a value that has a length. */
const hasLength = (payload: Payload) => {
  const value = payload.value as { length?: unknown } | null | undefined;
  return value !== null && value !== undefined && value.length !== undefined;
};

const lengthOrigin = (value: unknown) =>
  Array.isArray(value) ? 'array' : typeof value === 'string' ? 'string' : 'unknown';

/** Characters as zod counts them: Unicode code points, so an emoji is one. */
function codePoints(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    if ((text.charCodeAt(i) & 0xfc00) === 0xd800 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      count--;
      i++;
    }
  }
  return count;
}

const lengthOf = (value: unknown) =>
  typeof value === 'string' ? codePoints(value) : ((value as { length: number }).length as number);

export const minLength = (minimum: number, message?: string): Check => ({
  when: (payload) => !explicitlyAborted(payload) && hasLength(payload),
  run(payload) {
    const value = payload.value;
    if (lengthOf(value) >= minimum) return;
    payload.issues.push({
      code: 'too_small',
      path: [],
      message: message ?? tooSmall(lengthOrigin(value), minimum, true),
      continue: true,
    });
  },
});

export const maxLength = (maximum: number, message?: string): Check => ({
  when: (payload) => !explicitlyAborted(payload) && hasLength(payload),
  run(payload) {
    const value = payload.value;
    if (lengthOf(value) <= maximum) return;
    payload.issues.push({
      code: 'too_big',
      path: [],
      message: message ?? tooBig(lengthOrigin(value), maximum, true),
      continue: true,
    });
  },
});

const numericOrigin = (value: unknown) => (typeof value === 'bigint' ? 'bigint' : 'number');

export const greaterThan = (minimum: number, inclusive: boolean, message?: string): Check => ({
  run(payload) {
    const value = payload.value as number;
    if (inclusive ? value >= minimum : value > minimum) return;
    payload.issues.push({
      code: 'too_small',
      path: [],
      message: message ?? tooSmall(numericOrigin(value), minimum, inclusive),
      continue: true,
    });
  },
});

export const lessThan = (maximum: number, inclusive: boolean, message?: string): Check => ({
  run(payload) {
    const value = payload.value as number;
    if (inclusive ? value <= maximum : value < maximum) return;
    payload.issues.push({
      code: 'too_big',
      path: [],
      message: message ?? tooBig(numericOrigin(value), maximum, inclusive),
      continue: true,
    });
  },
});

/** zod's float-safe remainder: 0.3 is a multiple of 0.1 although `0.3 % 0.1` is not 0. */
function isMultiple(value: number, step: number): boolean {
  const ratio = value / step;
  const tolerance = 4 * Number.EPSILON * Math.max(Math.abs(ratio), 1);
  return Math.abs(ratio - Math.round(ratio)) < tolerance;
}

export const multipleOf = (divisor: number, message?: string): Check => ({
  run(payload) {
    if (isMultiple(payload.value as number, divisor)) return;
    payload.issues.push({
      code: 'not_multiple_of',
      path: [],
      message: message ?? notMultipleOf(divisor),
      continue: true,
    });
  },
});

/** `z.int()`: a whole number within the safe integer range; anything else stops the schema. */
export const safeInteger = (message?: string): Check => ({
  run(payload) {
    const value = payload.value as number;
    if (!Number.isInteger(value)) {
      payload.issues.push({
        code: 'invalid_type',
        path: [],
        message: message ?? invalidType('int', value),
        continue: false,
      });
      return;
    }
    if (Number.isSafeInteger(value)) return;
    payload.issues.push(
      value > 0
        ? {
            code: 'too_big',
            path: [],
            message: message ?? tooBig('int', Number.MAX_SAFE_INTEGER, true),
            continue: true,
          }
        : {
            code: 'too_small',
            path: [],
            message: message ?? tooSmall('int', Number.MIN_SAFE_INTEGER, true),
            continue: true,
          },
    );
  },
});

/** A pattern the text must match: `z.regex`, or a format such as `email` or ISO `date`. */
export const stringFormat = (format: string, pattern: RegExp, message?: string): Check => ({
  run(payload) {
    pattern.lastIndex = 0;
    if (pattern.test(payload.value as string)) return;
    payload.issues.push({
      code: 'invalid_format',
      path: [],
      message: message ?? invalidFormat(format, pattern),
      continue: true,
    });
  },
});

/** Replaces the value (zod's `overwrite`: `trim`, `toUpperCase`, ...). */
export const overwrite = (replace: (value: never) => unknown): Check => ({
  run(payload) {
    payload.value = replace(payload.value as never);
  },
});

export const trim = (text: string) => text.trim();
export const toLowerCase = (text: string) => text.toLowerCase();
export const toUpperCase = (text: string) => text.toUpperCase();

/** `z.refine`: the value must pass `test`; a refusal is one issue, at `path` if given. */
export const refine = (test: (value: never) => unknown, message?: string, path: IssuePath = []): Check => ({
  run(payload) {
    if (test(payload.value as never)) return;
    payload.issues.push({
      code: 'custom',
      path: [...path],
      message: message ?? INVALID_INPUT,
      continue: true,
    });
  },
});

/** A rule that names every problem it finds (the house form of `z.superRefine`). */
export type Rule<T = never> = (value: T) => readonly { path: IssuePath; message: string }[];

export const rule = (check: Rule): Check => ({
  run(payload) {
    for (const found of check(payload.value as never)) {
      payload.issues.push({ code: 'custom', path: [...found.path], message: found.message, continue: true });
    }
  },
});
