/**
 * Every mail the system sends, written here in one place: Chinese (zh-CN) plain text and HTML,
 * with what happened, the dates, what to do and a link.
 */
import { appUrl } from '#shared/config/app';
import type { OutgoingMail } from './port';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

function html(paragraphs: string[], link: string): string {
  const body = paragraphs.map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`).join('');
  return `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><body>${body}<p><a href="${escapeHtml(link)}">${escapeHtml(link)}</a></p></body></html>`;
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
}

export function waitlistPromotedMail(promotion: WaitlistPromotion): OutgoingMail {
  const link = `${appUrl()}/registrations/${promotion.registrationId}`;
  const place = promotion.location ? `${promotion.city} ${promotion.location}` : promotion.city;
  const paragraphs = [
    `${promotion.traineeName}，您好：`,
    `您在候补名单中的培训班次“${promotion.sessionTitle}”已有空余名额，您的报名已确认。`,
    `培训时间：${promotion.startDate} 至 ${promotion.endDate}；地点：${place}。`,
    '如不能参加，请尽早登录系统取消报名，以便名额转给其他候补学员。',
  ];
  return {
    to: promotion.to,
    subject: `报名已确认：${promotion.sessionTitle}`,
    text: `${paragraphs.join('\n\n')}\n\n查看报名：${link}\n`,
    html: html(paragraphs, link),
    kind: 'waitlist-promoted',
  };
}
