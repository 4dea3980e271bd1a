/**
 * Telling a host how its plan was reviewed: the decision (批准, 不予批准, 退回修改), the reviewer's
 * comment, and what to do next, mailed to the host's contact address.
 */
import { beijingDate } from '#shared/domain/dates';
import type { NoticeOf } from '#shared/domain/notices/schemas';
import { REVIEW_DECISION_LABELS } from '#shared/i18n/labels';
import { composeMail } from '#shared/mail/compose';
import { webLink } from '#shared/mail/links';
import type { OutgoingMail } from '#shared/mail/port';
import type { NoticeOutcome } from './outcome';
import { type PlanMove, tellPlanMove } from './plan-move';

type Decision = keyof typeof REVIEW_DECISION_LABELS;

const NEXT_STEP: Record<Decision, string> = {
  approved: '计划经项目办公室公示后，即可开设培训班次、接受报名；请提前做好培训筹备工作。',
  rejected: '本计划不再进入后续流程。如对审核结果有疑问，请与项目办公室联系。',
  returned: '请按审核意见修改计划后，重新提交审核。',
};

const isDecision = (status: string): status is Decision => status in REVIEW_DECISION_LABELS;

export function planReviewedMail(move: PlanMove): OutgoingMail {
  const { plan, entry } = move;
  if (!isDecision(entry.to)) throw new Error(`Plan ${plan.id}: a review does not lead to ${entry.to}`);
  const decision = REVIEW_DECISION_LABELS[entry.to];
  return composeMail({
    to: move.to,
    subject: `培训计划审核结果：${decision}（${plan.title}）`,
    paragraphs: [
      `${move.hostName}：`,
      `贵单位申报的${plan.year}年度培训计划“${plan.title}”已于${beijingDate(new Date(entry.at))}审核，审核结果为：${decision}。`,
      `审核意见：${entry.comment?.trim() || '无'}`,
      NEXT_STEP[entry.to],
    ],
    link: { label: '查看计划', url: webLink('plan', { planId: plan.id }) },
    kind: 'plan-reviewed',
  });
}

export const tellPlanReviewed = (notice: NoticeOf<'plan-reviewed'>, now: Date): Promise<NoticeOutcome> =>
  tellPlanMove(notice, now, planReviewedMail);
