/** The routes of the `verification` function: its part of the route table (`#shared/routes`). */
import {
  CertificateNumberPath,
  Jwks,
  PublicCertificate,
  Verification,
  VerifyCertificateInput,
} from '#shared/domain/certificates/schemas';
import type { RouteDef } from './types';

export const VERIFICATION_ROUTES = [
  {
    operationId: 'getPublicCertificate',
    method: 'GET',
    path: '/public/certificates/{number}',
    function: 'verification',
    access: 'public',
    summary: "A certificate's public record: status, masked holder name, title, issuer, date",
    status: 200,
    params: CertificateNumberPath,
    response: PublicCertificate,
  },
  {
    operationId: 'verifyCertificate',
    method: 'POST',
    path: '/public/certificates/verify',
    function: 'verification',
    access: 'public',
    summary: "Check a certificate token's signature against the published keys, then its revocation",
    status: 200,
    body: VerifyCertificateInput,
    response: Verification,
  },
  {
    operationId: 'getSigningKeys',
    method: 'GET',
    path: '/public/keys',
    function: 'verification',
    access: 'public',
    summary: 'The certificate signing keys as a JWKS (old keys stay listed after a rotation)',
    status: 200,
    response: Jwks,
  },
] as const satisfies readonly RouteDef[];
