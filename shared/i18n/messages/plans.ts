/** Refusals about annual plans: who applies, what a plan holds, and how it moves to publication. */
import type { Category, DIGITAL_FIELDS, Project } from '#shared/domain/plans/catalog';
import type { PlanAction, PlanStatus } from '#shared/domain/plans/statuses';
import {
  CATEGORY_LABELS,
  DIGITAL_FIELD_LABELS,
  ORGANIZATION_KIND_LABELS,
  PLAN_STATUS_LABELS,
  PROJECT_LABELS,
} from '../labels';
import type { Text } from '../text';

type DigitalField = (typeof DIGITAL_FIELDS)[number];
type OrganizationKind = keyof typeof ORGANIZATION_KIND_LABELS;

/** “草稿”或“已退回修改”: statuses as the people who move plans call them. */
const statusesOr = (statuses: readonly PlanStatus[]) =>
  statuses.map((status) => `“${PLAN_STATUS_LABELS[status]}”`).join('或');

/** "A draft plan", "An approved plan": the article follows the sound of the status. */
const aPlan = (status: PlanStatus) => `${/^[aeiou]/.test(status) ? 'An' : 'A'} ${status} plan`;

const ACTION: Record<PlanAction, Text> = {
  submit: { 'zh-CN': '提交审核', en: 'submitted' },
  approve: { 'zh-CN': '批准', en: 'approved' },
  reject: { 'zh-CN': '作出不予批准决定', en: 'rejected' },
  return: { 'zh-CN': '退回修改', en: 'returned' },
  publish: { 'zh-CN': '公示', en: 'published' },
};

const REVIEW: Record<string, Text> = {
  reject: { 'zh-CN': '不予批准', en: 'A rejection' },
  return: { 'zh-CN': '退回修改', en: 'A return' },
};

export const plans = {
  notFound: (planId: string): Text => ({
    'zh-CN': `未找到培训计划 ${planId}`,
    en: `No plan ${planId}`,
  }),
  hostOnly: (): Text => ({
    'zh-CN': '仅该计划的主办单位可以进行此操作',
    en: 'Only the host organization of this plan may do this',
  }),
  ownOrganizationOnly: (): Text => ({
    'zh-CN': '主办单位只能为本单位申报计划',
    en: 'A host applies only for its own organization',
  }),
  nameTheHost: (): Text => ({ 'zh-CN': '请指定主办单位', en: 'Name the host organization' }),
  hostRequired: (): Text => ({ 'zh-CN': '必须填写', en: 'Required' }),
  invalidTransition: (current: PlanStatus, action: PlanAction): Text => ({
    'zh-CN': `该计划当前状态为“${PLAN_STATUS_LABELS[current]}”，不能${ACTION[action]['zh-CN']}`,
    en: `${aPlan(current)} cannot be ${ACTION[action].en}`,
  }),
  allowedOnlyFrom: (from: readonly PlanStatus[]): Text => ({
    'zh-CN': `仅当状态为${statusesOr(from)}时可以进行此操作`,
    en: `Allowed only from ${from.join(' or ')}`,
  }),
  notEditable: (current: PlanStatus): Text => ({
    'zh-CN': `该计划当前状态为“${PLAN_STATUS_LABELS[current]}”，已不能修改`,
    en: `${aPlan(current)} can no longer be changed`,
  }),
  editableOnlyIn: (statuses: readonly PlanStatus[]): Text => ({
    'zh-CN': `仅当状态为${statusesOr(statuses)}时可以修改`,
    en: `Editable only in ${statuses.join(' or ')}`,
  }),
  reviewNeedsComment: (decision: string): Text => ({
    'zh-CN': `${REVIEW[decision]?.['zh-CN'] ?? '审核'}时须说明理由`,
    en: `${REVIEW[decision]?.en ?? 'A review'} needs a comment saying why`,
  }),
  draftedIt: (): Text => ({
    'zh-CN': '此计划由您起草，须由他人审核',
    en: 'You drafted this plan: someone else reviews it',
  }),
  submittedIt: (): Text => ({
    'zh-CN': '此计划由您提交审核，须由他人审核',
    en: 'You submitted this plan: someone else reviews it',
  }),
  categoryNotOfProject: (project: Project, allowed: readonly Category[], category: Category): Text => ({
    'zh-CN': `${PROJECT_LABELS[project]}的类别须为${allowed.map((one) => `“${CATEGORY_LABELS[one]}”`).join('或')}，不能为“${CATEGORY_LABELS[category]}”`,
    en: `A ${project} plan has category ${allowed.join(' or ')}, not ${category}`,
  }),
  nationalSeminarIsAdvanced: (): Text => ({
    'zh-CN': `国家级${PROJECT_LABELS.seminar}的类别须为“${CATEGORY_LABELS.advanced}”`,
    en: 'A national seminar is an advanced seminar (category advanced)',
  }),
  digitalNeedsField: (fields: readonly DigitalField[]): Text => ({
    'zh-CN': `${PROJECT_LABELS['digital-engineer']}须注明专业领域，可选：${fields.map((field) => DIGITAL_FIELD_LABELS[field]).join('、')}`,
    en: `A digital-engineer plan needs a field: one of ${fields.join(', ')}`,
  }),
  notApproved: (status: PlanStatus): Text => ({
    'zh-CN': `计划经批准或公示后方可登记支出；该计划当前状态为“${PLAN_STATUS_LABELS[status]}”`,
    en: `Expenses are recorded on approved or published plans; this one is ${status}`,
  }),
  notApprovedYet: (): Text => ({ 'zh-CN': '尚未批准', en: 'Not approved yet' }),
  spendingLimit: (): Text => ({
    'zh-CN': '一个计划登记的支出累计不能超过 1 亿元',
    en: 'The recorded spending of a plan cannot exceed 100 million yuan',
  }),
  atMostMoreFen: (fen: number): Text => ({
    'zh-CN': `最多还可登记 ${fen} 分`,
    en: `At most ${fen} more fen`,
  }),
  unknownOrganization: (orgId: string): Text => ({
    'zh-CN': `单位 ${orgId} 尚未登记`,
    en: `No organization ${orgId} is registered`,
  }),
  registerOrganizationFirst: (): Text => ({
    'zh-CN': '请先登记该单位',
    en: 'Register the organization first',
  }),
  organizationExited: (name: string): Text => ({
    'zh-CN': `${name}已退出本计划`,
    en: `${name} has left the program`,
  }),
  exitedAppliesForNone: (): Text => ({
    'zh-CN': '已退出的单位不能申报计划',
    en: 'Exited organizations apply for no plans',
  }),
  notAHost: (kind: OrganizationKind): Text => ({
    'zh-CN': `${ORGANIZATION_KIND_LABELS[kind]}不能承办计划`,
    en: `${/^[aeiou]/.test(kind) ? 'An' : 'A'} ${kind} does not host plans`,
  }),
  hostKinds: (kinds: readonly OrganizationKind[]): Text => ({
    'zh-CN': `须为以下类型之一：${kinds.map((kind) => ORGANIZATION_KIND_LABELS[kind]).join('、')}`,
    en: `Must be one of: ${kinds.join(', ')}`,
  }),
  baseTrainingByBase: (): Text => ({
    'zh-CN': `${PROJECT_LABELS['base-training']}计划须由${ORGANIZATION_KIND_LABELS.base}承办`,
    en: 'A base-training plan is run by a continuing-education base',
  }),
  mustBeBase: (): Text => ({
    'zh-CN': `须为${ORGANIZATION_KIND_LABELS.base}`,
    en: 'Must be a base',
  }),
  notADepartment: (departmentId: string): Text => ({
    'zh-CN': `${departmentId} 不是已登记的${ORGANIZATION_KIND_LABELS.department}`,
    en: `${departmentId} is not a registered department`,
  }),
  mustBeDepartment: (): Text => ({
    'zh-CN': `须为类型是“${ORGANIZATION_KIND_LABELS.department}”的单位`,
    en: 'Must be an organization of kind department',
  }),
};
