/**
 * The one link a certificate's QR code carries, wherever it is drawn: the SVG the API answers
 * with (`GET /certificates/{number}`) and the printed certificate (`certificate.pdf`). Both call
 * this, so a change of what the code carries reaches paper and screen together.
 */
import { verifyPageOrigin } from '#shared/config/app';
import { verificationLink } from '#shared/domain/certificates/certificate';
import type { Certificate } from '#shared/domain/certificates/schemas';

/** Takes the whole certificate, so a link made of other parts of it needs no caller changed. */
export const certificateVerificationLink = (certificate: Certificate): string =>
  verificationLink(verifyPageOrigin(), certificate);
