/**
 * The middy stack every HTTP function runs (shared/http/handler.ts), alone: `@middy/core` and the
 * three official middlewares with the same options, around a handler that does nothing. Its cold
 * start beside the empty bundle's is middy's share of a function's. The house middlewares
 * (route table, error shape, request log...) are ours, not the library's, and are left out; so is
 * the house configuration module the functions take the CORS origins from (shared/http/cors.ts):
 * the origins are read here from the same variable.
 */
import middy from '@middy/core';
import httpCors from '@middy/http-cors';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpSecurityHeaders from '@middy/http-security-headers';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { SECURITY_HEADERS } from '#shared/http/security-headers';

/** As shared/http/cors.ts gives them: `CORS_ALLOWED_ORIGINS` (unset, any; empty, none). */
const CORS_OPTIONS = {
  origins: (process.env.CORS_ALLOWED_ORIGINS ?? '*')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean),
  methods: 'GET,POST,PUT,PATCH,DELETE,OPTIONS',
  headers: 'authorization,content-type,idempotency-key',
  maxAge: 600,
};

export const handler = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>(async () => ({
  statusCode: 200,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: '{}',
}))
  .use(httpHeaderNormalizer())
  .use(httpCors(CORS_OPTIONS))
  .use(httpSecurityHeaders(SECURITY_HEADERS));
