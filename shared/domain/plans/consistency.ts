/** Rules that tie a plan's fields together, checked on creation and again after every edit. */
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
  message: string;
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
      message: `A ${plan.project} plan has category ${allowed.join(' or ')}, not ${plan.category}`,
    });
  }
  if (
    plan.project === 'seminar' &&
    plan.level === 'national' &&
    plan.category !== NATIONAL_SEMINAR_CATEGORY
  ) {
    issues.push({
      path: ['category'],
      message: 'A national seminar is an advanced seminar (category advanced)',
    });
  }
  if (
    plan.project === 'digital-engineer' &&
    !(DIGITAL_FIELDS as readonly string[]).includes(plan.field ?? '')
  ) {
    issues.push({
      path: ['field'],
      message: `A digital-engineer plan needs a field: one of ${DIGITAL_FIELDS.join(', ')}`,
    });
  }
  return issues;
}
