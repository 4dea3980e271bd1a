/**
 * The rules across the fields of an organization's create and update input, which the schemas
 * (./schemas.ts) check. Each takes the plain fields, never a schema's type, so the schemas import
 * them without importing the modules that work on organizations (and back).
 */
import * as MESSAGES from '#shared/i18n/messages';
import type { Text } from '#shared/i18n/text';

type Issues = { path: string[]; message: Text }[];

/** A base must say whether it is national or regional; nothing else has a level. */
export function levelOnlyForBases(org: { kind: string; level?: string | undefined }) {
  const issues: Issues = [];
  if (org.kind === 'base' && org.level === undefined) {
    issues.push({ path: ['level'], message: MESSAGES.organizations.baseNeedsLevel() });
  }
  if (org.kind !== 'base' && org.level !== undefined) {
    issues.push({ path: ['level'], message: MESSAGES.organizations.levelOnlyForBases() });
  }
  return issues;
}

/** Only a base is managed by a department. */
export function managingDepartmentOnlyForBases(org: { kind: string; managingDepartmentId?: unknown }) {
  const issues: Issues = [];
  if (org.kind !== 'base' && org.managingDepartmentId !== undefined) {
    issues.push({
      path: ['managingDepartmentId'],
      message: MESSAGES.organizations.managingDepartmentOnlyForBases(),
    });
  }
  return issues;
}

/** A PATCH that sends `status` says why; a reason without a status change is a mistake. */
export function statusReasonGoesWithStatus(patch: { status?: unknown; statusReason?: unknown }) {
  const issues: Issues = [];
  if (patch.status !== undefined && patch.statusReason === undefined) {
    issues.push({ path: ['statusReason'], message: MESSAGES.organizations.statusNeedsReason() });
  }
  if (patch.status === undefined && patch.statusReason !== undefined) {
    issues.push({ path: ['statusReason'], message: MESSAGES.organizations.reasonWithoutStatus() });
  }
  return issues;
}
