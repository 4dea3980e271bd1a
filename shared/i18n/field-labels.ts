import type { Text } from './text';

/**
 * The Chinese name of every field a client sends, so a refusal says "开始日期" where it would say
 * `startDate`. A field without a label is named as it is sent.
 */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
  amountFen: '金额',
  budget: '预算',
  capacity: '名额',
  category: '类别',
  city: '所在地市',
  comment: '意见',
  contactEmail: '联系邮箱',
  creditHours: '学时',
  'custom:orgId': '登录账号所属单位',
  cursor: '翻页位置',
  date: '日期',
  decision: '审核结论',
  departmentId: '主管部门',
  description: '说明',
  email: '电子邮箱',
  employer: '工作单位',
  endDate: '结束日期',
  examDate: '考试日期',
  field: '专业领域',
  fields: '专业领域',
  from: '起始',
  holderId: '持证人',
  holderName: '持证人姓名',
  hostOrgId: '主办单位',
  idNumber: '身份证号码',
  kind: '类型',
  level: '级别',
  limit: '每页条数',
  location: '培训地点',
  managingDepartmentId: '基地管理部门',
  mine: '仅看本人',
  mode: '培训方式',
  name: '名称',
  nextYearPlan: '下一年度计划',
  number: '证书编号',
  open: '仅看可报名',
  orgId: '单位',
  passed: '是否通过',
  planId: '培训计划',
  plannedSessions: '计划班次',
  plannedTrainees: '计划培训人数',
  present: '出勤名单',
  project: '项目',
  q: '关键词',
  reason: '原因',
  registrationDeadline: '报名截止日期',
  registrationId: '报名编号',
  results: '考核结果',
  score: '成绩',
  selfFundedFen: '自筹经费',
  sessionId: '培训班次',
  startDate: '开始日期',
  status: '状态',
  statusReason: '状态变更原因',
  subjectType: '科目类型',
  subsidyCapFen: '资助限额',
  summary: '摘要',
  title: '标题',
  to: '截止',
  token: '证书令牌',
  year: '年度',
};

/** The label of a field path such as `budget.subsidyCapFen` or `results.0.passed`: its last name. */
export function fieldLabel(field: string): string {
  const last = field
    .split('.')
    .filter((part) => !/^\d+$/.test(part))
    .at(-1);
  return (last && FIELD_LABELS[last]) ?? field;
}

/** A detail's message about `field`: in Chinese led by the field's label (English names it apart). */
export function aboutField(field: string, message: Text | string): Text {
  const text = typeof message === 'string' ? { 'zh-CN': message, en: message } : message;
  return { 'zh-CN': `${fieldLabel(field)}：${text['zh-CN']}`, en: text.en };
}
