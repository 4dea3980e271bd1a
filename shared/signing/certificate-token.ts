/**
 * A certificate token in either form a verifier may be handed: the full JWS (`token`, what the
 * API answers with and QR codes carried before) or the compact token a QR code carries now
 * (`compactToken`, digits). Both are checked against the same published keys.
 */
import type { Certificate } from '#shared/domain/certificates/schemas';
import * as MESSAGES from '#shared/i18n/messages';
import type { Text } from '#shared/i18n/text';
import { checkCompactToken, isCompactToken } from './compact-token';
import type { PublicJwk } from './port';
import { checkCertificateToken } from './verify';

export type CertificateTokenCheck =
  | {
      ok: true;
      /** The certificate number the signature vouches for. */
      number: string;
      /** Whether `token` is the very token issued to `certificate` in its form. */
      issuedAs(certificate: Certificate): boolean;
    }
  | { ok: false; reason: Text };

export async function checkEitherCertificateToken(
  token: string,
  keys: readonly PublicJwk[],
): Promise<CertificateTokenCheck> {
  if (isCompactToken(token)) {
    const check = checkCompactToken(token, keys);
    if (!check.ok) return check;
    return {
      ok: true,
      number: check.certificate.number,
      issuedAs: (certificate) => certificate.compactToken === token,
    };
  }
  const check = await checkCertificateToken(token, keys);
  if (!check.ok) return check;
  const number = check.claims.sub;
  if (typeof number !== 'string') return { ok: false, reason: MESSAGES.verification.noNumber() };
  return { ok: true, number, issuedAs: (certificate) => certificate.token === token };
}
