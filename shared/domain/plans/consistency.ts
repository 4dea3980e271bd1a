/** Rules that tie a plan's fields together, checked on creation and again after every edit. */
import * as MESSAGES from '#shared/i18n/messages';
import type { Text } from '#shared/i18n/text';
import {
  CATEGORIES_BY_PROJECT,
  type Category,
  DIGITAL_FIELDS,
  NATIONAL_SEMINAR_CATEGORY,
  type PlanLevel,
  type Project,
} from './catalog';

export interface ConsistencyIssue {
  path: string[];
  message: Text;
}

interface PlanShape {
  project: Project;
  level: PlanLevel;
  category: Category;
  field?: string | undefined;
}

export function planConsistencyIssues(plan: PlanShape): ConsistencyIssue[] {
  const issues: ConsistencyIssue[] = [];
  const allowed = CATEGORIES_BY_PROJECT[plan.project];
  if (!allowed.includes(plan.category)) {
    issues.push({
      path: ['category'],
      message: MESSAGES.plans.categoryNotOfProject(plan.project, allowed, plan.category),
    });
  }
  if (
    plan.project === 'seminar' &&
    plan.level === 'national' &&
    plan.category !== NATIONAL_SEMINAR_CATEGORY
  ) {
    issues.push({
      path: ['category'],
      message: MESSAGES.plans.nationalSeminarIsAdvanced(),
    });
  }
  if (
    plan.project === 'digital-engineer' &&
    !(DIGITAL_FIELDS as readonly string[]).includes(plan.field ?? '')
  ) {
    issues.push({
      path: ['field'],
      message: MESSAGES.plans.digitalNeedsField(DIGITAL_FIELDS),
    });
  }
  return issues;
}
