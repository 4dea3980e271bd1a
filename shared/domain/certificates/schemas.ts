import * as z from 'zod';
import { calendarDate, id, instant, page, pagination, shortText } from '../common';
import { CERTIFICATE_TYPES, TECHNICAL_LEVELS } from './numbering';

const certificateNumber = z
  .string()
  .max(40)
  .describe('GX-{year}-{type}{level}-{sequence}-{check}, e.g. GX-2026-P0-000123-0');

export const CertificateNumberPath = z.strictObject({ number: certificateNumber });

export const IssueTechnicalCertificateInput = z
  .strictObject({
    holderId: z.string().trim().min(1).max(128).describe("The holder's user id (sub)"),
    holderName: shortText(50),
    field: shortText(100).describe('The field of the exam, e.g. one of the digital fields'),
    level: z.enum(TECHNICAL_LEVELS),
    examDate: calendarDate,
  })
  .meta({ id: 'IssueTechnicalCertificateInput' });
export type IssueTechnicalCertificateInput = z.infer<typeof IssueTechnicalCertificateInput>;

export const RevokeCertificateInput = z
  .strictObject({ reason: shortText(500) })
  .meta({ id: 'RevokeCertificateInput' });

export const ListMyCertificatesQuery = z
  .strictObject({ mine: z.enum(['true', 'false']).transform((value) => value === 'true'), ...pagination })
  .meta({ id: 'ListMyCertificatesQuery' });
export const SessionCertificatesQuery = z
  .strictObject({ ...pagination })
  .meta({ id: 'SessionCertificatesQuery' });
export const SessionCertificatesPath = z.strictObject({ sessionId: id });

export const CERTIFICATE_STATUSES = ['valid', 'revoked'] as const;

export const Certificate = z
  .object({
    number: z.string(),
    type: z.enum(CERTIFICATE_TYPES),
    level: z.enum(TECHNICAL_LEVELS).optional(),
    holderId: z.string(),
    holderName: z.string(),
    title: z.string().describe('The session title, or the field of a technical level exam'),
    creditHours: z.number().optional(),
    issuerOrgId: id,
    issuer: z.string().describe("The issuing organization's name"),
    issuedOn: calendarDate,
    examDate: calendarDate.optional().describe('The exam a technical level certificate attests'),
    sessionId: id.optional(),
    planId: id.optional(),
    planYear: z.int().optional().describe("The plan's year, for a completion certificate"),
    registrationId: id.optional(),
    status: z.enum(CERTIFICATE_STATUSES),
    revokedAt: instant.optional(),
    revocationReason: z.string().optional(),
    /** The signed certificate: a compact JWS (ES256) anyone can verify with GET /public/keys. */
    token: z.string(),
    createdAt: instant,
  })
  .meta({ id: 'Certificate' });
export type Certificate = z.infer<typeof Certificate>;

export const CertificateWithQr = Certificate.extend({
  qrSvg: z.string().describe('SVG QR code of the verification link carrying the token'),
}).meta({ id: 'CertificateWithQr' });

export const CertificatePage = page(Certificate, 'CertificatePage');

/** What the public sees of a certificate: the holder's name masked (张*), nothing internal. */
export const PublicCertificate = z
  .object({
    number: z.string(),
    status: z.enum(CERTIFICATE_STATUSES),
    type: z.enum(CERTIFICATE_TYPES),
    level: z.enum(TECHNICAL_LEVELS).optional(),
    holderName: z.string(),
    title: z.string(),
    issuer: z.string(),
    issuedOn: calendarDate,
    creditHours: z.number().optional(),
    revokedAt: instant.optional(),
    revocationReason: z.string().optional(),
  })
  .meta({ id: 'PublicCertificate' });
export type PublicCertificate = z.infer<typeof PublicCertificate>;

export const VerifyCertificateInput = z
  .strictObject({ token: z.string().max(100_000).describe('The compact JWS of a certificate') })
  .meta({ id: 'VerifyCertificateInput' });

export const Verification = z
  .object({
    valid: z.boolean(),
    status: z.enum([...CERTIFICATE_STATUSES, 'unknown', 'invalid']),
    reason: z.string().optional().describe('Why a token is not valid'),
    certificate: PublicCertificate.nullable(),
  })
  .meta({ id: 'Verification' });
export type Verification = z.infer<typeof Verification>;

export const Jwks = z
  .object({
    keys: z.array(
      z.looseObject({ kty: z.string(), kid: z.string(), alg: z.literal('ES256'), use: z.literal('sig') }),
    ),
  })
  .meta({ id: 'Jwks' });
