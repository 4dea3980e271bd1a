/**
 * Revoking a certificate, with everything it changes in one transaction: the record marked revoked
 * (it stays), the holder's notice in the outbox, and for a completion certificate a reversing
 * ledger entry and the report counters of its plan and host taken down by its pass. So the
 * credits, the year's report and the mail never disagree with the certificate's status.
 */
import { revoked } from '#shared/domain/certificates/certificate';
import { reversingEntry, revocationNotice } from '#shared/domain/certificates/revocation';
import type { Certificate } from '#shared/domain/certificates/schemas';
import { notFound } from '#shared/domain/errors';
import * as MESSAGES from '#shared/i18n/messages';
import { getCertificate, putRevocation, type RevocationConsequences } from '#shared/store/certificates';
import { appendLedgerReversal, getLedgerEntry } from '#shared/store/ledger';
import { noticePut } from '#shared/store/notices';
import { retryOnConflict } from '#shared/store/optimistic';
import { passWithdrawnCounts } from '#shared/store/registration-changes';
import { getRegistration } from '#shared/store/registrations';

const NOTHING: RevocationConsequences = { items: [], counts: [] };

/** The ledger reversal and counts of a completion certificate's pass; nothing for other kinds. */
async function creditsTakenBack(certificate: Certificate, now: Date): Promise<RevocationConsequences> {
  if (!certificate.registrationId) return NOTHING;
  const registration = await getRegistration(certificate.registrationId);
  if (!registration) return NOTHING;
  const original = await getLedgerEntry(registration.traineeId, registration.year, registration.id);
  // The entry and the counters were written in one transaction with the pass: no entry, no counts.
  if (!original) return NOTHING;
  return {
    items: [appendLedgerReversal(reversingEntry(original, certificate, now))],
    counts: passWithdrawnCounts(registration, original.hours),
  };
}

/** Revokes certificate `number` (404 unknown, 409 ALREADY_REVOKED) and returns it as stored. */
export function revokeCertificate(number: string, reason: string, now: Date): Promise<Certificate> {
  return retryOnConflict(async () => {
    const stored = await getCertificate(number);
    if (!stored) throw notFound(MESSAGES.verification.certificateNotFound(number));
    const certificate = revoked(stored, reason, now);
    const credits = await creditsTakenBack(certificate, now);
    await putRevocation(certificate, {
      items: [noticePut(revocationNotice(certificate, now)), ...credits.items],
      counts: credits.counts,
    });
    return certificate;
  });
}
