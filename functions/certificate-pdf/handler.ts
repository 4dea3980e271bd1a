import { renderCertificatePdf } from '#shared/certificates/pdf/render';
import { certificateVerificationLink } from '#shared/certificates/verification-link';
import { readableCertificate } from '#shared/domain/certificates/certificate';
import { parseCertificateNumber } from '#shared/domain/certificates/numbering';
import { certificatePdfDisposition, certificatePrintout } from '#shared/domain/certificates/printout';
import { createHttpHandler } from '#shared/http/handler';
import { RawResponse } from '#shared/http/types';
import { MEDIA_TYPES } from '#shared/media-types';
import { CERTIFICATE_PDF_ROUTES } from '#shared/routes/certificate-pdf';
import { getCertificate } from '#shared/store/certificates';

export const handler = createHttpHandler(CERTIFICATE_PDF_ROUTES, {
  printCertificate: async ({ principal, params, now }) => {
    // A mistyped number is refused before any read.
    parseCertificateNumber(params.number);
    // Read as GET /certificates/{number} reads it: who may not read the record is told it does not exist.
    const certificate = readableCertificate(principal, await getCertificate(params.number), params.number);
    const printout = certificatePrintout(certificate, certificateVerificationLink(certificate));
    const pdf = await renderCertificatePdf(printout, now);
    // Binary bodies cross API Gateway as base64, flagged so it decodes them for the client.
    return new RawResponse(
      pdf.toString('base64'),
      MEDIA_TYPES.pdf,
      { 'content-disposition': certificatePdfDisposition(certificate.number) },
      true,
    );
  },
});
