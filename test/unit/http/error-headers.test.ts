/** An error's own headers (a 409's Retry-After) reach the answer beside the one body shape. */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { conflict, conflictUntil } from '#shared/domain/errors';
import { Health } from '#shared/domain/meta/schemas';
import { createHttpHandler } from '#shared/http/handler';
import type { RouteDef } from '#shared/routes/types';
import { httpEvent, jsonBody, lambdaContext } from '../../support/http-event';
import { useTestConfig } from '../helpers/env';

useTestConfig({ LOG_LEVEL: 'SILENT' });

const ROUTES = [
  {
    operationId: 'getHealth',
    method: 'GET',
    path: '/health',
    function: 'meta',
    access: 'public',
    summary: 'A route that refuses as told',
    status: 200,
    response: Health,
  },
] as const satisfies readonly RouteDef[];

type Handler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: ReturnType<typeof lambdaContext>,
) => Promise<APIGatewayProxyStructuredResultV2>;

const refusingWith = (error: Error) =>
  createHttpHandler(ROUTES, {
    getHealth: async () => {
      throw error;
    },
  }) as unknown as Handler;

const answerTo = (handler: Handler) => handler(httpEvent({ routeKey: 'GET /health' }), lambdaContext('meta'));

describe('an error with headers', () => {
  it('answers with them, in the one error shape', async () => {
    const result = await answerTo(
      refusingWith(conflictUntil('IDEMPOTENCY_IN_PROGRESS', { 'zh-CN': '处理中', en: 'Running' }, 9)),
    );
    expect(result.statusCode).toBe(409);
    expect(result.headers?.['retry-after']).toBe('9');
    expect(result.headers?.['content-type']).toMatch(/^application\/json/);
    expect(jsonBody(result)).toEqual({ error: { code: 'IDEMPOTENCY_IN_PROGRESS', message: '处理中' } });
  });

  it('and one without: no Retry-After', async () => {
    const result = await answerTo(refusingWith(conflict('FULL', { 'zh-CN': '已满', en: 'Full' })));
    expect(result.statusCode).toBe(409);
    expect(result.headers?.['retry-after']).toBeUndefined();
  });
});
