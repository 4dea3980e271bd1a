/** Refusals about the annual reports bases file (summary of the year, plan for the next). */
import { ORGANIZATION_KIND_LABELS } from '../labels';
import type { Text } from '../text';

type OrganizationKind = keyof typeof ORGANIZATION_KIND_LABELS;

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
};
