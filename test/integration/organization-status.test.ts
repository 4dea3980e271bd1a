/**
 * Status changes of organizations (the exit mechanism) against DynamoDB Local, through the
 * organizations function's whole wrapper: a change needs its reason, is kept in the status
 * history, and its notice commits with it in one transaction, to be mailed by the notifier from
 * the registrations table's stream, as in the cloud. Concurrent changes: one wins, one is told.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler as organizations } from '#functions/organizations/handler';
import { organizationStatusNotice } from '#shared/domain/notices/notice';
import { applyOrganizationPatch } from '#shared/domain/organizations/organization';
import type { Organization } from '#shared/domain/organizations/schemas';
import { listOutbox } from '#shared/mail/outbox';
import { noticePut } from '#shared/store/notices';
import { getOrganization, replaceOrganization } from '#shared/store/organizations';
import { claimsFor, httpEvent, jsonBody, lambdaContext } from '../support/http-event';
import { startNotifier } from '../support/notifier';
import { useIntegrationConfig } from './config';

const outboxDir = `${process.env.TMPDIR ?? '/tmp'}/gx-org-status-outbox-${process.pid}-${Date.now()}`;
useIntegrationConfig({ MAIL_OUTBOX_DIR: outboxDir });

/** This file's organizations: the notifier here tells their notices only. */
const ours = new Set<string>();
const notifier = startNotifier((notice) => notice.kind === 'organization-status' && ours.has(notice.orgId));
beforeAll(() => notifier.ready);
afterAll(async () => {
  await notifier.stop();
  rmSync(outboxDir, { recursive: true, force: true });
});

const ADMIN = claimsFor('admin', 'admin-7', { 'custom:orgId': 'org_hrss' });

async function call(routeKey: string, options: { orgId?: string; body?: unknown } = {}) {
  const result = await organizations(
    httpEvent({
      routeKey,
      claims: ADMIN,
      ...(options.orgId ? { pathParameters: { orgId: options.orgId } } : {}),
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    }),
    lambdaContext('organizations'),
  );
  return { status: result.statusCode, body: jsonBody(result) };
}

async function newBase(contactEmail?: string): Promise<Organization> {
  const created = await call('POST /organizations', {
    body: {
      name: '钦州继续教育基地',
      kind: 'base',
      level: 'regional',
      city: '钦州',
      ...(contactEmail ? { contactEmail } : {}),
    },
  });
  expect(created.status).toBe(201);
  ours.add(created.body.id as string);
  return created.body as unknown as Organization;
}

const patch = (orgId: string, body: unknown) => call('PATCH /organizations/{orgId}', { orgId, body });

const mailsTo = async (email: string) => (await listOutbox(outboxDir)).filter((mail) => mail.to === email);

describe('a status change', () => {
  it('is refused without a reason (400 naming statusReason), and nothing changes', async () => {
    const base = await newBase();
    const refused = await patch(base.id, { status: 'exited' });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ field: 'statusReason' })],
    });
    expect(await getOrganization(base.id)).toEqual(base);
  });

  it('is kept in the history with its reason and author, and mailed to the organization once', async () => {
    const email = `qinzhou-${Date.now()}@example.cn`;
    const base = await newBase(email);
    expect(base.statusHistory).toEqual([
      { status: 'active', reason: null, at: base.createdAt, by: 'admin-7' },
    ]);

    const warned = await patch(base.id, { status: 'warned', statusReason: '年度总结逾期三十天' });
    expect(warned.status).toBe(200);
    const history = (warned.body as unknown as Organization).statusHistory ?? [];
    expect(history).toHaveLength(2);
    expect(history[1]).toMatchObject({ status: 'warned', reason: '年度总结逾期三十天', by: 'admin-7' });
    expect(await getOrganization(base.id)).toEqual(warned.body);

    // The same status again is no change: no entry, no second mail.
    const again = await patch(base.id, { status: 'warned', statusReason: '重复提交' });
    expect((again.body as unknown as Organization).statusHistory).toHaveLength(2);

    const mails = await vi.waitFor(
      async () => {
        const found = await mailsTo(email);
        expect(found).toHaveLength(1);
        return found;
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(mails[0]).toMatchObject({ kind: 'organization-status' });
    expect(mails[0]?.subject).toContain('警示');
    expect(mails[0]?.text).toContain('年度总结逾期三十天');
  });

  it('is told to nobody (and logged) when the organization has no contact address', async () => {
    const base = await newBase();
    const exited = await patch(base.id, { status: 'exited', statusReason: '主动申请退出' });
    expect(exited.status).toBe(200);
    const entry = (exited.body as unknown as Organization).statusHistory?.at(-1);
    if (!entry) throw new Error('no history entry');
    const { deliverNotice } = await import('#shared/use-cases/mail/notices');
    expect(await deliverNotice(organizationStatusNotice(base.id, entry, new Date()))).toBe('nobody-to-tell');
  });

  it('commits with its notice or not at all: of two concurrent changes one wins and only it is mailed', async () => {
    const email = `race-${Date.now()}@example.cn`;
    const base = await newBase(email);
    const current = (await getOrganization(base.id)) as Organization;
    const attempts = (['warned', 'exited'] as const).map((status, n) => {
      const { organization, statusChange } = applyOrganizationPatch(
        current,
        { status, statusReason: `reason ${n}` },
        'admin-7',
        new Date(Date.now() + n),
      );
      if (!statusChange) throw new Error('no change');
      return replaceOrganization(organization, current, [
        noticePut(organizationStatusNotice(base.id, statusChange, new Date())),
      ]);
    });
    const outcomes = await Promise.allSettled(attempts);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const lost = outcomes.find((outcome) => outcome.status === 'rejected');
    expect(lost?.reason).toMatchObject({ status: 409, code: 'CHANGED_MEANWHILE' });

    const stored = (await getOrganization(base.id)) as Organization;
    expect(stored.statusHistory).toHaveLength(2);
    const mails = await vi.waitFor(
      async () => {
        const found = await mailsTo(email);
        expect(found).toHaveLength(1);
        return found;
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(mails[0]?.text).toContain(stored.statusHistory?.[1]?.reason ?? 'missing');
    // Nothing more arrives later from the loser's notice.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await mailsTo(email)).toHaveLength(1);
  });
});
