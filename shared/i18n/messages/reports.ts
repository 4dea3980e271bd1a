/** Refusals about the year-end report: when a year may be compiled, and who reads what of it. */
import { ROLE_LABELS } from '../labels';
import type { Text } from '../text';

export const reports = {
  yearNotStarted: (year: number): Text => ({
    'zh-CN': `${year} 年尚未开始，自 ${year} 年 1 月 1 日起方可汇编`,
    en: `The year ${year} has not begun; compile it from 1 January ${year}`,
  }),
  compileFrom: (year: number): Text => ({
    'zh-CN': `自 ${year}-01-01（北京时间）起方可汇编`,
    en: `Compile ${year} from ${year}-01-01 (Beijing time)`,
  }),
  notCompiled: (year: number): Text => ({
    'zh-CN': `${year} 年度报告尚未汇编，须由${ROLE_LABELS.admin}汇编`,
    en: `The report of ${year} has not been compiled; an administrator compiles it`,
  }),
};
