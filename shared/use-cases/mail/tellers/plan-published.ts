/** Telling a host that its approved plan is published (公示), and that sessions may now open. */
import { beijingDate } from '#shared/domain/dates';
import type { NoticeOf } from '#shared/domain/notices/schemas';
import { composeMail } from '#shared/mail/compose';
import { webLink } from '#shared/mail/links';
import type { OutgoingMail } from '#shared/mail/port';
import type { NoticeOutcome } from './outcome';
import { type PlanMove, tellPlanMove } from './plan-move';

export function planPublishedMail(move: PlanMove): OutgoingMail {
  const { plan, entry } = move;
  return composeMail({
    to: move.to,
    subject: `培训计划已公示：${plan.title}`,
    paragraphs: [
      `${move.hostName}：`,
      `贵单位申报的${plan.year}年度培训计划“${plan.title}”已于${beijingDate(new Date(entry.at))}公示。`,
      '请登录系统开设培训班次（培训时间、地点、名额和学时），班次开设后即接受学员报名。',
    ],
    link: { label: '查看计划并开设班次', url: webLink('plan', { planId: plan.id }) },
    kind: 'plan-published',
  });
}

export const tellPlanPublished = (notice: NoticeOf<'plan-published'>, now: Date): Promise<NoticeOutcome> =>
  tellPlanMove(notice, now, planPublishedMail);
