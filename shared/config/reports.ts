/**
 * The yearly measures the evaluation holds the program to, configurable per deployment (read by
 * ./env.ts, loud when malformed):
 * - the minimums of trained people per base (docs/domain-rules.md: national bases at least 2,000, regional
 *   at least 1,000): `BASE_MINIMUM_NATIONAL` and `BASE_MINIMUM_REGIONAL`;
 * - the 研修培训项目's target (the notice: about 20 sessions and 1,000 trainees a year):
 *   `SEMINAR_TARGET_SESSIONS` and `SEMINAR_TARGET_TRAINEES`.
 */
import type { BaseMinimums } from '#shared/domain/reports/compile';
import type { SeminarTargets } from '#shared/domain/reports/seminar-targets';
import { config } from './env';

export const baseMinimums = (): BaseMinimums => config().baseMinimums;

export const seminarTargets = (): SeminarTargets => config().seminarTargets;
