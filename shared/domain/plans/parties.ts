/**
 * The organizations a plan names must exist and fit their part: the host unit (承办单位) runs it,
 * the department (行业主管部门) co-organizes it. A base-training plan is run by a base.
 */
import { aboutField } from '#shared/i18n/field-labels';
import * as MESSAGES from '#shared/i18n/messages';
import { unprocessable } from '../errors';
import type { Organization } from '../organizations/schemas';
import type { Project } from './catalog';

const HOST_KINDS: readonly Organization['kind'][] = ['host', 'base', 'training-institution', 'department'];

export function checkHostOrganization(
  project: Project,
  hostOrgId: string,
  host: Organization | undefined,
): void {
  if (!host) {
    throw unprocessable('UNKNOWN_ORGANIZATION', MESSAGES.plans.unknownOrganization(hostOrgId), [
      { field: 'hostOrgId', message: aboutField('hostOrgId', MESSAGES.plans.registerOrganizationFirst()) },
    ]);
  }
  if (host.status === 'exited') {
    throw unprocessable('ORGANIZATION_EXITED', MESSAGES.plans.organizationExited(host.name), [
      { field: 'hostOrgId', message: aboutField('hostOrgId', MESSAGES.plans.exitedAppliesForNone()) },
    ]);
  }
  if (!HOST_KINDS.includes(host.kind)) {
    throw unprocessable('NOT_A_HOST', MESSAGES.plans.notAHost(host.kind), [
      { field: 'hostOrgId', message: aboutField('hostOrgId', MESSAGES.plans.hostKinds(HOST_KINDS)) },
    ]);
  }
  if (project === 'base-training' && host.kind !== 'base') {
    throw unprocessable('NOT_A_BASE', MESSAGES.plans.baseTrainingByBase(), [
      { field: 'hostOrgId', message: aboutField('hostOrgId', MESSAGES.plans.mustBeBase()) },
    ]);
  }
}

export function checkDepartment(departmentId: string, department: Organization | undefined): void {
  if (department?.kind !== 'department') {
    throw unprocessable('NOT_A_DEPARTMENT', MESSAGES.plans.notADepartment(departmentId), [
      { field: 'departmentId', message: aboutField('departmentId', MESSAGES.plans.mustBeDepartment()) },
    ]);
  }
}
