/** Nothing secret reaches a log line: captured from what the logger writes. */
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handler as organizationsHandler } from '#functions/organizations/handler';
import { createJobHandler } from '#shared/http/job-handler';
import { logger, redactLogValue } from '#shared/http/logger';
import { claimsFor, httpEvent, lambdaContext } from '../../support/http-event';
import { useTestConfig } from '../helpers/env';
import { captureLogs } from '../helpers/log-capture';

type Handler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: ReturnType<typeof lambdaContext>,
) => Promise<APIGatewayProxyStructuredResultV2>;

const ID_NUMBER = '450103199001011234';
const MASKED_ID_NUMBER = '4501**********1234';
const TOKEN = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJhZG1pbi0xIn0.c2VjcmV0LXNpZ25hdHVyZS12YWx1ZQ';

const dynamo = mockClient(DynamoDBDocumentClient);
const handler = organizationsHandler as unknown as Handler;
const logs = captureLogs();

const requestWithSecrets = () =>
  httpEvent({
    routeKey: 'POST /organizations',
    claims: claimsFor('admin', 'admin-1'),
    headers: { authorization: `Bearer ${TOKEN}`, cookie: `session=${TOKEN}` },
    body: JSON.stringify({ name: 'Host', kind: 'host', city: '柳州', idNumber: ID_NUMBER, token: TOKEN }),
  });

useTestConfig({ LOG_LEVEL: 'INFO' });

beforeEach(() => logs.start());
afterEach(() => {
  logs.stop();
  dynamo.reset();
});
afterAll(() => dynamo.restore());

describe('request logging', () => {
  it('logs one request line with routeKey and statusCode, and no token or ID number', async () => {
    const result = await handler(requestWithSecrets(), lambdaContext('organizations'));
    expect(result.statusCode).toBe(400);
    const lines = logs.lines();
    const requestLine = lines.map((line) => JSON.parse(line)).find((entry) => entry.message === 'request');
    expect(requestLine).toMatchObject({
      routeKey: 'POST /organizations',
      statusCode: 400,
      userId: 'admin-1',
    });
    for (const line of lines) {
      expect(line).not.toContain(TOKEN);
      expect(line).not.toContain(ID_NUMBER);
    }
  });

  it('masks an ID number that slips into an unexpected error, and never logs the token', async () => {
    dynamo.on(PutCommand).rejects(new Error(`write failed for trainee idNumber ${ID_NUMBER}`));
    const event = requestWithSecrets();
    event.body = JSON.stringify({ name: `Host ${ID_NUMBER}`, kind: 'host', city: '柳州' });
    const result = await handler(event, lambdaContext('organizations'));
    expect(result.statusCode).toBe(500);
    const lines = logs.lines();
    const fault = lines.find((line) => line.includes('unhandled fault'));
    expect(fault).toBeDefined();
    expect(fault).toContain(MASKED_ID_NUMBER);
    expect(lines.some((line) => line.includes('"statusCode":500'))).toBe(true);
    for (const line of lines) {
      expect(line).not.toContain(TOKEN);
      expect(line).not.toContain(ID_NUMBER);
    }
  });

  it('redacts secret keys in anything the logger is given', () => {
    logger.info('diagnostics', {
      authorization: `Bearer ${TOKEN}`,
      request: { headers: { Authorization: `Bearer ${TOKEN}` }, body: `{"idNumber":"${ID_NUMBER}"}` },
      trainee: { idNumber: ID_NUMBER, note: `身份证号${ID_NUMBER}` },
    });
    const line = logs.lines().find((candidate) => candidate.includes('diagnostics'));
    expect(line).toBeDefined();
    expect(line).not.toContain(TOKEN);
    expect(line).not.toContain(ID_NUMBER);
    expect(line).toContain('[redacted]');
    expect(line).toContain(`身份证号${MASKED_ID_NUMBER}`);
  });
});

describe('invocation context', () => {
  const entries = () => logs.lines().map((line) => JSON.parse(line) as Record<string, unknown>);

  it("puts the invocation's request id on the request line of an HTTP function", async () => {
    await handler(requestWithSecrets(), { ...lambdaContext('organizations'), awsRequestId: 'req-http-1' });
    expect(entries().find((entry) => entry.message === 'request')).toMatchObject({
      function_name: 'organizations',
      function_request_id: 'req-http-1',
    });
  });

  // Powertools counts the cold start once per process (this file's first invocation took it).
  it("gives a job's lines its invocation, warm after the first, and passes the result through", async () => {
    useTestConfig({ LOG_LEVEL: 'INFO', SERVICE_NAME: 'job-under-test' });
    const job = createJobHandler(async (event: { n: number }) => {
      logger.info('working', { n: event.n });
      return event.n * 2;
    });
    expect(await job({ n: 1 }, { ...lambdaContext('job'), awsRequestId: 'req-job-1' })).toBe(2);
    expect(await job({ n: 2 }, { ...lambdaContext('job'), awsRequestId: 'req-job-2' })).toBe(4);
    expect(entries().filter((entry) => entry.message === 'working')).toMatchObject([
      { service: 'job-under-test', function_request_id: 'req-job-1', cold_start: false, n: 1 },
      { service: 'job-under-test', function_request_id: 'req-job-2', cold_start: false, n: 2 },
    ]);
  });
});

describe('the level and service of the configuration', () => {
  afterEach(() => useTestConfig({ LOG_LEVEL: 'INFO' }));

  it('writes the lines at or above LOG_LEVEL only, under SERVICE_NAME', () => {
    useTestConfig({ LOG_LEVEL: 'WARN', SERVICE_NAME: 'reports' });
    logger.info('not written');
    logger.warn('written');
    expect(logs.lines().map((line) => JSON.parse(line))).toMatchObject([
      { level: 'WARN', message: 'written', service: 'reports' },
    ]);
  });
});

describe('redactLogValue', () => {
  it.each([
    'authorization',
    'Authorization',
    'token',
    'idNumber',
    'IDNUMBER',
    'password',
    'cookie',
    'cookies',
    'body',
  ])('redacts the value of %s', (key) => {
    expect(redactLogValue(key, 'anything')).toBe('[redacted]');
    expect(redactLogValue(key, { nested: true })).toBe('[redacted]');
  });

  it('masks an ID number inside any string as responses do (first and last four shown)', () => {
    expect(redactLogValue('message', `no trainee with ${ID_NUMBER}.`)).toBe(
      `no trainee with ${MASKED_ID_NUMBER}.`,
    );
    expect(redactLogValue('message', '45010319900101123X and 45010319900101123x')).toBe(
      '4501**********123X and 4501**********123x',
    );
    expect(redactLogValue('message', `pk=TRAINEE#${ID_NUMBER}`)).toBe(`pk=TRAINEE#${MASKED_ID_NUMBER}`);
  });

  it('leaves other values alone', () => {
    expect(redactLogValue('routeKey', 'POST /organizations')).toBe('POST /organizations');
    expect(redactLogValue('statusCode', 201)).toBe(201);
    expect(redactLogValue('phone', '13800138000')).toBe('13800138000');
    expect(redactLogValue('serial', '4501031990010112345')).toBe('4501031990010112345');
    const nested = { idNumber: ID_NUMBER };
    expect(redactLogValue('trainee', nested)).toBe(nested);
  });
});
