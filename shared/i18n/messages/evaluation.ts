/**
 * Refusals about the evaluation across years (the trend of the yearly reports) and about who reads
 * a plan's spending.
 */
import type { Text } from '../text';

export const evaluation = {
  trendReversed: (from: number): Text => ({
    'zh-CN': `不能早于起始年度 ${from}`,
    en: `Must not be before ${from}, the first year asked for`,
  }),
  trendTooLong: (maxYears: number): Text => ({
    'zh-CN': `一次最多查看 ${maxYears} 个年度`,
    en: `At most ${maxYears} years at a time`,
  }),
  expensesForParties: (): Text => ({
    'zh-CN': '仅计划的承办单位、主管部门和项目管理办公室可以查看支出明细',
    en: "Only the plan's host organization, its co-organizing department and administrators see its expenses",
  }),
};
