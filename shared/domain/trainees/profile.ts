/**
 * A trainee is one person: the profile's name and mail address are those the sign-in vouches
 * for, and once a certificate bears the name and ID number, they stay as certified. (That no two
 * trainees share an ID number is kept by the store's guard item, written with the profile.)
 */
import * as MESSAGES from '#shared/i18n/messages';
import { conflict, unprocessable } from '../errors';
import type { TraineeProfile, TraineeProfileInput } from './schemas';

/** What the sign-in token says of its holder (`name`, `email` claims), where it says it. */
export interface IdentityClaims {
  name?: string | undefined;
  email?: string | undefined;
}

/** Fields a certificate bears: they identify the holder on it (and on the national roster). */
const CERTIFIED_FIELDS = ['name', 'idNumber'] as const;
type CertifiedField = (typeof CERTIFIED_FIELDS)[number];

// Mail addresses are compared without case: the sign-in service and the person may spell it apart.
const sameEmail = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The profile as it will be stored: the body's fields, with the name and address the sign-in
 * carries (so reminders go to the verified address). A body that says otherwise is refused.
 */
export function profileFrom(
  traineeId: string,
  input: TraineeProfileInput,
  claims: IdentityClaims,
  now: Date,
): TraineeProfile {
  const mismatches = [
    ...(claims.name !== undefined && input.name !== claims.name.trim()
      ? [{ field: 'name', message: MESSAGES.trainees.nameOfSignIn() }]
      : []),
    ...(claims.email !== undefined && !sameEmail(input.email, claims.email)
      ? [{ field: 'email', message: MESSAGES.trainees.emailOfSignIn() }]
      : []),
  ];
  if (mismatches.length > 0) {
    throw unprocessable(
      'PROFILE_CLAIM_MISMATCH',
      MESSAGES.trainees.claimsMismatch(mismatches.map((issue) => issue.field)),
      mismatches,
    );
  }
  return {
    traineeId,
    ...input,
    name: claims.name?.trim() ?? input.name,
    email: claims.email?.trim() ?? input.email,
    updatedAt: now.toISOString(),
  };
}

/** The certified fields `next` changes; none for a first profile. */
export function certifiedFieldsChanged(
  previous: TraineeProfile | undefined,
  next: TraineeProfile,
): CertifiedField[] {
  return previous ? CERTIFIED_FIELDS.filter((field) => previous[field] !== next[field]) : [];
}

/** 409 PROFILE_LOCKED when a certificate has been issued and `next` changes what it bears. */
export function assertCertifiedFieldsKept(
  previous: TraineeProfile | undefined,
  next: TraineeProfile,
  holdsCertificate: boolean,
): void {
  const changed = certifiedFieldsChanged(previous, next);
  if (!holdsCertificate || changed.length === 0) return;
  throw conflict(
    'PROFILE_LOCKED',
    MESSAGES.trainees.certifiedFieldsLocked(),
    changed.map((field) => ({ field, message: MESSAGES.trainees.lockedByCertificate(field) })),
  );
}

export const idNumberInUse = () =>
  conflict('ID_NUMBER_IN_USE', MESSAGES.trainees.idNumberInUse(), [
    { field: 'idNumber', message: MESSAGES.trainees.idNumberHeld() },
  ]);
