/** Refusals about the annual reports bases file (summary of the year, plan for the next). */
import type { AnnualReportReviewer, AnnualReportStatus } from '#shared/domain/annual-reports/statuses';
import { ANNUAL_REPORT_STATUS_LABELS, ORGANIZATION_KIND_LABELS } from '../labels';
import type { Text } from '../text';

type OrganizationKind = keyof typeof ORGANIZATION_KIND_LABELS;

const statusLabel = (status: AnnualReportStatus) => `“${ANNUAL_REPORT_STATUS_LABELS[status]}”`;

/** The reviewer whose turn it is, as the program calls them. */
const REVIEWER: Record<AnnualReportReviewer, Text> = {
  department: { 'zh-CN': '基地管理部门', en: "the base's managing department" },
  admin: { 'zh-CN': '项目办公室', en: 'the program office' },
};

export const annualReports = {
  onlyTheBaseFiles: (): Text => ({
    'zh-CN': '年度报告只能由该基地本单位提交',
    en: "Only that base's host files its annual report",
  }),
  notABase: (orgId: string, kind: OrganizationKind): Text => ({
    'zh-CN': `单位 ${orgId} 是${ORGANIZATION_KIND_LABELS[kind]}，只有继续教育基地提交年度报告`,
    en: `Organization ${orgId} is a ${kind}; only bases file annual reports`,
  }),
  baseExited: (orgId: string): Text => ({
    'zh-CN': `基地 ${orgId} 已退出本计划，无需再提交年度报告`,
    en: `Base ${orgId} has exited the program and files no more reports`,
  }),
  yearNotStarted: (year: number, today: string): Text => ({
    'zh-CN': `${year} 年度尚未开始（今天是 ${today}）`,
    en: `The year ${year} has not started yet (today is ${today})`,
  }),
  currentOrPastYear: (): Text => ({
    'zh-CN': '只能填报本年度或以往年度',
    en: 'A report covers the current or a past year',
  }),
  notFound: (orgId: string, year: number): Text => ({
    'zh-CN': `未找到单位 ${orgId} 的 ${year} 年度报告`,
    en: `No annual report for ${year} from organization ${orgId}`,
  }),
  alreadyFiled: (orgId: string, year: number): Text => ({
    'zh-CN': `单位 ${orgId} 已提交过 ${year} 年度报告`,
    en: `Organization ${orgId} has already filed its annual report for ${year}`,
  }),
  currentStatus: (status: AnnualReportStatus): Text => ({
    'zh-CN': `当前状态为${statusLabel(status)}`,
    en: `The report is ${status}`,
  }),
  notYourTurn: (status: AnnualReportStatus, reviewer: AnnualReportReviewer): Text => ({
    'zh-CN': `该年度报告当前状态为${statusLabel(status)}，正等待${REVIEWER[reviewer]['zh-CN']}审核，您现在不能审核`,
    en: `The report is ${status} and awaits review by ${REVIEWER[reviewer].en}, not by you`,
  }),
  notAwaitingReview: (status: AnnualReportStatus): Text => ({
    'zh-CN': `该年度报告当前状态为${statusLabel(status)}，不在待审核状态`,
    en: `The report is ${status} and awaits no review`,
  }),
  notAmendable: (status: AnnualReportStatus): Text => ({
    'zh-CN': `该年度报告当前状态为${statusLabel(status)}，已不能修改`,
    en: `A report that is ${status} can no longer be amended`,
  }),
  amendableOnlyIn: (statuses: readonly AnnualReportStatus[]): Text => ({
    'zh-CN': `仅当状态为${statuses.map(statusLabel).join('或')}时可以修改`,
    en: `Amendable only while ${statuses.join(' or ')}`,
  }),
  returnNeedsComment: (): Text => ({
    'zh-CN': '退回修改时须说明理由',
    en: 'A return needs a comment saying why',
  }),
};
