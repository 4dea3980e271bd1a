/**
 * Issuing a certificate: a number from the year's sequence, the content signed through the
 * signing port, the record stored. A completion certificate is issued once per registration,
 * however often its pass is recorded or retried.
 */
import {
  type CertificateDraft,
  certificateClaims,
  completionDraft,
  numberRequestOf,
  technicalDraft,
} from '#shared/domain/certificates/certificate';
import { alreadyCertified, certifiableHolder } from '#shared/domain/certificates/holder';
import { formatCertificateNumber } from '#shared/domain/certificates/numbering';
import type { Certificate, IssueTechnicalCertificateInput } from '#shared/domain/certificates/schemas';
import type { Organization } from '#shared/domain/organizations/schemas';
import type { Registration } from '#shared/domain/registrations/schemas';
import { signCompactToken } from '#shared/signing/compact-token';
import { getSigner } from '#shared/signing/signer';
import {
  completionNumberOf,
  getCertificate,
  heldTechnicalNumber,
  nextSequence,
  putNewCertificate,
} from '#shared/store/certificates';
import { retryOnConflict, VersionConflict } from '#shared/store/optimistic';
import { getTraineeProfile } from '#shared/store/trainees';

async function numberAndSign(draft: CertificateDraft): Promise<Certificate> {
  const request = numberRequestOf(draft);
  const number = formatCertificateNumber({
    ...request,
    sequence: await nextSequence(request.year, request.type),
  });
  const signer = getSigner();
  const token = await signer.sign(certificateClaims(number, draft));
  // The QR code's token, signed beside the full one: the full JWS makes a QR code too dense to
  // scan from paper (docs/adr/0006-qr-code-compact-cose-token.md).
  const compactToken = await signCompactToken(signer, number, draft);
  return { ...draft, number, token, compactToken };
}

/**
 * The completion certificate of a passed registration: the one already issued, or a new one.
 * Two recordings of the same pass may race: the guard lets one certificate in, the loser reads
 * it back (its own number goes unused, never reused), and a conflict is simply tried again.
 */
export function ensureCompletionCertificate(
  registration: Registration,
  issuer: Organization,
  now: Date,
): Promise<Certificate> {
  return retryOnConflict(async () => {
    const existing = await issuedFor(registration.id);
    if (existing) return existing;
    const certificate = await numberAndSign(completionDraft(registration, issuer, now));
    if (await putNewCertificate(certificate)) return certificate;
    const winner = await issuedFor(registration.id);
    if (!winner)
      throw new VersionConflict(`The completion certificate of ${registration.id} is being written`);
    return winner;
  });
}

async function issuedFor(registrationId: string): Promise<Certificate | undefined> {
  const number = await completionNumberOf(registrationId);
  return number ? getCertificate(number) : undefined;
}

/**
 * A technical level certificate for a trainee with a profile, under the profile's name, once per
 * holder, field and level. The guard is read first so a refusal spends no number; the guard written
 * with the certificate decides a race (the loser is refused, its number goes unused).
 */
export async function issueTechnicalCertificate(
  input: IssueTechnicalCertificateInput,
  issuer: Organization,
  now: Date,
): Promise<Certificate> {
  const holder = certifiableHolder(input, await getTraineeProfile(input.holderId));
  const draft = technicalDraft({ ...input, holderName: holder.name }, issuer, now);
  return retryOnConflict(async () => {
    const held = await heldTechnicalNumber(draft);
    if (held) throw alreadyCertified(input, held);
    const certificate = await numberAndSign(draft);
    if (await putNewCertificate(certificate)) return certificate;
    throw alreadyCertified(input, await heldTechnicalNumber(draft));
  });
}
