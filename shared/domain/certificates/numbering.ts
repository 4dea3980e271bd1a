/**
 * The unified certificate numbering rule: `GX-{year}-{type}{level}-{sequence}-{check}`, e.g.
 * `GX-2026-P0-000123-0` (EXAMPLE_CERTIFICATE_NUMBER). Type `P` is a training completion certificate (培训合格证书), `T` a
 * technical level certificate (专业技术等级证书); level 0 none, 1 junior, 2 intermediate, 3 senior.
 * The sequence counts per year and type, at least six digits, and is never reused. The check
 * character is ISO 7064 MOD 11-2 over all the digits, so a mistyped number is refused before any
 * lookup.
 */
import { aboutField } from '#shared/i18n/field-labels';
import * as MESSAGES from '#shared/i18n/messages';
import type { Text } from '#shared/i18n/text';
import { badRequest } from '../errors';
import type { CertificateType, TechnicalLevel } from './kinds';

const TYPE_LETTER: Record<CertificateType, 'P' | 'T'> = { completion: 'P', 'technical-level': 'T' };
const LEVEL_DIGIT: Record<TechnicalLevel, string> = { junior: '1', intermediate: '2', senior: '3' };

/** Six digits, or more without a leading zero (so each sequence has exactly one spelling), at most twelve. */
export const CERTIFICATE_NUMBER_PATTERN = /^GX-(\d{4})-([PT])([0-3])-(\d{6}|[1-9]\d{6,11})-([\dX])$/;

/** ISO 7064 MOD 11-2 check character of a string of digits (0–9, or X for ten). */
export function mod11_2(digits: string): string {
  let product = 0;
  for (const digit of digits) product = ((product + Number(digit)) * 2) % 11;
  return '0123456789X'[(12 - product) % 11] as string;
}

export interface CertificateNumberParts {
  year: number;
  type: CertificateType;
  level?: TechnicalLevel | undefined;
  sequence: number;
}

export function formatCertificateNumber(parts: CertificateNumberParts): string {
  if ((parts.type === 'completion') !== (parts.level === undefined)) {
    throw new Error('A completion certificate has no level; a technical level certificate has one');
  }
  const levelDigit = parts.level ? LEVEL_DIGIT[parts.level] : '0';
  const sequence = String(parts.sequence).padStart(6, '0');
  const check = mod11_2(`${parts.year}${levelDigit}${sequence}`);
  return `GX-${parts.year}-${TYPE_LETTER[parts.type]}${levelDigit}-${sequence}-${check}`;
}

/**
 * The example that messages and documents show: made by the rule itself, so its check character
 * is right by construction (a hand-written example once carried a wrong one).
 */
export const EXAMPLE_CERTIFICATE_NUMBER = formatCertificateNumber({
  year: 2026,
  type: 'completion',
  sequence: 123,
});

const invalidNumber = (message: Text) =>
  badRequest(
    message,
    [{ field: 'number', message: aboutField('number', message) }],
    'INVALID_CERTIFICATE_NUMBER',
  );

/** The parts of a well-formed number; a 400 for a wrong pattern or check character. */
export function parseCertificateNumber(value: string): CertificateNumberParts {
  const match = CERTIFICATE_NUMBER_PATTERN.exec(value);
  if (!match) throw invalidNumber(MESSAGES.certificates.numberLooksLike(EXAMPLE_CERTIFICATE_NUMBER));
  const [, year, letter, levelDigit, sequence, check] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (mod11_2(`${year}${levelDigit}${sequence}`) !== check) {
    throw invalidNumber(MESSAGES.certificates.checkCharacterMismatch());
  }
  const type: CertificateType = letter === 'P' ? 'completion' : 'technical-level';
  const level = (Object.entries(LEVEL_DIGIT).find(([, digit]) => digit === levelDigit)?.[0] ?? undefined) as
    | TechnicalLevel
    | undefined;
  if ((type === 'completion') !== (level === undefined)) {
    throw invalidNumber(MESSAGES.certificates.levelDigitOfType());
  }
  return { year: Number(year), type, level, sequence: Number(sequence) };
}
