/**
 * The Chinese sentence each flag of the year report carries beside its machine-readable measures:
 * what a reviewer reads in the JSON, the files and the page ("支出 210,000.00 元，超出限额
 * 180,000.00 元").
 */

import type { FlagKind } from '#shared/domain/reports/flag-kinds';
import type { FlagMeasuresByKind } from '#shared/domain/reports/schemas';
import { formatCount, yuanText } from './numbers';

export const FLAG_DETAILS: { [K in FlagKind]: (measures: FlagMeasuresByKind[K]) => string } = {
  'base-below-minimum': ({ trained, minimum }) =>
    `培训 ${formatCount(trained)} 人，低于最低要求 ${formatCount(minimum)} 人`,
  'annual-report-missing': () => '未提交年度总结',
  'annual-report-late': ({ lateDays }) => `年度总结逾期 ${formatCount(lateDays)} 天提交`,
  'plan-over-cap': ({ spentFen, subsidyCapFen }) =>
    `支出 ${yuanText(spentFen)}，超出限额 ${yuanText(subsidyCapFen)}`,
  'plan-sessions-short': ({ sessionsHeld, plannedSessions }) =>
    `计划 ${formatCount(plannedSessions)} 个班次，已举办 ${formatCount(sessionsHeld)} 个`,
};
