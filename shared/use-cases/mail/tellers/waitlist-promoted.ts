/** Telling a trainee that their waitlisted registration is confirmed. */
import type { NoticeOf } from '#shared/domain/notices/schemas';
import { waitlistPromotedMail } from '#shared/mail/templates';
import { getOrganization } from '#shared/store/organizations';
import { getSession } from '#shared/store/sessions';
import { getTraineeProfile } from '#shared/store/trainees';
import { deliverOnce } from '../delivery';
import { type NoticeOutcome, nobodyToTell } from './outcome';

export async function tellWaitlistPromoted(
  notice: NoticeOf<'waitlist-promoted'>,
  now: Date,
): Promise<NoticeOutcome> {
  // Read when told, not when promoted: the mail carries the session as it is now.
  const [profile, session] = await Promise.all([
    getTraineeProfile(notice.traineeId),
    getSession(notice.sessionId),
  ]);
  // Deleted since (a profile is never deleted today): nothing to tell, and retrying cannot help.
  if (!profile || !session) return nobodyToTell(notice, 'its trainee or session is gone');
  // The trainee is told whom to ask about the session.
  const host = await getOrganization(session.hostOrgId);
  const mail = waitlistPromotedMail({
    to: profile.email,
    traineeName: profile.name,
    sessionTitle: session.title,
    startDate: session.startDate,
    endDate: session.endDate,
    city: session.city,
    location: session.location,
    registrationId: notice.registrationId,
    ...(host ? { host: { name: host.name, contactEmail: host.contactEmail } } : {}),
  });
  return deliverOnce(`${notice.traineeId}#${notice.kind}#${notice.registrationId}`, mail, now);
}
