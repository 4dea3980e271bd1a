/**
 * The closed sets of organizations: their kinds, a base's levels, and their statuses. No rule
 * here, so the labels (shared/i18n) name them without importing the schemas that speak in them.
 */
export const ORGANIZATION_KINDS = [
  'base',
  'training-institution',
  'assessment-institution',
  'host',
  'department',
  'city-bureau',
] as const;
export const BASE_LEVELS = ['national', 'regional'] as const;
export const ORGANIZATION_STATUSES = ['active', 'warned', 'exited'] as const;
export type OrganizationStatus = (typeof ORGANIZATION_STATUSES)[number];
