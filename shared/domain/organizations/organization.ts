/** Rules for organizations: what a new one looks like and which changes are allowed. */
import { badRequest } from '../errors';
import { newId } from '../ids';
import type { CreateOrganizationInput, Organization, UpdateOrganizationInput } from './schemas';

export function newOrganization(input: CreateOrganizationInput, now: Date): Organization {
  const at = now.toISOString();
  return {
    id: newId('org', now),
    name: input.name,
    kind: input.kind,
    ...(input.level ? { level: input.level } : {}),
    city: input.city,
    fields: input.fields ?? [],
    ...(input.contactEmail ? { contactEmail: input.contactEmail } : {}),
    status: 'active',
    createdAt: at,
    updatedAt: at,
  };
}

/** The organization after `patch`; a level makes sense only for a base. */
export function applyOrganizationPatch(
  current: Organization,
  patch: UpdateOrganizationInput,
  now: Date,
): Organization {
  if (patch.level !== undefined && current.kind !== 'base') {
    throw badRequest('Only a base has a level', [{ field: 'level', message: 'Only a base has a level' }]);
  }
  return {
    ...current,
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.city !== undefined ? { city: patch.city } : {}),
    ...(patch.fields !== undefined ? { fields: patch.fields } : {}),
    ...(patch.contactEmail !== undefined ? { contactEmail: patch.contactEmail } : {}),
    ...(patch.level !== undefined ? { level: patch.level } : {}),
    ...(patch.status !== undefined ? { status: patch.status } : {}),
    updatedAt: now.toISOString(),
  };
}

/** A base must say whether it is national or regional; nothing else has a level. */
export function levelOnlyForBases(org: { kind: string; level?: string | undefined }) {
  const issues: { path: string[]; message: string }[] = [];
  if (org.kind === 'base' && org.level === undefined) {
    issues.push({ path: ['level'], message: 'A base needs a level: national or regional' });
  }
  if (org.kind !== 'base' && org.level !== undefined) {
    issues.push({ path: ['level'], message: 'Only a base has a level' });
  }
  return issues;
}
