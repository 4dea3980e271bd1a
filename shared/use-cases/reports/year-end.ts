/**
 * Compiling a year's evaluation: gather the counters (per plan, per base), the plans and bases,
 * the bases' annual reports and last year's report; compile; store the JSON and its files as a
 * compilation of their own, then make it the year's report (./compilations). The reads grow with
 * the number of plans and bases, never with the trainees.
 */
import { baseMinimums } from '#shared/config/reports';
import { withOrgName } from '#shared/domain/annual-reports/names';
import type { AnnualReport } from '#shared/domain/annual-reports/schemas';
import type { Organization } from '#shared/domain/organizations/schemas';
import type { Plan } from '#shared/domain/plans/schemas';
import { newCompilationId } from '#shared/domain/reports/compilation';
import { compileReport, type YearCounters } from '#shared/domain/reports/compile';
import type { YearReport } from '#shared/domain/reports/schemas';
import { logger } from '#shared/http/logger';
import { getAnnualReport } from '#shared/store/annual-reports';
import { countsAppliedThrough, ownerKey, readManyCounters } from '#shared/store/counters';
import { getOrganizations, listOrganizations } from '#shared/store/organizations';
import { listPlans } from '#shared/store/plans';
import { currentReport, publishCompilation } from './compilations';

async function publishedPlansOf(year: number): Promise<Plan[]> {
  const plans: Plan[] = [];
  let cursor: string | undefined;
  do {
    const page = await listPlans({ kind: 'published' }, { year, limit: 200, cursor });
    plans.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return plans;
}

async function allBases(): Promise<Organization[]> {
  const bases: Organization[] = [];
  let cursor: string | undefined;
  do {
    const page = await listOrganizations({ kind: 'base', limit: 200, cursor });
    bases.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return bases;
}

async function countersById(kind: 'plan' | 'org', ids: readonly string[], year: number) {
  const owners = ids.map((id) => ({ kind, id }));
  const byKey = await readManyCounters(owners, year);
  return new Map<string, YearCounters>(
    owners.map((owner) => [owner.id, byKey.get(ownerKey(owner)) as YearCounters]),
  );
}

/**
 * Compiles `year` as of `now` and stores it; the year's report from then on, unless a compilation
 * started later is already (overlapping compilations of one year), which then stays the year's.
 */
export async function compileYear(year: number, now: Date): Promise<YearReport> {
  const compilationId = newCompilationId(now);
  // Read before the counters: they hold at least every change written up to it.
  const appliedThrough = await countsAppliedThrough();
  const [plans, bases] = await Promise.all([publishedPlansOf(year), allBases()]);
  const [planCounters, baseCounters, organizations, lastYear] = await Promise.all([
    countersById(
      'plan',
      plans.map((plan) => plan.id),
      year,
    ),
    countersById(
      'org',
      bases.map((base) => base.id),
      year,
    ),
    // One BatchGet names every host (and its city) and department as they are called today.
    getOrganizations(
      plans.flatMap((plan) => [plan.hostOrgId, ...(plan.departmentId ? [plan.departmentId] : [])]),
    ),
    currentReport(year - 1),
  ]);
  const annualReports = new Map<string, AnnualReport>();
  for (const base of bases) {
    const report = await getAnnualReport(base.id, year);
    // Named by the base already in hand: a report filed before names were kept costs no read.
    if (report) annualReports.set(base.id, withOrgName(report, base));
  }
  const report = compileReport({
    year,
    generatedAt: now,
    countsAppliedThrough: appliedThrough,
    plans,
    planCounters,
    organizations,
    bases,
    baseCounters,
    annualReports,
    minimums: baseMinimums(),
    lastYear,
  });
  if (!(await publishCompilation(report, compilationId))) {
    logger.info("a later-started compilation is the year's report", { year, compilationId });
  }
  return report;
}
