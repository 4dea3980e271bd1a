import * as z from 'zod/mini';
import { built, calendarDate, id, instant, mineText, page, pagination, shortText } from '../common';
import { CERTIFICATE_STATUSES, CERTIFICATE_TYPES, TECHNICAL_LEVELS } from './kinds';
import { CERTIFICATE_NUMBER_PATTERN, EXAMPLE_CERTIFICATE_NUMBER } from './numbering';

/**
 * A certificate number in a path. The operation checks its pattern and check character
 * (`parseCertificateNumber`, 400 `INVALID_CERTIFICATE_NUMBER`); the document shows the pattern.
 */
const certificateNumber = /* @__PURE__ */ z.lazy(() =>
  z
    .string()
    .check(
      z.maxLength(40),
      z.describe(
        `GX-{year}-{type}{level}-{sequence}-{check}, e.g. ${EXAMPLE_CERTIFICATE_NUMBER}: type P (completion, level 0) or T (technical level, 1 junior, 2 intermediate, 3 senior); sequence six digits, or up to twelve without a leading zero; check ISO 7064 MOD 11-2 over the digits`,
      ),
      z.meta({ pattern: CERTIFICATE_NUMBER_PATTERN.source }),
    ),
);

export const CertificateNumberPath = /* @__PURE__ */ z.lazy(() =>
  z.strictObject({ number: certificateNumber }),
);

export const IssueTechnicalCertificateInput = /* @__PURE__ */ z.lazy(() =>
  z
    .strictObject({
      holderId: z
        .string()
        .check(z.trim(), z.minLength(1), z.maxLength(128), z.describe("The holder's user id (sub)")),
      holderName: shortText(50),
      field: shortText(100).check(z.describe('The field of the exam, e.g. one of the digital fields')),
      level: z.enum(TECHNICAL_LEVELS),
      examDate: calendarDate,
    })
    .register(z.globalRegistry, { id: 'IssueTechnicalCertificateInput' }),
);
export type IssueTechnicalCertificateInput = z.infer<typeof IssueTechnicalCertificateInput>;

export const RevokeCertificateInput = /* @__PURE__ */ z.lazy(() =>
  z.strictObject({ reason: shortText(500) }).register(z.globalRegistry, { id: 'RevokeCertificateInput' }),
);

export const ListMyCertificatesQuery = /* @__PURE__ */ z.lazy(() =>
  z
    .strictObject({
      mine: mineText,
      ...pagination,
    })
    .register(z.globalRegistry, { id: 'ListMyCertificatesQuery' }),
);
export const SessionCertificatesQuery = /* @__PURE__ */ z.lazy(() =>
  z.strictObject({ ...pagination }).register(z.globalRegistry, { id: 'SessionCertificatesQuery' }),
);
export const SessionCertificatesPath = /* @__PURE__ */ z.lazy(() => z.strictObject({ sessionId: id }));

export const Certificate = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      number: z.string(),
      type: z.enum(CERTIFICATE_TYPES),
      level: z.optional(z.enum(TECHNICAL_LEVELS)),
      holderId: z.string(),
      holderName: z.string(),
      title: z.string().check(z.describe('The session title, or the field of a technical level exam')),
      creditHours: z.optional(z.number()),
      issuerOrgId: id,
      issuer: z.string().check(z.describe("The issuing organization's name")),
      issuerName: z
        .string()
        .check(
          z.describe("The issuing organization's name beside `issuerOrgId`, as it was called at issuance"),
        ),
      issuedOn: calendarDate,
      examDate: z.optional(calendarDate).check(z.describe('The exam a technical level certificate attests')),
      sessionId: z.optional(id),
      planId: z.optional(id),
      planYear: z.optional(z.int()).check(z.describe("The plan's year, for a completion certificate")),
      registrationId: z.optional(id),
      status: z.enum(CERTIFICATE_STATUSES),
      revokedAt: z.optional(instant),
      revocationReason: z.optional(z.string()),
      /** The signed certificate: a compact JWS (ES256) anyone can verify with GET /public/keys. */
      token: z.string(),
      compactToken: z
        .optional(z.string())
        .check(
          z.describe(
            "What the certificate's QR code carries: its main claims signed as a COSE_Sign1 (ES256, same keys as `token`), written in decimal digits. Absent on certificates issued before QR codes carried it",
          ),
        ),
      createdAt: instant,
    })
    .register(z.globalRegistry, { id: 'Certificate' }),
);
export type Certificate = z.infer<typeof Certificate>;

/** A certificate as stored: those issued before names were kept beside ids lack `issuerName`. */
export const StoredCertificate = /* @__PURE__ */ z.lazy(() =>
  z.extend(built(Certificate), { issuerName: z.optional(z.string()) }),
);
export type StoredCertificate = z.infer<typeof StoredCertificate>;

export const CertificateWithQr = /* @__PURE__ */ z.lazy(() =>
  z
    .extend(built(Certificate), {
      qrSvg: z
        .string()
        .check(
          z.describe(
            'SVG QR code of the verification link: carrying `compactToken` (at most 57 × 57 modules, error correction M), or `token` for a certificate issued before',
          ),
        ),
    })
    .register(z.globalRegistry, { id: 'CertificateWithQr' }),
);

export const CertificatePage = /* @__PURE__ */ z.lazy(() => page(Certificate, 'CertificatePage'));

/** What the public sees of a certificate: the holder's name masked (张*), nothing internal. */
export const PublicCertificate = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      number: z.string(),
      status: z.enum(CERTIFICATE_STATUSES),
      type: z.enum(CERTIFICATE_TYPES),
      level: z.optional(z.enum(TECHNICAL_LEVELS)),
      holderName: z.string(),
      title: z.string(),
      issuer: z.string(),
      issuedOn: calendarDate,
      creditHours: z.optional(z.number()),
      revokedAt: z.optional(instant),
      revocationReason: z
        .optional(z.string())
        .check(z.describe('ID numbers, phone numbers and mail addresses in it are masked')),
    })
    .register(z.globalRegistry, { id: 'PublicCertificate' }),
);
export type PublicCertificate = z.infer<typeof PublicCertificate>;

export const VerifyCertificateInput = /* @__PURE__ */ z.lazy(() =>
  z
    .strictObject({
      token: z
        .string()
        .check(
          z.maxLength(100_000),
          z.describe("A certificate's `token` (a compact JWS) or its `compactToken` (the QR code's digits)"),
        ),
    })
    .register(z.globalRegistry, { id: 'VerifyCertificateInput' }),
);

export const Verification = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      valid: z.boolean(),
      status: z.enum([...CERTIFICATE_STATUSES, 'unknown', 'invalid']),
      reason: z.optional(z.string()).check(z.describe('Why a token is not valid')),
      certificate: z.nullable(PublicCertificate),
    })
    .register(z.globalRegistry, { id: 'Verification' }),
);
export type Verification = z.infer<typeof Verification>;

/** The signing keys (RFC 7517): ES256 keys, so EC keys on P-256 with both coordinates. */
export const Jwks = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      keys: z.array(
        z.looseObject({
          kty: z.literal('EC'),
          crv: z.literal('P-256'),
          x: z.string().check(z.describe('The x coordinate, base64url')),
          y: z.string().check(z.describe('The y coordinate, base64url')),
          kid: z.string(),
          alg: z.literal('ES256'),
          use: z.literal('sig'),
        }),
      ),
    })
    .register(z.globalRegistry, { id: 'Jwks' }),
);
