/** The mails telling a host of its plan's review and publication: Chinese, the decision, the comment, what next. */
import { beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, useConfig } from '#shared/config/env';
import type { HistoryEntry } from '#shared/domain/plans/schemas';
import { planPublishedMail } from '#shared/use-cases/mail/tellers/plan-published';
import { planReviewedMail } from '#shared/use-cases/mail/tellers/plan-reviewed';

const APP_URL = 'https://jxjy.example.gov.cn';
const plan = { id: 'plan_0001', title: '数字经济高级研修班<b>', year: 2026 };

// 17:00 UTC on 31 March is already 1 April in Beijing.
const entry = (to: HistoryEntry['to'], comment?: string): HistoryEntry => ({
  at: '2026-03-31T17:00:00.000Z',
  by: 'admin-1',
  byName: '审核员',
  from: to === 'published' ? 'approved' : 'submitted',
  to,
  ...(comment ? { comment } : {}),
});

const move = (to: HistoryEntry['to'], comment?: string) => ({
  to: 'host@host.example.cn',
  plan,
  hostName: '广西人才培训中心',
  entry: entry(to, comment),
});

beforeEach(() => useConfig(loadConfig({ APP_URL })));

describe('planReviewedMail', () => {
  it.each([
    ['approved', '批准', '公示后，即可开设培训班次'],
    ['rejected', '不予批准', '不再进入后续流程'],
    ['returned', '退回修改', '请按审核意见修改计划后，重新提交审核'],
  ] as const)('tells a %s plan its decision (%s) and what to do next', (to, decision, next) => {
    const mail = planReviewedMail(move(to, '预算编制依据不足，请补充说明'));
    expect(mail).toMatchObject({ to: 'host@host.example.cn', kind: 'plan-reviewed' });
    expect(mail.subject).toBe(`培训计划审核结果：${decision}（数字经济高级研修班<b>）`);
    expect(mail.text).toContain('广西人才培训中心：');
    expect(mail.text).toContain(
      `2026年度培训计划“数字经济高级研修班<b>”已于2026-04-01审核，审核结果为：${decision}。`,
    );
    expect(mail.text).toContain('审核意见：预算编制依据不足，请补充说明');
    expect(mail.text).toContain(next);
    expect(mail.text).toContain(`查看计划：${APP_URL}/plans/plan_0001`);
    expect(mail.html).toContain('数字经济高级研修班&#60;b&#62;');
  });

  it('says there is no comment when the reviewer gave none', () => {
    expect(planReviewedMail(move('approved')).text).toContain('审核意见：无');
  });

  it('refuses a move that is not a review', () => {
    expect(() => planReviewedMail(move('published'))).toThrow(/a review does not lead to published/);
  });
});

describe('planPublishedMail', () => {
  it('tells the host its plan is published and that sessions may now open', () => {
    const mail = planPublishedMail(move('published'));
    expect(mail).toMatchObject({ to: 'host@host.example.cn', kind: 'plan-published' });
    expect(mail.subject).toBe('培训计划已公示：数字经济高级研修班<b>');
    expect(mail.text).toContain('已于2026-04-01公示');
    expect(mail.text).toContain('开设培训班次');
    expect(mail.text).toContain(`${APP_URL}/plans/plan_0001`);
  });
});
