/**
 * A session moved (PATCH of its dates, city or location) against DynamoDB Local: the edit and its
 * notice commit in one transaction (updateSessionFields with `alsoWrite`), and the notifier, fed
 * by the registrations table's stream as in the cloud, mails every confirmed and waitlisted
 * trainee once per change. The database is shared with other test files: the notifier here tells
 * this file's sessions' notices only.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler as sessions } from '#functions/sessions/handler';
import { sessionChangedNotice } from '#shared/domain/notices/notice';
import type { Registration } from '#shared/domain/registrations/schemas';
import type { Session } from '#shared/domain/sessions/schemas';
import { listOutbox, type OutboxItem } from '#shared/mail/outbox';
import { counterUpdates, readCounters } from '#shared/store/counters';
import { VersionConflict } from '#shared/store/optimistic';
import { getSession, sessionKey, updateSessionFields } from '#shared/store/sessions';
import { tableName } from '#shared/store/tables';
import type { TransactItem } from '#shared/store/transact';
import { deliverNotice } from '#shared/use-cases/mail/notices';
import { addDays, hostWithPublishedPlan, sessionOf, trainees } from '../support/fixtures';
import { claimsFor, httpEvent, jsonBody, lambdaContext } from '../support/http-event';
import { startNotifier } from '../support/notifier';
import { registrationsOrResults } from '../support/route-handlers';
import { useIntegrationConfig } from './config';

// Before the first test: the mailer reads it on first use.
const outboxDir = `${process.env.TMPDIR ?? '/tmp'}/gx-session-changes-outbox-${process.pid}-${Date.now()}`;
useIntegrationConfig({ MAIL_OUTBOX_DIR: outboxDir });

const ourSessions = new Set<string>();
const notifier = startNotifier(
  (notice) => notice.kind === 'session-changed' && ourSessions.has(notice.sessionId),
);
beforeAll(() => notifier.ready);
afterAll(async () => {
  await notifier.stop();
  rmSync(outboxDir, { recursive: true, force: true });
});

const hostClaims = (orgId: string) => claimsFor('host', `host-of-${orgId}`, { 'custom:orgId': orgId });

async function patch(session: Session, body: unknown) {
  const result = await sessions(
    httpEvent({
      routeKey: 'PATCH /sessions/{sessionId}',
      pathParameters: { sessionId: session.id },
      claims: hostClaims(session.hostOrgId),
      body: JSON.stringify(body),
    }),
    lambdaContext('sessions'),
  );
  return { status: result.statusCode, body: jsonBody(result) };
}

async function registrationCall(routeKey: string, traineeId: string, pathParameters: Record<string, string>) {
  const result = await registrationsOrResults(routeKey)(
    httpEvent({ routeKey, claims: claimsFor('trainee', traineeId), pathParameters }),
    lambdaContext('registrations'),
  );
  return jsonBody(result) as unknown as Registration;
}

const register = (sessionId: string, traineeId: string) =>
  registrationCall('POST /sessions/{sessionId}/registrations', traineeId, { sessionId });
const cancel = (registration: Registration) =>
  registrationCall('POST /registrations/{registrationId}/cancel', registration.traineeId, {
    registrationId: registration.id,
  });

/** A session of this file, of `capacity` seats, and `count` trainees registered in order. */
async function sessionWithRegistrations(count: number, capacity: number) {
  const { plan } = await hostWithPublishedPlan();
  const session = await sessionOf(plan, {
    capacity,
    title: `改期通知班 ${Math.random().toString(36).slice(2, 8)}`,
  });
  ourSessions.add(session.id);
  const people = await trainees(count);
  const registrations: Registration[] = [];
  for (const person of people) registrations.push(await register(session.id, person.traineeId));
  return { session, people, registrations };
}

async function changeMailsTo(emails: readonly string[]): Promise<OutboxItem[]> {
  const wanted = new Set(emails);
  return (await listOutbox(outboxDir)).filter(
    (mail) => wanted.has(mail.to) && mail.kind === 'session-changed',
  );
}

/** Waits until exactly `count` session-changed mails went to `emails`. */
const expectChangeMails = (emails: readonly string[], count: number) =>
  vi.waitFor(
    async () => {
      const mails = await changeMailsTo(emails);
      expect(mails).toHaveLength(count);
      return mails;
    },
    { timeout: 15_000, interval: 100 },
  );

describe('moving a session with registrations', () => {
  it('mails each confirmed and waitlisted trainee once, with what changed and their own link', async () => {
    const { session, people, registrations } = await sessionWithRegistrations(4, 2);
    expect(registrations.map((registration) => registration.status)).toEqual([
      'confirmed',
      'confirmed',
      'waitlisted',
      'waitlisted',
    ]);
    // The last one leaves the waitlist: it is not told.
    await cancel(registrations[3] as Registration);
    const emails = people.map((person) => person.email);

    // Edits that move nothing announced (the title; the city it already has) tell nobody.
    expect((await patch(session, { title: `${session.title}（更新）` })).status).toBe(200);
    expect((await patch(session, { city: session.city })).status).toBe(200);

    const newStart = addDays(session.startDate, 1);
    const moved = await patch(session, { startDate: newStart, city: '柳州' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ startDate: newStart, city: '柳州', version: 4 });

    const mails = await expectChangeMails(emails, 3);
    expect(mails.map((mail) => mail.to).sort()).toEqual(emails.slice(0, 3).sort());
    for (const mail of mails) {
      const person = people.findIndex((candidate) => candidate.email === mail.to);
      expect(mail.subject).toContain(`${session.title}（更新）`);
      expect(mail.text).toContain(`开始日期：${session.startDate} → ${newStart}`);
      expect(mail.text).toContain('城市：南宁 → 柳州');
      expect(mail.text).toContain(`/registrations/${registrations[person]?.id}`);
    }
    // Nothing more comes: no mail for the edits that moved nothing, none twice.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await changeMailsTo(emails)).toHaveLength(3);
  });

  it('tells every one of concurrent moves as a change of its own, each trainee once per change', async () => {
    const { session, people } = await sessionWithRegistrations(2, 1);
    const cities = ['桂林', '梧州', '北海'];
    const answers = await Promise.all(cities.map((city) => patch(session, { city })));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(new Set(answers.map((answer) => answer.body.version))).toEqual(new Set([2, 3, 4]));

    const emails = people.map((person) => person.email);
    const mails = await expectChangeMails(emails, 6);
    for (const email of emails) {
      const told = mails.filter((mail) => mail.to === email).map((mail) => mail.text);
      expect(told).toHaveLength(3);
      for (const city of cities) expect(told.some((text) => text.includes(`→ ${city}`))).toBe(true);
    }
  });

  it('re-sends nothing when a notice is told again (every trainee has a sent record per notice)', async () => {
    const { session, people } = await sessionWithRegistrations(2, 2);
    const moved = await patch(session, { location: '广西人才大厦' });
    expect(moved.status).toBe(200);
    const emails = people.map((person) => person.email);
    await expectChangeMails(emails, 2);

    // The stream hands the same notice over again (a retry after a failure further on).
    const notice = sessionChangedNotice({ ...session, version: 1 }, { location: '广西人才大厦' }, new Date());
    expect(notice?.version).toBe(2);
    expect(await deliverNotice(notice as NonNullable<typeof notice>)).toEqual({ sent: 0, alreadySent: 2 });
    expect(await changeMailsTo(emails)).toHaveLength(2);
  });
});

describe('updateSessionFields with alsoWrite: one transaction', () => {
  /** Counters of an organization no one else uses: an observable write to ride along. */
  const marker = () => ({
    kind: 'org' as const,
    id: `org_marker_${Math.random().toString(36).slice(2, 10)}`,
  });
  const markerWrite = (owner: ReturnType<typeof marker>): TransactItem[] =>
    counterUpdates([owner], 2099, { sessions: 1 });
  const edit = (city: string) => ({ city, updatedAt: new Date().toISOString() });

  it('writes the edit and the items with it together', async () => {
    const { plan } = await hostWithPublishedPlan();
    const session = await sessionOf(plan);
    const owner = marker();
    const updated = await updateSessionFields(session.id, edit('钦州'), 1, undefined, markerWrite(owner));
    expect(updated).toMatchObject({ city: '钦州', version: 2 });
    expect((await readCounters(owner, 2099)).sessions).toBe(1);
  });

  it('writes none of the items when the edit loses to another one (VersionConflict)', async () => {
    const { plan } = await hostWithPublishedPlan();
    const session = await sessionOf(plan);
    await updateSessionFields(session.id, edit('贺州'), 1);
    const owner = marker();
    await expect(
      updateSessionFields(session.id, edit('玉林'), 1, undefined, markerWrite(owner)),
    ).rejects.toBeInstanceOf(VersionConflict);
    expect((await readCounters(owner, 2099)).sessions).toBe(0);
    expect(await getSession(session.id)).toMatchObject({ city: '贺州', version: 2 });
  });

  it('leaves the session as it was when a condition of the items fails (VersionConflict)', async () => {
    const { plan } = await hostWithPublishedPlan();
    const session = await sessionOf(plan);
    const other = await sessionOf(plan);
    const owner = marker();
    const failing: TransactItem = {
      ConditionCheck: {
        TableName: tableName('plans'),
        Key: sessionKey(other.id),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    };
    await expect(
      updateSessionFields(session.id, edit('百色'), 1, undefined, [...markerWrite(owner), failing]),
    ).rejects.toBeInstanceOf(VersionConflict);
    expect(await getSession(session.id)).toEqual(session);
    expect((await readCounters(owner, 2099)).sessions).toBe(0);
  });

  it('keeps telling a missing session (404) and a capacity below the seats (422) apart', async () => {
    await expect(updateSessionFields('ses_missing', edit('崇左'), 1, undefined, [])).rejects.toMatchObject({
      status: 404,
    });
    const { plan } = await hostWithPublishedPlan();
    const session = await sessionOf(plan, { capacity: 1 });
    const [person] = await trainees(1);
    await register(session.id, person?.traineeId as string);
    await expect(
      updateSessionFields(session.id, { capacity: null, updatedAt: new Date().toISOString() }, 1, 0),
    ).rejects.toMatchObject({
      status: 422,
      code: 'CAPACITY_BELOW_SEATS_TAKEN',
      details: [{ seatsTaken: 1 }],
    });
  });
});
