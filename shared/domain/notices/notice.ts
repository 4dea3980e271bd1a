/**
 * A notice: something a person must be told because of a change, written in the same transaction
 * as the change (a transactional outbox) and mailed by the notifier from the table's stream. So
 * the change and the promise to tell about it commit together; the request never waits for mail,
 * and a mail that fails is retried instead of lost.
 */
import type { Notice } from './schemas';

/**
 * What a notice is about, unique within its kind: with the kind it names the notice, so the same
 * change announced twice is one notice, and it keys the mail's sent record.
 */
export function noticeSubject(notice: Notice): string {
  switch (notice.kind) {
    case 'waitlist-promoted':
      // A registration is promoted at most once.
      return notice.registrationId;
    case 'certificate-revoked':
      // A certificate is revoked at most once.
      return notice.number;
  }
}

/** The notice that tells a trainee their waitlisted registration is confirmed. */
export const promotionNotice = (
  registration: { id: string; traineeId: string; sessionId: string },
  now: Date,
): Notice => ({
  kind: 'waitlist-promoted',
  registrationId: registration.id,
  traineeId: registration.traineeId,
  sessionId: registration.sessionId,
  createdAt: now.toISOString(),
});
