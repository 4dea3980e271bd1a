/**
 * The Chinese name of every enumerated value, one table for the whole system: the reports print
 * them, the mails say them, and clients show them (`GET /public/labels`). Each is a Record over
 * its value type, so a value added to the domain fails to compile until it has a label.
 */

import type { AnnualReportAction, AnnualReportStatus } from '#shared/domain/annual-reports/statuses';
import type {
  CERTIFICATE_STATUSES,
  CERTIFICATE_TYPES,
  TECHNICAL_LEVELS,
} from '#shared/domain/certificates/kinds';
import type { ORGANIZATION_KINDS, ORGANIZATION_STATUSES } from '#shared/domain/organizations/kinds';
import type { Category, DIGITAL_FIELDS, PlanLevel, Project } from '#shared/domain/plans/catalog';
import type { PlanStatus } from '#shared/domain/plans/statuses';
import type { REGISTRATION_STATUSES } from '#shared/domain/registrations/statuses';
import type { FlagKind } from '#shared/domain/reports/flag-kinds';
import type { Role } from '#shared/domain/roles';
import type { SESSION_MODES, SubjectType } from '#shared/domain/sessions/kinds';

type Labels<T extends string> = Readonly<Record<T, string>>;
type ValueOf<T extends readonly string[]> = T[number];

export const PROJECT_LABELS: Labels<Project> = {
  seminar: '研修培训项目',
  capability: '专业技术人员能力提升项目',
  'digital-engineer': '数字技术工程师培育项目',
  'base-training': '继续教育基地培训',
};

export const CATEGORY_LABELS: Labels<Category> = {
  advanced: '高级研修',
  shortage: '急需紧缺人才培养培训',
  'on-the-job': '岗位培训',
  'public-compulsory': '公需科目（必修）',
  'public-elective': '公需科目（选修）',
  professional: '专业科目',
  digital: '数字技术',
};

/** A plan's or a base's level, and a technical certificate's: the values never overlap. */
export const LEVEL_LABELS: Labels<PlanLevel | ValueOf<typeof TECHNICAL_LEVELS>> = {
  national: '国家级',
  regional: '自治区级',
  junior: '初级',
  intermediate: '中级',
  senior: '高级',
};

export const DIGITAL_FIELD_LABELS: Labels<ValueOf<typeof DIGITAL_FIELDS>> = {
  'artificial-intelligence': '人工智能',
  'internet-of-things': '物联网',
  'big-data': '大数据',
  'cloud-computing': '云计算',
  'digital-management': '数字化管理',
  'smart-manufacturing': '智能制造',
  'industrial-internet': '工业互联网',
  'virtual-reality': '虚拟现实',
  blockchain: '区块链',
  'integrated-circuits': '集成电路',
};

export const SUBJECT_TYPE_LABELS: Labels<SubjectType> = {
  'public-compulsory': '公需科目（必修）',
  'public-elective': '公需科目（选修）',
  professional: '专业科目',
};

export const MODE_LABELS: Labels<ValueOf<typeof SESSION_MODES>> = {
  online: '线上',
  offline: '线下',
  blended: '线上线下结合',
};

export const PLAN_STATUS_LABELS: Labels<PlanStatus> = {
  draft: '草稿',
  submitted: '已提交',
  approved: '已批准',
  rejected: '未批准',
  returned: '已退回修改',
  published: '已公示',
};

/** A reviewer's decision on a plan, as the host is told it (the status it leads to, keyed). */
export const REVIEW_DECISION_LABELS: Labels<'approved' | 'rejected' | 'returned'> = {
  approved: '批准',
  rejected: '不予批准',
  returned: '退回修改',
};

/** A base's annual report on its way through review (shares 已提交 and 已退回修改 with plans). */
export const ANNUAL_REPORT_STATUS_LABELS: Labels<AnnualReportStatus> = {
  submitted: '已提交',
  'department-approved': '基地管理部门已审核同意',
  returned: '已退回修改',
  accepted: '已审核通过',
};

/** The steps of an annual report's history, as the base is told them. */
export const ANNUAL_REPORT_ACTION_LABELS: Labels<AnnualReportAction> = {
  filed: '提交',
  amended: '修改后重新提交',
  approved: '基地管理部门审核同意',
  returned: '退回修改',
  accepted: '项目办公室审核通过',
};

export const REGISTRATION_STATUS_LABELS: Labels<ValueOf<typeof REGISTRATION_STATUSES>> = {
  confirmed: '已确认',
  waitlisted: '候补中',
  cancelled: '已取消',
  completed: '已结业',
  failed: '未通过考核',
};

export const ORGANIZATION_STATUS_LABELS: Labels<ValueOf<typeof ORGANIZATION_STATUSES>> = {
  active: '正常',
  warned: '已警示',
  exited: '已退出',
};

export const CERTIFICATE_STATUS_LABELS: Labels<ValueOf<typeof CERTIFICATE_STATUSES>> = {
  valid: '有效',
  revoked: '已撤销',
};

export const ORGANIZATION_KIND_LABELS: Labels<ValueOf<typeof ORGANIZATION_KINDS>> = {
  base: '继续教育基地',
  'training-institution': '培训机构',
  'assessment-institution': '评价机构',
  host: '主办单位',
  department: '主管部门',
  'city-bureau': '市级人力资源社会保障部门',
};

export const CERTIFICATE_TYPE_LABELS: Labels<ValueOf<typeof CERTIFICATE_TYPES>> = {
  completion: '培训合格证书',
  'technical-level': '专业技术等级证书',
};

/** What the year report asks a reviewer to look at. */
export const FLAG_LABELS: Labels<FlagKind> = {
  'base-below-minimum': '基地培训人数未达标',
  'annual-report-missing': '年度总结未提交',
  'annual-report-late': '年度总结逾期提交',
  'plan-over-cap': '支出超出资助限额',
  'plan-sessions-short': '举办班次少于计划',
};

/** The year report's department row for the plans no department co-organizes. */
export const NO_DEPARTMENT_LABEL = '无主管部门';

/** The year report's city row for plans whose host organization is not registered (any more). */
export const UNKNOWN_CITY_LABEL = '未知城市';

/**
 * Every status a client meets, of plans, annual reports, registrations, organizations and
 * certificates, in one table: where two kinds of thing share a value ("submitted"), they share its
 * label.
 */
export const STATUS_LABELS = {
  ...PLAN_STATUS_LABELS,
  ...ANNUAL_REPORT_STATUS_LABELS,
  ...REGISTRATION_STATUS_LABELS,
  ...ORGANIZATION_STATUS_LABELS,
  ...CERTIFICATE_STATUS_LABELS,
};

/** `GET /public/labels`. */
export const ALL_LABELS = {
  projects: PROJECT_LABELS,
  categories: CATEGORY_LABELS,
  levels: LEVEL_LABELS,
  fields: DIGITAL_FIELD_LABELS,
  subjectTypes: SUBJECT_TYPE_LABELS,
  modes: MODE_LABELS,
  statuses: STATUS_LABELS,
  organizationKinds: ORGANIZATION_KIND_LABELS,
  certificateTypes: CERTIFICATE_TYPE_LABELS,
};

/** The roles of `cognito:groups`, as the program calls the people who hold them. */
export const ROLE_LABELS: Labels<Role> = {
  admin: '项目管理办公室',
  department: '主管部门',
  host: '主办单位',
  assessor: '评价机构',
  trainee: '专业技术人员',
  city: '市级人力资源社会保障部门',
};
