/**
 * Compiling a year's evaluation: gather the counters (per plan, per base), the plans and bases,
 * the bases' annual reports and last year's report; compile; store the JSON and its files. The
 * reads grow with the number of plans and bases, never with the trainees.
 */
import { baseMinimums } from '#shared/config/reports';
import type { AnnualReport } from '#shared/domain/annual-reports/schemas';
import type { Organization } from '#shared/domain/organizations/schemas';
import type { Plan } from '#shared/domain/plans/schemas';
import { compileReport, type YearCounters } from '#shared/domain/reports/compile';
import { YearReport } from '#shared/domain/reports/schemas';
import { getAnnualReport } from '#shared/store/annual-reports';
import { ownerKey, readManyCounters } from '#shared/store/counters';
import { getOrganizations, listOrganizations } from '#shared/store/organizations';
import { listPlans } from '#shared/store/plans';
import { reportCsv } from './csv';
import { reportHtml } from './html';
import { getReportStore } from './storage';
import { reportXlsx } from './xlsx';

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

/** The stored report of a year, if it was compiled. */
export async function storedReport(year: number): Promise<YearReport | undefined> {
  const body = await getReportStore().get(year, 'report.json');
  return body ? YearReport.parse(JSON.parse(body.toString('utf8'))) : undefined;
}

export async function compileYear(year: number, now: Date): Promise<YearReport> {
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
    getOrganizations(plans.map((plan) => plan.hostOrgId)),
    storedReport(year - 1),
  ]);
  const annualReports = new Map<string, AnnualReport>();
  for (const base of bases) {
    const report = await getAnnualReport(base.id, year);
    if (report) annualReports.set(base.id, report);
  }
  const report = compileReport({
    year,
    generatedAt: now,
    plans,
    planCounters,
    organizations,
    bases,
    baseCounters,
    annualReports,
    minimums: baseMinimums(),
    lastYear,
  });
  const store = getReportStore();
  await store.put(year, 'report.json', Buffer.from(JSON.stringify(report, null, 2)));
  await store.put(year, 'report.csv', Buffer.from(reportCsv(report)));
  await store.put(year, 'report.xlsx', await reportXlsx(report));
  await store.put(year, 'report.html', Buffer.from(reportHtml(report)));
  return report;
}
