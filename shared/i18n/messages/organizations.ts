/** Refusals about organizations: bases, institutions, hosts and departments, and their status. */
import { LEVEL_LABELS, ORGANIZATION_KIND_LABELS, ORGANIZATION_STATUS_LABELS } from '../labels';
import type { Text } from '../text';

export const organizations = {
  notFound: (orgId: string): Text => ({
    'zh-CN': `未找到单位 ${orgId}`,
    en: `No organization ${orgId}`,
  }),
  changedMeanwhile: (): Text => ({
    'zh-CN': '该单位信息已被他人修改，请重新读取后再提交',
    en: 'The organization was changed by someone else; read it again and retry',
  }),
  levelOnlyForBases: (): Text => ({
    'zh-CN': '仅继续教育基地设有级别',
    en: 'Only a base has a level',
  }),
  baseNeedsLevel: (): Text => ({
    'zh-CN': `继续教育基地须注明级别：${LEVEL_LABELS.national}或${LEVEL_LABELS.regional}`,
    en: 'A base needs a level: national or regional',
  }),
  statusNeedsReason: (): Text => ({
    'zh-CN': `变更状态时必须填写，说明为何将单位设为${ORGANIZATION_STATUS_LABELS.active}、${ORGANIZATION_STATUS_LABELS.warned}或${ORGANIZATION_STATUS_LABELS.exited}`,
    en: 'A status change needs a statusReason: why the organization is active, warned or exited',
  }),
  reasonWithoutStatus: (): Text => ({
    'zh-CN': '仅在变更状态时填写',
    en: 'A statusReason goes with a status',
  }),
  managingDepartmentOnlyForBases: (): Text => ({
    'zh-CN': '仅继续教育基地设有基地管理部门',
    en: 'Only a base has a managing department',
  }),
  unknownManagingDepartment: (departmentId: string): Text => ({
    'zh-CN': `单位 ${departmentId} 尚未登记`,
    en: `No organization ${departmentId} is registered`,
  }),
  notAManagingDepartment: (departmentId: string): Text => ({
    'zh-CN': `${departmentId} 不是已登记的${ORGANIZATION_KIND_LABELS.department}`,
    en: `${departmentId} is not a registered department`,
  }),
  managingDepartmentMustBeDepartment: (): Text => ({
    'zh-CN': `须为类型是“${ORGANIZATION_KIND_LABELS.department}”的单位`,
    en: 'Must be an organization of kind department',
  }),
};
