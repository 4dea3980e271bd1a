/**
 * The waitlist over HTTP against the local system: a host raising a session's capacity seats the
 * waiting in order (each mailed through the notifier), a newcomer after the raise queues behind
 * those still waiting, and a waiting trainee's place moves up as those ahead leave, in every
 * answer and in the waitlist-deadline reminder (`npm run job -- reminders --now ...`).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../support/api-client';
import { addDays } from '../support/fixtures';
import { publishedSession, traineeWithProfile } from '../support/http-scenario';
import { type LocalSystem, startLocalSystem } from '../support/local-system';

let system: LocalSystem;
let anonymous: ApiClient;

beforeAll(async () => {
  system = await startLocalSystem();
  anonymous = new ApiClient(system.baseUrl);
});

afterAll(async () => {
  await system?.stop();
});

type Mail = { to: string; kind: string; subject: string; text: string };
const outbox = async () => (await anonymous.get('/local/outbox')).body.items as Mail[];

const run = promisify(execFile);

/** The reminders job in a child process, as `npm run job` runs it, at `now`. */
async function runReminders(now: string) {
  await run(process.execPath, ['--import', 'tsx', 'infra/local/run-job.ts', 'reminders', '--now', now], {
    encoding: 'utf8',
    env: {
      ...process.env,
      DATA_DIR: system.dataDir,
      DYNAMODB_PORT: String(system.dynamoPort),
      LOG_LEVEL: 'WARN',
    },
  });
}

describe('the waitlist over HTTP', () => {
  it('seats the waiting when capacity is raised, mails them, and queues a newcomer behind the rest', async () => {
    const admin = await anonymous.as('admin-1', 'admin', 'org_hrss');
    const { host, sessionId } = await publishedSession(anonymous, admin, {
      sessionTitle: '候补扩容班次',
      capacity: 2,
    });
    const people: ApiClient[] = [];
    for (let n = 0; n < 6; n++) people.push(await traineeWithProfile(anonymous, n));

    const registrations = [];
    for (const person of people.slice(0, 5)) {
      const answer = await person.post(`/sessions/${sessionId}/registrations`);
      expect(answer.status).toBe(201);
      registrations.push(answer.body);
    }
    expect(registrations.map((registration) => [registration.status, registration.waitlistPlace])).toEqual([
      ['confirmed', undefined],
      ['confirmed', undefined],
      ['waitlisted', 1],
      ['waitlisted', 2],
      ['waitlisted', 3],
    ]);

    const raised = await host.patch(`/sessions/${sessionId}`, { capacity: 4 });
    expect(raised.status).toBe(200);
    expect(raised.body).toMatchObject({ capacity: 4, seatsTaken: 4, waitlistLength: 1 });

    const reread = await Promise.all(
      registrations
        .slice(2)
        .map((registration, i) => people[i + 2]?.get(`/registrations/${registration.id}`)),
    );
    expect(reread.map((answer) => [answer?.body.status, answer?.body.waitlistPlace])).toEqual([
      ['confirmed', undefined],
      ['confirmed', undefined],
      ['waitlisted', 1],
    ]);

    const promotedMails = await vi.waitFor(
      async () => {
        const mails = (await outbox()).filter((mail) => mail.kind === 'waitlist-promoted');
        expect(mails).toHaveLength(2);
        return mails;
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(promotedMails.map((mail) => mail.to).sort()).toEqual(['t2@example.cn', 't3@example.cn']);
    expect(promotedMails[0]?.subject).toContain('候补扩容班次');

    // The new seats are gone: the newcomer queues behind the one still waiting.
    const newcomer = await people[5]?.post(`/sessions/${sessionId}/registrations`);
    expect(newcomer?.status).toBe(201);
    expect(newcomer?.body).toMatchObject({ status: 'waitlisted', waitlistPosition: 4, waitlistPlace: 2 });
    expect((await admin.get(`/sessions/${sessionId}`)).body).toMatchObject({
      seatsTaken: 4,
      waitlistLength: 2,
    });
  });

  it('moves a waiting trainee up as the one ahead leaves, in every answer and in the reminder', async () => {
    const admin = await anonymous.as('admin-1', 'admin', 'org_hrss');
    const { host, sessionId } = await publishedSession(anonymous, admin, {
      sessionTitle: '候补名次班次',
      capacity: 1,
    });
    const people: ApiClient[] = [];
    for (let n = 10; n < 13; n++) people.push(await traineeWithProfile(anonymous, n));
    const made = [];
    for (const person of people) made.push((await person.post(`/sessions/${sessionId}/registrations`)).body);
    expect(made.map((registration) => registration.waitlistPlace)).toEqual([undefined, 1, 2]);

    // The seated trainee leaves: the first in line takes the seat, the second is now next.
    expect((await people[0]?.post(`/registrations/${made[0].id}/cancel`))?.status).toBe(200);

    const own = await people[2]?.get(`/registrations/${made[2].id}`);
    expect(own?.body).toMatchObject({ status: 'waitlisted', waitlistPosition: 2, waitlistPlace: 1 });
    const mine = await people[2]?.get('/registrations?mine=true');
    expect(mine?.body.items).toEqual([expect.objectContaining({ id: made[2].id, waitlistPlace: 1 })]);
    const roster = await host.get(`/sessions/${sessionId}/registrations`);
    expect(roster.body.items.map((item: { waitlistPlace?: number }) => item.waitlistPlace)).toEqual([
      undefined,
      undefined,
      1,
    ]);

    const session = (await admin.get(`/sessions/${sessionId}`)).body;
    await runReminders(`${addDays(session.registrationDeadline, -1)}T09:00:00+08:00`);
    const reminders = (await outbox()).filter(
      (mail) => mail.kind === 'waitlist-deadline' && mail.subject.includes('候补名次班次'),
    );
    expect(reminders.map((mail) => mail.to)).toEqual(['t12@example.cn']);
    expect(reminders[0]?.text).toContain('候补名单中排第1位');
  });
});
