/**
 * The yearly credit-hour requirement, read once per container from the environment:
 * - `CREDIT_REQUIRED_HOURS`: hours a year, a positive number (default 90)
 * - `CREDIT_PROFESSIONAL_SHARE`: the share of them that must be professional subjects, a decimal
 *   (`0.6667`) or a fraction (`2/3`) between 0 and 1 (default 2/3)
 * The national regulation sets the defaults; a province may ask for more. A malformed value throws
 * at load, so a bad deploy fails its first request loudly instead of judging trainees by a wrong rule.
 * An empty value counts as unset, as `.env` templates and CDK leave them.
 */
import { type CreditRequirement, DEFAULT_CREDIT_REQUIREMENT } from '#shared/domain/trainees/ledger';

type Env = Record<string, string | undefined>;

const DECIMAL = /^\d+(?:\.\d+)?$/;
const FRACTION = /^(\d+)\s*\/\s*(\d+)$/;

function malformed(name: string, value: string, expected: string): Error {
  return new Error(`Invalid environment variable ${name}=${JSON.stringify(value)}: expected ${expected}`);
}

function requiredHours(env: Env): number {
  const name = 'CREDIT_REQUIRED_HOURS';
  const value = env[name]?.trim();
  if (!value) return DEFAULT_CREDIT_REQUIREMENT.totalHours;
  const hours = DECIMAL.test(value) ? Number(value) : Number.NaN;
  if (!(hours > 0)) throw malformed(name, value, 'a positive number of hours, such as 90');
  return hours;
}

function professionalShare(env: Env): number {
  const name = 'CREDIT_PROFESSIONAL_SHARE';
  const value = env[name]?.trim();
  if (!value) return DEFAULT_CREDIT_REQUIREMENT.professionalShare;
  const fraction = FRACTION.exec(value);
  const share = fraction
    ? Number(fraction[1]) / Number(fraction[2])
    : DECIMAL.test(value)
      ? Number(value)
      : Number.NaN;
  // NaN (and x/0, which is Infinity or NaN) fails this range check too.
  if (!(share >= 0 && share <= 1)) {
    throw malformed(name, value, 'a share between 0 and 1, as a decimal (0.6667) or a fraction (2/3)');
  }
  return share;
}

/** The requirement `env` describes; throws naming the variable when a value is malformed. */
export function readCreditRequirement(env: Env = process.env): CreditRequirement {
  return Object.freeze({ totalHours: requiredHours(env), professionalShare: professionalShare(env) });
}

const requirement = readCreditRequirement();

export const creditRequirement = (): CreditRequirement => requirement;
