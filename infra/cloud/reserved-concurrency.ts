/**
 * A cap on each API function's concurrent executions (reserved concurrency), so that no one
 * function can take the account's whole concurrency or run up the bill.
 */
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { FunctionName } from '#shared/functions';
import type { HouseFunction } from './house-function';

/**
 * Off by default: reserving concurrency fails to deploy while the account's concurrency quota is
 * still the new-account default (Lambda keeps 100 unreserved), and it is free either way.
 */
export const RESERVED_CONCURRENCY_CONTEXT = 'reservedConcurrency';

/** The cap of each API function, if it has one. */
export type ReservedConcurrency = (name: FunctionName) => number | undefined;

/**
 * The reserved concurrency of each API function, from a number (all of them), a `{"name": n}`
 * object, or their text (`-c reservedConcurrency=20` or `-c 'reservedConcurrency={"verification":20}'`).
 */
export function parseReservedConcurrency(
  value: unknown,
  apiFunctions: ReadonlySet<string>,
): ReservedConcurrency {
  if (value === undefined || value === null || value === '') return () => undefined;
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      parsed = undefined;
    }
  }
  const isCap = (cap: unknown): cap is number => Number.isInteger(cap) && (cap as number) >= 1;
  const invalid = () =>
    new Error(
      `${RESERVED_CONCURRENCY_CONTEXT} must be a whole number of at least 1, or {"<function>": n}, got ${JSON.stringify(value)}`,
    );
  if (isCap(parsed)) return () => parsed;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid();
  const caps = parsed as Record<string, unknown>;
  for (const [name, cap] of Object.entries(caps)) {
    if (!apiFunctions.has(name))
      throw new Error(
        `${RESERVED_CONCURRENCY_CONTEXT}: "${name}" is no API function (${[...apiFunctions].join(', ')})`,
      );
    if (!isCap(cap)) throw invalid();
  }
  return (name) => caps[name] as number | undefined;
}

/** Each API function's cap, set on its Lambda. */
export function reserveConcurrency(
  functions: ReadonlyMap<FunctionName, HouseFunction>,
  apiFunctions: ReadonlySet<FunctionName>,
  concurrency: ReservedConcurrency,
): void {
  for (const name of apiFunctions) {
    const cap = concurrency(name);
    const fn = functions.get(name);
    if (cap !== undefined && fn) {
      (fn.function.node.defaultChild as lambda.CfnFunction).reservedConcurrentExecutions = cap;
    }
  }
}
