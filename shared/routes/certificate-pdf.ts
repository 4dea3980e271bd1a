/**
 * The routes of the `certificate-pdf` function: its part of the route table (`#shared/routes`).
 * A function of its own, because it carries the CJK font that no other function should load.
 */
import { CertificateNumberPath } from '#shared/domain/certificates/schemas';
import { MEDIA_TYPES } from '#shared/media-types';
import type { RouteDef } from './types';

export const CERTIFICATE_PDF_ROUTES = [
  {
    operationId: 'printCertificate',
    method: 'GET',
    path: '/certificates/{number}/certificate.pdf',
    function: 'certificate-pdf',
    access: 'signed-in',
    summary:
      'The certificate to print: an A4 PDF in Chinese with the QR code to the verification page, for its holder, its issuer and admin (others: 404, as GET /certificates/{number}); a revoked one prints marked 已撤销',
    status: 200,
    params: CertificateNumberPath,
    file: MEDIA_TYPES.pdf,
  },
] as const satisfies readonly RouteDef[];
