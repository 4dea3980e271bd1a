/**
 * Calendar dates as people write them: `2026年12月2日` (no leading zeros), `2 December 2026`.
 * The dates are the domain's Beijing calendar dates (`YYYY-MM-DD`, shared/domain/dates.ts): no
 * time zone is applied here, so a date prints as the day it names.
 */
import type { Text } from './text';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function writtenDate(date: string): Text {
  const match = CALENDAR_DATE.exec(date);
  if (!match) throw new Error(`Not a calendar date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  return { 'zh-CN': `${year}年${month}月${day}日`, en: `${day} ${MONTHS[month - 1]} ${year}` };
}
