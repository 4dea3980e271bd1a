/**
 * The compact certificate token a QR code carries: the compact claims
 * (shared/domain/certificates/compact-claims.ts) signed as a COSE_Sign1 (./cose.ts), written as
 * one decimal number. Digits are what a QR code packs tightest (numeric mode: ten bits for three
 * digits, against eight bits for one character of a base64url JWS), and they need no escaping in
 * a URL. Why: docs/adr/0006-qr-code-compact-cose-token.md.
 */
import { decode, encode } from '#shared/cbor';
import type { CertificateDraft } from '#shared/domain/certificates/certificate';
import {
  type CompactCertificate,
  compactClaims,
  readCompactClaims,
} from '#shared/domain/certificates/compact-claims';
import * as MESSAGES from '#shared/i18n/messages';
import type { Text } from '#shared/i18n/text';
import { coseSign1, coseSign1Length, openCoseSign1 } from './cose';
import type { CertificateSigner, PublicJwk } from './port';
import { MAX_TOKEN_BYTES } from './verify';

/**
 * The most bytes a token's COSE_Sign1 may take: with a verification page origin of up to
 * MAX_QR_ORIGIN_LENGTH characters, its link then fits a version 10 QR code (57 × 57 modules) at
 * error correction level M, which scans from paper.
 */
export const COMPACT_TOKEN_MAX_BYTES = 160;
export const MAX_QR_ORIGIN_LENGTH = 40;

/**
 * The bytes as one decimal number. A leading 0x01 byte keeps leading zero bytes (and marks the
 * form): the number is `0x01 ‖ bytes` read big-endian.
 */
export function bytesToDecimal(bytes: Uint8Array): string {
  return BigInt(`0x01${Buffer.from(bytes).toString('hex')}`).toString(10);
}

const DECIMAL = /^[1-9]\d*$/;

/** Whether `token` has the compact form (digits) rather than a JWS's (base64url with dots). */
export const isCompactToken = (token: string): boolean => DECIMAL.test(token);

/** The bytes of a decimal token, or undefined when it is not one `bytesToDecimal` writes. */
export function decimalToBytes(text: string): Uint8Array | undefined {
  if (!DECIMAL.test(text)) return undefined;
  const hex = BigInt(text).toString(16);
  if (hex.length % 2 !== 1 || !hex.startsWith('1')) return undefined;
  return Uint8Array.from(Buffer.from(hex.slice(1), 'hex'));
}

const fitsTheQrCode = (claims: Parameters<typeof encode>[0]) =>
  coseSign1Length(encode(claims).length) <= COMPACT_TOKEN_MAX_BYTES;

/** The compact token of certificate `number`, signed with the signer's current key. */
export async function signCompactToken(
  signer: CertificateSigner,
  number: string,
  draft: CertificateDraft,
): Promise<string> {
  const payload = encode(compactClaims(number, draft, fitsTheQrCode));
  return bytesToDecimal(await coseSign1(signer, payload));
}

export type CompactCheck =
  | { ok: true; kid: string; certificate: CompactCertificate }
  | { ok: false; reason: Text };

/** Checks a compact token against the published keys: refused with a reason, never thrown. */
export function checkCompactToken(token: string, keys: readonly PublicJwk[]): CompactCheck {
  if (Buffer.byteLength(token, 'utf8') > MAX_TOKEN_BYTES)
    return { ok: false, reason: MESSAGES.verification.tooLong(MAX_TOKEN_BYTES) };
  const bytes = decimalToBytes(token);
  if (!bytes) return { ok: false, reason: MESSAGES.verification.notACompactToken() };
  const opened = openCoseSign1(bytes, keys);
  if (!opened.ok) {
    if (opened.problem === 'algorithm')
      return { ok: false, reason: MESSAGES.verification.algorithmRefused(`COSE ${opened.algorithm}`) };
    const reasons = {
      malformed: MESSAGES.verification.notACompactToken(),
      key: MESSAGES.verification.foreignKey(),
      signature: MESSAGES.verification.signatureMismatch(),
    };
    return { ok: false, reason: reasons[opened.problem] };
  }
  let certificate: CompactCertificate | undefined;
  try {
    certificate = readCompactClaims(decode(opened.payload));
  } catch {
    // not CBOR: refused below
  }
  if (!certificate) return { ok: false, reason: MESSAGES.verification.notACertificate() };
  return { ok: true, kid: opened.key.kid, certificate };
}
