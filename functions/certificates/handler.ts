import QRCode from 'qrcode';
import { certificateVerificationLink } from '#shared/certificates/verification-link';
import { assertAssessmentInstitution, readableCertificate } from '#shared/domain/certificates/certificate';
import { parseCertificateNumber } from '#shared/domain/certificates/numbering';
import { badRequest } from '#shared/domain/errors';
import { foundSession } from '#shared/domain/sessions/session';
import { createHttpHandler } from '#shared/http/handler';
import { aboutField } from '#shared/i18n/field-labels';
import * as MESSAGES from '#shared/i18n/messages';
import { CERTIFICATES_ROUTES } from '#shared/routes/certificates';
import { getCertificate, listHolderCertificates, listSessionCertificates } from '#shared/store/certificates';
import { getOrganization } from '#shared/store/organizations';
import { getSession } from '#shared/store/sessions';
import { issueTechnicalCertificate } from '#shared/use-cases/certificates/issuance';
import { revokeCertificate } from '#shared/use-cases/certificates/revocation';
import { assertMayReadRoster } from '#shared/use-cases/rosters/readers';

export const handler = createHttpHandler(CERTIFICATES_ROUTES, {
  issueTechnicalCertificate: async ({ principal, body, now }) => {
    const issuer = assertAssessmentInstitution(
      principal.orgId ? await getOrganization(principal.orgId) : undefined,
      principal.orgId,
    );
    return issueTechnicalCertificate(body, issuer, now);
  },

  listMyCertificates: async ({ principal, query }) => {
    if (!query.mine)
      throw badRequest(MESSAGES.certificates.listOwnOnly(), [
        { field: 'mine', message: aboutField('mine', MESSAGES.validation.mustBeTrue()) },
      ]);
    return listHolderCertificates(principal.userId, query.limit, query.cursor);
  },

  getCertificate: async ({ principal, params }) => {
    parseCertificateNumber(params.number);
    const certificate = readableCertificate(principal, await getCertificate(params.number), params.number);
    const qrSvg = await QRCode.toString(certificateVerificationLink(certificate), {
      type: 'svg',
      errorCorrectionLevel: 'M',
      margin: 2,
    });
    return { ...certificate, qrSvg };
  },

  revokeCertificate: async ({ params, body, now }) => {
    // A mistyped number is refused before any read.
    parseCertificateNumber(params.number);
    return revokeCertificate(params.number, body.reason, now);
  },

  listSessionCertificates: async ({ principal, params, query }) => {
    await assertMayReadRoster(principal, foundSession(await getSession(params.sessionId), params.sessionId));
    return listSessionCertificates(params.sessionId, query.limit, query.cursor);
  },
});
