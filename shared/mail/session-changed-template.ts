/** The mail telling a trainee that a session they registered for moved (beside ./templates.ts). */
import type { SessionFieldChange } from '#shared/domain/notices/schemas';
import { composeMail } from './compose';
import { webLink } from './links';
import type { OutgoingMail } from './port';

export interface SessionChange {
  to: string;
  traineeName: string;
  sessionTitle: string;
  /** Whether the trainee holds a seat or waits for one: the closing advice differs. */
  waitlisted: boolean;
  changes: readonly SessionFieldChange[];
  registrationId: string;
}

const FIELD_LABELS: Record<SessionFieldChange['field'], string> = {
  startDate: '开始日期',
  endDate: '结束日期',
  city: '城市',
  location: '地点',
};

const shown = (value: string | undefined) => value ?? '（未填写）';

export function sessionChangedMail(change: SessionChange): OutgoingMail {
  const lines = change.changes.map(
    (item) => `${FIELD_LABELS[item.field]}：${shown(item.from)} → ${shown(item.to)}`,
  );
  const paragraphs = [
    `${change.traineeName}，您好：`,
    `您${change.waitlisted ? '候补' : '报名'}的培训班次“${change.sessionTitle}”有以下变更：`,
    ...lines,
    change.waitlisted
      ? '您仍在候补名单中；如变更后不便参加，请登录系统取消候补。'
      : '如变更后不能参加，请尽早登录系统取消报名，以便名额转给其他学员。',
  ];
  return composeMail({
    to: change.to,
    subject: `班次变更：${change.sessionTitle}`,
    paragraphs,
    link: { label: '查看报名', url: webLink('registration', { registrationId: change.registrationId }) },
    kind: 'session-changed',
  });
}
