/**
 * Reminders over the local system: a session starting in 3 days, the job run as if it were that
 * morning (`npm run job -- reminders --now ...`), exactly the expected mails in the outbox, and
 * nothing more on a second run.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate } from '#shared/domain/dates';
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

const run = promisify(execFile);

/**
 * `npm run job` in a child process, waited for without blocking this one: a blocked test process
 * cannot see the server close its idle keep-alive connections, and its next request then fails on
 * a socket the server already closed.
 */
async function runJob(now: string) {
  const { stdout } = await run(
    process.execPath,
    ['--import', 'tsx', 'infra/local/run-job.ts', 'reminders', '--now', now],
    {
      encoding: 'utf8',
      env: {
        ...process.env,
        DATA_DIR: system.dataDir,
        DYNAMODB_PORT: String(system.dynamoPort),
        LOG_LEVEL: 'WARN',
      },
    },
  );
  return JSON.parse(stdout.slice(stdout.indexOf('{'))) as { result: { enqueued: number } };
}

const outbox = async () =>
  (await anonymous.get('/local/outbox')).body.items as {
    to: string;
    kind: string;
    subject: string;
    text: string;
  }[];

describe('the reminders job', () => {
  it('mails each confirmed trainee three days before the start, once', async () => {
    const admin = await anonymous.as('admin-1', 'admin', 'org_hrss');
    const { sessionId } = await publishedSession(anonymous, admin, {
      sessionTitle: '乡村振兴专题研修',
      capacity: 2,
      hostName: '邕州培训中心',
    });
    const session = (await admin.get(`/sessions/${sessionId}`)).body;
    const hostContact = await admin.patch(`/organizations/${session.hostOrgId}`, {
      contactEmail: 'peixun@yongzhou.example.cn',
    });
    expect(hostContact.status).toBe(200);
    const people = [];
    for (let n = 0; n < 3; n++) people.push(await traineeWithProfile(anonymous, n));
    for (const person of people)
      expect((await person.post(`/sessions/${sessionId}/registrations`)).status).toBe(201);

    const threeDaysBefore = addDays(session.startDate, -3);
    const first = await runJob(`${threeDaysBefore}T09:00:00+08:00`);
    expect(first.result.enqueued).toBe(2);
    const mails = (await outbox()).filter((mail) => mail.kind === 'session-starting');
    expect(mails).toHaveLength(2);
    expect(mails.map((mail) => mail.to).sort()).toEqual(['t0@example.cn', 't1@example.cn']);
    expect(mails[0]?.subject).toContain('乡村振兴专题研修');
    // Trainees are told whom to ask: the host and its contact address.
    for (const mail of mails)
      expect(mail.text).toContain('主办单位：邕州培训中心（联系邮箱：peixun@yongzhou.example.cn）');

    await runJob(`${threeDaysBefore}T10:30:00+08:00`);
    expect((await outbox()).filter((mail) => mail.kind === 'session-starting')).toHaveLength(2);

    // The day before the deadline, the waitlisted trainee is told; the day after, nobody.
    const dayBeforeDeadline = addDays(session.registrationDeadline, -1);
    await runJob(`${dayBeforeDeadline}T09:00:00+08:00`);
    const waitlist = (await outbox()).filter((mail) => mail.kind === 'waitlist-deadline');
    expect(waitlist.map((mail) => mail.to)).toEqual(['t2@example.cn']);
    expect(waitlist[0]?.text).toContain('主办单位：邕州培训中心');
    expect(beijingDate(new Date()) <= dayBeforeDeadline).toBe(true);
  });
});
