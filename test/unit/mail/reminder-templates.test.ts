/** Reminder mails (issue 6): Chinese, plain text and HTML, with the title, the dates, what to do and a link. */
import { beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, useConfig } from '#shared/config/env';
import { type ReminderKind, ReminderMessage, sentKey } from '#shared/domain/reminders/message';
import type { OutgoingMail } from '#shared/mail/port';
import { reminderMail, waitlistPromotedMail } from '#shared/mail/templates';

const APP_URL = 'https://jxjy.example.gov.cn';
const SCRIPT = '<script>alert("x")</script>';
const CJK = /[\u4e00-\u9fff]/;
const SIGNATURE = '广西壮族自治区人力资源和社会保障厅\n专业技术人才知识更新工程办公室';

const sessionStarting = (daysBefore = 3, sessionTitle = '数字经济专题培训班'): ReminderMessage => ({
  kind: 'session-starting',
  to: 'li.hua@example.cn',
  dueDate: '2026-03-07',
  person: 'trainee-1',
  subject: `ses_0001#${daysBefore}`,
  data: {
    traineeName: '李华',
    sessionTitle,
    startDate: '2026-03-10',
    endDate: '2026-03-12',
    place: '南宁 广西人才大厦',
    daysBefore,
    registrationId: 'reg_0001',
    host: { name: '广西人才培训中心', contactEmail: 'train@host.example.cn' },
  },
});

const waitlistDeadline = (sessionTitle = '乡村振兴高级研修班'): ReminderMessage => ({
  kind: 'waitlist-deadline',
  to: 'wang.fang@example.cn',
  dueDate: '2026-02-28',
  person: 'trainee-2',
  subject: 'ses_0002#1',
  data: {
    traineeName: '王芳',
    sessionTitle,
    registrationDeadline: '2026-03-01',
    waitlistPlace: 2,
    registrationId: 'reg_0002',
  },
});

const resultsOverdue = (sessionTitle = '人工智能应用培训班'): ReminderMessage => ({
  kind: 'results-overdue',
  to: 'contact@host.example.cn',
  dueDate: '2026-03-19',
  person: 'org_host',
  subject: 'ses_0003',
  data: { orgName: '广西职业技术学院', sessionTitle, endDate: '2026-03-12', sessionId: 'ses_0003' },
});

const annualReportDue = (orgName = '南宁继续教育基地', daysLeft = 30): ReminderMessage => ({
  kind: 'annual-report-due',
  to: 'base@base.example.cn',
  dueDate: '2026-11-10',
  person: 'org_base',
  subject: 'org_base#2026',
  data: { orgName, year: 2026, dueDate: '2026-12-10', daysLeft, orgId: 'org_base' },
});

const annualReportOverdue = (toAdmin: boolean, orgName = '南宁继续教育基地'): ReminderMessage => ({
  kind: 'annual-report-overdue',
  to: toAdmin ? 'admin@hrss.example.gov.cn' : 'base@base.example.cn',
  dueDate: '2026-12-11',
  person: toAdmin ? 'admin' : 'org_base',
  subject: 'org_base#2026',
  data: { orgName, year: 2026, dueDate: '2026-12-10', orgId: 'org_base', toAdmin },
});

const creditShortfall = (): ReminderMessage => ({
  kind: 'credit-shortfall',
  to: 'zhao.lei@example.cn',
  dueDate: '2026-11-01',
  person: 'trainee-3',
  subject: '2026',
  data: {
    traineeName: '赵磊',
    year: 2026,
    total: 42.5,
    professional: 24,
    requiredTotal: 90,
    requiredProfessional: 60,
  },
});

interface Case {
  message: ReminderMessage;
  subjectHas: string[];
  textHas: string[];
  link: string;
}

const CASES: Record<ReminderKind, Case> = {
  'session-starting': {
    message: sessionStarting(),
    subjectHas: ['开班提醒', '数字经济专题培训班', '3天后'],
    textHas: [
      '李华',
      '2026-03-10',
      '2026-03-12',
      '南宁 广西人才大厦',
      '请按时参加',
      '取消报名',
      '主办单位：广西人才培训中心（联系邮箱：train@host.example.cn）',
    ],
    link: `${APP_URL}/registrations/reg_0001`,
  },
  'waitlist-deadline': {
    message: waitlistDeadline(),
    subjectHas: ['候补', '乡村振兴高级研修班', '截止'],
    textHas: ['王芳', '2026-03-01', '第2位', '改报其他班次'],
    link: `${APP_URL}/registrations/reg_0002`,
  },
  'results-overdue': {
    message: resultsOverdue(),
    subjectHas: ['考核结果', '人工智能应用培训班'],
    textHas: ['广西职业技术学院', '2026-03-12', '请尽快录入考核结果'],
    link: `${APP_URL}/sessions/ses_0003`,
  },
  'annual-report-due': {
    message: annualReportDue(),
    subjectHas: ['年度总结', '30天'],
    textHas: ['南宁继续教育基地', '2026-12-10', '2026年度执行情况总结', '2027年度计划', '请于'],
    link: `${APP_URL}/organizations/org_base/annual-reports/2026`,
  },
  'annual-report-overdue': {
    message: annualReportOverdue(false),
    subjectHas: ['逾期', '南宁继续教育基地'],
    textHas: ['南宁继续教育基地', '2026-12-10', '已逾期', '请尽快提交'],
    link: `${APP_URL}/organizations/org_base/annual-reports/2026`,
  },
  'credit-shortfall': {
    message: creditShortfall(),
    subjectHas: ['学时', '2026'],
    textHas: ['赵磊', '42.5', '24', '90', '60', '2026年12月31日前报名参加培训'],
    link: `${APP_URL}/sessions?open=true`,
  },
};

/** Every HTML text node and attribute, unescaped back, for comparing with the plain text. */
const decodeEntities = (html: string) =>
  html.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));

beforeEach(() => useConfig(loadConfig({ APP_URL: `${APP_URL}/` })));

describe('reminderMail', () => {
  describe.each(Object.entries(CASES))('%s', (kind, { message, subjectHas, textHas, link }) => {
    let mail: OutgoingMail;
    beforeEach(() => {
      mail = reminderMail(message);
    });

    it('is addressed to the recipient and tagged with its kind', () => {
      expect(mail.to).toBe(message.to);
      expect(mail.kind).toBe(kind);
    });

    it('has a Chinese subject naming what it is about', () => {
      expect(mail.subject).toMatch(CJK);
      for (const part of subjectHas) expect(mail.subject).toContain(part);
    });

    it('says in the text what, when and what to do, then the link, and ends with the signature', () => {
      expect(mail.text).toMatch(CJK);
      for (const part of textHas) expect(mail.text).toContain(part);
      expect(mail.text.trimEnd().endsWith(`${link}\n\n${SIGNATURE}`)).toBe(true);
      // APP_URL's trailing slash is not doubled.
      expect(mail.text).not.toContain(`${APP_URL}//`);
    });

    it('has an HTML part in zh-CN with the same words and the link as an anchor', () => {
      const html = mail.html ?? '';
      expect(html).toContain('<html lang="zh-CN">');
      expect(html).toContain('charset="utf-8"');
      const shown = decodeEntities(html);
      for (const part of textHas) expect(shown).toContain(part);
      expect(shown).toContain(`<a href="${link}">${link}</a>`);
      expect(html).toContain(`<p>${SIGNATURE.replace('\n', '<br>')}</p></body>`);
    });
  });

  it('counts the session-starting days: tomorrow for 1, "3天后" for 3', () => {
    const tomorrow = reminderMail(sessionStarting(1));
    expect(tomorrow.subject).toContain('明天');
    expect(tomorrow.text).toContain('明天（2026-03-10）');
    expect(reminderMail(sessionStarting(3)).text).toContain('3天后（2026-03-10）');
  });

  it('counts the annual report days left', () => {
    for (const daysLeft of [30, 7, 1]) {
      const mail = reminderMail(annualReportDue('基地', daysLeft));
      expect(mail.subject).toContain(`${daysLeft}天`);
      expect(mail.text).toContain(`还有${daysLeft}天`);
    }
  });

  it('writes the overdue notice to the program office differently from the one to the base', () => {
    const toBase = reminderMail(annualReportOverdue(false));
    const toAdmin = reminderMail(annualReportOverdue(true));
    expect(toAdmin.to).toBe('admin@hrss.example.gov.cn');
    expect(toAdmin.text).not.toBe(toBase.text);
    expect(toAdmin.text).toContain('项目办公室');
    expect(toAdmin.text).toContain('继续教育基地“南宁继续教育基地”未在2026-12-10前提交');
    expect(toBase.text).toContain('贵基地');
    expect(toBase.text).not.toContain('项目办公室');
    // Both name the base, so the office knows which one is late.
    expect(toAdmin.subject).toContain('南宁继续教育基地');
    expect(toAdmin.kind).toBe('annual-report-overdue');
  });

  it.each([
    ['session-starting', sessionStarting(3, `班次${SCRIPT}`)],
    ['waitlist-deadline', waitlistDeadline(`班次${SCRIPT}`)],
    ['results-overdue', resultsOverdue(`班次${SCRIPT}`)],
    ['annual-report-due', annualReportDue(`基地${SCRIPT}`)],
    ['annual-report-overdue (admin)', annualReportOverdue(true, `基地${SCRIPT}`)],
  ])('escapes a title or name with markup in the HTML part (%s)', (_, message) => {
    const mail = reminderMail(message);
    expect(mail.html).not.toContain('<script');
    expect(mail.html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;');
    // The plain text keeps it as written: it is text, not markup.
    expect(mail.text).toContain(SCRIPT);
  });

  it('names the host without a contact address when it has none, and nothing for old reminders', () => {
    const message = sessionStarting() as Extract<ReminderMessage, { kind: 'session-starting' }>;
    const noContact = reminderMail({ ...message, data: { ...message.data, host: { name: '某培训中心' } } });
    expect(noContact.text).toContain('主办单位：某培训中心。');
    const { host: _host, ...queuedBefore } = message.data;
    expect(reminderMail({ ...message, data: queuedBefore }).text).not.toContain('主办单位');
  });

  it('names the host and its contact in the waitlist promotion too', () => {
    const mail = waitlistPromotedMail({
      to: 'a@example.cn',
      traineeName: '李华',
      sessionTitle: '班次',
      startDate: '2026-03-10',
      endDate: '2026-03-12',
      city: '南宁',
      registrationId: 'reg_3',
      host: { name: '广西人才培训中心', contactEmail: 'train@host.example.cn' },
    });
    expect(mail.text).toContain('主办单位：广西人才培训中心（联系邮箱：train@host.example.cn）');
  });

  it('signs with the configured signature (MAIL_SIGNATURE)', () => {
    useConfig(loadConfig({ APP_URL, MAIL_SIGNATURE: '南宁市人力资源和社会保障局\\n继续教育科' }));
    const mail = reminderMail(creditShortfall());
    expect(mail.text.trimEnd().endsWith('\n\n南宁市人力资源和社会保障局\n继续教育科')).toBe(true);
    expect(mail.html).toContain('<p>南宁市人力资源和社会保障局<br>继续教育科</p>');
  });

  it('falls back to the local address when APP_URL is unset', () => {
    useConfig(loadConfig({ APP_URL: '' }));
    expect(reminderMail(sessionStarting()).text).toContain('http://localhost:3000/registrations/reg_0001');
  });
});

describe('ReminderMessage', () => {
  const all = Object.values(CASES).map((entry) => entry.message);

  it('accepts every kind, and survives the trip through JSON on the queue', () => {
    for (const message of all) {
      expect(ReminderMessage.parse(JSON.parse(JSON.stringify(message)))).toEqual(message);
    }
  });

  it('rejects an unknown kind', () => {
    expect(ReminderMessage.safeParse({ ...sessionStarting(), kind: 'session-cancelled' }).success).toBe(
      false,
    );
    expect(ReminderMessage.safeParse({ ...sessionStarting(), kind: undefined }).success).toBe(false);
  });

  it.each(['not-an-email', '', 'a@', '@example.cn', 'li hua@example.cn'])('rejects the address %j', (to) => {
    expect(ReminderMessage.safeParse({ ...sessionStarting(), to }).success).toBe(false);
  });

  it('rejects data of another kind, a bad due date and an empty person', () => {
    expect(ReminderMessage.safeParse({ ...sessionStarting(), data: creditShortfall().data }).success).toBe(
      false,
    );
    expect(ReminderMessage.safeParse({ ...sessionStarting(), dueDate: '2026-02-30' }).success).toBe(false);
    expect(ReminderMessage.safeParse({ ...sessionStarting(), person: '' }).success).toBe(false);
  });
});

describe('sentKey', () => {
  it('is the same for the same reminder, whatever the address or data', () => {
    const message = sessionStarting();
    const copy = JSON.parse(JSON.stringify(message)) as ReminderMessage;
    expect(sentKey(copy)).toBe(sentKey(message));
    const readdressed: ReminderMessage = { ...message, to: 'new.address@example.cn' };
    expect(sentKey(readdressed)).toBe(sentKey(message));
    expect(sentKey(message)).toBe('trainee-1#session-starting#ses_0001#3#2026-03-07');
  });

  it('differs by person, kind, subject and due date', () => {
    const message = sessionStarting();
    const keys = new Set([
      sentKey(message),
      sentKey({ ...message, person: 'trainee-9' }),
      sentKey({ ...message, kind: 'waitlist-deadline' }),
      sentKey({ ...message, subject: 'ses_0001#1' }),
      sentKey({ ...message, dueDate: '2026-03-09' }),
    ]);
    expect(keys.size).toBe(5);
  });

  it('tells the base and the admin copy of an overdue notice apart', () => {
    expect(sentKey(annualReportOverdue(true))).not.toBe(sentKey(annualReportOverdue(false)));
  });
});
