/**
 * A city bureau's cut of the year-end report (#shared/domain/cities/city-scope): beside a
 * department's cut (`departmentScope`), over the plans whose host is of the city and the bases of
 * the city, with the totals of the city's `byCity` group — the figures the compilation summed over
 * exactly those plans. Groupings the compiled report keeps only for the whole region (by project,
 * category, department) cannot be recut from it, and are left empty as in a department's cut.
 */
import { zeroFigures } from './compile';
import type { PlanEvaluation, YearReport } from './schemas';

const CITY_SCOPE_PREFIX = 'city:';

/** The report's `scope` for a city's cut. */
export const cityScopeKey = (city: string) => `${CITY_SCOPE_PREFIX}${city}`;

/** The city of a city's cut, from its `scope`; undefined for any other scope. */
export const cityOfScope = (scope: string): string | undefined =>
  scope.startsWith(CITY_SCOPE_PREFIX) ? scope.slice(CITY_SCOPE_PREFIX.length) : undefined;

/**
 * `cityOrgIds`, the organizations of the city now, decide only for plans of a report compiled
 * before plans carried their host's city; otherwise the city at compilation decides, the one
 * the totals were summed by.
 */
export function cityScope(report: YearReport, city: string, cityOrgIds: ReadonlySet<string>): YearReport {
  const ofCity = (plan: PlanEvaluation) =>
    plan.hostCity !== undefined ? plan.hostCity === city : cityOrgIds.has(plan.hostOrgId);
  const plans = report.plans.filter(ofCity);
  const bases = report.bases.filter((base) => base.city === city);
  const subjects = {
    plan: new Set(plans.map((plan) => plan.planId)),
    base: new Set(bases.map((base) => base.orgId)),
  };
  const own = report.byCity.filter((group) => group.key === city);
  return {
    ...report,
    scope: cityScopeKey(city),
    totals: own[0]?.figures ?? zeroFigures(),
    byProject: [],
    byCategory: [],
    byCity: own,
    byDepartment: [],
    bases,
    plans,
    flags: report.flags.filter((flag) => subjects[flag.subjectType].has(flag.subjectId)),
    changeFromLastYear: null,
  };
}
