/**
 * What every mail the system sends has in common, whatever its kind: it ends with the program
 * office's signature, in text and HTML, and each link in it is a page of the one table of web
 * pages (shared/mail/links.ts) under APP_URL.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, useConfig } from '#shared/config/env';
import type { Certificate } from '#shared/domain/certificates/schemas';
import type { ReminderMessage } from '#shared/domain/reminders/message';
import { WEB_PAGES } from '#shared/mail/links';
import type { OutgoingMail } from '#shared/mail/port';
import { sessionChangedMail } from '#shared/mail/session-changed-template';
import { reminderMail, waitlistPromotedMail } from '#shared/mail/templates';
import { annualReportAwaitingMail } from '#shared/use-cases/mail/tellers/annual-report-awaiting-review';
import { annualReportReviewedMail } from '#shared/use-cases/mail/tellers/annual-report-reviewed';
import { certificateRevokedMail } from '#shared/use-cases/mail/tellers/certificate-revoked';
import { organizationStatusMail } from '#shared/use-cases/mail/tellers/organization-status';
import { planPublishedMail } from '#shared/use-cases/mail/tellers/plan-published';
import { planReviewedMail } from '#shared/use-cases/mail/tellers/plan-reviewed';

const APP_URL = 'https://jxjy.example.gov.cn';
const SIGNATURE = ['广西壮族自治区人力资源和社会保障厅', '专业技术人才知识更新工程办公室'];

const base = { dueDate: '2026-03-07', person: 'p', subject: 's', to: 'a@example.cn' };
const REMINDERS: ReminderMessage[] = [
  {
    ...base,
    kind: 'session-starting',
    data: {
      traineeName: '李华',
      sessionTitle: '班次',
      startDate: '2026-03-10',
      endDate: '2026-03-12',
      place: '南宁',
      daysBefore: 3,
      registrationId: 'reg_1',
    },
  },
  {
    ...base,
    kind: 'waitlist-deadline',
    data: {
      traineeName: '王芳',
      sessionTitle: '班次',
      registrationDeadline: '2026-03-01',
      waitlistPlace: 1,
      registrationId: 'reg_2',
    },
  },
  {
    ...base,
    kind: 'results-overdue',
    data: { orgName: '单位', sessionTitle: '班次', endDate: '2026-03-12', sessionId: 'ses_1' },
  },
  {
    ...base,
    kind: 'annual-report-due',
    data: { orgName: '基地', year: 2026, dueDate: '2026-12-10', daysLeft: 7, orgId: 'org_1' },
  },
  {
    ...base,
    kind: 'annual-report-overdue',
    data: { orgName: '基地', year: 2026, dueDate: '2026-12-10', orgId: 'org_1', toAdmin: true },
  },
  {
    ...base,
    kind: 'credit-shortfall',
    data: {
      traineeName: '赵磊',
      year: 2026,
      total: 10,
      professional: 5,
      requiredTotal: 90,
      requiredProfessional: 60,
    },
  },
];

const planMove = (to: 'approved' | 'published') => ({
  to: 'host@example.cn',
  plan: { id: 'plan_1', title: '计划', year: 2026 },
  hostName: '主办单位甲',
  entry: { at: '2026-03-01T00:00:00.000Z', by: 'admin-1', byName: '审核员', from: 'submitted' as const, to },
});

const REVOKED: Certificate = {
  number: 'GX-2026-P0-000123-0',
  type: 'completion',
  holderId: 'trainee-1',
  holderName: '李华',
  title: '课程',
  creditHours: 24,
  issuerOrgId: 'org_1',
  issuer: '主办单位甲',
  issuerName: '主办单位甲',
  issuedOn: '2026-06-12',
  registrationId: 'reg_5',
  status: 'revoked',
  revocationReason: '原因',
  revokedAt: '2026-09-01T02:00:00.000Z',
  token: 'a.b.c',
  createdAt: '2026-06-12T02:00:00.000Z',
};

const ANNUAL_REPORT = { orgId: 'org_1', orgName: '基地', year: 2026, lateDays: 0 };
const ANNUAL_REPORT_STEP = {
  action: 'filed' as const,
  status: 'submitted' as const,
  by: 'host-1',
  byName: '联系人',
  at: '2026-12-01T02:00:00.000Z',
};

function everyMail(): OutgoingMail[] {
  return [
    ...REMINDERS.map(reminderMail),
    waitlistPromotedMail({
      to: 'a@example.cn',
      traineeName: '李华',
      sessionTitle: '班次',
      startDate: '2026-03-10',
      endDate: '2026-03-12',
      city: '南宁',
      registrationId: 'reg_3',
      host: { name: '主办单位甲', contactEmail: 'host@example.cn' },
    }),
    organizationStatusMail({
      to: 'a@example.cn',
      org: { id: 'org_1', name: '基地', kind: 'base' },
      status: 'warned',
      reason: '原因',
      at: '2026-03-01T00:00:00.000Z',
    }),
    planReviewedMail(planMove('approved')),
    planPublishedMail(planMove('published')),
    sessionChangedMail({
      to: 'a@example.cn',
      traineeName: '李华',
      sessionTitle: '班次',
      waitlisted: false,
      changes: [{ field: 'city', from: '南宁', to: '桂林' }],
      registrationId: 'reg_4',
    }),
    certificateRevokedMail({ to: 'a@example.cn', holderName: '李华', certificate: REVOKED }),
    annualReportReviewedMail({ to: 'a@example.cn', report: ANNUAL_REPORT, entry: ANNUAL_REPORT_STEP }),
    annualReportAwaitingMail({
      to: 'dept@example.cn',
      reviewerName: '主管部门',
      report: ANNUAL_REPORT,
      entry: ANNUAL_REPORT_STEP,
    }),
  ];
}

/** A table path as a pattern: each `{parameter}` one non-empty path segment. */
const PAGE_PATTERNS = Object.values(WEB_PAGES).map(
  (path) => new RegExp(`^${path.replace(/\{\w+\}/g, '[^/?#]+')}(?:\\?[^#]*)?$`),
);

beforeEach(() => useConfig(loadConfig({ APP_URL })));

describe('every mail', () => {
  const mails = () => everyMail();

  it('covers every kind the system sends', () => {
    expect(new Set(mails().map((mail) => mail.kind))).toEqual(
      new Set([
        ...REMINDERS.map((reminder) => reminder.kind),
        'waitlist-promoted',
        'organization-status',
        'plan-reviewed',
        'plan-published',
        'session-changed',
        'certificate-revoked',
        'annual-report-reviewed',
        'annual-report-awaiting-review',
      ]),
    );
  });

  it('ends with the program office’s signature, in the text and the HTML', () => {
    for (const mail of mails()) {
      expect(mail.text.trimEnd().endsWith(`\n\n${SIGNATURE.join('\n')}`), mail.kind).toBe(true);
      expect(mail.html, mail.kind).toMatch(new RegExp(`<p>${SIGNATURE.join('<br>')}</p></body></html>$`));
    }
  });

  it('links only to pages of the table, under APP_URL', () => {
    for (const mail of mails()) {
      const links = mail.text.match(/https?:\/\/\S+/g) ?? [];
      expect(links.length, mail.kind).toBeGreaterThan(0);
      for (const link of links) {
        expect(link.startsWith(`${APP_URL}/`), link).toBe(true);
        const path = link.slice(APP_URL.length);
        expect(
          PAGE_PATTERNS.some((pattern) => pattern.test(path)),
          `${mail.kind}: ${path} is no page of WEB_PAGES`,
        ).toBe(true);
      }
    }
  });
});
