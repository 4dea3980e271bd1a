/**
 * What telling a host of its plan's move needs, read when told: the plan, the history entry the
 * notice names (the decision, the comment, when) and the host's contact address. Whatever is
 * missing is logged and the notice dropped: retrying cannot bring it back.
 */
import { noticeSubject } from '#shared/domain/notices/notice';
import type { NoticeOf } from '#shared/domain/notices/schemas';
import type { HistoryEntry, Plan } from '#shared/domain/plans/schemas';
import type { OutgoingMail } from '#shared/mail/port';
import { getOrganization } from '#shared/store/organizations';
import { getPlan } from '#shared/store/plans';
import { deliverOnce } from '../delivery';
import { type NoticeOutcome, nobodyToTell } from './outcome';

export interface PlanMove {
  /** The host's contact address. */
  to: string;
  plan: Pick<Plan, 'id' | 'title' | 'year'>;
  hostName: string;
  entry: HistoryEntry;
}

type PlanNotice = NoticeOf<'plan-reviewed'> | NoticeOf<'plan-published'>;

/** Reads the move `notice` names and mails `compose(move)` to the host, once. */
export async function tellPlanMove(
  notice: PlanNotice,
  now: Date,
  compose: (move: PlanMove) => OutgoingMail,
): Promise<NoticeOutcome> {
  const plan = await getPlan(notice.planId);
  if (!plan) return nobodyToTell(notice, 'its plan is gone');
  const entry = plan.history[notice.historyIndex];
  if (!entry) return nobodyToTell(notice, 'its history entry is gone');
  const host = await getOrganization(plan.hostOrgId);
  if (!host) return nobodyToTell(notice, 'its host organization is gone');
  if (!host.contactEmail) return nobodyToTell(notice, 'the host organization has no contactEmail');
  const mail = compose({ to: host.contactEmail, plan, hostName: host.name, entry });
  return deliverOnce(`${host.id}#${notice.kind}#${noticeSubject(notice)}`, mail, now);
}
