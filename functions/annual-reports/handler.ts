import {
  amendAnnualReport,
  mayReadAnnualReport,
  newAnnualReport,
  readableAnnualReport,
} from '#shared/domain/annual-reports/annual-report';
import { lacksOrgName, withOrgName } from '#shared/domain/annual-reports/names';
import { annualReportNotices } from '#shared/domain/annual-reports/notices';
import { reviewAnnualReport } from '#shared/domain/annual-reports/review';
import type { AnnualReport } from '#shared/domain/annual-reports/schemas';
import { annualReportListScope } from '#shared/domain/annual-reports/scope';
import type { Organization } from '#shared/domain/organizations/schemas';
import { createHttpHandler } from '#shared/http/handler';
import { ANNUAL_REPORTS_ROUTES } from '#shared/routes/annual-reports';
import {
  getAnnualReport,
  listAnnualReports,
  putNewAnnualReport,
  replaceAnnualReport,
} from '#shared/store/annual-reports';
import { noticePut } from '#shared/store/notices';
import { retryOnConflict } from '#shared/store/optimistic';
import { getOrganization, organizationUnchanged } from '#shared/store/organizations';

/**
 * The stored report, named (one read of its base for a report filed before names were kept, for a
 * caller `mayName` lets see it) and with its review fields.
 */
async function readReport(
  orgId: string,
  year: number,
  mayName: (managingDepartmentId?: string) => boolean,
): Promise<AnnualReport | undefined> {
  const stored = await getAnnualReport(orgId, year);
  if (!stored) return undefined;
  const base =
    lacksOrgName(stored) && mayName(stored.managingDepartmentId) ? await getOrganization(orgId) : undefined;
  return withOrgName(stored, base);
}

/** The writes that tell of the report's latest step, for its transaction. */
const noticesOf = (report: AnnualReport, now: Date) => annualReportNotices(report, now).map(noticePut);

export const handler = createHttpHandler(ANNUAL_REPORTS_ROUTES, {
  fileAnnualReport: async ({ principal, params, body, now }) =>
    retryOnConflict(async () => {
      const org = await getOrganization(params.orgId);
      const report = newAnnualReport({ orgId: params.orgId, org, input: body, actor: principal, now });
      // The report takes its first reviewer from the base: the base must not change meanwhile.
      await putNewAnnualReport(report, [
        organizationUnchanged(org as Organization),
        ...noticesOf(report, now),
      ]);
      return report;
    }),

  amendAnnualReport: async ({ principal, params, body, now }) =>
    retryOnConflict(async () => {
      const [org, stored] = await Promise.all([
        getOrganization(params.orgId),
        getAnnualReport(params.orgId, params.year),
      ]);
      const current = stored && withOrgName(stored, org);
      const amended = amendAnnualReport({
        orgId: params.orgId,
        year: params.year,
        org,
        report: current,
        input: body,
        actor: principal,
        now,
      });
      await replaceAnnualReport(amended, (current as AnnualReport).version, [
        organizationUnchanged(org as Organization),
        ...noticesOf(amended, now),
      ]);
      return amended;
    }),

  reviewAnnualReport: async ({ principal, params, body, now }) =>
    retryOnConflict(async () => {
      const current = await readReport(params.orgId, params.year, (managingDepartmentId) =>
        mayReadAnnualReport(principal, params.orgId, managingDepartmentId),
      );
      const reviewed = reviewAnnualReport({
        orgId: params.orgId,
        year: params.year,
        report: current,
        input: body,
        actor: principal,
        now,
      });
      await replaceAnnualReport(reviewed, (current as AnnualReport).version, noticesOf(reviewed, now));
      return reviewed;
    }),

  getAnnualReport: async ({ principal, params }) => {
    const report = await readReport(params.orgId, params.year, (managingDepartmentId) =>
      mayReadAnnualReport(principal, params.orgId, managingDepartmentId),
    );
    return readableAnnualReport(principal, params.orgId, params.year, report);
  },

  listAnnualReports: async ({ principal, query }) => {
    const page = await listAnnualReports(annualReportListScope(principal), query);
    // Listed reports were written since names were kept: each carries its base's name.
    return { items: page.items.map((stored) => withOrgName(stored, undefined)), nextCursor: page.nextCursor };
  },
});
