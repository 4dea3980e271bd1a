/** The organizations function through the whole HTTP wrapper, with DynamoDB mocked. */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { handler as organizationsHandler } from '#functions/organizations/handler';
import { internalErrorBody } from '#shared/domain/errors';
import { idempotencyRecordKey } from '#shared/store/idempotency';
import { orgKey } from '#shared/store/organizations';
import { claimsFor, httpEvent, jsonBody, lambdaContext } from '../../support/http-event';
import { TEST_TABLES, useTestConfig } from '../helpers/env';

type Handler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: ReturnType<typeof lambdaContext>,
) => Promise<APIGatewayProxyStructuredResultV2>;

const dynamo = mockClient(DynamoDBDocumentClient);
const handler = organizationsHandler as unknown as Handler;
const invoke = (event: APIGatewayProxyEventV2WithJWTAuthorizer) =>
  handler(event, lambdaContext('organizations'));

const ADMIN = claimsFor('admin', 'admin-1', { 'custom:orgId': 'org_hrss' });
const TRAINEE = claimsFor('trainee', 'trainee-1');
const VALID_ORG = {
  name: '广西数字技术培训中心',
  kind: 'training-institution',
  city: '南宁',
  fields: ['数字经济'],
};
const STORED = {
  ...orgKey('org_0001'),
  gsi1pk: 'ORGS',
  gsi1sk: 'host#2026-01-01T00:00:00.000Z#org_0001',
  entity: 'organization',
  id: 'org_0001',
  name: 'Host',
  kind: 'host',
  city: '柳州',
  fields: [],
  status: 'active',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

// The outbox of status changes' notices is the registrations table.
useTestConfig({ LOG_LEVEL: 'SILENT', TABLE_REGISTRATIONS: 'registrations-unit' });

afterEach(() => dynamo.reset());
afterAll(() => dynamo.restore());

describe('organizations handler: who may call', () => {
  it('answers 401 on a signed-in route without claims', async () => {
    const result = await invoke(
      httpEvent({ routeKey: 'GET /organizations/{orgId}', pathParameters: { orgId: 'org_0001' } }),
    );
    expect(result.statusCode).toBe(401);
    expect(jsonBody(result)).toEqual({ error: { code: 'UNAUTHORIZED', message: expect.any(String) } });
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('answers 403 with the error shape when a trainee creates an organization', async () => {
    const result = await invoke(
      httpEvent({ routeKey: 'POST /organizations', claims: TRAINEE, body: JSON.stringify(VALID_ORG) }),
    );
    expect(result.statusCode).toBe(403);
    expect(jsonBody(result)).toEqual({
      error: { code: 'FORBIDDEN', message: '此操作仅限项目管理办公室' },
    });
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('answers 404 for a route key this function does not serve', async () => {
    const result = await invoke(httpEvent({ routeKey: 'DELETE /organizations/{orgId}', claims: ADMIN }));
    expect(result.statusCode).toBe(404);
    expect((jsonBody(result).error as { code: string }).code).toBe('NOT_FOUND');
  });
});

describe('organizations handler: input', () => {
  it('answers 400 MALFORMED_JSON (not 415) for a malformed body', async () => {
    const result = await invoke(
      httpEvent({ routeKey: 'POST /organizations', claims: ADMIN, body: '{"name":' }),
    );
    expect(result.statusCode).toBe(400);
    expect((jsonBody(result).error as { code: string }).code).toBe('MALFORMED_JSON');
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('answers 400 naming unknown fields', async () => {
    const result = await invoke(
      httpEvent({
        routeKey: 'POST /organizations',
        claims: ADMIN,
        body: JSON.stringify({ ...VALID_ORG, colour: 'red', status: 'exited' }),
      }),
    );
    expect(result.statusCode).toBe(400);
    const error = jsonBody(result).error as { code: string; message: string; details: unknown[] };
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual(
      expect.arrayContaining([
        { field: 'colour', message: 'colour：不接受此字段' },
        { field: 'status', message: '状态：不接受此字段' },
      ]),
    );
    expect(error.message).toBe('请求内容有误：colour、状态');
  });

  it('answers 400 for a missing body', async () => {
    const result = await invoke(httpEvent({ routeKey: 'POST /organizations', claims: ADMIN }));
    expect(result.statusCode).toBe(400);
  });

  it('answers 400 naming the path parameter for a bad id', async () => {
    const result = await invoke(
      httpEvent({
        routeKey: 'GET /organizations/{orgId}',
        claims: ADMIN,
        pathParameters: { orgId: 'org 1;drop' },
      }),
    );
    expect(result.statusCode).toBe(400);
    const error = jsonBody(result).error as { details: { field: string }[] };
    expect(error.details.map((detail) => detail.field)).toContain('path.orgId');
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('answers 400 naming the query parameter for a limit over 200', async () => {
    const result = await invoke(
      httpEvent({ routeKey: 'GET /organizations', claims: TRAINEE, query: { limit: '500' } }),
    );
    expect(result.statusCode).toBe(400);
    const error = jsonBody(result).error as { details: { field: string }[] };
    expect(error.details.map((detail) => detail.field)).toContain('query.limit');
  });

  it('accepts a base64-encoded JSON body', async () => {
    dynamo.on(PutCommand).resolves({});
    const result = await invoke(
      httpEvent({
        routeKey: 'POST /organizations',
        claims: ADMIN,
        body: Buffer.from(JSON.stringify(VALID_ORG)).toString('base64'),
        isBase64Encoded: true,
      }),
    );
    expect(result.statusCode).toBe(201);
    expect(jsonBody(result).name).toBe(VALID_ORG.name);
  });
});

describe('organizations handler: operations', () => {
  it('creates an organization: 201 with the stored org', async () => {
    dynamo.on(PutCommand).resolves({});
    const result = await invoke(
      httpEvent({ routeKey: 'POST /organizations', claims: ADMIN, body: JSON.stringify(VALID_ORG) }),
    );
    expect(result.statusCode).toBe(201);
    expect(result.headers?.['content-type']).toMatch(/^application\/json/);
    const body = jsonBody(result);
    expect(body).toMatchObject({ ...VALID_ORG, status: 'active' });
    expect(body.id).toMatch(/^org_/);
    expect(body.createdAt).toBe(body.updatedAt);

    const puts = dynamo.commandCalls(PutCommand);
    expect(puts).toHaveLength(1);
    const input = puts[0]?.args[0].input;
    expect(input?.TableName).toBe(TEST_TABLES.plans);
    expect(input?.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(input?.Item).toMatchObject({ ...orgKey(String(body.id)), gsi1pk: 'ORGS', id: body.id });
  });

  it('remembers the answer of a create with an Idempotency-Key', async () => {
    dynamo.on(PutCommand).resolves({});
    dynamo.on(UpdateCommand).resolves({});
    const result = await invoke(
      httpEvent({
        routeKey: 'POST /organizations',
        claims: ADMIN,
        headers: { 'idempotency-key': 'create-once-1' },
        body: JSON.stringify(VALID_ORG),
      }),
    );
    expect(result.statusCode).toBe(201);
    const claim = dynamo.commandCalls(PutCommand, { TableName: TEST_TABLES.idempotency });
    expect(claim).toHaveLength(1);
    expect(claim[0]?.args[0].input.Item?.pk).toBe(
      idempotencyRecordKey('admin-1#createOrganization', 'create-once-1').pk,
    );
    const stored =
      dynamo.commandCalls(UpdateCommand)[0]?.args[0].input.ExpressionAttributeValues?.[':response'];
    expect(stored).toEqual({ statusCode: 201, body: result.body });
  });

  it('gets one organization without its key attributes', async () => {
    dynamo.on(GetCommand).resolves({ Item: STORED });
    const result = await invoke(
      httpEvent({
        routeKey: 'GET /organizations/{orgId}',
        claims: TRAINEE,
        pathParameters: { orgId: 'org_0001' },
      }),
    );
    expect(result.statusCode).toBe(200);
    const body = jsonBody(result);
    expect(body).toMatchObject({ id: 'org_0001', name: 'Host', status: 'active' });
    for (const key of ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'entity']) expect(body).not.toHaveProperty(key);
    expect(dynamo.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({
      TableName: TEST_TABLES.plans,
      Key: orgKey('org_0001'),
    });
  });

  it('answers 404 for an organization that does not exist', async () => {
    dynamo.on(GetCommand).resolves({});
    const result = await invoke(
      httpEvent({
        routeKey: 'GET /organizations/{orgId}',
        claims: ADMIN,
        pathParameters: { orgId: 'org_missing' },
      }),
    );
    expect(result.statusCode).toBe(404);
    expect(jsonBody(result)).toEqual({
      error: { code: 'NOT_FOUND', message: '未找到单位 org_missing' },
    });
  });

  it('lists organizations of a kind with a next cursor', async () => {
    const lastKey = { pk: STORED.pk, sk: STORED.sk, gsi1pk: STORED.gsi1pk, gsi1sk: STORED.gsi1sk };
    dynamo.on(QueryCommand).resolves({ Items: [STORED], LastEvaluatedKey: lastKey });
    const result = await invoke(
      httpEvent({ routeKey: 'GET /organizations', claims: TRAINEE, query: { kind: 'host', limit: '1' } }),
    );
    expect(result.statusCode).toBe(200);
    const body = jsonBody(result) as { items: Record<string, unknown>[]; nextCursor: string };
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).not.toHaveProperty('pk');
    expect(typeof body.nextCursor).toBe('string');
    const query = dynamo.commandCalls(QueryCommand)[0]?.args[0].input;
    expect(query).toMatchObject({
      IndexName: 'gsi1',
      Limit: 1,
      ExpressionAttributeValues: { ':partition': 'ORGS', ':kind': 'host#' },
    });

    dynamo.on(QueryCommand).resolves({ Items: [] });
    const next = await invoke(
      httpEvent({ routeKey: 'GET /organizations', claims: TRAINEE, query: { cursor: body.nextCursor } }),
    );
    expect(jsonBody(next)).toEqual({ items: [], nextCursor: null });
    expect(dynamo.commandCalls(QueryCommand)[1]?.args[0].input.ExclusiveStartKey).toEqual(lastKey);
  });

  it('answers 400 naming cursor for a forged cursor', async () => {
    const result = await invoke(
      httpEvent({ routeKey: 'GET /organizations', claims: TRAINEE, query: { cursor: 'forged' } }),
    );
    expect(result.statusCode).toBe(400);
    expect((jsonBody(result).error as { details: unknown[] }).details).toEqual([
      { field: 'cursor', message: '无效的翻页位置' },
    ]);
  });

  it('changes the status of an organization with an optimistic lock, its notice in the same transaction', async () => {
    dynamo.on(GetCommand).resolves({ Item: STORED });
    dynamo.on(TransactWriteCommand).resolves({});
    const result = await invoke(
      httpEvent({
        routeKey: 'PATCH /organizations/{orgId}',
        claims: ADMIN,
        pathParameters: { orgId: 'org_0001' },
        body: JSON.stringify({ status: 'warned', statusReason: '年度总结逾期' }),
      }),
    );
    expect(result.statusCode).toBe(200);
    const body = jsonBody(result);
    expect(body).toMatchObject({
      id: 'org_0001',
      status: 'warned',
      name: 'Host',
      createdAt: STORED.createdAt,
    });
    expect(body.updatedAt).not.toBe(STORED.updatedAt);
    // A record from before histories: its creation is inferred, then the change follows.
    expect(body.statusHistory).toEqual([
      { status: 'active', reason: null, at: STORED.createdAt, by: null },
      { status: 'warned', reason: '年度总结逾期', at: body.updatedAt, by: 'admin-1' },
    ]);
    const items = dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems ?? [];
    expect(items).toHaveLength(2);
    expect(items[0]?.Put).toMatchObject({
      TableName: TEST_TABLES.plans,
      ConditionExpression: 'updatedAt = :previous',
      ExpressionAttributeValues: { ':previous': STORED.updatedAt },
    });
    expect(items[1]?.Put).toMatchObject({
      TableName: 'registrations-unit',
      Item: { entity: 'notice', kind: 'organization-status', orgId: 'org_0001', at: body.updatedAt },
    });
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('writes no notice for a change of details', async () => {
    dynamo.on(GetCommand).resolves({ Item: STORED });
    dynamo.on(TransactWriteCommand).resolves({});
    const result = await invoke(
      httpEvent({
        routeKey: 'PATCH /organizations/{orgId}',
        claims: ADMIN,
        pathParameters: { orgId: 'org_0001' },
        body: JSON.stringify({ name: 'Renamed' }),
      }),
    );
    expect(result.statusCode).toBe(200);
    expect(dynamo.commandCalls(TransactWriteCommand)[0]?.args[0].input.TransactItems).toHaveLength(1);
  });

  it('answers 400 naming statusReason for a status change without one, and writes nothing', async () => {
    dynamo.on(GetCommand).resolves({ Item: STORED });
    const result = await invoke(
      httpEvent({
        routeKey: 'PATCH /organizations/{orgId}',
        claims: ADMIN,
        pathParameters: { orgId: 'org_0001' },
        body: JSON.stringify({ status: 'exited' }),
      }),
    );
    expect(result.statusCode).toBe(400);
    expect(jsonBody(result).error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ field: 'statusReason' })],
    });
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('answers 409 when the organization changed meanwhile', async () => {
    dynamo.on(GetCommand).resolves({ Item: STORED });
    dynamo.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }],
      }),
    );
    const result = await invoke(
      httpEvent({
        routeKey: 'PATCH /organizations/{orgId}',
        claims: ADMIN,
        pathParameters: { orgId: 'org_0001' },
        body: JSON.stringify({ name: 'Renamed' }),
      }),
    );
    expect(result.statusCode).toBe(409);
    expect((jsonBody(result).error as { code: string }).code).toBe('CHANGED_MEANWHILE');
  });

  it('answers 400 for a level on an organization that is not a base', async () => {
    dynamo.on(GetCommand).resolves({ Item: STORED });
    const result = await invoke(
      httpEvent({
        routeKey: 'PATCH /organizations/{orgId}',
        claims: ADMIN,
        pathParameters: { orgId: 'org_0001' },
        body: JSON.stringify({ level: 'national' }),
      }),
    );
    expect(result.statusCode).toBe(400);
    expect(dynamo.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});

describe('organizations handler: faults and headers', () => {
  it('answers 500 INTERNAL for an unexpected SDK error, without its message or stack', async () => {
    const fault = new Error('ProvisionedThroughputExceeded at table plans-unit');
    dynamo.on(GetCommand).rejects(fault);
    const result = await invoke(
      httpEvent({
        routeKey: 'GET /organizations/{orgId}',
        claims: ADMIN,
        pathParameters: { orgId: 'org_0001' },
      }),
    );
    expect(result.statusCode).toBe(500);
    expect(jsonBody(result)).toEqual(internalErrorBody('zh-CN'));
    expect(internalErrorBody('zh-CN').error.message).toBe('系统出现故障，已记录，请稍后重试');
    expect(result.body).not.toContain('stack');
    expect(result.body).not.toContain('ProvisionedThroughput');
    expect(result.body).not.toContain('.ts:');
  });

  it('sets the CORS header on a success and on an error', async () => {
    dynamo.on(GetCommand).resolves({ Item: STORED });
    const ok = await invoke(
      httpEvent({
        routeKey: 'GET /organizations/{orgId}',
        claims: ADMIN,
        pathParameters: { orgId: 'org_0001' },
        headers: { origin: 'https://app.example.cn' },
      }),
    );
    const refused = await invoke(httpEvent({ routeKey: 'POST /organizations', body: '{' }));
    expect(ok.statusCode).toBe(200);
    expect(refused.statusCode).toBe(401);
    for (const result of [ok, refused]) {
      expect(result.headers?.['Access-Control-Allow-Origin']).toBe('*');
      expect(result.headers?.['content-type']).toMatch(/^application\/json/);
    }
  });
});
