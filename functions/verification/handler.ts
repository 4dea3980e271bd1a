import { publicView } from '#shared/domain/certificates/certificate';
import { parseCertificateNumber } from '#shared/domain/certificates/numbering';
import { notFound } from '#shared/domain/errors';
import { createHttpHandler } from '#shared/http/handler';
import { MESSAGES } from '#shared/i18n/messages';
import { VERIFICATION_ROUTES } from '#shared/routes/verification';
import type { PublicJwk } from '#shared/signing/port';
import { getVerificationKeys } from '#shared/signing/verification-keys';
import { checkCertificateToken } from '#shared/signing/verify';
import { getCertificate } from '#shared/store/certificates';

/**
 * A key as the JWKS publishes it: ES256, so EC on P-256 with both coordinates. The signers make
 * only such keys; one that were not could verify nothing (shared/signing/verify.ts) and is left out.
 */
const isP256Key = (key: PublicJwk): key is PublicJwk & { kty: 'EC'; crv: 'P-256'; x: string; y: string } =>
  key.kty === 'EC' && key.crv === 'P-256' && typeof key.x === 'string' && typeof key.y === 'string';

const refused = (status: 'invalid' | 'unknown', reason: string) => ({
  valid: false,
  status,
  reason,
  certificate: null,
});

export const handler = createHttpHandler(VERIFICATION_ROUTES, {
  getPublicCertificate: async ({ params }) => {
    parseCertificateNumber(params.number);
    const certificate = await getCertificate(params.number);
    if (!certificate) throw notFound(MESSAGES.verification.certificateNotFound(params.number));
    return publicView(certificate);
  },

  // The signature first (offline-checkable), then the record: revoked or not, and the very token issued.
  verifyCertificate: async ({ body }) => {
    const check = await checkCertificateToken(body.token, await getVerificationKeys().publicKeys());
    if (!check.ok) return refused('invalid', check.reason);
    const number = check.claims.sub;
    if (typeof number !== 'string') return refused('invalid', 'The token names no certificate number');
    const certificate = await getCertificate(number);
    if (!certificate) return refused('unknown', `No certificate ${number} is on record`);
    if (certificate.token !== body.token)
      return refused('invalid', 'The token is not the one issued for this certificate');
    const view = publicView(certificate);
    if (certificate.status === 'revoked') {
      return {
        valid: false,
        status: 'revoked',
        reason: `Revoked: ${view.revocationReason ?? ''}`,
        certificate: view,
      };
    }
    return { valid: true, status: 'valid', certificate: view };
  },

  getSigningKeys: async () => ({ keys: (await getVerificationKeys().publicKeys()).filter(isP256Key) }),
});
