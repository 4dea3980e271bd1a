/**
 * The yearly minimums of trained people per base (DOMAIN.md: national bases at least 2,000,
 * regional at least 1,000), configurable per deployment with `BASE_MINIMUM_NATIONAL` and
 * `BASE_MINIMUM_REGIONAL` (read by ./env.ts, loud when malformed).
 */
import type { BaseMinimums } from '#shared/domain/reports/compile';
import { config } from './env';

export const baseMinimums = (): BaseMinimums => config().baseMinimums;
