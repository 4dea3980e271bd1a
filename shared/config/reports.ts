/**
 * The yearly minimums of trained people per base (DOMAIN.md: national bases at least 2,000,
 * regional at least 1,000), configurable per deployment; read once, loud when malformed.
 */
import { type BaseMinimums, DEFAULT_BASE_MINIMUMS } from '#shared/domain/reports/compile';

function positiveInteger(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(
      `Invalid environment variable ${name}=${JSON.stringify(raw)}: expected a positive integer`,
    );
  }
  return value;
}

export function readBaseMinimums(env: NodeJS.ProcessEnv = process.env): BaseMinimums {
  return {
    national: positiveInteger('BASE_MINIMUM_NATIONAL', DEFAULT_BASE_MINIMUMS.national, env),
    regional: positiveInteger('BASE_MINIMUM_REGIONAL', DEFAULT_BASE_MINIMUMS.regional, env),
  };
}

const minimums = readBaseMinimums();

export const baseMinimums = (): BaseMinimums => minimums;
