import { createHash } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import middy from '@middy/core';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { AppError, conflict } from '#shared/domain/errors';
import { API_TIMEOUT_SECONDS } from '#shared/functions';
import type { HttpContext } from '#shared/http/middleware/context';
import { idempotency } from '#shared/http/middleware/idempotency';
import type { HttpEvent, HttpResult } from '#shared/http/types';
import { ROUTES } from '#shared/routes';
import {
  IDEMPOTENCY_LEASE_SECONDS,
  IDEMPOTENCY_TTL_SECONDS,
  idempotencyRecordKey,
  LEASE_MARGIN_SECONDS,
} from '#shared/store/idempotency';
import { httpEvent, lambdaContext } from '../../support/http-event';
import { TEST_TABLES, useTestConfig } from '../helpers/env';

const dynamo = mockClient(DynamoDBDocumentClient);
const route = ROUTES.find((candidate) => candidate.operationId === 'createOrganization');
if (!route) throw new Error('createOrganization is missing from the route table');

const NOW = new Date('2026-05-01T02:00:00.000Z');
const RAW_BODY = '{"name":"Host","kind":"host","city":"柳州"}';
// The request's fingerprint is its path and body: the same key on another path is another request.
const BODY_HASH = createHash('sha256').update(`/organizations\n${RAW_BODY}`).digest('base64url');
const KEY = 'idem-2026-05-01-0001';
const RECORD_KEY = idempotencyRecordKey('admin-1#createOrganization', KEY);
const CREATED: HttpResult = {
  statusCode: 201,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: '{"id":"org_1"}',
};

const call = (overrides: { key?: string; rawBody?: string } = {}) => ({
  route,
  principal: { userId: 'admin-1', roles: ['admin' as const] },
  key: overrides.key ?? KEY,
  rawBody: overrides.rawBody ?? RAW_BODY,
  now: NOW,
});
const taken = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

/**
 * The middleware on a stack of its own: the route and caller as the route table middleware would
 * leave them, and `run` as the operation (which a replay skips).
 */
function withIdempotency(
  request: ReturnType<typeof call>,
  run: () => Promise<HttpResult>,
  context: Partial<HttpContext> = lambdaContext(),
) {
  const operation = async (_event: HttpEvent, context: HttpContext) => context.replay ?? run();
  const handler = middy<HttpEvent, HttpResult, Error, HttpContext>(operation)
    .before(({ context }) => {
      context.route = request.route;
      context.operation = {
        principal: request.principal,
        params: undefined,
        query: undefined,
        body: undefined,
        headers: {},
        language: 'zh-CN',
        now: request.now,
      };
    })
    .use(idempotency());
  const event = httpEvent({
    routeKey: 'POST /organizations',
    body: request.rawBody,
    headers: { 'idempotency-key': request.key },
  });
  return handler(event, context as HttpContext);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

useTestConfig();

afterEach(() => {
  dynamo.reset();
  vi.useRealTimers();
});
afterAll(() => dynamo.restore());

describe('the idempotency middleware', () => {
  it('runs the work once for a new key and stores its answer', async () => {
    dynamo.on(PutCommand).resolves({});
    dynamo.on(UpdateCommand).resolves({});
    const run = vi.fn(async () => CREATED);

    await expect(withIdempotency(call(), run)).resolves.toEqual(CREATED);
    expect(run).toHaveBeenCalledTimes(1);

    const claim = dynamo.commandCalls(PutCommand)[0]?.args[0].input;
    expect(claim).toMatchObject({
      TableName: TEST_TABLES.idempotency,
      Item: {
        ...RECORD_KEY,
        state: 'in-progress',
        bodyHash: BODY_HASH,
        expiresAt: NOW.getTime() / 1000 + IDEMPOTENCY_TTL_SECONDS,
      },
    });
    expect(claim?.ConditionExpression).toContain('attribute_not_exists(pk)');
    const complete = dynamo.commandCalls(UpdateCommand)[0]?.args[0].input;
    expect(complete?.Key).toEqual(RECORD_KEY);
    expect(complete?.ExpressionAttributeValues).toEqual({
      ':completed': 'completed',
      ':response': { statusCode: 201, body: CREATED.body },
    });
  });

  it('replays the stored answer without running the work', async () => {
    dynamo.on(PutCommand).rejects(taken());
    dynamo.on(GetCommand).resolves({
      Item: {
        ...RECORD_KEY,
        state: 'completed',
        bodyHash: BODY_HASH,
        response: { statusCode: 201, body: CREATED.body },
      },
    });
    const run = vi.fn(async () => CREATED);

    const result = await withIdempotency(call(), run);
    expect(run).not.toHaveBeenCalled();
    expect(result.statusCode).toBe(201);
    expect(result.body).toBe(CREATED.body);
    expect(result.headers?.['idempotent-replayed']).toBe('true');
    expect(dynamo.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({
      Key: RECORD_KEY,
      ConsistentRead: true,
    });
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('refuses the same key with a different body: 422 IDEMPOTENCY_KEY_REUSED', async () => {
    dynamo.on(PutCommand).rejects(taken());
    dynamo.on(GetCommand).resolves({
      Item: {
        ...RECORD_KEY,
        state: 'completed',
        bodyHash: BODY_HASH,
        response: { statusCode: 201, body: '{}' },
      },
    });
    const run = vi.fn(async () => CREATED);

    const error = await rejection(withIdempotency(call({ rawBody: '{"name":"Other"}' }), run));
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(422);
    expect((error as AppError).code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(run).not.toHaveBeenCalled();
  });

  it('releases the key and rethrows when the work fails for a fault', async () => {
    dynamo.on(PutCommand).resolves({});
    dynamo.on(DeleteCommand).resolves({});
    const fault = new Error('DynamoDB throttled');

    await expect(withIdempotency(call(), async () => Promise.reject(fault))).rejects.toBe(fault);
    const release = dynamo.commandCalls(DeleteCommand);
    expect(release).toHaveLength(1);
    expect(release[0]?.args[0].input).toEqual({ TableName: TEST_TABLES.idempotency, Key: RECORD_KEY });
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it("keeps the key claimed after middy's early timeout: the work may still be writing", async () => {
    dynamo.on(PutCommand).resolves({});
    const timeout = Object.assign(new Error('[AbortError]: The operation was aborted.'), {
      name: 'TimeoutError',
    });

    await expect(withIdempotency(call(), async () => Promise.reject(timeout))).rejects.toBe(timeout);
    expect(dynamo.commandCalls(DeleteCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('releases the key for a 5xx AppError too', async () => {
    dynamo.on(PutCommand).resolves({});
    dynamo.on(DeleteCommand).resolves({});
    const fault = new AppError(503, 'UNAVAILABLE', 'Try later');

    await expect(withIdempotency(call(), async () => Promise.reject(fault))).rejects.toBe(fault);
    expect(dynamo.commandCalls(DeleteCommand)).toHaveLength(1);
  });

  it('stores a 4xx refusal as the answer and rethrows it', async () => {
    dynamo.on(PutCommand).resolves({});
    dynamo.on(UpdateCommand).resolves({});
    const refusal = conflict('ALREADY_EXISTS', 'There is one already');

    await expect(withIdempotency(call(), async () => Promise.reject(refusal))).rejects.toBe(refusal);
    expect(
      dynamo.commandCalls(UpdateCommand)[0]?.args[0].input.ExpressionAttributeValues?.[':response'],
    ).toEqual({
      statusCode: 409,
      body: JSON.stringify(refusal.toBody()),
    });
    expect(dynamo.commandCalls(DeleteCommand)).toHaveLength(0);
  });

  it.each([
    ['a key with a space', 'two words'],
    ['a key with a non-ASCII character', 'clé-1'],
    ['a key with a control character', 'key\u0007'],
    ['a key over 200 characters', 'k'.repeat(201)],
    ['an empty key', ''],
  ])('refuses %s with a 400 before touching the table', async (_, key) => {
    const run = vi.fn(async () => CREATED);
    const error = await rejection(withIdempotency(call({ key }), run));
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
    expect((error as AppError).toBody('en').error.details).toEqual([
      { field: 'Idempotency-Key', message: 'Invalid key' },
    ]);
    expect(run).not.toHaveBeenCalled();
    expect(dynamo.calls()).toHaveLength(0);
  });

  it('accepts a key of exactly 200 printable characters', async () => {
    dynamo.on(PutCommand).resolves({});
    dynamo.on(UpdateCommand).resolves({});
    await expect(withIdempotency(call({ key: '~'.repeat(200) }), async () => CREATED)).resolves.toEqual(
      CREATED,
    );
  });

  it('answers 409 IDEMPOTENCY_IN_PROGRESS when the first request never finishes', async () => {
    vi.useFakeTimers();
    dynamo.on(PutCommand).rejects(taken());
    dynamo.on(GetCommand).resolves({ Item: { ...RECORD_KEY, state: 'in-progress', bodyHash: BODY_HASH } });
    const run = vi.fn(async () => CREATED);

    const outcome = rejection(withIdempotency(call(), run));
    await vi.advanceTimersByTimeAsync(10_000);
    const error = await outcome;
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(409);
    expect((error as AppError).code).toBe('IDEMPOTENCY_IN_PROGRESS');
    expect(run).not.toHaveBeenCalled();
    expect(dynamo.commandCalls(PutCommand).length).toBeGreaterThan(1);
  });

  it('replays once the first request finishes while waiting', async () => {
    vi.useFakeTimers();
    dynamo.on(PutCommand).rejects(taken());
    dynamo
      .on(GetCommand)
      .resolvesOnce({ Item: { ...RECORD_KEY, state: 'in-progress', bodyHash: BODY_HASH } })
      .resolves({
        Item: {
          ...RECORD_KEY,
          state: 'completed',
          bodyHash: BODY_HASH,
          response: { statusCode: 201, body: '{"id":"x"}' },
        },
      });
    const run = vi.fn(async () => CREATED);

    const outcome = withIdempotency(call(), run);
    await vi.advanceTimersByTimeAsync(1_000);
    const result = await outcome;
    expect(result.body).toBe('{"id":"x"}');
    expect(result.headers?.['idempotent-replayed']).toBe('true');
    expect(run).not.toHaveBeenCalled();
  });
});

const NOW_SECONDS = NOW.getTime() / 1000;

describe('the claim of a key', () => {
  it('lasts as long as the invocation holding it may run, and the margin', async () => {
    dynamo.on(PutCommand).resolves({});
    dynamo.on(UpdateCommand).resolves({});
    const context = { ...lambdaContext(), getRemainingTimeInMillis: () => 24_400 };

    await withIdempotency(call(), async () => CREATED, context);
    expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input.Item?.leaseUntil).toBe(
      NOW_SECONDS + 25 + LEASE_MARGIN_SECONDS,
    );
  });

  it("lasts an API function's timeout and the margin when the invocation's deadline is unknown", async () => {
    dynamo.on(PutCommand).resolves({});
    dynamo.on(UpdateCommand).resolves({});
    const { getRemainingTimeInMillis: _, ...context } = lambdaContext();

    await withIdempotency(call(), async () => CREATED, context);
    expect(dynamo.commandCalls(PutCommand)[0]?.args[0].input.Item?.leaseUntil).toBe(
      NOW_SECONDS + IDEMPOTENCY_LEASE_SECONDS,
    );
    expect(IDEMPOTENCY_LEASE_SECONDS).toBe(API_TIMEOUT_SECONDS + LEASE_MARGIN_SECONDS);
  });

  it('is tried at the time the replay has waited to, so a lease that ran out meanwhile is taken', async () => {
    vi.useFakeTimers({ now: Date.now() });
    dynamo
      .on(PutCommand)
      .rejectsOnce(taken())
      .rejectsOnce(taken())
      .rejectsOnce(taken())
      .rejectsOnce(taken())
      .rejectsOnce(taken())
      .resolves({});
    dynamo.on(GetCommand).resolves({
      Item: { ...RECORD_KEY, state: 'in-progress', bodyHash: BODY_HASH, leaseUntil: NOW_SECONDS },
    });
    dynamo.on(UpdateCommand).resolves({});

    const outcome = withIdempotency(call(), async () => CREATED);
    await vi.advanceTimersByTimeAsync(3_000);
    await expect(outcome).resolves.toEqual(CREATED);
    const times = dynamo
      .commandCalls(PutCommand)
      .map((put) => put.args[0].input.ExpressionAttributeValues?.[':now'] as number);
    // Six tries, the last after waits of a second and a half.
    expect(times).toHaveLength(6);
    expect(times[0]).toBe(NOW_SECONDS);
    expect(times[5]).toBe(NOW_SECONDS + 1);
  });
});

describe('409 IDEMPOTENCY_IN_PROGRESS', () => {
  /** The refusal of a replay whose first request holds the key with `record`, after its waits. */
  async function refusal(record: Record<string, unknown> | undefined): Promise<AppError> {
    vi.useFakeTimers({ now: Date.now() });
    dynamo.on(PutCommand).rejects(taken());
    dynamo.on(GetCommand).resolves({ Item: record && { ...RECORD_KEY, ...record } });
    const outcome = rejection(withIdempotency(call(), async () => CREATED));
    await vi.advanceTimersByTimeAsync(10_000);
    const error = await outcome;
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(409);
    expect((error as AppError).code).toBe('IDEMPOTENCY_IN_PROGRESS');
    return error as AppError;
  }

  it("says in Retry-After when the first request's claim runs out, counted from after the waits", async () => {
    // The waits come to a little over 3 s of the claim's 20.
    const error = await refusal({ state: 'in-progress', bodyHash: BODY_HASH, leaseUntil: NOW_SECONDS + 20 });
    expect(error.headers).toEqual({ 'retry-after': '17' });
    expect(error.toBody().error.message).toBe(
      '使用此 Idempotency-Key 的请求仍在处理中，请在 17 秒后用同一请求重试',
    );
    expect(error.toBody('en').error.message).toContain('again in 17 s');
  });

  it('says 1 s, not less, when the claim runs out during the waits', async () => {
    const error = await refusal({ state: 'in-progress', bodyHash: BODY_HASH, leaseUntil: NOW_SECONDS + 2 });
    expect(error.headers).toEqual({ 'retry-after': '1' });
  });

  it('says 1 s when the first request let the key go just now (the key is free)', async () => {
    const error = await refusal(undefined);
    expect(error.headers).toEqual({ 'retry-after': '1' });
  });
});
