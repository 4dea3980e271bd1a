/**
 * Resident ID numbers (GB 11643-1999): 6 digits of region, 8 of birth date, 3 of sequence and a
 * check character computed with ISO 7064 MOD 11-2. Checked in full before one is stored, masked
 * everywhere but its owner's own view, and never logged.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';

/** Province-level codes in use (the first two digits). */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61,
  62, 63, 64, 65, 71, 81, 82,
]);

/** The check character of the first 17 digits (ISO 7064 MOD 11-2). */
export function idNumberCheckCharacter(first17: string): string {
  const sum = WEIGHTS.reduce((total, weight, index) => total + weight * Number(first17[index]), 0);
  return CHECK_CHARACTERS[sum % 11] as string;
}

function validBirthDate(digits: string, today: Date): boolean {
  const year = Number(digits.slice(0, 4));
  const month = Number(digits.slice(4, 6));
  const day = Number(digits.slice(6, 8));
  const date = new Date(Date.UTC(year, month - 1, day));
  const real =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real && year >= 1900 && date.getTime() <= today.getTime();
}

export function isValidIdNumber(value: string, today = new Date()): boolean {
  if (!/^\d{17}[\dX]$/.test(value)) return false;
  if (!PROVINCES.has(Number(value.slice(0, 2)))) return false;
  if (!validBirthDate(value.slice(6, 14), today)) return false;
  return idNumberCheckCharacter(value.slice(0, 17)) === value[17];
}

/** `4501**********1234`: enough to tell two people apart on a roster, not enough to misuse. */
export function maskIdNumber(value: string): string {
  return `${value.slice(0, 4)}${'*'.repeat(Math.max(0, value.length - 8))}${value.slice(-4)}`;
}
