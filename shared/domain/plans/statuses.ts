/**
 * The closed sets of the plan workflow: a plan's statuses and the actions that move it. No rule
 * here (./workflow.ts says which action leads where), so the labels and messages (shared/i18n)
 * name them without importing the workflow that speaks in them.
 */
export const PLAN_STATUSES = ['draft', 'submitted', 'approved', 'rejected', 'returned', 'published'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export const PLAN_ACTIONS = ['submit', 'approve', 'reject', 'return', 'publish'] as const;
export type PlanAction = (typeof PLAN_ACTIONS)[number];
