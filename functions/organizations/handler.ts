import { withBaseManagingDepartment } from '#shared/domain/annual-reports/move';
import { withOrgName } from '#shared/domain/annual-reports/names';
import { notFound } from '#shared/domain/errors';
import { organizationStatusNotice } from '#shared/domain/notices/notice';
import { withManagingDepartment } from '#shared/domain/organizations/managing-department';
import { applyOrganizationPatch, newOrganization } from '#shared/domain/organizations/organization';
import type { Organization } from '#shared/domain/organizations/schemas';
import { createHttpHandler } from '#shared/http/handler';
import * as MESSAGES from '#shared/i18n/messages';
import { ORGANIZATIONS_ROUTES } from '#shared/routes/organizations';
import { annualReportsMove, baseAnnualReports } from '#shared/store/annual-reports';
import { noticePut } from '#shared/store/notices';
import {
  getOrganization,
  listOrganizations,
  putNewOrganization,
  replaceOrganization,
} from '#shared/store/organizations';

async function mustGetOrganization(id: string) {
  const org = await getOrganization(id);
  if (!org) throw notFound(MESSAGES.organizations.notFound(id));
  return org;
}

/** `org` managed by the department `departmentId` names (read here), none with null, as is if undefined. */
async function managedBy(org: Organization, departmentId: string | null | undefined) {
  const department = departmentId ? await getOrganization(departmentId) : undefined;
  return withManagingDepartment(org, departmentId, department);
}

/** The writes that move the base's annual reports with it when its managing department changes. */
async function reportsFollowing(base: Organization, before: Organization) {
  if (base.managingDepartmentId === before.managingDepartmentId) return [];
  const moved = (await baseAnnualReports(base.id)).map((stored) => {
    const report = withOrgName(stored, before);
    return { report: withBaseManagingDepartment(report, base), previousVersion: report.version };
  });
  return annualReportsMove(base.id, moved);
}

export const handler = createHttpHandler(ORGANIZATIONS_ROUTES, {
  createOrganization: async ({ principal, body, now }) => {
    const org = await managedBy(newOrganization(body, now, principal.userId), body.managingDepartmentId);
    await putNewOrganization(org);
    return org;
  },
  listOrganizations: async ({ query }) => listOrganizations(query),
  getOrganization: async ({ params }) => mustGetOrganization(params.orgId),
  updateOrganization: async ({ principal, params, body, now }) => {
    const current = await mustGetOrganization(params.orgId);
    const { organization: patched, statusChange } = applyOrganizationPatch(
      current,
      body,
      principal.userId,
      now,
    );
    const organization = await managedBy(patched, body.managingDepartmentId);
    // The organization is told of a status change through the outbox, committed with the change.
    const notices = statusChange
      ? [noticePut(organizationStatusNotice(organization.id, statusChange, now))]
      : [];
    await replaceOrganization(organization, current, [
      ...notices,
      ...(await reportsFollowing(organization, current)),
    ]);
    return organization;
  },
});
