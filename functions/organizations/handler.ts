import { notFound } from '#shared/domain/errors';
import { organizationStatusNotice } from '#shared/domain/notices/notice';
import { applyOrganizationPatch, newOrganization } from '#shared/domain/organizations/organization';
import { createHttpHandler } from '#shared/http/handler';
import * as MESSAGES from '#shared/i18n/messages';
import { ORGANIZATIONS_ROUTES } from '#shared/routes/organizations';
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

export const handler = createHttpHandler(ORGANIZATIONS_ROUTES, {
  createOrganization: async ({ principal, body, now }) => {
    const org = newOrganization(body, now, principal.userId);
    await putNewOrganization(org);
    return org;
  },
  listOrganizations: async ({ query }) => listOrganizations(query),
  getOrganization: async ({ params }) => mustGetOrganization(params.orgId),
  updateOrganization: async ({ principal, params, body, now }) => {
    const current = await mustGetOrganization(params.orgId);
    const { organization, statusChange } = applyOrganizationPatch(current, body, principal.userId, now);
    // The organization is told of a status change through the outbox, committed with the change.
    const notices = statusChange
      ? [noticePut(organizationStatusNotice(organization.id, statusChange, now))]
      : [];
    await replaceOrganization(organization, current, notices);
    return organization;
  },
});
