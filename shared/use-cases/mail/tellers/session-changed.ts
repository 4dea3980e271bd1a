/**
 * Telling every trainee of a moved session (confirmed or waitlisted when told) what changed: one
 * notice fans out to one mail per trainee, each with its own sent record, so a notice handed over
 * again re-sends only what did not go out.
 */
import type { NoticeOf } from '#shared/domain/notices/schemas';
import { logger } from '#shared/http/logger';
import { sessionChangedMail } from '#shared/mail/session-changed-template';
import { registrationsOfSession } from '#shared/store/registrations';
import { getSession } from '#shared/store/sessions';
import { getTraineeProfiles } from '#shared/store/trainees';
import { deliverOnce } from '../delivery';
import { type NoticeOutcome, nobodyToTell } from './outcome';

export async function tellSessionChanged(
  notice: NoticeOf<'session-changed'>,
  now: Date,
): Promise<NoticeOutcome> {
  const session = await getSession(notice.sessionId);
  if (!session) return nobodyToTell(notice, 'its session is gone');
  const registrations = [
    ...(await registrationsOfSession(session.id, 'confirmed')),
    ...(await registrationsOfSession(session.id, 'waitlisted')),
  ];
  const profiles = await getTraineeProfiles(registrations.map((registration) => registration.traineeId));
  const outcome = { sent: 0, alreadySent: 0 };
  let failures = 0;
  // One by one, at the mailer's pace; a failure does not keep the others from their mail.
  for (const registration of registrations) {
    const profile = profiles.get(registration.traineeId);
    // Registering needs a profile and none is ever deleted: nobody to address, nothing to retry.
    if (!profile) continue;
    const mail = sessionChangedMail({
      to: profile.email,
      traineeName: profile.name,
      sessionTitle: session.title,
      waitlisted: registration.status === 'waitlisted',
      changes: notice.changes,
      registrationId: registration.id,
    });
    const key = `${registration.traineeId}#${notice.kind}#${notice.sessionId}#${notice.version}`;
    try {
      const delivery = await deliverOnce(key, mail, now);
      outcome[delivery === 'sent' ? 'sent' : 'alreadySent'] += 1;
    } catch (error) {
      failures += 1;
      logger.warn('session change not mailed to one trainee', {
        registrationId: registration.id,
        error: (error as Error).name,
      });
    }
  }
  // The notice stays in the outbox and comes again; the sent records skip those already told.
  if (failures > 0) throw new Error(`${failures} of ${registrations.length} session-changed mails failed`);
  return outcome;
}
