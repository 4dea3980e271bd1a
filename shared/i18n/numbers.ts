/**
 * Numbers as Chinese readers expect them in reports and mails: money in yuan with thousands
 * separators ("210,000.00 元"), counts grouped the same way.
 */

const grouped = (digits: string) => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/**
 * Fen as yuan with two decimals and thousands separators ("210,000.00"), by integer arithmetic:
 * dividing first would print binary rounding (1.005 style) and lose the exact amount the ledger
 * holds.
 */
export function formatYuan(fen: number): string {
  const whole = Math.abs(Math.round(fen));
  const sign = fen < 0 && whole > 0 ? '-' : '';
  return `${sign}${grouped(String(Math.trunc(whole / 100)))}.${String(whole % 100).padStart(2, '0')}`;
}

/** An amount in running text: "210,000.00 元". */
export const yuanText = (fen: number) => `${formatYuan(fen)} 元`;

/** A whole count in running text: "2,000". */
export const formatCount = (value: number) => (value < 0 ? '-' : '') + grouped(String(Math.abs(value)));
