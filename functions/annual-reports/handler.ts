import { newAnnualReport, readableAnnualReport } from '#shared/domain/annual-reports/annual-report';
import { createHttpHandler } from '#shared/http/handler';
import { getAnnualReport, putNewAnnualReport } from '#shared/store/annual-reports';
import { getOrganization } from '#shared/store/organizations';

export const handler = createHttpHandler('annual-reports', {
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
