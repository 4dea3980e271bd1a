/**
 * The yearly credit-hour requirement of this deployment (read by ./env.ts):
 * - `CREDIT_REQUIRED_HOURS`: hours a year, a positive number (default 90)
 * - `CREDIT_PROFESSIONAL_SHARE`: the share of them that must be professional subjects, a decimal
 *   (`0.6667`) or a fraction (`2/3`) between 0 and 1 (default 2/3)
 * The national regulation sets the defaults; a province may ask for more. A malformed value fails
 * the configuration's load, so a bad deploy fails loudly instead of judging trainees by a wrong rule.
 */
import type { CreditRequirement } from '#shared/domain/trainees/ledger';
import { config } from './env';

export const creditRequirement = (): CreditRequirement => config().creditRequirement;
