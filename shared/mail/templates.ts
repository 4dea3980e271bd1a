/**
 * Every mail the system sends, written here in one place: Chinese (zh-CN), with what happened, the
 * dates, what to do and a link. `composeMail` (./compose.ts) adds the signature and writes the
 * text and HTML; links come from the table of web pages (./links.ts).
 */
import type { ReminderMessage, SessionHost } from '#shared/domain/reminders/message';
import { composeMail } from './compose';
import { webLink } from './links';
import type { OutgoingMail } from './port';

/**
 * Whom a trainee asks about a session: its host and the host's contact address. Absent for a
 * reminder queued before hosts were named in it.
 */
export function hostParagraph(host: SessionHost | undefined): string[] {
  if (!host) return [];
  const contact = host.contactEmail ? `（联系邮箱：${host.contactEmail}）` : '';
  return [`主办单位：${host.name}${contact}。如对培训安排有疑问，请与主办单位联系。`];
}

export interface WaitlistPromotion {
  to: string;
  traineeName: string;
  sessionTitle: string;
  startDate: string;
  endDate: string;
  city: string;
  location?: string | undefined;
  registrationId: string;
  host?: SessionHost | undefined;
}

export function waitlistPromotedMail(promotion: WaitlistPromotion): OutgoingMail {
  const place = promotion.location ? `${promotion.city} ${promotion.location}` : promotion.city;
  return composeMail({
    to: promotion.to,
    subject: `报名已确认：${promotion.sessionTitle}`,
    paragraphs: [
      `${promotion.traineeName}，您好：`,
      `您在候补名单中的培训班次“${promotion.sessionTitle}”已有空余名额，您的报名已确认。`,
      `培训时间：${promotion.startDate} 至 ${promotion.endDate}；地点：${place}。`,
      ...hostParagraph(promotion.host),
      '如不能参加，请尽早登录系统取消报名，以便名额转给其他候补学员。',
    ],
    link: {
      label: '查看报名',
      url: webLink('registration', { registrationId: promotion.registrationId }),
    },
    kind: 'waitlist-promoted',
  });
}

type Reminder<K extends ReminderMessage['kind']> = Extract<ReminderMessage, { kind: K }>;

function sessionStarting(message: Reminder<'session-starting'>): OutgoingMail {
  const { data } = message;
  const when = data.daysBefore === 1 ? '明天' : `${data.daysBefore}天后`;
  return composeMail({
    to: message.to,
    subject: `开班提醒：${data.sessionTitle}（${when}开始）`,
    paragraphs: [
      `${data.traineeName}，您好：`,
      `您报名的培训班次“${data.sessionTitle}”将于${when}（${data.startDate}）开始，至${data.endDate}结束。`,
      `培训地点：${data.place}。请按时参加；如不能参加，请尽早登录系统取消报名。`,
      ...hostParagraph(data.host),
    ],
    link: { label: '查看报名', url: webLink('registration', { registrationId: data.registrationId }) },
    kind: message.kind,
  });
}

function waitlistDeadline(message: Reminder<'waitlist-deadline'>): OutgoingMail {
  const { data } = message;
  return composeMail({
    to: message.to,
    subject: `候补提醒：${data.sessionTitle}明天截止报名`,
    paragraphs: [
      `${data.traineeName}，您好：`,
      `您在培训班次“${data.sessionTitle}”的候补名单中排第${data.waitlistPlace}位，报名将于明天（${data.registrationDeadline}）截止。`,
      '如有学员取消，系统会按顺序为您确认名额并通知您；您也可以改报其他班次。',
      ...hostParagraph(data.host),
    ],
    link: { label: '查看报名', url: webLink('registration', { registrationId: data.registrationId }) },
    kind: message.kind,
  });
}

function resultsOverdue(message: Reminder<'results-overdue'>): OutgoingMail {
  const { data } = message;
  return composeMail({
    to: message.to,
    subject: `考核结果待录入：${data.sessionTitle}`,
    paragraphs: [
      `${data.orgName}：`,
      `培训班次“${data.sessionTitle}”已于${data.endDate}结束，仍有学员的考核结果未录入。`,
      '请尽快录入考核结果，以便为合格学员登记学时并颁发培训合格证书。',
    ],
    link: { label: '录入考核结果', url: webLink('session', { sessionId: data.sessionId }) },
    kind: message.kind,
  });
}

const annualReportLink = (data: { orgId: string; year: number }) => ({
  label: '查看年度总结',
  url: webLink('annualReport', { orgId: data.orgId, year: data.year }),
});

function annualReportDue(message: Reminder<'annual-report-due'>): OutgoingMail {
  const { data } = message;
  return composeMail({
    to: message.to,
    subject: `${data.orgName}：${data.year}年度总结还有${data.daysLeft}天截止`,
    paragraphs: [
      `${data.orgName}：`,
      `请于${data.dueDate}前提交${data.year}年度执行情况总结和${data.year + 1}年度计划（还有${data.daysLeft}天）。`,
    ],
    link: annualReportLink(data),
    kind: message.kind,
  });
}

function annualReportOverdue(message: Reminder<'annual-report-overdue'>): OutgoingMail {
  const { data } = message;
  const paragraphs = data.toAdmin
    ? [
        '项目办公室：',
        `继续教育基地“${data.orgName}”未在${data.dueDate}前提交${data.year}年度执行情况总结和下一年度计划。`,
      ]
    : [
        `${data.orgName}：`,
        `贵基地${data.year}年度执行情况总结和下一年度计划已逾期（截止日期${data.dueDate}），请尽快提交。`,
      ];
  return composeMail({
    to: message.to,
    subject: `年度总结逾期：${data.orgName}`,
    paragraphs,
    link: annualReportLink(data),
    kind: message.kind,
  });
}

function creditShortfall(message: Reminder<'credit-shortfall'>): OutgoingMail {
  const { data } = message;
  return composeMail({
    to: message.to,
    subject: `学时提醒：${data.year}年度学时尚未达标`,
    paragraphs: [
      `${data.traineeName}，您好：`,
      `您${data.year}年度已登记${data.total}学时（专业科目${data.professional}学时），年度要求为${data.requiredTotal}学时，其中专业科目不少于${data.requiredProfessional}学时。`,
      `请在${data.year}年12月31日前报名参加培训，完成年度继续教育学时。`,
    ],
    link: { label: '查看可报名的培训班次', url: webLink('sessions', {}, { open: 'true' }) },
    kind: message.kind,
  });
}

/** The mail of a reminder, by its kind. */
export function reminderMail(message: ReminderMessage): OutgoingMail {
  switch (message.kind) {
    case 'session-starting':
      return sessionStarting(message);
    case 'waitlist-deadline':
      return waitlistDeadline(message);
    case 'results-overdue':
      return resultsOverdue(message);
    case 'annual-report-due':
      return annualReportDue(message);
    case 'annual-report-overdue':
      return annualReportOverdue(message);
    case 'credit-shortfall':
      return creditShortfall(message);
  }
}
