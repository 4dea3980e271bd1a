/**
 * Revocation against DynamoDB Local, through the certificates function: in one transaction the
 * certificate is marked revoked, a completion certificate's hours are reversed in the holder's
 * ledger (the original entry kept) and taken out of the report counters of its plan and host, and
 * the holder's notice is put in the outbox, which the notifier mails from the table's stream.
 * Never twice, never half. Every test makes its own host, plan, session and trainees.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler as certificatesHandler } from '#functions/certificates/handler';
import type { Certificate } from '#shared/domain/certificates/schemas';
import { beijingDate } from '#shared/domain/dates';
import { newOrganization } from '#shared/domain/organizations/organization';
import { ledgerEntryFor } from '#shared/domain/registrations/registration';
import type { Registration } from '#shared/domain/registrations/schemas';
import { DEFAULT_CREDIT_REQUIREMENT, summarizeCredits } from '#shared/domain/trainees/ledger';
import { listOutbox } from '#shared/mail/outbox';
import { getCertificate } from '#shared/store/certificates';
import { readCounters } from '#shared/store/counters';
import { appendLedgerReversal, ledgerEntries } from '#shared/store/ledger';
import { putNewOrganization } from '#shared/store/organizations';
import { recordResultOnce } from '#shared/store/registration-changes';
import { transact } from '#shared/store/transact';
import {
  ensureCompletionCertificate,
  issueTechnicalCertificate,
} from '#shared/use-cases/certificates/issuance';
import { startCounters } from '../support/counters';
import { hostWithPublishedPlan, sessionOf, trainees } from '../support/fixtures';
import { claimsFor, httpEvent, jsonBody, lambdaContext } from '../support/http-event';
import { startNotifier } from '../support/notifier';
import { registrationsOrResults } from '../support/route-handlers';
import { useIntegrationConfig } from './config';

// Before the first test: the mailer reads it on first use.
const outboxDir = `${process.env.TMPDIR ?? '/tmp'}/gx-revocation-outbox-${process.pid}-${Date.now()}`;
useIntegrationConfig({ MAIL_OUTBOX_DIR: outboxDir });

/** This file's holders: the notifier here tells their notices only. */
const ourHolders = new Set<string>();
const notifier = startNotifier(
  (notice) => notice.kind === 'certificate-revoked' && ourHolders.has(notice.holderId),
);
/** The pass is counted by the stream (the revocation in its own transaction): read once caught up. */
const aggregator = startCounters();
beforeAll(() => Promise.all([notifier.ready, aggregator.ready]));
afterAll(async () => {
  await Promise.all([notifier.stop(), aggregator.stop()]);
  rmSync(outboxDir, { recursive: true, force: true });
});

const ADMIN = claimsFor('admin', 'admin-revoker', { 'custom:orgId': 'org_hrss' });

async function revoke(number: string, reason = '考核材料造假') {
  const result = await certificatesHandler(
    httpEvent({
      routeKey: 'POST /certificates/{number}/revoke',
      claims: ADMIN,
      pathParameters: { number },
      body: JSON.stringify({ reason }),
    }),
    lambdaContext('certificates'),
  );
  const body = jsonBody(result);
  return { status: result.statusCode, body, code: (body?.error as { code?: string } | undefined)?.code };
}

/** A trainee who passed a session of `creditHours`, with the completion certificate of the pass. */
async function passed(creditHours = 24) {
  const { host, plan } = await hostWithPublishedPlan();
  const session = await sessionOf(plan, { creditHours, subjectType: 'professional' });
  const [person] = await trainees(1);
  if (!person) throw new Error('no trainee');
  ourHolders.add(person.traineeId);
  const registered = await registrationsOrResults('POST /sessions/{sessionId}/registrations')(
    httpEvent({
      routeKey: 'POST /sessions/{sessionId}/registrations',
      claims: claimsFor('trainee', person.traineeId),
      pathParameters: { sessionId: session.id },
    }),
    lambdaContext('registrations'),
  );
  expect(registered.statusCode).toBe(201);
  const registration = jsonBody(registered) as unknown as Registration;
  // The pass as the results function writes it: registration and ledger entry at once.
  const now = new Date();
  const completed = await recordResultOnce(
    registration,
    { passed: true },
    'host-user',
    now,
    ledgerEntryFor(registration, now),
  );
  const certificate = await ensureCompletionCertificate(completed, host, now);
  return { host, plan, person, registration: completed, certificate };
}

type Passed = Awaited<ReturnType<typeof passed>>;

const countersOf = async ({ plan, host, registration }: Passed) => {
  await aggregator.caughtUp();
  return {
    plan: await readCounters({ kind: 'plan', id: plan.id }, registration.planYear ?? registration.year),
    host: await readCounters({ kind: 'org', id: host.id }, registration.year),
  };
};

const creditsOf = async ({ person, registration }: Passed) =>
  summarizeCredits(
    registration.year,
    await ledgerEntries(person.traineeId, registration.year),
    DEFAULT_CREDIT_REQUIREMENT,
  );

const mailsTo = async (email: string) =>
  (await listOutbox(outboxDir)).filter((mail) => mail.to === email && mail.kind === 'certificate-revoked');

describe('revoking a completion certificate', () => {
  let pass: Passed;
  let revokedAt: string;

  beforeAll(async () => {
    pass = await passed(24);
  });

  it('counted the pass before: 24 hours in the credits, one completion and 24 hours in the report', async () => {
    expect((await creditsOf(pass)).professional).toBe(24);
    const counters = await countersOf(pass);
    expect(counters.plan).toMatchObject({ completed: 1, hours: 24, certificates: 1, revoked: 0 });
    expect(counters.host).toMatchObject({ completed: 1, hours: 24 });
  });

  it('reverses the hours in the ledger, keeping the original entry', async () => {
    const answer = await revoke(pass.certificate.number, '考核材料造假。');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: 'revoked', revocationReason: '考核材料造假。' });
    revokedAt = answer.body.revokedAt as string;

    const entries = await ledgerEntries(pass.person.traineeId, pass.registration.year);
    const original = entries.find((entry) => !entry.reverses);
    const reversal = entries.find((entry) => entry.reverses);
    expect(entries).toHaveLength(2);
    expect(original).toMatchObject({ registrationId: pass.registration.id, hours: 24 });
    expect(reversal).toMatchObject({
      registrationId: pass.registration.id,
      subjectType: 'professional',
      hours: -24,
      recordedAt: revokedAt,
      reverses: { certificateNumber: pass.certificate.number, recordedAt: original?.recordedAt },
    });
    expect(await creditsOf(pass)).toMatchObject({ professional: 0, total: 0 });
  });

  it('takes the completion and its hours out of the plan’s and the host’s counters', async () => {
    const counters = await countersOf(pass);
    expect(counters.plan).toMatchObject({ completed: 0, hours: 0, certificates: 1, revoked: 1 });
    expect(counters.host).toMatchObject({ completed: 0, hours: 0 });
  });

  it('mails the holder once: certificate-revoked, naming the certificate and the reason', async () => {
    const mails = await vi.waitFor(
      async () => {
        const found = await mailsTo(pass.person.email);
        expect(found).toHaveLength(1);
        return found;
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(mails[0]?.subject).toContain(pass.certificate.number);
    expect(mails[0]?.text).toContain('撤销原因：考核材料造假。');
    expect(mails[0]?.text).toContain('24学时');
    expect(mails[0]?.text).toContain(`/certificates/${pass.certificate.number}`);
  });

  it('changes nothing on a second revocation (409): no second reversal, counters or mail', async () => {
    const again = await revoke(pass.certificate.number, '再次撤销');
    expect(again.status).toBe(409);
    expect(again.code).toBe('ALREADY_REVOKED');
    expect(await ledgerEntries(pass.person.traineeId, pass.registration.year)).toHaveLength(2);
    expect((await countersOf(pass)).plan).toMatchObject({ completed: 0, hours: 0, revoked: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await mailsTo(pass.person.email)).toHaveLength(1);
    expect((await getCertificate(pass.certificate.number))?.revokedAt).toBe(revokedAt);
  });
});

describe('revocation races and failures', () => {
  it('lets one of three concurrent revocations win: one reversal, counted down once, one mail', async () => {
    const pass = await passed(16);
    const answers = await Promise.all(
      ['甲', '乙', '丙'].map((reason) => revoke(pass.certificate.number, `撤销理由${reason}`)),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409, 409]);
    const entries = await ledgerEntries(pass.person.traineeId, pass.registration.year);
    expect(entries.map((entry) => entry.hours).sort((a, b) => a - b)).toEqual([-16, 16]);
    expect((await countersOf(pass)).plan).toMatchObject({ completed: 0, hours: 0, revoked: 1 });
    await vi.waitFor(async () => expect(await mailsTo(pass.person.email)).toHaveLength(1), {
      timeout: 10_000,
      interval: 100,
    });
  });

  it('writes nothing when a part of it cannot be written: the certificate stays valid', async () => {
    const pass = await passed(8);
    // A reversal already in the ledger (as if written by hand): the revocation's own cannot be added.
    const [original] = await ledgerEntries(pass.person.traineeId, pass.registration.year);
    if (!original) throw new Error('no ledger entry');
    const stray = {
      ...original,
      hours: -8,
      reverses: { certificateNumber: 'x', recordedAt: original.recordedAt },
    };
    expect((await transact([appendLedgerReversal(stray)])).ok).toBe(true);

    const answer = await revoke(pass.certificate.number);
    expect(answer.status).toBe(409);
    expect(answer.code).not.toBe('ALREADY_REVOKED');
    expect((await getCertificate(pass.certificate.number))?.status).toBe('valid');
    expect((await countersOf(pass)).plan).toMatchObject({ completed: 1, hours: 8, revoked: 0 });
    expect(await ledgerEntries(pass.person.traineeId, pass.registration.year)).toHaveLength(2);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(await mailsTo(pass.person.email)).toEqual([]);
  });
});

describe('revoking a technical level certificate', () => {
  it('mails the holder and leaves the credits as they were (it carried no hours)', async () => {
    const [person] = await trainees(1);
    if (!person) throw new Error('no trainee');
    ourHolders.add(person.traineeId);
    const institution = newOrganization(
      {
        name: `评价中心 ${Math.random().toString(36).slice(2, 8)}`,
        kind: 'assessment-institution',
        city: '南宁',
      },
      new Date(),
    );
    await putNewOrganization(institution);
    const input = {
      holderId: person.traineeId,
      holderName: person.name,
      field: 'blockchain',
      level: 'senior' as const,
      examDate: beijingDate(new Date()),
    };
    const certificate: Certificate = await issueTechnicalCertificate(input, institution, new Date());

    expect((await revoke(certificate.number, '等级认定有误')).status).toBe(200);
    const year = Number(beijingDate(new Date()).slice(0, 4));
    expect(await ledgerEntries(person.traineeId, year)).toEqual([]);
    const mails = await vi.waitFor(
      async () => {
        const found = await mailsTo(person.email);
        expect(found).toHaveLength(1);
        return found;
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(mails[0]?.text).toContain('专业技术等级证书（高级）“blockchain”');
    expect(mails[0]?.text).not.toContain('学时');
  });
});
