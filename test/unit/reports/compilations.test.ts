/**
 * A year's compilations in the cloud, with the reports bucket and DynamoDB mocked: the files of a
 * compilation go under its id before the pointer moves; a failed file leaves the pointer where it
 * was; readers follow the pointer and never write.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { handler as reportsHandler } from '#functions/reports/handler';
import type { Figures, YearReport } from '#shared/domain/reports/schemas';
import { FIGURE_HEADERS } from '#shared/reports/labels';
import { REPORT_FILES } from '#shared/reports/port';
import { currentCompilationKey } from '#shared/store/reports';
import { currentReport, publishCompilation } from '#shared/use-cases/reports/compilations';
import { claimsFor, httpEvent, jsonBody, lambdaContext } from '../../support/http-event';
import { TEST_TABLES, useTestConfig } from '../helpers/env';

const BUCKET = 'gx-reports-bucket';
useTestConfig({ REPORTS_BUCKET: BUCKET, REPORTS_DIR: '', LOG_LEVEL: 'SILENT' });

const s3 = mockClient(S3Client);
const dynamo = mockClient(DynamoDBDocumentClient);

afterEach(() => {
  s3.reset();
  dynamo.reset();
});
afterAll(() => {
  s3.restore();
  dynamo.restore();
});

// From the labels' record over every figure, so a figure added to the report is here too.
const zeros = Object.fromEntries(Object.keys(FIGURE_HEADERS).map((key) => [key, 0])) as Figures;
const REPORT: YearReport = {
  year: 2026,
  generatedAt: '2027-01-01T18:00:00.000Z',
  scope: 'all',
  totals: zeros,
  byProject: [],
  byCategory: [],
  byCity: [],
  byDepartment: [{ key: 'org_dept', figures: zeros }],
  bases: [],
  plans: [],
  flags: [],
  changeFromLastYear: null,
};
const POINTER_KEY = currentCompilationKey(2026);

const body = (bytes: Buffer) =>
  ({
    transformToByteArray: async () => new Uint8Array(bytes),
  }) as unknown as GetObjectCommandOutput['Body'];

describe('publishCompilation', () => {
  it('puts the JSON and the three files under reports/<year>/<compilationId>/, then moves the pointer', async () => {
    const order: string[] = [];
    s3.on(PutObjectCommand).callsFake((input: { Key: string }) => {
      order.push(input.Key);
      return {};
    });
    dynamo.on(PutCommand).callsFake(() => {
      order.push('pointer');
      return {};
    });
    expect(await publishCompilation(REPORT, 'cmp_b')).toBe(true);

    expect(order.slice(0, 4).sort()).toEqual(
      Object.keys(REPORT_FILES)
        .map((file) => `reports/2026/cmp_b/${file}`)
        .sort(),
    );
    expect(order[4]).toBe('pointer');
    for (const call of s3.commandCalls(PutObjectCommand)) {
      const file = call.args[0].input.Key?.split('/').at(-1) as keyof typeof REPORT_FILES;
      expect(call.args[0].input).toMatchObject({ Bucket: BUCKET, ContentType: REPORT_FILES[file] });
    }
    expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input).toEqual({
      TableName: TEST_TABLES.plans,
      Item: {
        ...POINTER_KEY,
        entity: 'report-pointer',
        year: 2026,
        compilationId: 'cmp_b',
        generatedAt: REPORT.generatedAt,
      },
      ConditionExpression: 'attribute_not_exists(pk) OR compilationId < :compilationId',
      ExpressionAttributeValues: { ':compilationId': 'cmp_b' },
    });
  });

  it('answers false when a later-started compilation is already the year report', async () => {
    s3.on(PutObjectCommand).resolves({});
    dynamo
      .on(PutCommand)
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );
    expect(await publishCompilation(REPORT, 'cmp_a')).toBe(false);
  });

  it('leaves the pointer alone when a file cannot be stored', async () => {
    s3.on(PutObjectCommand).resolves({});
    s3.on(PutObjectCommand, { Key: 'reports/2026/cmp_c/report.xlsx' }).rejects(
      Object.assign(new Error('Service Unavailable'), { name: 'SlowDown' }),
    );
    await expect(publishCompilation(REPORT, 'cmp_c')).rejects.toMatchObject({ name: 'SlowDown' });
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('lets a failure of the pointer write other than the condition through', async () => {
    s3.on(PutObjectCommand).resolves({});
    const throttled = Object.assign(new Error('Throughput exceeded'), {
      name: 'ProvisionedThroughputExceededException',
    });
    dynamo.on(PutCommand).rejects(throttled);
    await expect(publishCompilation(REPORT, 'cmp_d')).rejects.toBe(throttled);
  });
});

describe('reading follows the pointer', () => {
  const pointTo = (compilationId: string) =>
    dynamo.on(GetCommand, { Key: POINTER_KEY }).resolves({
      Item: { ...POINTER_KEY, year: 2026, compilationId, generatedAt: REPORT.generatedAt },
    });

  it("reads the JSON of the compilation the pointer names, and the named compilation's files", async () => {
    pointTo('cmp_b');
    s3.on(GetObjectCommand, { Key: 'reports/2026/cmp_b/report.json' }).resolves({
      Body: body(Buffer.from(JSON.stringify(REPORT))),
    });
    s3.on(GetObjectCommand, { Key: 'reports/2026/cmp_b/report.csv' }).resolves({
      Body: body(Buffer.from('\uFEFFcsv of cmp_b')),
    });
    expect(await currentReport(2026)).toEqual(REPORT);

    const admin = claimsFor('admin', 'admin-1', { 'custom:orgId': 'org_hrss' });
    const json = await reportsHandler(
      httpEvent({ routeKey: 'GET /reports/{year}', claims: admin, pathParameters: { year: '2026' } }),
      lambdaContext('reports'),
    );
    expect(json.statusCode).toBe(200);
    expect(jsonBody(json)).toEqual(REPORT);
    const csv = await reportsHandler(
      httpEvent({
        routeKey: 'GET /reports/{year}/report.csv',
        claims: admin,
        pathParameters: { year: '2026' },
      }),
      lambdaContext('reports'),
    );
    expect(csv.body).toBe('\uFEFFcsv of cmp_b');
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('cuts the compilation the pointer names to a department, as before', async () => {
    pointTo('cmp_b');
    s3.on(GetObjectCommand, { Key: 'reports/2026/cmp_b/report.json' }).resolves({
      Body: body(Buffer.from(JSON.stringify(REPORT))),
    });
    const answer = await reportsHandler(
      httpEvent({
        routeKey: 'GET /reports/{year}',
        claims: claimsFor('department', 'dept-1', { 'custom:orgId': 'org_dept' }),
        pathParameters: { year: '2026' },
      }),
      lambdaContext('reports'),
    );
    expect(answer.statusCode).toBe(200);
    expect(jsonBody(answer)).toMatchObject({ scope: 'org_dept', totals: zeros });
  });

  it('answers a year without a pointer with 404 REPORT_NOT_COMPILED, reading and writing no file', async () => {
    dynamo.on(GetCommand).resolves({});
    expect(await currentReport(2026)).toBeUndefined();
    for (const routeKey of ['GET /reports/{year}', 'GET /reports/{year}/report.xlsx']) {
      const answer = await reportsHandler(
        httpEvent({
          routeKey,
          claims: claimsFor('admin', 'admin-1', { 'custom:orgId': 'org_hrss' }),
          pathParameters: { year: '2026' },
        }),
        lambdaContext('reports'),
      );
      expect(answer.statusCode, routeKey).toBe(404);
      expect(jsonBody(answer).error).toMatchObject({ code: 'REPORT_NOT_COMPILED' });
    }
    expect(s3.calls()).toHaveLength(0);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  });
});
