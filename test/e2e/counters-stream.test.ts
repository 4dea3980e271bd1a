/**
 * The yearly counters over HTTP, kept by the counters aggregator from the registrations table's
 * stream as `npm start` runs it: registrations, a cancellation with its promotion and results are
 * counted as the registrations stand, the report says how fresh its counters are, and `npm start`
 * stopped right after a burst and started again on the same data counts what it had not counted
 * yet, once.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../support/api-client';
import { publishedSession, traineeWithProfile } from '../support/http-scenario';
import { type LocalSystem, startLocalSystem } from '../support/local-system';

const dataDir = mkdtempSync(join(tmpdir(), 'gx-e2e-counters-'));
let system: LocalSystem;
let anonymous: ApiClient;
let admin: ApiClient;

async function start() {
  system = await startLocalSystem({ dataDir });
  anonymous = new ApiClient(system.baseUrl);
  admin = await anonymous.as('admin-counters', 'admin', 'org_hrss');
}

beforeAll(start);
afterAll(async () => {
  await system?.stop();
});

interface Row {
  id: string;
  status: string;
  creditHours: number;
}

/** The registration figures recounted from a session's roster, as the host reads it. */
async function recount(host: ApiClient, sessionId: string) {
  const roster = await host.get(`/sessions/${sessionId}/registrations?limit=100`);
  expect(roster.status).toBe(200);
  const rows = roster.body.items as Row[];
  const holding = rows.filter((row) => ['confirmed', 'completed', 'failed'].includes(row.status));
  const completed = rows.filter((row) => row.status === 'completed');
  return {
    confirmed: holding.length,
    completed: completed.length,
    failed: rows.filter((row) => row.status === 'failed').length,
    creditHours: completed.reduce((sum, row) => sum + row.creditHours, 0),
  };
}

async function compiled(year: number) {
  const caughtUp = await admin.get('/local/streams/caught-up');
  expect(caughtUp.status).toBe(200);
  const answer = await admin.post(`/reports/${year}/compile`);
  expect(answer.status).toBe(200);
  return answer.body;
}

describe('the counters, kept from the stream', () => {
  let year: number;
  let orgId: string;
  let sessionId: string;

  it('count seats, a promotion, a pass and a fail as the registrations stand, and say how fresh they are', async () => {
    const scenario = await publishedSession(anonymous, admin, {
      capacity: 2,
      heldToday: true,
      creditHours: 6,
    });
    ({ year, orgId, sessionId } = scenario);
    const ids: string[] = [];
    for (let n = 0; n < 4; n++) {
      const trainee = await traineeWithProfile(anonymous, 300 + n);
      const answer = await trainee.post(`/sessions/${sessionId}/registrations`);
      expect(answer.status).toBe(201);
      ids.push(answer.body.id);
    }
    // The first seat is given up (by the host: the session has begun) once the queue has formed:
    // the first in line moves up.
    expect((await scenario.host.post(`/registrations/${ids[0]}/cancel`)).status).toBe(200);
    const results = await scenario.host.post(`/sessions/${sessionId}/results`, {
      results: [
        { registrationId: ids[1], passed: true },
        { registrationId: ids[2], passed: false },
      ],
    });
    expect(results.status).toBe(200);

    const report = await compiled(year);
    const expected = await recount(scenario.host, sessionId);
    expect(expected).toEqual({ confirmed: 2, completed: 1, failed: 1, creditHours: 6 });
    expect(report.totals).toMatchObject({ ...expected, sessionsHeld: 1 });
    // The newest change counted was written just now (stream times are rounded down to the minute).
    const fresh = Date.parse(report.countsAppliedThrough);
    expect(Date.now() - fresh).toBeLessThan(5 * 60_000);
    const csv = await admin.request('GET', `/reports/${year}/report.csv`);
    expect(String(csv.body)).toContain('计数截至,');
    const html = await admin.request('GET', `/reports/${year}/report.html`);
    expect(String(html.body)).toContain('计数截至：');
  });

  it('counts, after npm start is stopped right after a burst and started again, every registration once', async () => {
    const second = await publishedSession(anonymous, admin, { capacity: null, heldToday: true });
    const trainees = await Promise.all(
      Array.from({ length: 12 }, (_, n) => traineeWithProfile(anonymous, 400 + n)),
    );
    const answers = await Promise.all(
      trainees.map((trainee) => trainee.post(`/sessions/${second.sessionId}/registrations`)),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(12).fill(201));
    // Stopped at once: the aggregator may not have had the last of them.
    expect(await system.stop()).toBe(0);

    await start();
    const report = await compiled(year);
    const host = await anonymous.as(`host-of-${second.orgId}`, 'host', second.orgId);
    const firstHost = await anonymous.as(`host-of-${orgId}`, 'host', orgId);
    const both = [await recount(firstHost, sessionId), await recount(host, second.sessionId)];
    expect(report.totals).toMatchObject({
      confirmed: both.reduce((sum, figures) => sum + figures.confirmed, 0),
      completed: 1,
      failed: 1,
    });
    expect(report.totals.confirmed).toBe(2 + 12);
  });
});
