/**
 * Rules for certificates: what each kind records, what its signed token says, who may read it,
 * what the public sees, and revocation (the record stays, marked revoked).
 */
import { aboutField } from '#shared/i18n/field-labels';
import * as MESSAGES from '#shared/i18n/messages';
import { type Actor, actsAs } from '../actor';
import { beijingDate } from '../dates';
import { badRequest, conflict, notFound, unprocessable } from '../errors';
import type { Organization } from '../organizations/schemas';
import { maskPersonalData } from '../personal-data';
import type { Registration } from '../registrations/schemas';
import type { CertificateType, TechnicalLevel } from './kinds';
import type {
  Certificate,
  IssueTechnicalCertificateInput,
  PublicCertificate,
  StoredCertificate,
} from './schemas';

export const CERTIFICATE_ISSUER = 'urn:gx-knowledge-renewal';

/** A certificate before its number and signatures. */
export type CertificateDraft = Omit<Certificate, 'number' | 'token' | 'compactToken'>;

export function completionDraft(
  registration: Registration,
  issuer: Organization,
  now: Date,
): CertificateDraft {
  return {
    type: 'completion',
    holderId: registration.traineeId,
    holderName: registration.traineeName,
    title: registration.sessionTitle,
    creditHours: registration.creditHours,
    issuerOrgId: issuer.id,
    issuer: issuer.name,
    issuerName: issuer.name,
    issuedOn: beijingDate(now),
    sessionId: registration.sessionId,
    planId: registration.planId,
    planYear: registration.planYear ?? registration.year,
    registrationId: registration.id,
    status: 'valid',
    createdAt: now.toISOString(),
  };
}

export function technicalDraft(
  input: IssueTechnicalCertificateInput,
  issuer: Organization,
  now: Date,
): CertificateDraft {
  if (input.examDate > beijingDate(now)) {
    throw badRequest(MESSAGES.certificates.examInFuture(), [
      { field: 'examDate', message: aboutField('examDate', MESSAGES.certificates.followsExam()) },
    ]);
  }
  return {
    type: 'technical-level',
    level: input.level,
    holderId: input.holderId,
    holderName: input.holderName,
    title: input.field,
    issuerOrgId: issuer.id,
    issuer: issuer.name,
    issuerName: issuer.name,
    issuedOn: beijingDate(now),
    examDate: input.examDate,
    status: 'valid',
    createdAt: now.toISOString(),
  };
}

/**
 * What the signed token states. It carries the holder's name (an employer compares it with the
 * person in front of them) but no internal ids and no ID number.
 */
export function certificateClaims(number: string, draft: CertificateDraft): Record<string, unknown> {
  return {
    iss: CERTIFICATE_ISSUER,
    sub: number,
    typ: draft.type,
    ...(draft.level ? { lvl: draft.level } : {}),
    name: draft.holderName,
    title: draft.title,
    ...(draft.creditHours !== undefined ? { hours: draft.creditHours } : {}),
    issuer: draft.issuer,
    issued: draft.issuedOn,
    ...(draft.examDate ? { exam: draft.examDate } : {}),
  };
}

/**
 * A stored certificate with its issuer named beside `issuerOrgId`: a certificate issued before
 * names were kept has the name it was issued (and signed) under, its `issuer`; no lookup needed.
 */
export const withIssuerName = (certificate: StoredCertificate): Certificate => ({
  ...certificate,
  issuerName: certificate.issuerName ?? certificate.issuer,
});

/** `张*`, `欧**`: the first character, the rest starred. */
export function maskName(name: string): string {
  const characters = [...name];
  return `${characters[0] ?? ''}${'*'.repeat(Math.max(0, characters.length - 1))}`;
}

export function publicView(certificate: Certificate): PublicCertificate {
  return {
    number: certificate.number,
    status: certificate.status,
    type: certificate.type,
    ...(certificate.level ? { level: certificate.level } : {}),
    holderName: maskName(certificate.holderName),
    title: certificate.title,
    issuer: certificate.issuer,
    issuedOn: certificate.issuedOn,
    ...(certificate.creditHours !== undefined ? { creditHours: certificate.creditHours } : {}),
    ...(certificate.revokedAt ? { revokedAt: certificate.revokedAt } : {}),
    // Staff write the reason for people, and may name one: the public reads it masked.
    ...(certificate.revocationReason
      ? { revocationReason: maskPersonalData(certificate.revocationReason) }
      : {}),
  };
}

/** Its holder, its issuing organization, or admin; anyone else is told it does not exist. */
export function readableCertificate(
  actor: Actor,
  certificate: Certificate | undefined,
  number: string,
): Certificate {
  const readable =
    certificate &&
    (certificate.holderId === actor.userId ||
      certificate.issuerOrgId === actor.orgId ||
      actsAs(actor, 'admin'));
  if (!readable) throw notFound(MESSAGES.verification.certificateNotFound(number));
  return certificate;
}

export function revoked(certificate: Certificate, reason: string, now: Date): Certificate {
  if (certificate.status === 'revoked') {
    throw conflict(
      'ALREADY_REVOKED',
      MESSAGES.certificates.alreadyRevoked(certificate.number, certificate.revokedAt),
      [
        {
          field: 'status',
          message: aboutField('status', MESSAGES.certificates.revoked()),
          currentStatus: certificate.status,
        },
      ],
    );
  }
  return { ...certificate, status: 'revoked', revokedAt: now.toISOString(), revocationReason: reason };
}

export interface NumberRequest {
  year: number;
  type: CertificateType;
  level?: TechnicalLevel | undefined;
}

export const numberRequestOf = (draft: CertificateDraft): NumberRequest => ({
  year: Number(draft.issuedOn.slice(0, 4)),
  type: draft.type,
  level: draft.level,
});

/**
 * The one link a certificate's QR code carries, on screen (`qrSvg`) and on paper (the PDF): the
 * verification page with the compact token in the fragment (never sent to a server log), short
 * enough for a QR code that scans from paper. A certificate issued before compact tokens has only
 * its JWS, and its link carries that, as it always did: signing on read would write on read.
 */
export function verificationLink(
  origin: string,
  certificate: Pick<Certificate, 'token' | 'compactToken'>,
): string {
  const page = `${origin.replace(/\/$/, '')}/verify`;
  return certificate.compactToken
    ? `${page}#c=${certificate.compactToken}`
    : `${page}#token=${certificate.token}`;
}

/** Technical level certificates come from assessment institutions (评价机构) still in the program. */
export function assertAssessmentInstitution(
  org: Organization | undefined,
  orgId: string | undefined,
): Organization {
  if (org?.kind !== 'assessment-institution' || org.status === 'exited') {
    throw unprocessable(
      'NOT_AN_ASSESSMENT_INSTITUTION',
      MESSAGES.certificates.notAnAssessmentInstitution(orgId),
      [
        {
          field: 'custom:orgId',
          message: aboutField('custom:orgId', MESSAGES.certificates.signInAsAssessor()),
        },
      ],
    );
  }
  return org;
}
