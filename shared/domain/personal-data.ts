/**
 * Personal data inside free text that the public may read (a revocation reason written by staff):
 * resident ID numbers, mobile and landline phone numbers and mail addresses are masked, the rest of
 * the text is left as written. Digits may be ASCII or full width, as Chinese input methods type them.
 */
import { maskIdNumber } from './trainees/id-number';

const DIGIT = '[0-9０-９]';
/** Not glued to more digits: a longer run is some other number. */
const NOT_AFTER_DIGIT = `(?<!${DIGIT})`;
const NOT_BEFORE_DIGIT = `(?!${DIGIT})`;
const SEPARATOR = '[-‐－—\\s]?';

/** 18 characters (GB 11643), also written in groups 6-8-4; the last may be X. */
const ID_NUMBER = new RegExp(
  `${NOT_AFTER_DIGIT}${DIGIT}{6}${SEPARATOR}${DIGIT}{8}${SEPARATOR}${DIGIT}{3}[0-9０-９XxＸｘ]${NOT_BEFORE_DIGIT}`,
  'g',
);

/** Mainland mobile numbers: 1[3-9] and nine more digits, maybe after +86, maybe grouped 3-4-4. */
const MOBILE = new RegExp(
  `${NOT_AFTER_DIGIT}(?:(?:\\+|＋)?(?:86|８６)${SEPARATOR})?[1１][3-9３-９]${DIGIT}${SEPARATOR}${DIGIT}{4}${SEPARATOR}${DIGIT}{4}${NOT_BEFORE_DIGIT}`,
  'g',
);

/**
 * Landlines with their area code (0 and two or three digits, maybe in brackets): 7 or 8 digits not
 * starting with 0 or 1, maybe an extension. A bare 7–8 digit number is not masked: without an area
 * code it cannot be told from a date or an amount.
 */
const LANDLINE = new RegExp(
  `${NOT_AFTER_DIGIT}(?:[(（]([0０]${DIGIT}{2,3})[)）]\\s?|([0０]${DIGIT}{2,3})${SEPARATOR})([2-9２-９]${DIGIT}{2,3}${SEPARATOR}${DIGIT}{4})(?:(?:-|－|转|ext\\.?\\s?)(${DIGIT}{1,6}))?${NOT_BEFORE_DIGIT}`,
  'g',
);

const MAIL = /[A-Za-z0-9._%+-]+[@＠][A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

/** Full-width digits and letters as ASCII, so a masked number reads the same however it was typed. */
const ascii = (text: string) => text.normalize('NFKC');

const digitsOf = (text: string) => ascii(text).replace(/\D/g, '');

/** `4501**********1234`, as ID numbers are masked everywhere else. */
const maskedIdNumber = (match: string) =>
  maskIdNumber(
    ascii(match)
      .replace(/[^0-9Xx]/g, '')
      .toUpperCase(),
  );

/** `138****5678`: the carrier prefix and the last four, as Chinese services show a phone number. */
function maskedMobile(match: string): string {
  const digits = digitsOf(match);
  const national = digits.slice(-11);
  const country = digits.length > 11 ? '+86 ' : '';
  return `${country}${national.slice(0, 3)}****${national.slice(-4)}`;
}

/** `0771-****234`: the area code (a city, not a person) and the last three digits; no extension. */
function maskedLandline(
  _match: string,
  bracketed: string | undefined,
  plain: string | undefined,
  local: string,
  extension: string | undefined,
): string {
  const area = ascii(bracketed ?? plain ?? '');
  const digits = digitsOf(local);
  const masked = `${area}-${'*'.repeat(digits.length - 3)}${digits.slice(-3)}`;
  return extension ? `${masked}-${'*'.repeat(digitsOf(extension).length)}` : masked;
}

/** `z***@example.cn`: the first character of the mailbox and its domain. */
function maskedMail(match: string): string {
  const [local = '', domain = ''] = ascii(match).split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}

/**
 * The text with every ID number, mobile and landline number and mail address in it masked. ID
 * numbers go first: their 18 digits hold runs that would otherwise read as phone numbers.
 */
export function maskPersonalData(text: string): string {
  return text
    .replace(ID_NUMBER, maskedIdNumber)
    .replace(MAIL, maskedMail)
    .replace(MOBILE, maskedMobile)
    .replace(LANDLINE, maskedLandline);
}
