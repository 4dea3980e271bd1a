/**
 * A host is told of its plan's review and publication, against DynamoDB Local: the plans
 * function writes the notice in the plan's transaction, the notifier mails it from the
 * registrations stream, once. Of two concurrent reviews one wins, and only it is mailed.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler as plans } from '#functions/plans/handler';
import { planMoveNotice } from '#shared/domain/notices/notice';
import { newOrganization } from '#shared/domain/organizations/organization';
import { transitionPlan } from '#shared/domain/plans/plan';
import type { Plan } from '#shared/domain/plans/schemas';
import { listOutbox } from '#shared/mail/outbox';
import { noticePut } from '#shared/store/notices';
import { VersionConflict } from '#shared/store/optimistic';
import { putNewOrganization } from '#shared/store/organizations';
import { getPlan, replacePlan } from '#shared/store/plans';
import { claimsFor, httpEvent, jsonBody, lambdaContext } from '../support/http-event';
import { startNotifier } from '../support/notifier';
import { useIntegrationConfig } from './config';

const outboxDir = `${process.env.TMPDIR ?? '/tmp'}/gx-plan-notices-outbox-${process.pid}-${Date.now()}`;
useIntegrationConfig({ MAIL_OUTBOX_DIR: outboxDir });

/** This file's plans: the notifier here tells their notices only. */
const ours = new Set<string>();
const notifier = startNotifier(
  (notice) =>
    (notice.kind === 'plan-reviewed' || notice.kind === 'plan-published') && ours.has(notice.planId),
);
beforeAll(() => notifier.ready);
afterAll(async () => {
  await notifier.stop();
  rmSync(outboxDir, { recursive: true, force: true });
});

const ADMIN = claimsFor('admin', 'admin-9', { 'custom:orgId': 'org_hrss' });

async function call(routeKey: string, claims: Record<string, string>, planId?: string, body?: unknown) {
  const result = await plans(
    httpEvent({
      routeKey,
      claims,
      ...(planId ? { pathParameters: { planId } } : {}),
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    }),
    lambdaContext('plans'),
  );
  return { status: result.statusCode, body: jsonBody(result) as Record<string, unknown> & { id: string } };
}

/** A host (with `contactEmail`, if given) and its plan, submitted for review. */
async function submittedPlan(contactEmail?: string) {
  const host = newOrganization(
    { name: '柳州培训中心', kind: 'host', city: '柳州', ...(contactEmail ? { contactEmail } : {}) },
    new Date(),
  );
  await putNewOrganization(host);
  const claims = claimsFor('host', `host-${host.id}`, { 'custom:orgId': host.id });
  const created = await call('POST /plans', claims, undefined, {
    year: 2027,
    project: 'seminar',
    level: 'regional',
    category: 'on-the-job',
    title: '岗位培训研修班',
    plannedSessions: 1,
    plannedTrainees: 50,
    budget: { subsidyCapFen: 100_000, selfFundedFen: 0 },
  });
  expect(created.status).toBe(201);
  ours.add(created.body.id);
  expect((await call('POST /plans/{planId}/submit', claims, created.body.id)).status).toBe(200);
  return created.body.id;
}

const mailsTo = async (email: string) => (await listOutbox(outboxDir)).filter((mail) => mail.to === email);

const waitForMails = (email: string, count: number) =>
  vi.waitFor(
    async () => {
      const found = await mailsTo(email);
      expect(found).toHaveLength(count);
      return found;
    },
    { timeout: 10_000, interval: 100 },
  );

describe("a plan's review and publication", () => {
  it('are each mailed to the host once, with the decision and the comment', async () => {
    const email = `liuzhou-${Date.now()}@example.cn`;
    const planId = await submittedPlan(email);
    const approved = await call('POST /plans/{planId}/review', ADMIN, planId, {
      decision: 'approve',
      comment: '同意立项，请控制培训成本',
    });
    expect(approved.status).toBe(200);
    const [reviewed] = await waitForMails(email, 1);
    expect(reviewed).toMatchObject({ kind: 'plan-reviewed' });
    expect(reviewed?.subject).toContain('批准');
    expect(reviewed?.text).toContain('审核意见：同意立项，请控制培训成本');

    expect((await call('POST /plans/{planId}/publish', ADMIN, planId)).status).toBe(200);
    const mails = await waitForMails(email, 2);
    expect(mails[1]).toMatchObject({ kind: 'plan-published' });
    expect(mails[1]?.text).toContain(`/plans/${planId}`);
  });

  it('writes no notice when the move fails: a second publication is a 409 and mails nothing', async () => {
    const email = `twice-${Date.now()}@example.cn`;
    const planId = await submittedPlan(email);
    await call('POST /plans/{planId}/review', ADMIN, planId, { decision: 'approve' });
    await call('POST /plans/{planId}/publish', ADMIN, planId);
    const again = await call('POST /plans/{planId}/publish', ADMIN, planId);
    expect(again.status).toBe(409);
    await waitForMails(email, 2);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await mailsTo(email)).map((mail) => mail.kind)).toEqual(['plan-reviewed', 'plan-published']);
  });

  it('commits with its notice or not at all: of two concurrent reviews one wins and only it is mailed', async () => {
    const email = `race-${Date.now()}@example.cn`;
    const planId = await submittedPlan(email);
    const current = (await getPlan(planId)) as Plan;
    const reviewer = { userId: 'admin-9', roles: ['admin' as const] };
    const attempts = (['approve', 'return'] as const).map((decision) => {
      const moved = transitionPlan(current, decision, reviewer, new Date(), `意见 ${decision}`);
      const notice = planMoveNotice(moved, new Date());
      if (!notice) throw new Error('a review is told');
      return replacePlan(moved, current.version, [noticePut(notice)]);
    });
    const outcomes = await Promise.allSettled(attempts);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    expect(outcomes.find((outcome) => outcome.status === 'rejected')?.reason).toBeInstanceOf(VersionConflict);

    const stored = (await getPlan(planId)) as Plan;
    const [mail] = await waitForMails(email, 1);
    expect(mail?.text).toContain(`审核意见：${stored.history.at(-1)?.comment}`);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await mailsTo(email)).toHaveLength(1);
  });

  it('is told to nobody (and logged) when the host has no contact address', async () => {
    const planId = await submittedPlan();
    const reviewed = await call('POST /plans/{planId}/review', ADMIN, planId, {
      decision: 'reject',
      comment: '不符合申报条件',
    });
    expect(reviewed.status).toBe(200);
    const notice = planMoveNotice(reviewed.body as unknown as Plan, new Date());
    if (!notice) throw new Error('a review is told');
    const { deliverNotice } = await import('#shared/use-cases/mail/notices');
    expect(await deliverNotice(notice)).toBe('nobody-to-tell');
  });
});
