/**
 * The report store port's two adapters: files under a folder (local) and the reports bucket (S3,
 * mocked), each compilation's files under its own id; which one a process uses; and the configured
 * minimums of trained people per base.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  NoSuchKey,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Env, loadConfig, useConfig } from '#shared/config/env';
import { baseMinimums } from '#shared/config/reports';
import { DEFAULT_BASE_MINIMUMS } from '#shared/domain/reports/compile';
import { LocalReportStore } from '#shared/reports/local';
import { REPORT_FILES } from '#shared/reports/port';
import { reportKey, S3ReportStore } from '#shared/reports/s3';
import { createReportStore, getReportStore } from '#shared/reports/storage';
import { makeTempDir } from '../helpers/temp-dir';
import { thrown } from '../helpers/thrown';

const s3 = mockClient(S3Client);

afterEach(() => {
  s3.reset();
  vi.useRealTimers();
});
afterAll(() => s3.restore());

const utf8 = (text: string) => Buffer.from(text, 'utf8');

describe('LocalReportStore', () => {
  let dir: ReturnType<typeof makeTempDir>;
  beforeEach(() => {
    dir = makeTempDir('reports');
  });
  afterEach(() => dir.remove());

  it('gives back what was put, byte for byte, under <dir>/<year>/<compilationId>/<file>', async () => {
    const store = new LocalReportStore(dir.path);
    const json = utf8('{"year":2026,"名称":"南宁"}');
    const xlsx = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0xff]);
    await store.put(2026, 'cmp_a', 'report.json', json);
    await store.put(2026, 'cmp_a', 'report.xlsx', xlsx);
    expect(await store.get(2026, 'cmp_a', 'report.json')).toEqual(json);
    expect(await store.get(2026, 'cmp_a', 'report.xlsx')).toEqual(xlsx);
    expect(readFileSync(join(dir.path, '2026', 'cmp_a', 'report.json'))).toEqual(json);
  });

  it('answers undefined for a year, a compilation or a file never written', async () => {
    const store = new LocalReportStore(dir.path);
    expect(await store.get(2030, 'cmp_a', 'report.json')).toBeUndefined();
    await store.put(2026, 'cmp_a', 'report.json', utf8('{}'));
    expect(await store.get(2026, 'cmp_a', 'report.csv')).toBeUndefined();
    expect(await store.get(2026, 'cmp_b', 'report.json')).toBeUndefined();
    // Even when the folder itself does not exist yet.
    expect(
      await new LocalReportStore(join(dir.path, 'missing')).get(2026, 'cmp_a', 'report.json'),
    ).toBeUndefined();
  });

  it('keeps every compilation apart, and years apart', async () => {
    const store = new LocalReportStore(dir.path);
    await store.put(2026, 'cmp_a', 'report.csv', utf8('first'));
    await store.put(2026, 'cmp_b', 'report.csv', utf8('second'));
    await store.put(2025, 'cmp_a', 'report.csv', utf8('2025'));
    expect((await store.get(2026, 'cmp_a', 'report.csv'))?.toString()).toBe('first');
    expect((await store.get(2026, 'cmp_b', 'report.csv'))?.toString()).toBe('second');
    expect((await store.get(2025, 'cmp_a', 'report.csv'))?.toString()).toBe('2025');
    expect(readdirSync(join(dir.path, '2026')).sort()).toEqual(['cmp_a', 'cmp_b']);
  });

  it("never replaces a compilation's file", async () => {
    const store = new LocalReportStore(dir.path);
    await store.put(2026, 'cmp_a', 'report.json', utf8('first'));
    await expect(store.put(2026, 'cmp_a', 'report.json', utf8('second'))).rejects.toMatchObject({
      code: 'EEXIST',
    });
    expect((await store.get(2026, 'cmp_a', 'report.json'))?.toString()).toBe('first');
  });

  it('lets a read failure other than a missing file through', async () => {
    const store = new LocalReportStore(dir.path);
    // A folder where the file should be: EISDIR, not "never compiled".
    mkdirSync(join(dir.path, '2026', 'cmp_a', 'report.json'), { recursive: true });
    await expect(store.get(2026, 'cmp_a', 'report.json')).rejects.toMatchObject({ code: 'EISDIR' });
  });
});

describe('S3ReportStore', () => {
  const BUCKET = 'gx-reports-bucket';

  /** A GetObject body as the SDK hands it over: a stream that can turn itself into bytes. */
  const body = (bytes: Buffer) =>
    ({
      transformToByteArray: async () => new Uint8Array(bytes),
      transformToString: async () => bytes.toString('utf8'),
    }) as unknown as GetObjectCommandOutput['Body'];

  it('keys reports by year and compilation under reports/', () => {
    expect(reportKey(2026, 'cmp_a', 'report.html')).toBe('reports/2026/cmp_a/report.html');
  });

  it.each(Object.entries(REPORT_FILES))(
    'puts %s under reports/<year>/<compilationId>/ with its content type',
    async (file, type) => {
      s3.on(PutObjectCommand).resolves({});
      const bytes = utf8(`content of ${file}`);
      await new S3ReportStore(BUCKET).put(2026, 'cmp_a', file as keyof typeof REPORT_FILES, bytes);
      const calls = s3.commandCalls(PutObjectCommand);
      expect(calls).toHaveLength(1);
      expect(calls[0]?.args[0].input).toEqual({
        Bucket: BUCKET,
        Key: `reports/2026/cmp_a/${file}`,
        Body: bytes,
        ContentType: type,
      });
    },
  );

  it('states the content types of the four files', () => {
    expect(REPORT_FILES).toEqual({
      'report.json': 'application/json; charset=utf-8',
      'report.csv': 'text/csv; charset=utf-8',
      'report.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'report.html': 'text/html; charset=utf-8',
    });
  });

  it("reads a compilation's file back as a Buffer", async () => {
    const bytes = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xe4, 0xb8, 0xad]);
    s3.on(GetObjectCommand, { Bucket: BUCKET, Key: 'reports/2025/cmp_a/report.xlsx' }).resolves({
      Body: body(bytes),
    });
    const answer = await new S3ReportStore(BUCKET).get(2025, 'cmp_a', 'report.xlsx');
    expect(Buffer.isBuffer(answer)).toBe(true);
    expect(answer).toEqual(bytes);
    expect(s3.commandCalls(GetObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: BUCKET,
      Key: 'reports/2025/cmp_a/report.xlsx',
    });
  });

  it('answers undefined for a file never stored (NoSuchKey, as a class or by name)', async () => {
    const byName = Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' });
    s3.on(GetObjectCommand)
      .rejectsOnce(
        new NoSuchKey({ message: 'The specified key does not exist.', $metadata: { httpStatusCode: 404 } }),
      )
      .rejectsOnce(byName);
    expect(await new S3ReportStore(BUCKET).get(2030, 'cmp_a', 'report.json')).toBeUndefined();
    expect(await new S3ReportStore(BUCKET).get(2030, 'cmp_a', 'report.json')).toBeUndefined();
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(2);
  });

  it('answers undefined for an object without a body', async () => {
    s3.on(GetObjectCommand).resolves({});
    expect(await new S3ReportStore(BUCKET).get(2026, 'cmp_a', 'report.csv')).toBeUndefined();
  });

  it('lets every other failure through', async () => {
    const denied = new S3ServiceException({
      name: 'AccessDenied',
      $fault: 'client',
      message: 'Access Denied',
      $metadata: { httpStatusCode: 403 },
    });
    s3.on(GetObjectCommand).rejects(denied);
    await expect(new S3ReportStore(BUCKET).get(2026, 'cmp_a', 'report.json')).rejects.toBe(denied);

    const slow = Object.assign(new Error('Service Unavailable'), { name: 'SlowDown' });
    s3.on(PutObjectCommand).rejects(slow);
    await expect(new S3ReportStore(BUCKET).put(2026, 'cmp_a', 'report.json', utf8('{}'))).rejects.toBe(slow);
  });
});

describe('createReportStore', () => {
  const storeFor = (env: Env) => createReportStore(loadConfig(env));

  it('uses local files when REPORTS_DIR is set (even with a bucket named)', () => {
    expect(
      storeFor({ REPORTS_DIR: '/tmp/gx-reports-unit', REPORTS_BUCKET: 'gx-reports-bucket' }),
    ).toBeInstanceOf(LocalReportStore);
  });

  it('uses the bucket in the cloud', () => {
    expect(storeFor({ REPORTS_DIR: '', REPORTS_BUCKET: 'gx-reports-bucket' })).toBeInstanceOf(S3ReportStore);
  });

  it('fails loudly, naming REPORTS_BUCKET, with neither', () => {
    expect(() => storeFor({ REPORTS_DIR: '', REPORTS_BUCKET: '' })).toThrow(/REPORTS_BUCKET/);
  });
});

describe('getReportStore', () => {
  it("keeps the store of the process's configuration", () => {
    useConfig(loadConfig({ REPORTS_DIR: '/tmp/gx-reports-unit' }));
    expect(getReportStore()).toBeInstanceOf(LocalReportStore);
    expect(getReportStore()).toBe(getReportStore());
  });
});

describe('the base minimums of the configuration', () => {
  const minimumsOf = (env: Env) => loadConfig(env).baseMinimums;

  it('defaults to 2,000 for national and 1,000 for regional bases', () => {
    expect(minimumsOf({})).toEqual({ national: 2_000, regional: 1_000 });
    expect(DEFAULT_BASE_MINIMUMS).toEqual({ national: 2_000, regional: 1_000 });
    expect(minimumsOf({ BASE_MINIMUM_NATIONAL: '', BASE_MINIMUM_REGIONAL: '' })).toEqual({
      national: 2_000,
      regional: 1_000,
    });
  });

  it('takes configured values, each on its own', () => {
    expect(minimumsOf({ BASE_MINIMUM_NATIONAL: '2500', BASE_MINIMUM_REGIONAL: '800' })).toEqual({
      national: 2_500,
      regional: 800,
    });
    expect(minimumsOf({ BASE_MINIMUM_REGIONAL: '1200' })).toEqual({ national: 2_000, regional: 1_200 });
  });

  it.each([
    ['BASE_MINIMUM_NATIONAL', 'abc'],
    ['BASE_MINIMUM_NATIONAL', '0'],
    ['BASE_MINIMUM_REGIONAL', '-5'],
    ['BASE_MINIMUM_REGIONAL', '1.5'],
    ['BASE_MINIMUM_REGIONAL', '千'],
  ])('refuses %s=%s, naming the variable and the value', (name, value) => {
    const error = thrown(() => minimumsOf({ [name]: value }));
    expect(error.message).toContain(name);
    expect(error.message).toContain(JSON.stringify(value));
    expect(error.message).toContain('positive integer');
  });

  it("is what baseMinimums() hands out, from the process's configuration", () => {
    useConfig(loadConfig({ BASE_MINIMUM_NATIONAL: '3000' }));
    expect(baseMinimums()).toEqual({ national: 3_000, regional: 1_000 });
  });
});
