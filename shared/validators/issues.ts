/**
 * What a compiled validator reports: zod's issues (code, path, message) with zod's English
 * wording (its `en` locale), so a 400 reads the same whether zod or a compiled validator judged
 * the input. Only the issue kinds our schemas can raise are worded here; the equivalence test
 * (test/unit/validators) holds every message to zod's.
 */

export type IssuePath = (string | number)[];

export interface Issue {
  code: string;
  path: IssuePath;
  message: string;
  /** Unrecognized keys, for `unrecognized_keys`. */
  keys?: string[];
  /**
   * zod's `continue`: true lets the schema's later checks run after this issue; undefined stops
   * them (an implicit abort), false stops even the checks that have their own condition.
   */
  continue?: boolean;
}

/** A value on its way through a validator, and what was found wrong with it so far. */
export interface Payload {
  value: unknown;
  issues: Issue[];
  /** Set by a pipe whose first half failed: no later check of the enclosing schema runs. */
  aborted?: boolean;
}

/** Any issue from `start` on that stops later checks (zod's `util.aborted`). */
export function aborted(payload: Payload, start = 0): boolean {
  if (payload.aborted) return true;
  for (let i = start; i < payload.issues.length; i++) {
    if (payload.issues[i]?.continue !== true) return true;
  }
  return false;
}

/** An issue that stops even conditional checks (zod's `util.explicitlyAborted`). */
export function explicitlyAborted(payload: Payload): boolean {
  return payload.aborted === true || payload.issues.some((issue) => issue.continue === false);
}

const quoted = (value: unknown) =>
  typeof value === 'string' ? `"${value}"` : typeof value === 'bigint' ? `${value}n` : `${value}`;

/** zod's `util.parsedType`, worded as its English messages word it. */
export function receivedType(input: unknown): string {
  switch (typeof input) {
    case 'number':
      return Number.isNaN(input) ? 'NaN' : Number.isFinite(input) ? 'number' : String(input);
    case 'object': {
      if (input === null) return 'null';
      if (Array.isArray(input)) return 'array';
      const prototype = Object.getPrototypeOf(input);
      const maker = (input as { constructor?: { name?: string } }).constructor;
      if (prototype !== Object.prototype && 'constructor' in input && maker) return maker.name as string;
      return 'object';
    }
    default:
      return typeof input;
  }
}

export const invalidType = (expected: string, input: unknown) =>
  `Invalid input: expected ${expected === 'nan' ? 'NaN' : expected}, received ${receivedType(input)}`;

export const invalidValue = (values: readonly unknown[]) =>
  values.length === 1
    ? `Invalid input: expected ${quoted(values[0])}`
    : `Invalid option: expected one of ${values.map(quoted).join('|')}`;

/** What a size is counted in, for the origins that have one. */
const UNITS: Record<string, string> = { string: 'characters', array: 'items' };

export function tooBig(origin: string, maximum: number, inclusive: boolean): string {
  const bound = `${inclusive ? '<=' : '<'}${maximum}`;
  const unit = UNITS[origin];
  return unit
    ? `Too big: expected ${origin} to have ${bound} ${unit}`
    : `Too big: expected ${origin} to be ${bound}`;
}

export function tooSmall(origin: string, minimum: number, inclusive: boolean): string {
  const bound = `${inclusive ? '>=' : '>'}${minimum}`;
  const unit = UNITS[origin];
  return unit
    ? `Too small: expected ${origin} to have ${bound} ${unit}`
    : `Too small: expected ${origin} to be ${bound}`;
}

const FORMAT_NAMES: Record<string, string> = {
  email: 'email address',
  datetime: 'ISO datetime',
  date: 'ISO date',
};

export const invalidFormat = (format: string, pattern: RegExp) =>
  format === 'regex'
    ? `Invalid string: must match pattern ${pattern}`
    : `Invalid ${FORMAT_NAMES[format] ?? format}`;

export const notMultipleOf = (divisor: number) => `Invalid number: must be a multiple of ${divisor}`;

export const unrecognizedKeys = (keys: readonly string[]) =>
  `Unrecognized key${keys.length > 1 ? 's' : ''}: ${keys.map(quoted).join(', ')}`;

export const INVALID_INPUT = 'Invalid input';
