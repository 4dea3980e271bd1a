/**
 * What a revocation changes beyond the certificate: the holder is told, and a completion
 * certificate's hours leave the holder's credits. The original ledger entry stays (the record of
 * what was once credited); a reversing entry with the negative hours takes them back.
 */
import type { Notice } from '../notices/schemas';
import type { LedgerEntry } from '../trainees/schemas';
import type { Certificate } from './schemas';

/** The notice that tells the holder their certificate was revoked. */
export const revocationNotice = (certificate: Certificate, now: Date): Notice => ({
  kind: 'certificate-revoked',
  number: certificate.number,
  holderId: certificate.holderId,
  createdAt: now.toISOString(),
});

/** The entry that takes back `original`'s hours, in the same year, naming the revoked certificate. */
export function reversingEntry(original: LedgerEntry, certificate: Certificate, now: Date): LedgerEntry {
  if (original.reverses) throw new Error('A reversing entry is not itself reversed');
  if (original.registrationId !== certificate.registrationId) {
    throw new Error(
      `Certificate ${certificate.number} was not issued for registration ${original.registrationId}`,
    );
  }
  return {
    ...original,
    hours: -original.hours,
    recordedAt: now.toISOString(),
    reverses: { certificateNumber: certificate.number, recordedAt: original.recordedAt },
  };
}
