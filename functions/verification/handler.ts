import { publicView } from '#shared/domain/certificates/certificate';
import { parseCertificateNumber } from '#shared/domain/certificates/numbering';
import { notFound } from '#shared/domain/errors';
import { createHttpHandler } from '#shared/http/handler';
import type { Language } from '#shared/i18n/language';
import * as MESSAGES from '#shared/i18n/messages';
import { type Text, textIn } from '#shared/i18n/text';
import { VERIFICATION_ROUTES } from '#shared/routes/verification';
import { checkEitherCertificateToken } from '#shared/signing/certificate-token';
import type { PublicJwk } from '#shared/signing/port';
import { getVerificationKeys } from '#shared/signing/verification-keys';
import { getCertificate } from '#shared/store/certificates';

/**
 * A key as the JWKS publishes it: ES256, so EC on P-256 with both coordinates. The signers make
 * only such keys; one that were not could verify nothing (shared/signing/verify.ts) and is left out.
 */
const isP256Key = (key: PublicJwk): key is PublicJwk & { kty: 'EC'; crv: 'P-256'; x: string; y: string } =>
  key.kty === 'EC' && key.crv === 'P-256' && typeof key.x === 'string' && typeof key.y === 'string';

const refused = (status: 'invalid' | 'unknown', reason: Text, language: Language) => ({
  valid: false,
  status,
  reason: textIn(reason, language),
  certificate: null,
});

export const handler = createHttpHandler(VERIFICATION_ROUTES, {
  getPublicCertificate: async ({ params }) => {
    parseCertificateNumber(params.number);
    const certificate = await getCertificate(params.number);
    if (!certificate) throw notFound(MESSAGES.verification.certificateNotFound(params.number));
    return publicView(certificate);
  },

  // The signature first (offline-checkable), then the record: revoked or not, and the very token
  // issued (the full JWS or the QR code's compact token).
  verifyCertificate: async ({ body, language }) => {
    const check = await checkEitherCertificateToken(body.token, await getVerificationKeys().publicKeys());
    if (!check.ok) return refused('invalid', check.reason, language);
    const { number } = check;
    const certificate = await getCertificate(number);
    if (!certificate) return refused('unknown', MESSAGES.verification.notOnRecord(number), language);
    if (!check.issuedAs(certificate))
      return refused('invalid', MESSAGES.verification.notTheIssuedToken(), language);
    const view = publicView(certificate);
    if (certificate.status === 'revoked') {
      return {
        valid: false,
        status: 'revoked',
        reason: textIn(MESSAGES.verification.revoked(view.revocationReason ?? ''), language),
        certificate: view,
      };
    }
    return { valid: true, status: 'valid', certificate: view };
  },

  getSigningKeys: async () => ({ keys: (await getVerificationKeys().publicKeys()).filter(isP256Key) }),
});
