/** The mail telling an organization of its new status: Chinese, the status, the reason, what it means. */
import { beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, useConfig } from '#shared/config/env';
import { organizationStatusMail } from '#shared/use-cases/mail/tellers/organization-status';

const APP_URL = 'https://jxjy.example.gov.cn';

const change = (status: 'active' | 'warned' | 'exited', kind: 'base' | 'host' = 'base') => ({
  to: 'base@example.cn',
  org: { id: 'org_base_bh', name: kind === 'base' ? '北海继续教育基地' : '南宁培训中心', kind },
  status,
  reason: '连续两年培训人数未达最低要求<script>',
  // 20:00 UTC on 31 March is already 1 April in Beijing.
  at: '2026-03-31T20:00:00.000Z',
});

beforeEach(() => useConfig(loadConfig({ APP_URL })));

describe('organizationStatusMail', () => {
  it('tells the new status, the Beijing date, the reason and links to the organization', () => {
    const mail = organizationStatusMail(change('exited'));
    expect(mail).toMatchObject({ to: 'base@example.cn', kind: 'organization-status' });
    expect(mail.subject).toBe('机构状态调整为“退出”：北海继续教育基地');
    expect(mail.text).toContain('自2026-04-01起');
    expect(mail.text).toContain('原因：连续两年培训人数未达最低要求<script>');
    expect(mail.text).toContain(`${APP_URL}/organizations/org_base_bh`);
    // What was typed by a person is escaped in the HTML part.
    expect(mail.html).toContain('&#60;script&#62;');
    expect(mail.html).not.toContain('<script>');
  });

  it('says what each status means for a base', () => {
    expect(organizationStatusMail(change('exited')).text).toContain('退出继续教育基地序列');
    expect(organizationStatusMail(change('warned')).text).toContain('整改');
    expect(organizationStatusMail(change('active')).text).toContain('恢复为正常状态');
  });

  it('tells an organization that is not a base only whom to ask', () => {
    const text = organizationStatusMail(change('warned', 'host')).text;
    expect(text).not.toContain('基地');
    expect(text).toContain('项目办公室');
  });
});
