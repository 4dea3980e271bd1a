/** Refusals in the caller's language: Chinese unless `Accept-Language` asks for English. */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { unprocessable } from '#shared/domain/errors';
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
    summary: 'A route that always refuses',
    status: 200,
    response: Health,
  },
] as const satisfies readonly RouteDef[];

const REFUSAL = unprocessable('SOME_RULE', { 'zh-CN': '不符合规则', en: 'Breaks the rule' }, [
  { field: 'title', message: { 'zh-CN': '标题太长', en: 'Title too long' } },
]);
const refusing = createHttpHandler(ROUTES, {
  getHealth: async () => {
    throw REFUSAL;
  },
}) as unknown as (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: ReturnType<typeof lambdaContext>,
) => Promise<APIGatewayProxyStructuredResultV2>;

async function refusalFor(headers: Record<string, string>) {
  const result = await refusing(httpEvent({ routeKey: 'GET /health', headers }), lambdaContext('meta'));
  expect(result.statusCode).toBe(422);
  return jsonBody(result) as { error: { code: string; message: string; details: { message: string }[] } };
}

describe('the language of an answer', () => {
  it('is Chinese without Accept-Language, for the message and every detail', async () => {
    const { error } = await refusalFor({});
    expect(error).toEqual({
      code: 'SOME_RULE',
      message: '不符合规则',
      details: [{ field: 'title', message: '标题太长' }],
    });
  });

  it.each([
    ['en', 'Breaks the rule'],
    ['en-US,en;q=0.9', 'Breaks the rule'],
    ['zh-CN,zh;q=0.9,en;q=0.8', '不符合规则'],
    ['fr', '不符合规则'],
    ['*', '不符合规则'],
  ])('Accept-Language %s answers "%s", never a 406, with the same code', async (accept, message) => {
    const { error } = await refusalFor({ 'accept-language': accept });
    expect(error.code).toBe('SOME_RULE');
    expect(error.message).toBe(message);
  });

  it('keeps English in the error itself, for logs', () => {
    expect(REFUSAL.message).toBe('Breaks the rule');
  });
});
