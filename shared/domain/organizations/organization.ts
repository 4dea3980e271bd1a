/** Rules for organizations: what a new one looks like and which changes are allowed. */
import { aboutField } from '#shared/i18n/field-labels';
import * as MESSAGES from '#shared/i18n/messages';
import { badRequest } from '../errors';
import { newId } from '../ids';
import type {
  CreateOrganizationInput,
  Organization,
  StatusHistoryEntry,
  UpdateOrganizationInput,
} from './schemas';
import { creationEntry, withStatusChange } from './status-history';

/** `by` is the creator's user id, kept in the first entry of the status history. */
export function newOrganization(
  input: CreateOrganizationInput,
  now: Date,
  by: string | null = null,
): Organization {
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
    statusHistory: [creationEntry(at, by)],
    createdAt: at,
    updatedAt: at,
  };
}

export interface OrganizationChange {
  organization: Organization;
  /** The history entry of a status change, which the organization is told of; none without one. */
  statusChange?: StatusHistoryEntry;
}

/**
 * The organization after `patch` by user `by`; a level makes sense only for a base, and a status
 * change needs a reason and goes into the status history.
 */
export function applyOrganizationPatch(
  current: Organization,
  patch: UpdateOrganizationInput,
  by: string,
  now: Date,
): OrganizationChange {
  if (patch.level !== undefined && current.kind !== 'base') {
    const message = MESSAGES.organizations.levelOnlyForBases();
    throw badRequest(message, [{ field: 'level', message: aboutField('level', message) }]);
  }
  const changed =
    patch.status === undefined
      ? undefined
      : withStatusChange(current, { status: patch.status, reason: patch.statusReason }, by, now);
  const organization: Organization = {
    ...(changed?.organization ?? current),
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.city !== undefined ? { city: patch.city } : {}),
    ...(patch.fields !== undefined ? { fields: patch.fields } : {}),
    ...(patch.contactEmail !== undefined ? { contactEmail: patch.contactEmail } : {}),
    ...(patch.level !== undefined ? { level: patch.level } : {}),
    updatedAt: now.toISOString(),
  };
  return changed ? { organization, statusChange: changed.entry } : { organization };
}
