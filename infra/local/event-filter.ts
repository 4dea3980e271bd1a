/**
 * Lambda event filtering (an event source mapping's filter criteria), as the local runtime needs
 * it: the same pattern object is given to CDK (`FilterCriteria.filter(pattern)`) for the cloud and
 * to `matchesEventFilter` locally, so both invoke a function for the same records.
 *
 * Only the subset of Lambda's pattern syntax this project uses is supported: nested objects, and
 * at a leaf an array of literal values (string, number, boolean, null) of which the event's value
 * must equal one; an array in the event matches when any of its elements does, as in Lambda.
 * Lambda's comparison operators (`prefix`, `numeric`, `exists`, `anything-but`, ...) are not.
 * As in Lambda, a key the event does not have never matches, not even `[null]`.
 */

export type EventFilterLiteral = string | number | boolean | null;

export type EventFilterPattern = { [key: string]: readonly EventFilterLiteral[] | EventFilterPattern };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// Array.isArray does not narrow a readonly array type out of a union; this does.
const isArrayPattern = (
  expected: readonly EventFilterLiteral[] | EventFilterPattern,
): expected is readonly EventFilterLiteral[] => Array.isArray(expected);

function matchesLeaf(allowed: readonly EventFilterLiteral[], value: unknown): boolean {
  const values = Array.isArray(value) ? value : [value];
  return values.some((candidate) => allowed.includes(candidate as EventFilterLiteral));
}

/** True when `event` satisfies every key of `pattern` (keys are ANDed, a leaf's values ORed). */
export function matchesEventFilter(pattern: EventFilterPattern, event: unknown): boolean {
  if (!isObject(event)) return false;
  return Object.entries(pattern).every(([key, expected]) => {
    // Undefined counts as absent: Lambda filters JSON, which has no undefined.
    const value = Object.hasOwn(event, key) ? event[key] : undefined;
    if (value === undefined) return false;
    return isArrayPattern(expected) ? matchesLeaf(expected, value) : matchesEventFilter(expected, value);
  });
}
