import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { handler as metaHandler } from '#functions/meta/handler';
import { loadConfig, useConfig } from '#shared/config/env';
import { httpEvent, jsonBody, lambdaContext } from '../../support/http-event';

type Handler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: ReturnType<typeof lambdaContext>,
) => Promise<APIGatewayProxyStructuredResultV2>;

const handler = metaHandler as unknown as Handler;
const invoke = (event: APIGatewayProxyEventV2WithJWTAuthorizer) => handler(event, lambdaContext('meta'));

useConfig(loadConfig({ LOG_LEVEL: 'SILENT' }));

describe('meta handler', () => {
  it('answers GET /health without a token', async () => {
    const result = await invoke(httpEvent({ routeKey: 'GET /health' }));
    expect(result.statusCode).toBe(200);
    expect(jsonBody(result)).toEqual({ status: 'ok' });
    expect(result.headers?.['Access-Control-Allow-Origin']).toBe('*');
  });

  it('answers GET /openapi.json with the OpenAPI 3.1 document, the same one each time', async () => {
    const first = await invoke(httpEvent({ routeKey: 'GET /openapi.json' }));
    const second = await invoke(httpEvent({ routeKey: 'GET /openapi.json' }));
    expect(first.statusCode).toBe(200);
    expect(first.headers?.['content-type']).toMatch(/^application\/json/);
    expect(jsonBody(first).openapi).toBe('3.1.0');
    expect(second.body).toBe(first.body);
  });

  it('answers 404 for a route of another function', async () => {
    const result = await invoke(httpEvent({ routeKey: 'GET /organizations' }));
    expect(result.statusCode).toBe(404);
    expect((jsonBody(result).error as { code: string }).code).toBe('NOT_FOUND');
  });
});
