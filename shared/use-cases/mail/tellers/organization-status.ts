/**
 * Telling an organization that its status changed (the exit mechanism for bases): the new status,
 * the reason the program office gave, and what it means, mailed to the organization's contact
 * address. An organization without one is not told (logged): there is nobody to write to.
 */
import { beijingDate } from '#shared/domain/dates';
import type { NoticeOf } from '#shared/domain/notices/schemas';
import type { OrganizationStatus } from '#shared/domain/organizations/kinds';
import type { Organization } from '#shared/domain/organizations/schemas';
import { composeMail } from '#shared/mail/compose';
import { webLink } from '#shared/mail/links';
import type { OutgoingMail } from '#shared/mail/port';
import { getOrganization } from '#shared/store/organizations';
import { deliverOnce } from '../delivery';
import { type NoticeOutcome, nobodyToTell } from './outcome';

const STATUS_NAMES: Record<OrganizationStatus, string> = {
  active: '正常',
  warned: '警示',
  exited: '退出',
};

/** What each status means for a continuing-education base (the source's 动态管理、退出机制). */
const MEANING_FOR_A_BASE: Record<OrganizationStatus, string> = {
  active:
    '贵基地恢复为正常状态，可继续承担继续教育基地任务，按计划开展培训，并按时提交年度执行情况总结和下一年度计划。',
  warned:
    '警示是退出机制的一环：请对照考核要求（年度培训人数、年度总结按时提交等）认真整改；整改不到位的，将按规定予以退出。警示期间可继续开展培训。',
  exited:
    '贵单位自即日起退出继续教育基地序列，不再承担基地任务，不再申报基地培训计划。已开展培训的记录予以保留，并计入所服务年度的考核评估。',
};

const MEANING_FOR_OTHERS = '如对本次调整有疑问，请与项目办公室联系。';

export interface OrganizationStatusChange {
  to: string;
  org: Pick<Organization, 'id' | 'name' | 'kind'>;
  status: OrganizationStatus;
  reason: string;
  /** The instant of the change (its status history entry's `at`). */
  at: string;
}

export function organizationStatusMail(change: OrganizationStatusChange): OutgoingMail {
  const name = STATUS_NAMES[change.status];
  const paragraphs = [
    `${change.org.name}：`,
    `经项目办公室研究，自${beijingDate(new Date(change.at))}起，贵单位的状态调整为“${name}”。`,
    `原因：${change.reason}`,
    change.org.kind === 'base' ? MEANING_FOR_A_BASE[change.status] : MEANING_FOR_OTHERS,
  ];
  return composeMail({
    to: change.to,
    subject: `机构状态调整为“${name}”：${change.org.name}`,
    paragraphs,
    link: { label: '查看机构信息', url: webLink('organization', { orgId: change.org.id }) },
    kind: 'organization-status',
  });
}

export async function tellOrganizationStatus(
  notice: NoticeOf<'organization-status'>,
  now: Date,
): Promise<NoticeOutcome> {
  const org = await getOrganization(notice.orgId);
  if (!org) return nobodyToTell(notice, 'its organization is gone');
  if (!org.contactEmail) return nobodyToTell(notice, 'the organization has no contactEmail');
  // The reason is read from the history entry the notice names, so the mail says what was decided.
  const entry = org.statusHistory?.find((candidate) => candidate.at === notice.at);
  if (!entry) return nobodyToTell(notice, 'its status history entry is gone');
  const mail = organizationStatusMail({
    to: org.contactEmail,
    org,
    status: entry.status,
    reason: entry.reason ?? '',
    at: entry.at,
  });
  return deliverOnce(`${org.id}#${notice.kind}#${notice.at}`, mail, now);
}
