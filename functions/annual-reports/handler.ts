import {
  mayReadAnnualReport,
  newAnnualReport,
  readableAnnualReport,
} from '#shared/domain/annual-reports/annual-report';
import { lacksOrgName, withOrgName } from '#shared/domain/annual-reports/names';
import { createHttpHandler } from '#shared/http/handler';
import { ANNUAL_REPORTS_ROUTES } from '#shared/routes/annual-reports';
import { getAnnualReport, putNewAnnualReport } from '#shared/store/annual-reports';
import { getOrganization } from '#shared/store/organizations';

export const handler = createHttpHandler(ANNUAL_REPORTS_ROUTES, {
  fileAnnualReport: async ({ principal, params, body, now }) => {
    const org = await getOrganization(params.orgId);
    const report = newAnnualReport({ orgId: params.orgId, org, input: body, actor: principal, now });
    await putNewAnnualReport(report);
    return report;
  },
  getAnnualReport: async ({ principal, params }) => {
    const stored = await getAnnualReport(params.orgId, params.year);
    // A report filed before names were kept is named by one read of its base, for those who may read it.
    const base =
      stored && lacksOrgName(stored) && mayReadAnnualReport(principal, params.orgId)
        ? await getOrganization(params.orgId)
        : undefined;
    return readableAnnualReport(principal, params.orgId, params.year, stored && withOrgName(stored, base));
  },
});
