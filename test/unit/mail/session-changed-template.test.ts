/** The session-changed mail: Chinese, what changed (old → new), the title, and the registration's link. */
import { beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, useConfig } from '#shared/config/env';
import { sessionChangedMail } from '#shared/mail/session-changed-template';

const APP_URL = 'https://jxjy.example.gov.cn';
const decodeEntities = (html: string) =>
  html.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));

beforeEach(() => useConfig(loadConfig({ APP_URL: `${APP_URL}/` })));

const change = (waitlisted: boolean) =>
  sessionChangedMail({
    to: 'li.hua@example.cn',
    traineeName: '李华',
    sessionTitle: '数字经济<专题>培训班',
    waitlisted,
    changes: [
      { field: 'startDate', from: '2026-12-07', to: '2026-12-14' },
      { field: 'location', to: '广西人才大厦' },
    ],
    registrationId: 'reg_0001',
  });

describe('sessionChangedMail', () => {
  it('tells the trainee, in Chinese, each change from old to new, with the title and the link', () => {
    const mail = change(false);
    const link = `${APP_URL}/registrations/reg_0001`;
    expect(mail).toMatchObject({ to: 'li.hua@example.cn', kind: 'session-changed' });
    expect(mail.subject).toBe('班次变更：数字经济<专题>培训班');
    expect(mail.text).toContain('李华，您好');
    expect(mail.text).toContain('“数字经济<专题>培训班”');
    expect(mail.text).toContain('开始日期：2026-12-07 → 2026-12-14');
    expect(mail.text).toContain('地点：（未填写） → 广西人才大厦');
    expect(mail.text).toContain(`查看报名：${link}`);
    const html = mail.html ?? '';
    expect(html).not.toContain('<专题>');
    expect(decodeEntities(html)).toContain('开始日期：2026-12-07 → 2026-12-14');
    expect(decodeEntities(html)).toContain(`<a href="${link}">${link}</a>`);
  });

  it('advises those holding a seat and those waiting differently', () => {
    expect(change(false).text).toContain('您报名的培训班次');
    expect(change(true).text).toContain('您候补的培训班次');
    expect(change(true).text).toContain('取消候补');
  });
});
