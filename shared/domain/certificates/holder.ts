/**
 * A technical level certificate names a real person: a trainee of the program, under the name in
 * their profile (the name an employer compares with the person in front of them), and a person
 * holds one certificate per field and level.
 */
import { aboutField } from '#shared/i18n/field-labels';
import * as MESSAGES from '#shared/i18n/messages';
import { conflict, unprocessable } from '../errors';
import type { TechnicalLevel } from './kinds';

/**
 * Names and fields as people type them: compatibility forms folded (full-width letters, the many
 * middle dots of minority names), white space trimmed and single.
 */
const folded = (text: string) =>
  text
    .normalize('NFKC')
    .replace(/[\u00B7\u2027\u2219\u22C5\u30FB\u0387]/g, '·')
    .replace(/\s+/g, ' ')
    .trim();

/** The holder's profile, as far as issuing needs it. */
export interface HolderProfile {
  traineeId: string;
  name: string;
}

/**
 * The profile the certificate is issued to: 422 UNKNOWN_HOLDER when `holderId` is no trainee with
 * a profile, 422 HOLDER_NAME_MISMATCH when `holderName` is not the profile's name. Neither
 * refusal repeats the profile's name: an assessor learns nothing about a person by guessing ids.
 */
export function certifiableHolder(
  input: { holderId: string; holderName: string },
  profile: HolderProfile | undefined,
): HolderProfile {
  if (!profile) {
    throw unprocessable('UNKNOWN_HOLDER', MESSAGES.certificates.unknownHolder(input.holderId), [
      { field: 'holderId', message: aboutField('holderId', MESSAGES.certificates.holderMustBeTrainee()) },
    ]);
  }
  if (folded(input.holderName) !== folded(profile.name)) {
    throw unprocessable('HOLDER_NAME_MISMATCH', MESSAGES.certificates.holderNameMismatch(input.holderId), [
      { field: 'holderName', message: aboutField('holderName', MESSAGES.certificates.holderNameOfProfile()) },
    ]);
  }
  return profile;
}

/**
 * What "the same certificate" means for one holder: the same level in the same field, however the
 * field's spelling varies in case, width or spacing.
 */
export function technicalCertificateSlot(certificate: {
  holderId: string;
  title: string;
  level?: TechnicalLevel | undefined;
}): { holderId: string; level: TechnicalLevel; field: string } {
  if (!certificate.level) throw new Error('A technical level certificate has a level');
  return {
    holderId: certificate.holderId,
    level: certificate.level,
    field: folded(certificate.title).toLowerCase(),
  };
}

/** 409 ALREADY_CERTIFIED: the holder already has this level in this field. */
export function alreadyCertified(
  input: { holderId: string; field: string; level: TechnicalLevel },
  heldNumber: string | undefined,
) {
  return conflict(
    'ALREADY_CERTIFIED',
    MESSAGES.certificates.alreadyCertified(input.holderId, input.level, input.field, heldNumber),
    [
      {
        field: 'level',
        message: aboutField('level', MESSAGES.certificates.onePerFieldAndLevel()),
        ...(heldNumber ? { number: heldNumber } : {}),
      },
    ],
  );
}
