/** A base's managing department (基地管理部门): only a base has one, and it is a registered department. */
import { describe, expect, it } from 'vitest';
import { AppError } from '#shared/domain/errors';
import { withManagingDepartment } from '#shared/domain/organizations/managing-department';
import {
  CreateOrganizationInput,
  type Organization,
  UpdateOrganizationInput,
} from '#shared/domain/organizations/schemas';
import { thrown } from '../helpers/thrown';

const org = (kind: Organization['kind'], id: string, name: string): Organization => ({
  id,
  name,
  kind,
  ...(kind === 'base' ? { level: 'regional' as const } : {}),
  city: '南宁',
  fields: [],
  status: 'active',
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
});

const BASE = org('base', 'org_base', '南宁继续教育基地');
const DEPARTMENT = org('department', 'org_dept', '自治区教育厅');
const HOST = org('host', 'org_host', '广西大学');

const refusal = (action: () => unknown) => {
  const error = thrown(action);
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
};

describe('withManagingDepartment', () => {
  it('gives a base its managing department, named beside its id', () => {
    expect(withManagingDepartment(BASE, DEPARTMENT.id, DEPARTMENT)).toEqual({
      ...BASE,
      managingDepartmentId: 'org_dept',
      managingDepartmentName: '自治区教育厅',
    });
  });

  it('takes it away with null and leaves it with undefined', () => {
    const managed = withManagingDepartment(BASE, DEPARTMENT.id, DEPARTMENT);
    expect(withManagingDepartment(managed, undefined, undefined)).toBe(managed);
    expect(withManagingDepartment(managed, null, undefined)).toEqual(BASE);
  });

  it('refuses an unknown organization with 422 UNKNOWN_ORGANIZATION', () => {
    const error = refusal(() => withManagingDepartment(BASE, 'org_nowhere', undefined));
    expect(error).toMatchObject({ status: 422, code: 'UNKNOWN_ORGANIZATION' });
    expect(error.toBody().error).toEqual({
      code: 'UNKNOWN_ORGANIZATION',
      message: '单位 org_nowhere 尚未登记',
      details: [{ field: 'managingDepartmentId', message: '基地管理部门：请先登记该单位' }],
    });
  });

  it('refuses an organization that is not a department with 422 NOT_A_DEPARTMENT', () => {
    const error = refusal(() => withManagingDepartment(BASE, HOST.id, HOST));
    expect(error).toMatchObject({ status: 422, code: 'NOT_A_DEPARTMENT' });
    expect(error.toBody().error.message).toBe('org_host 不是已登记的主管部门');
    expect(error.toBody('en').error.message).toBe('org_host is not a registered department');
  });

  it('refuses a managing department on anything but a base with 400, as for level', () => {
    const error = refusal(() => withManagingDepartment(HOST, DEPARTMENT.id, DEPARTMENT));
    expect(error.status).toBe(400);
    expect(error.toBody().error.details).toEqual([
      { field: 'managingDepartmentId', message: '基地管理部门：仅继续教育基地设有基地管理部门' },
    ]);
  });
});

describe('organization input', () => {
  const base = { name: '基地', kind: 'base', level: 'regional', city: '南宁' };

  it('takes a managing department on a new base, refuses it on anything else', () => {
    expect(CreateOrganizationInput.safeParse({ ...base, managingDepartmentId: 'org_dept' }).success).toBe(
      true,
    );
    const host = CreateOrganizationInput.safeParse({
      name: '主办',
      kind: 'host',
      city: '南宁',
      managingDepartmentId: 'org_dept',
    });
    expect(host.success).toBe(false);
    expect(host.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['managingDepartmentId']);
  });

  it('takes a managing department, or null to remove it, in a change', () => {
    expect(UpdateOrganizationInput.parse({ managingDepartmentId: 'org_dept' })).toEqual({
      managingDepartmentId: 'org_dept',
    });
    expect(UpdateOrganizationInput.parse({ managingDepartmentId: null })).toEqual({
      managingDepartmentId: null,
    });
    expect(UpdateOrganizationInput.safeParse({ managingDepartmentId: 'bad id!' }).success).toBe(false);
  });
});
