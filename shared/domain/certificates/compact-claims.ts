/**
 * What a certificate's QR code states: the compact claims, a CBOR map with small integer keys,
 * signed as a COSE_Sign1 (shared/signing/compact-token.ts). Why this shape and not the JWS:
 * docs/adr/0006-qr-code-compact-cose-token.md.
 *
 * Always stated (bounded, a few bytes each): the number (its type and level are in it), the
 * credit hours of a completion, the date of issue and the exam date of a technical level. Then
 * the texts, in order of what a verifier needs most: the holder's name (compared with the person
 * in front of them), the title, the issuing organization; each only if the whole token still
 * fits the QR code's budget, else left out whole (never cut). The verification page shows a
 * text left out from the public record it reads online anyway, and says so.
 */
import type { CborValue } from '#shared/cbor';
import type { CertificateDraft } from './certificate';
import { type CertificateType, TECHNICAL_LEVELS, type TechnicalLevel } from './kinds';
import { formatCertificateNumber, parseCertificateNumber } from './numbering';

/** The claim keys: the page's copy (web/verify/compact.js) is held equal to these by a test. */
export const COMPACT_CLAIM = {
  /** `[year, level digit, sequence]`: the number without its dashes, letters and check character. */
  number: 1,
  /** Credit hours times two: hours come in steps of 0.5, so this is an integer. */
  halfHours: 2,
  /** Days since 1970-01-01 (as RFC 8943's tag 100 counts them). */
  issued: 3,
  examDate: 4,
  holderName: 5,
  title: 6,
  issuer: 7,
} as const;

/** A certificate as its compact token states it; the texts left out are absent. */
export interface CompactCertificate {
  number: string;
  type: CertificateType;
  level?: TechnicalLevel;
  creditHours?: number;
  issuedOn: string;
  examDate?: string;
  holderName?: string;
  title?: string;
  issuer?: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** 9999-12-31: a calendar date has four digits of year. */
const LAST_DAY = 2_932_896;

const daysOf = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const dateOf = (days: number): string => new Date(days * DAY_MS).toISOString().slice(0, 10);

/** UTF-16LE: two bytes a Chinese character where UTF-8 takes three. */
function utf16(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    bytes[2 * i] = unit & 0xff;
    bytes[2 * i + 1] = unit >> 8;
  }
  return bytes;
}

/**
 * A text in whichever form is shorter: a CBOR text string (UTF-8, best for Latin letters and
 * digits, such as a digital field's key) or a byte string holding UTF-16LE (best for Chinese).
 */
export function compactText(text: string): CborValue {
  const wide = utf16(text);
  return wide.length < new TextEncoder().encode(text).length ? wide : text;
}

function readText(value: CborValue | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (!(value instanceof Uint8Array) || value.length % 2 !== 0) return undefined;
  try {
    return new TextDecoder('utf-16le', { fatal: true }).decode(value);
  } catch {
    return undefined;
  }
}

const levelDigitOf = (level: TechnicalLevel | undefined) => (level ? TECHNICAL_LEVELS.indexOf(level) + 1 : 0);

/**
 * The compact claims of certificate `number`. `fits` says whether claims this large still make a
 * token the QR code can carry (the signing side knows its own overhead).
 */
export function compactClaims(
  number: string,
  draft: CertificateDraft,
  fits: (claims: ReadonlyMap<number, CborValue>) => boolean,
): Map<number, CborValue> {
  const { year, level, sequence } = parseCertificateNumber(number);
  let claims = new Map<number, CborValue>([
    [COMPACT_CLAIM.number, [year, levelDigitOf(level), sequence]],
    [COMPACT_CLAIM.issued, daysOf(draft.issuedOn)],
  ]);
  const halfHours = draft.creditHours === undefined ? undefined : draft.creditHours * 2;
  // Hours off the half-hour grid (none are, by the session schema) are read online instead.
  if (halfHours !== undefined && Number.isSafeInteger(halfHours) && halfHours >= 0) {
    claims.set(COMPACT_CLAIM.halfHours, halfHours);
  }
  if (draft.examDate) claims.set(COMPACT_CLAIM.examDate, daysOf(draft.examDate));
  const texts = [
    [COMPACT_CLAIM.holderName, draft.holderName],
    [COMPACT_CLAIM.title, draft.title],
    [COMPACT_CLAIM.issuer, draft.issuer],
  ] as const;
  for (const [key, text] of texts) {
    const candidate = new Map(claims).set(key, compactText(text));
    if (fits(candidate)) claims = candidate;
  }
  return claims;
}

const isDay = (value: CborValue | undefined): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= LAST_DAY;

function numberOf(value: CborValue | undefined): string | undefined {
  if (!Array.isArray(value) || value.length !== 3) return undefined;
  const [year, levelDigit, sequence] = value as CborValue[];
  if (typeof year !== 'number' || year < 1000 || year > 9999) return undefined;
  if (typeof levelDigit !== 'number' || levelDigit < 0 || levelDigit > TECHNICAL_LEVELS.length)
    return undefined;
  if (typeof sequence !== 'number' || sequence < 0 || sequence > 999_999_999_999) return undefined;
  const level = TECHNICAL_LEVELS[levelDigit - 1];
  return formatCertificateNumber({ year, type: level ? 'technical-level' : 'completion', level, sequence });
}

/**
 * The certificate signed claims state, or undefined when they are not compact claims of ours.
 * Keys it does not know are passed over, so a later token may state more.
 */
export function readCompactClaims(value: CborValue): CompactCertificate | undefined {
  if (!(value instanceof Map)) return undefined;
  const claims = value as ReadonlyMap<number | string, CborValue>;
  const number = numberOf(claims.get(COMPACT_CLAIM.number));
  const issued = claims.get(COMPACT_CLAIM.issued);
  if (!number || !isDay(issued)) return undefined;
  const { type, level } = parseCertificateNumber(number);
  const halfHours = claims.get(COMPACT_CLAIM.halfHours);
  const examDate = claims.get(COMPACT_CLAIM.examDate);
  const texts = {
    holderName: readText(claims.get(COMPACT_CLAIM.holderName)),
    title: readText(claims.get(COMPACT_CLAIM.title)),
    issuer: readText(claims.get(COMPACT_CLAIM.issuer)),
  };
  return {
    number,
    type,
    ...(level ? { level } : {}),
    ...(typeof halfHours === 'number' && halfHours >= 0 ? { creditHours: halfHours / 2 } : {}),
    issuedOn: dateOf(issued),
    ...(isDay(examDate) ? { examDate: dateOf(examDate) } : {}),
    ...Object.fromEntries(Object.entries(texts).filter(([, text]) => text !== undefined)),
  };
}
