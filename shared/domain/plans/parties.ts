/**
 * The organizations a plan names must exist and fit their part: the host unit (承办单位) runs it,
 * the department (行业主管部门) co-organizes it. A base-training plan is run by a base.
 */
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
    throw unprocessable('UNKNOWN_ORGANIZATION', `No organization ${hostOrgId} is registered`, [
      { field: 'hostOrgId', message: 'Register the organization first' },
    ]);
  }
  if (host.status === 'exited') {
    throw unprocessable('ORGANIZATION_EXITED', `${host.name} has left the program`, [
      { field: 'hostOrgId', message: 'Exited organizations apply for no plans' },
    ]);
  }
  if (!HOST_KINDS.includes(host.kind)) {
    throw unprocessable('NOT_A_HOST', `A ${host.kind} does not host plans`, [
      { field: 'hostOrgId', message: `Must be one of: ${HOST_KINDS.join(', ')}` },
    ]);
  }
  if (project === 'base-training' && host.kind !== 'base') {
    throw unprocessable('NOT_A_BASE', 'A base-training plan is run by a continuing-education base', [
      { field: 'hostOrgId', message: 'Must be a base' },
    ]);
  }
}

export function checkDepartment(departmentId: string, department: Organization | undefined): void {
  if (department?.kind !== 'department') {
    throw unprocessable('NOT_A_DEPARTMENT', `${departmentId} is not a registered department`, [
      { field: 'departmentId', message: 'Must be an organization of kind department' },
    ]);
  }
}
