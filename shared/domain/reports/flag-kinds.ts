/**
 * The kinds of flag the year's evaluation raises (./compile.ts). No rule here, so the labels and
 * details (shared/i18n) name them without importing the report's schemas.
 */
export const FLAG_KINDS = [
  'base-below-minimum',
  'annual-report-missing',
  'annual-report-late',
  'plan-over-cap',
  'plan-sessions-short',
] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];
