/** Refusals about the audit trail of personal data (who read full ID numbers of others). */
import type { Text } from '../text';

export const audit = {
  fromAfterTo: (from: string, to: string): Text => ({
    'zh-CN': `起始日期 ${from} 晚于截止日期 ${to}`,
    en: `The first date ${from} is after the last date ${to}`,
  }),
  windowTooLong: (days: number, maxDays: number): Text => ({
    'zh-CN': `查询区间为 ${days} 天，最长 ${maxDays} 天：请分段查询`,
    en: `The dates span ${days} days, at most ${maxDays}: ask in parts`,
  }),
};
