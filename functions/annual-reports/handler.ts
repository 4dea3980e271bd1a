import { newAnnualReport, readableAnnualReport } from '#shared/domain/annual-reports/annual-report';
import { createHttpHandler } from '#shared/http/handler';
import { getAnnualReport, putNewAnnualReport } from '#shared/store/annual-reports';
import { getOrganization } from '#shared/store/organizations';
import { ANNUAL_REPORTS_ROUTES } from '#shared/validators/compiled/routes/annual-reports';

export const handler = createHttpHandler(ANNUAL_REPORTS_ROUTES, {
  fileAnnualReport: async ({ principal, params, body, now }) => {
    const org = await getOrganization(params.orgId);
    const report = newAnnualReport({ orgId: params.orgId, org, input: body, actor: principal, now });
    await putNewAnnualReport(report);
    return report;
  },
  getAnnualReport: async ({ principal, params }) =>
    readableAnnualReport(
      principal,
      params.orgId,
      params.year,
      await getAnnualReport(params.orgId, params.year),
    ),
});
