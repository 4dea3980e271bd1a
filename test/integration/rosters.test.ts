/**
 * Roster exports in process against DynamoDB Local: trainees register, are cancelled, assessed
 * and marked present through the registrations function; the rosters function then exports what
 * the national platform's upload needs, with ID numbers masked and only to the host or admin.
 */
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { handler as rosters } from '#functions/rosters/handler';
import { newRegistration } from '#shared/domain/registrations/registration';
import type { Session } from '#shared/domain/sessions/schemas';
import { maskIdNumber } from '#shared/domain/trainees/id-number';
import { registerForSession } from '#shared/store/registering';
import { putTraineeProfile } from '#shared/store/trainees';
import { addDays, hostWithPublishedPlan, sessionOf, trainees } from '../support/fixtures';
import { claimsFor, httpEvent, jsonBody, lambdaContext } from '../support/http-event';
import { registrationsOrResults } from '../support/route-handlers';

type Claims = Record<string, string>;
type Json = Record<string, unknown>;

const HEADER = '序号,姓名,身份证号,工作单位,培训班次,学时,出勤天数,考核结果,成绩';
const CSV_ROUTE = 'GET /sessions/{sessionId}/roster.csv';
const XLSX_ROUTE = 'GET /sessions/{sessionId}/roster.xlsx';

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
  return { status: result.statusCode, body: jsonBody(result) as Json };
}

const exportRoster = (routeKey: string, claims: Claims, sessionId: string) =>
  rosters(httpEvent({ routeKey, claims, pathParameters: { sessionId } }), lambdaContext('rosters'));

/** exceljs's typings declare their own `Buffer` (an ArrayBuffer); at run time it takes Node's. */
async function loadXlsx(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

/** The CSV's lines after the BOM, without the empty string after the final CRLF. */
const csvLines = (body: string) => body.slice(1).split('\r\n').slice(0, -1);

describe('roster exports', () => {
  let session: Session;
  let hostClaims: Claims;
  let people: Awaited<ReturnType<typeof trainees>>;

  beforeAll(async () => {
    const { host, plan } = await hostWithPublishedPlan();
    hostClaims = claimsFor('host', 'x', { 'custom:orgId': host.id });
    session = await sessionOf(plan, { capacity: 3, creditHours: 24, title: '数字经济(高级)研修班' });
    people = await trainees(5);
    // Trainees type their own names and employers: one needs CSV quoting, one tries a formula.
    const tricky = people[1] as (typeof people)[number];
    tricky.name = '韦"小,宝';
    tricky.employer = '=HYPERLINK("http://evil.example","点我")';
    await putTraineeProfile(tricky);

    const ids: string[] = [];
    for (const person of people) {
      const answer = await post(
        'POST /sessions/{sessionId}/registrations',
        claimsFor('trainee', person.traineeId),
        { sessionId: session.id },
      );
      expect(answer.status).toBe(201);
      ids.push(answer.body.id as string);
    }
    // Capacity 3: people 3 and 4 wait; 4 then cancels. Neither belongs on the roster.
    const cancelled = await post(
      'POST /registrations/{registrationId}/cancel',
      claimsFor('trainee', people[4]?.traineeId),
      { registrationId: ids[4] as string },
    );
    expect(cancelled.body.status).toBe('cancelled');

    // Results once the session has ended: the clock moves on to its last day for them.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(new Date(`${session.endDate}T10:00:00+08:00`));
    const results = await post(
      'POST /sessions/{sessionId}/results',
      hostClaims,
      { sessionId: session.id },
      {
        results: [
          { registrationId: ids[0], passed: true, score: 90 },
          { registrationId: ids[1], passed: false, score: 40 },
        ],
      },
    );
    vi.useRealTimers();
    expect(results.status).toBe(200);
    for (const [date, present] of [
      [session.startDate, [ids[0], ids[1]]],
      [addDays(session.startDate, 1), [ids[0]]],
    ] as const) {
      const attendance = await post(
        'POST /sessions/{sessionId}/attendance',
        hostClaims,
        {
          sessionId: session.id,
        },
        { date, present },
      );
      expect(attendance.status).toBe(200);
    }
  });

  it('exports the CSV: BOM, Chinese header, one row per seat holder with hours, days and result', async () => {
    const result = await exportRoster(CSV_ROUTE, hostClaims, session.id);
    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toBe('text/csv; charset=utf-8');
    expect(result.isBase64Encoded).toBe(false);
    const disposition = String(result.headers?.['content-disposition']);
    expect(disposition).toMatch(
      new RegExp(`^attachment; filename="roster-${session.id}\\.csv"; filename\\*=UTF-8''`),
    );
    const encoded = disposition.split("filename*=UTF-8''")[1] ?? '';
    expect(encoded).toMatch(/^[\x21-\x7e]+$/);
    expect(decodeURIComponent(encoded)).toBe('数字经济(高级)研修班-花名册.csv');
    const body = result.body ?? '';
    expect([...Buffer.from(body, 'utf8').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = csvLines(body);
    expect(header).toBe(HEADER);
    const masked = people.map((person) => maskIdNumber(person.idNumber));
    // Rows follow registration order; the tests registered one after another.
    expect(rows).toEqual([
      `1,学员0,${masked[0]},南宁市第一中学,数字经济(高级)研修班,24,2,合格,90`,
      `2,"韦""小,宝",${masked[1]},"'=HYPERLINK(""http://evil.example"",""点我"")",数字经济(高级)研修班,0,1,不合格,40`,
      `3,学员2,${masked[2]},南宁市第一中学,数字经济(高级)研修班,0,0,未考核,`,
    ]);
  });

  it('never shows more of an ID number than the mask', async () => {
    const csv = (await exportRoster(CSV_ROUTE, hostClaims, session.id)).body ?? '';
    const xlsx = (await exportRoster(XLSX_ROUTE, hostClaims, session.id)).body ?? '';
    const workbook = await loadXlsx(Buffer.from(xlsx, 'base64'));
    const cells: string[] = [];
    workbook.getWorksheet('花名册')?.eachRow((row) => {
      cells.push(String(row.getCell(3).value));
    });
    for (const person of people) {
      expect(csv).not.toContain(person.idNumber);
      expect(csv).not.toContain(person.idNumber.slice(4, 14));
      expect(cells).not.toContain(person.idNumber);
    }
    expect(cells.slice(1)).toEqual(people.slice(0, 3).map((person) => maskIdNumber(person.idNumber)));
  });

  it('exports the XLSX: one sheet 花名册, bold header, typed cells, ID as text', async () => {
    const result = await exportRoster(XLSX_ROUTE, hostClaims, session.id);
    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(result.isBase64Encoded).toBe(true);
    expect(result.headers?.['content-disposition']).toMatch(
      new RegExp(`^attachment; filename="roster-${session.id}\\.xlsx"; filename\\*=UTF-8''`),
    );
    const bytes = Buffer.from(result.body ?? '', 'base64');
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');

    const workbook = await loadXlsx(bytes);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['花名册']);
    const sheet = workbook.getWorksheet('花名册') as ExcelJS.Worksheet;
    expect(sheet.rowCount).toBe(4);
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(values(1).join(',')).toBe(HEADER);
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect(sheet.getColumn(3).numFmt).toBe('@');
    expect(sheet.getColumn(3).width).toBeGreaterThanOrEqual(18);

    const masked = people.map((person) => maskIdNumber(person.idNumber));
    expect(values(2)).toEqual([
      1,
      '学员0',
      masked[0],
      '南宁市第一中学',
      '数字经济(高级)研修班',
      24,
      2,
      '合格',
      90,
    ]);
    expect(values(3)).toEqual([
      2,
      '韦"小,宝',
      masked[1],
      '=HYPERLINK("http://evil.example","点我")',
      '数字经济(高级)研修班',
      0,
      1,
      '不合格',
      40,
    ]);
    // A string cell is never evaluated: the formula-like employer stays text, not a formula.
    expect(sheet.getRow(3).getCell(4).type).toBe(ExcelJS.ValueType.String);
    expect(values(4).slice(0, 8)).toEqual([
      3,
      '学员2',
      masked[2],
      '南宁市第一中学',
      '数字经济(高级)研修班',
      0,
      0,
      '未考核',
    ]);
    expect(sheet.getRow(4).getCell(9).value).toBeNull();
  });

  it('lets admin export too', async () => {
    const result = await exportRoster(
      CSV_ROUTE,
      claimsFor('admin', 'a', { 'custom:orgId': 'org_admin' }),
      session.id,
    );
    expect(result.statusCode).toBe(200);
    expect(csvLines(result.body ?? '')).toHaveLength(4);
  });

  it('refuses another host and a trainee with 403, on both formats', async () => {
    const { host: other } = await hostWithPublishedPlan();
    for (const route of [CSV_ROUTE, XLSX_ROUTE]) {
      for (const claims of [
        claimsFor('host', 'y', { 'custom:orgId': other.id }),
        claimsFor('trainee', people[0]?.traineeId),
      ]) {
        const result = await exportRoster(route, claims, session.id);
        expect(result.statusCode).toBe(403);
        expect((jsonBody(result).error as Json).code).toBeTypeOf('string');
        expect(result.body).not.toContain('学员0');
      }
    }
  });

  it('answers 404 for an unknown session', async () => {
    for (const route of [CSV_ROUTE, XLSX_ROUTE]) {
      const result = await exportRoster(route, hostClaims, 'ses_unknown');
      expect(result.statusCode).toBe(404);
    }
  });
});

describe('a roster longer than one page', () => {
  it('exports every registration, across pages of the store', async () => {
    const { host, plan } = await hostWithPublishedPlan();
    const session = await sessionOf(plan, { capacity: null });
    const count = 205; // the handler reads 200 per page
    const now = Date.now();
    for (let i = 0; i < count; i++) {
      const profile = {
        traineeId: `bulk-${session.id}-${i}`,
        name: `学员${String(i).padStart(3, '0')}`,
        idNumber: '450103199001010012',
        employer: '广西大学',
        city: '南宁',
        email: `bulk-${i}@example.cn`,
        updatedAt: new Date(now).toISOString(),
      };
      // Distinct, increasing registration times: the roster is in registration order.
      await registerForSession(newRegistration(session, profile, new Date(now + i)));
    }
    const result = await exportRoster(
      CSV_ROUTE,
      claimsFor('host', 'x', { 'custom:orgId': host.id }),
      session.id,
    );
    expect(result.statusCode).toBe(200);
    const rows = csvLines(result.body ?? '').slice(1);
    expect(rows).toHaveLength(count);
    expect(rows.map((row) => row.split(',').slice(0, 2).join(','))).toEqual(
      Array.from({ length: count }, (_, i) => `${i + 1},学员${String(i).padStart(3, '0')}`),
    );
  }, 60_000);
});
