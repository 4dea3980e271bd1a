/**
 * Telling what a notice announces (shared/domain/notices/notice.ts): each kind's teller
 * (./tellers/) sends the mail it stands for, once however often the stream delivers the notice,
 * after which the notice leaves the outbox.
 */
import type { Notice, NoticeKind, NoticeOf } from '#shared/domain/notices/schemas';
import { deleteNotice } from '#shared/store/notices';
import { tellAnnualReportAwaitingReview } from './tellers/annual-report-awaiting-review';
import { tellAnnualReportReviewed } from './tellers/annual-report-reviewed';
import { tellCertificateRevoked } from './tellers/certificate-revoked';
import { tellOrganizationStatus } from './tellers/organization-status';
import type { NoticeOutcome } from './tellers/outcome';
import { tellPlanPublished } from './tellers/plan-published';
import { tellPlanReviewed } from './tellers/plan-reviewed';
import { tellSessionChanged } from './tellers/session-changed';
import { tellWaitlistPromoted } from './tellers/waitlist-promoted';

export type { NoticeOutcome } from './tellers/outcome';

type Teller<K extends NoticeKind> = (notice: NoticeOf<K>, now: Date) => Promise<NoticeOutcome>;

const TELLERS: { [K in NoticeKind]: Teller<K> } = {
  'waitlist-promoted': tellWaitlistPromoted,
  'organization-status': tellOrganizationStatus,
  'session-changed': tellSessionChanged,
  'certificate-revoked': tellCertificateRevoked,
  'plan-reviewed': tellPlanReviewed,
  'plan-published': tellPlanPublished,
  'annual-report-reviewed': tellAnnualReportReviewed,
  'annual-report-awaiting-review': tellAnnualReportAwaitingReview,
};

export async function deliverNotice(notice: Notice, now = new Date()): Promise<NoticeOutcome> {
  const tell = TELLERS[notice.kind] as Teller<typeof notice.kind>;
  const outcome = await tell(notice, now);
  await deleteNotice(notice);
  return outcome;
}
