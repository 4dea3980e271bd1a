import { notFound } from '#shared/domain/errors';
import { applyOrganizationPatch, newOrganization } from '#shared/domain/organizations/organization';
import { createHttpHandler } from '#shared/http/handler';
import { ORGANIZATIONS_ROUTES } from '#shared/routes/organizations';
import {
  getOrganization,
  listOrganizations,
  putNewOrganization,
  replaceOrganization,
} from '#shared/store/organizations';

async function mustGetOrganization(id: string) {
  const org = await getOrganization(id);
  if (!org) throw notFound(`No organization ${id}`);
  return org;
}

export const handler = createHttpHandler(ORGANIZATIONS_ROUTES, {
  createOrganization: async ({ body, now }) => {
    const org = newOrganization(body, now);
    await putNewOrganization(org);
    return org;
  },
  listOrganizations: async ({ query }) => listOrganizations(query),
  getOrganization: async ({ params }) => mustGetOrganization(params.orgId),
  updateOrganization: async ({ params, body, now }) => {
    const current = await mustGetOrganization(params.orgId);
    const updated = applyOrganizationPatch(current, body, now);
    await replaceOrganization(updated, current);
    return updated;
  },
});
