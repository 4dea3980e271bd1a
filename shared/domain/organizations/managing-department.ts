/**
 * A base's managing department (基地管理部门): the department that reviews the base's annual report
 * before the program office does. Only a base has one, and it must be a registered department.
 * The base keeps the department's name beside its id (names beside ids: docs/api.md, Conventions).
 */
import { aboutField } from '#shared/i18n/field-labels';
import * as MESSAGES from '#shared/i18n/messages';
import { badRequest, unprocessable } from '../errors';
import type { Organization } from './schemas';

/** The department named to manage a base must exist and be a department (422 otherwise). */
export function checkManagingDepartment(departmentId: string, department: Organization | undefined): void {
  if (!department) {
    throw unprocessable(
      'UNKNOWN_ORGANIZATION',
      MESSAGES.organizations.unknownManagingDepartment(departmentId),
      [
        {
          field: 'managingDepartmentId',
          message: aboutField('managingDepartmentId', MESSAGES.plans.registerOrganizationFirst()),
        },
      ],
    );
  }
  if (department.kind !== 'department') {
    throw unprocessable('NOT_A_DEPARTMENT', MESSAGES.organizations.notAManagingDepartment(departmentId), [
      {
        field: 'managingDepartmentId',
        message: aboutField(
          'managingDepartmentId',
          MESSAGES.organizations.managingDepartmentMustBeDepartment(),
        ),
      },
    ]);
  }
}

/**
 * `org` managed by `department` (read by the id `departmentId`), or by none with `null`; unchanged
 * when `departmentId` is undefined. A change on anything but a base is a 400, as for `level`.
 */
export function withManagingDepartment(
  org: Organization,
  departmentId: string | null | undefined,
  department: Organization | undefined,
): Organization {
  if (departmentId === undefined) return org;
  if (org.kind !== 'base') {
    const message = MESSAGES.organizations.managingDepartmentOnlyForBases();
    throw badRequest(message, [
      { field: 'managingDepartmentId', message: aboutField('managingDepartmentId', message) },
    ]);
  }
  const { managingDepartmentId: _id, managingDepartmentName: _name, ...unmanaged } = org;
  if (departmentId === null) return unmanaged;
  checkManagingDepartment(departmentId, department);
  return {
    ...unmanaged,
    managingDepartmentId: departmentId,
    managingDepartmentName: department?.name ?? departmentId,
  };
}
