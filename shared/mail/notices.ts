/**
 * Telling what a notice announces (shared/domain/notices/notice.ts): the mail it stands for, sent
 * once however often the stream delivers the notice, after which the notice leaves the outbox.
 */
import type { Notice } from '#shared/domain/notices/schemas';
import { logger } from '#shared/http/logger';
import { deleteNotice } from '#shared/store/notices';
import { getSession } from '#shared/store/sessions';
import { getTraineeProfile } from '#shared/store/trainees';
import { type Delivery, deliverOnce } from './delivery';
import { waitlistPromotedMail } from './templates';

/** The sent record of a notice's mail: one per trainee, kind and registration. */
const sentKeyOf = (notice: Notice) => `${notice.traineeId}#${notice.kind}#${notice.registrationId}`;

export type NoticeOutcome = Delivery | 'nobody-to-tell';

export async function deliverNotice(notice: Notice, now = new Date()): Promise<NoticeOutcome> {
  // Read when told, not when promoted: the mail carries the session as it is now.
  const [profile, session] = await Promise.all([
    getTraineeProfile(notice.traineeId),
    getSession(notice.sessionId),
  ]);
  if (!profile || !session) {
    // Deleted since (a profile is never deleted today): nothing to tell, and retrying cannot help.
    logger.warn('notice dropped: its trainee or session is gone', {
      kind: notice.kind,
      registrationId: notice.registrationId,
    });
    await deleteNotice(notice);
    return 'nobody-to-tell';
  }
  const mail = waitlistPromotedMail({
    to: profile.email,
    traineeName: profile.name,
    sessionTitle: session.title,
    startDate: session.startDate,
    endDate: session.endDate,
    city: session.city,
    location: session.location,
    registrationId: notice.registrationId,
  });
  const delivery = await deliverOnce(sentKeyOf(notice), mail, now);
  await deleteNotice(notice);
  return delivery;
}
