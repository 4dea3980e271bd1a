/**
 * A year's compilations against DynamoDB Local and local report files: each compilation is
 * written whole under its own id and only then pointed at, so overlapping compilations of one
 * year leave one consistent set (the JSON and every file of the same compilation), a reader in
 * between sees the previous compilation whole, and reading a year never compiled writes nothing.
 *
 * The pointer items are in the shared database: this file alone compiles 2031 and 2032.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { handler as reportsHandler } from '#functions/reports/handler';
import { newCompilationId } from '#shared/domain/reports/compilation';
import type { YearReport } from '#shared/domain/reports/schemas';
import { beijingDateTime } from '#shared/reports/labels';
import { LocalReportStore } from '#shared/reports/local';
import type { ReportFile } from '#shared/reports/port';
import { getCurrentCompilation } from '#shared/store/reports';
import { publishCompilation } from '#shared/use-cases/reports/compilations';
import { compileYear } from '#shared/use-cases/reports/year-end';
import { claimsFor, httpEvent, jsonBody, lambdaContext } from '../support/http-event';
import { useIntegrationConfig } from './config';

const reportsDir = `${process.env.TMPDIR ?? '/tmp'}/gx-report-compilations-${process.pid}-${Date.now()}`;
useIntegrationConfig({ REPORTS_DIR: reportsDir });

const ADMIN = claimsFor('admin', 'admin-compilations', { 'custom:orgId': 'org_hrss' });

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(() => {
  rmSync(reportsDir, { recursive: true, force: true });
});

async function get(path: 'report.json' | ReportFile, year: number) {
  const routeKey = path === 'report.json' ? 'GET /reports/{year}' : `GET /reports/{year}/${path}`;
  return reportsHandler(
    httpEvent({ routeKey, claims: ADMIN, pathParameters: { year: String(year) } }),
    lambdaContext('reports'),
  );
}

/** The time a file says it was generated: every format carries it, so files of one compilation agree. */
async function generatedAtIn(file: ReportFile, body: Buffer): Promise<string> {
  switch (file) {
    case 'report.json':
      return (JSON.parse(body.toString('utf8')) as YearReport).generatedAt;
    case 'report.xlsx': {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(body as unknown as ArrayBuffer);
      return workbook.created.toISOString();
    }
    default: {
      const shown = body.toString('utf8').match(/(\d{4}-\d{2}-\d{2} \d{2}:\d{2})（北京时间）/)?.[1];
      if (!shown) throw new Error(`No generation time in ${file}`);
      return shown;
    }
  }
}

const FILES: ReportFile[] = ['report.json', 'report.csv', 'report.xlsx', 'report.html'];

/** How a format shows `generatedAt`: CSV and HTML to the minute, Beijing time. */
const expected = (file: ReportFile, generatedAt: string) =>
  file === 'report.json' || file === 'report.xlsx'
    ? generatedAt
    : beijingDateTime(generatedAt).replace('（北京时间）', '');

/** What a reader gets over the API: the JSON and the three files, each with the time it carries. */
async function read(year: number): Promise<Record<ReportFile, string>> {
  const answers = await Promise.all(FILES.map((file) => get(file, year)));
  const times = await Promise.all(
    answers.map((answer, index) => {
      expect(answer.statusCode).toBe(200);
      const body = answer.isBase64Encoded
        ? Buffer.from(answer.body ?? '', 'base64')
        : Buffer.from(answer.body ?? '', 'utf8');
      return generatedAtIn(FILES[index] as ReportFile, body);
    }),
  );
  return Object.fromEntries(FILES.map((file, index) => [file, times[index]])) as Record<ReportFile, string>;
}

const asRead = (generatedAt: string) =>
  Object.fromEntries(FILES.map((file) => [file, expected(file, generatedAt)])) as Record<ReportFile, string>;

/** The files of one compilation as stored, each with the time it carries. */
async function storedTimes(year: number, compilationId: string): Promise<Record<ReportFile, string>> {
  const folder = join(reportsDir, String(year), compilationId);
  expect(readdirSync(folder).sort()).toEqual([...FILES].sort());
  const times = await Promise.all(FILES.map((file) => generatedAtIn(file, readFileSync(join(folder, file)))));
  return Object.fromEntries(FILES.map((file, index) => [file, times[index]])) as Record<ReportFile, string>;
}

/**
 * Holds back every file but the JSON of the compilations `held` picks until `release` is called:
 * the slow compilation of an overlap, caught halfway through its files.
 */
function holdFilesOf(held: (compilationId: string) => boolean) {
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const put = LocalReportStore.prototype.put;
  vi.spyOn(LocalReportStore.prototype, 'put').mockImplementation(async function (
    this: LocalReportStore,
    year,
    compilationId,
    file,
    body,
  ) {
    if (held(compilationId) && file !== 'report.json') await gate;
    return put.call(this, year, compilationId, file, body);
  });
  return release;
}

describe('reading a year never compiled', () => {
  it('is a 404 REPORT_NOT_COMPILED for the JSON and every file, and stores nothing', async () => {
    for (const file of FILES) {
      const answer = await get(file, 2031);
      expect(answer.statusCode, file).toBe(404);
      expect(jsonBody(answer).error).toMatchObject({ code: 'REPORT_NOT_COMPILED' });
    }
    expect(await getCurrentCompilation(2031)).toBeUndefined();
    expect(existsSync(join(reportsDir, '2031'))).toBe(false);
    expect((await get('report.json', 2031)).statusCode).toBe(404);
  });
});

describe('overlapping compilations of one year', () => {
  const started = (instant: string) => new Date(instant);

  it('keep the later-started one whole when the earlier one finishes last', async () => {
    const earlier = started('2032-03-01T02:00:00.000Z');
    const later = started('2032-03-01T02:05:00.000Z');
    const template = await compileYear(2032, started('2032-03-01T01:00:00.000Z'));
    const slowId = newCompilationId(earlier);
    const fastId = newCompilationId(later);
    const release = holdFilesOf((id) => id === slowId);

    const slow = publishCompilation({ ...template, generatedAt: earlier.toISOString() }, slowId);
    // The slow one has written its JSON and waits with its other files.
    await vi.waitFor(() => expect(existsSync(join(reportsDir, '2032', slowId, 'report.json'))).toBe(true));
    expect(await publishCompilation({ ...template, generatedAt: later.toISOString() }, fastId)).toBe(true);
    expect(await read(2032)).toEqual(asRead(later.toISOString()));

    release();
    expect(await slow).toBe(false);
    expect(await getCurrentCompilation(2032)).toEqual({
      year: 2032,
      compilationId: fastId,
      generatedAt: later.toISOString(),
    });
    expect(await read(2032)).toEqual(asRead(later.toISOString()));
    // The one that lost is kept whole under its own id, and nothing reads it.
    expect(await storedTimes(2032, slowId)).toEqual(asRead(earlier.toISOString()));
    expect(await storedTimes(2032, fastId)).toEqual(asRead(later.toISOString()));
  });

  it('let a reader see the previous compilation whole until the next one is complete', async () => {
    const before = (await getCurrentCompilation(2032))?.generatedAt as string;
    const next = started('2032-03-02T02:00:00.000Z');
    const nextId = newCompilationId(next);
    const release = holdFilesOf((id) => id === nextId);
    const template = JSON.parse(
      readFileSync(
        join(reportsDir, '2032', (await getCurrentCompilation(2032))?.compilationId as string, 'report.json'),
        'utf8',
      ),
    ) as YearReport;
    const publishing = publishCompilation({ ...template, generatedAt: next.toISOString() }, nextId);
    await vi.waitFor(() => expect(existsSync(join(reportsDir, '2032', nextId, 'report.json'))).toBe(true));
    expect(await read(2032)).toEqual(asRead(before));
    release();
    expect(await publishing).toBe(true);
    expect(await read(2032)).toEqual(asRead(next.toISOString()));
  });

  it('leave the latest-started compilation of many run at once, its JSON and files together', async () => {
    const starts = Array.from(
      { length: 6 },
      (_, index) => new Date(Date.parse('2032-06-01T02:00:00.000Z') + index * 60_000),
    );
    // Started in a shuffled order, all at once, each with its own time.
    const order = [3, 0, 5, 1, 4, 2].map((index) => starts[index] as Date);
    const reports = await Promise.all(order.map((now) => compileYear(2032, now)));
    expect(reports.map((report) => report.generatedAt).sort()).toEqual(
      starts.map((now) => now.toISOString()),
    );
    const latest = (starts.at(-1) as Date).toISOString();
    const current = await getCurrentCompilation(2032);
    expect(current?.generatedAt).toBe(latest);
    expect(await read(2032)).toEqual(asRead(latest));
    expect(await storedTimes(2032, current?.compilationId as string)).toEqual(asRead(latest));
    // Every compilation is kept, each under its own id: the four of the earlier tests and these six.
    expect(readdirSync(join(reportsDir, '2032'))).toHaveLength(4 + 6);
  });
});
