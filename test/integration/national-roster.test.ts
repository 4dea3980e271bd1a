/**
 * The national roster in process against DynamoDB Local: trainees register and pass through the
 * registrations and results functions (a pass issues the completion certificate); the rosters
 * function then exports the completed ones with their full ID numbers, reading more profiles than
 * one batch holds, for the host and admin only, and each export lands in the audit trail.
 */
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { handler as rosters } from '#functions/rosters/handler';
import { beijingDate, shiftDate } from '#shared/domain/dates';
import type { Session } from '#shared/domain/sessions/schemas';
import { listAuditEntries } from '#shared/store/audit';
import { getTraineeProfiles, putTraineeProfile } from '#shared/store/trainees';
import { hostWithPublishedPlan, sessionOf, trainees, uniqueIdNumber } from '../support/fixtures';
import { claimsFor, httpEvent, jsonBody, lambdaContext } from '../support/http-event';
import { registrationsOrResults } from '../support/route-handlers';

type Claims = Record<string, string>;

/** More than the 100 keys one BatchGet takes. */
const PEOPLE = 105;

async function post(routeKey: string, claims: Claims, pathParameters: Claims, body?: unknown) {
  const result = await registrationsOrResults(routeKey)(
    httpEvent({
      routeKey,
      claims,
      pathParameters,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
    lambdaContext('registrations'),
  );
  return { status: result.statusCode, body: jsonBody(result) as Record<string, unknown> };
}

const exportNational = (format: 'csv' | 'xlsx', claims: Claims, sessionId: string) =>
  rosters(
    httpEvent({
      routeKey: `GET /sessions/{sessionId}/national-roster.${format}`,
      claims,
      pathParameters: { sessionId },
    }),
    lambdaContext('rosters'),
  );

const csvRows = (body: string) => body.slice(1).split('\r\n').slice(1, -1);

describe('the national roster', () => {
  let session: Session;
  let hostClaims: Claims;
  let people: Awaited<ReturnType<typeof trainees>>;
  let passedIds: string[];

  beforeAll(async () => {
    const { host, plan } = await hostWithPublishedPlan({ departmentId: 'org_codept' });
    hostClaims = claimsFor('host', `host-user-${host.id}`, { 'custom:orgId': host.id, name: '李主任' });
    session = await sessionOf(plan, { capacity: 200, creditHours: 16, title: '乡村振兴专题研修班' });
    people = await trainees(PEOPLE);
    const ids: string[] = [];
    for (const person of people) {
      const answer = await post(
        'POST /sessions/{sessionId}/registrations',
        claimsFor('trainee', person.traineeId),
        {
          sessionId: session.id,
        },
      );
      expect(answer.status).toBe(201);
      ids.push(answer.body.id as string);
    }
    // The last one fails; the one before it is never assessed: neither is on this roster.
    passedIds = ids.slice(0, PEOPLE - 2);
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(new Date(`${session.endDate}T10:00:00+08:00`));
    const results = await post(
      'POST /sessions/{sessionId}/results',
      hostClaims,
      { sessionId: session.id },
      {
        results: [
          ...passedIds.map((registrationId) => ({ registrationId, passed: true })),
          { registrationId: ids[PEOPLE - 1], passed: false },
        ],
      },
    );
    vi.useRealTimers();
    expect(results.status).toBe(200);
  }, 120_000);

  it('lists every completed trainee with the full ID number and a certificate number', async () => {
    const result = await exportNational('csv', hostClaims, session.id);
    expect(result.statusCode).toBe(200);
    expect(String(result.headers?.['content-disposition'])).toMatch(
      new RegExp(`^attachment; filename="national-roster-${session.id}\\.csv"`),
    );
    const rows = csvRows(result.body ?? '').map((line) => line.split(','));
    expect(rows).toHaveLength(passedIds.length);
    const idNumbers = rows.map((cells) => cells[3]);
    expect(idNumbers.sort()).toEqual(
      people
        .slice(0, PEOPLE - 2)
        .map((person) => person.idNumber)
        .sort(),
    );
    for (const cells of rows) {
      expect(cells.slice(4, 13)).toEqual([
        '南宁市第一中学',
        '南宁',
        '研修培训项目',
        '乡村振兴专题研修班',
        session.startDate,
        session.endDate,
        '16',
        '合格',
        expect.stringMatching(/^GX-\d{4}-/),
      ]);
    }
    expect(new Set(rows.map((cells) => cells[12])).size).toBe(passedIds.length);
  });

  it('keeps the ID numbers as text in the workbook', async () => {
    const result = await exportNational('xlsx', claimsFor('admin', 'admin-national'), session.id);
    expect(result.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(result.body ?? '', 'base64') as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.rowCount).toBe(passedIds.length + 1);
    expect(sheet.getColumn(4).numFmt).toBe('@');
    const cell = sheet.getRow(2).getCell(4);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(String(cell.value)).toMatch(/^\d{17}[\dX]$/);
  });

  it('is refused to the co-organizing department and to another host', async () => {
    for (const claims of [
      claimsFor('department', 'dept-user', { 'custom:orgId': 'org_codept' }),
      claimsFor('host', 'other-host', { 'custom:orgId': 'org_other' }),
    ]) {
      const result = await exportNational('csv', claims, session.id);
      expect(result.statusCode).toBe(403);
      expect(result.body).not.toMatch(/\d{17}[\dX]/);
    }
  });

  it('records each export in the audit trail: who, which session, which file', async () => {
    // Around today: a run that crosses Beijing midnight still finds its entries.
    const today = beijingDate(new Date());
    const window = { from: shiftDate(today, -1), to: shiftDate(today, 1) };
    const hosts = await listAuditEntries(window, { actor: hostClaims.sub, limit: 50 });
    expect(hosts.items).toEqual([
      expect.objectContaining({
        actor: hostClaims.sub,
        actorName: '李主任',
        action: 'national-roster-export',
        target: `session:${session.id}`,
        detail: { format: 'csv', rows: passedIds.length, sessionTitle: '乡村振兴专题研修班' },
      }),
    ]);
    const admins = await listAuditEntries(window, { actor: 'admin-national', limit: 50 });
    expect(admins.items).toEqual([
      expect.objectContaining({
        actorName: 'admin-national',
        detail: expect.objectContaining({ format: 'xlsx' }),
      }),
    ]);
    // The refusals read nothing, and left nothing.
    for (const actor of ['dept-user', 'other-host']) {
      expect((await listAuditEntries(window, { actor, limit: 50 })).items).toEqual([]);
    }
  });
});

describe('profiles read in batches', () => {
  it('returns every profile asked for across batches of 100, and nothing for unknown ids', async () => {
    const prefix = `batch-${Math.random().toString(36).slice(2, 8)}`;
    const stored = Array.from({ length: 130 }, (_, n) => ({
      traineeId: `${prefix}-${n}`,
      name: `学员${n}`,
      idNumber: uniqueIdNumber(),
      employer: '某单位',
      city: '梧州',
      email: `${prefix}-${n}@example.cn`,
      updatedAt: new Date().toISOString(),
    }));
    await Promise.all(stored.map(putTraineeProfile));
    const asked = [
      ...stored.map((profile) => profile.traineeId),
      `${prefix}-unknown`,
      stored[0]?.traineeId ?? '',
    ];
    const found = await getTraineeProfiles(asked);
    expect(found.size).toBe(130);
    for (const profile of stored) expect(found.get(profile.traineeId)).toEqual(profile);
    expect(found.has(`${prefix}-unknown`)).toBe(false);
  });
});
