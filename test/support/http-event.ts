/**
 * Synthetic API Gateway HTTP API (payload 2.0) events and Lambda contexts, shaped as
 * `infra/local/event.ts` builds them and as the cloud sends them (claims flattened to strings).
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';

export interface EventOptions {
  /** `"GET /organizations/{orgId}"`. */
  routeKey: string;
  /** The request path; defaults to the route key's path with parameters filled in. */
  path?: string;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
  claims?: Record<string, string>;
}

export function httpEvent(options: EventOptions): APIGatewayProxyEventV2WithJWTAuthorizer {
  const [method = 'GET', template = '/'] = options.routeKey.split(' ');
  const path =
    options.path ??
    template.replace(/\{(\w+)\}/g, (_, name: string) =>
      encodeURIComponent(options.pathParameters?.[name] ?? ''),
    );
  const rawQueryString = new URLSearchParams(options.query ?? {}).toString();
  const headers = { 'content-type': 'application/json', ...options.headers };
  const now = Date.now();
  const event = {
    version: '2.0',
    routeKey: options.routeKey,
    rawPath: path,
    rawQueryString,
    headers,
    ...(options.query ? { queryStringParameters: options.query } : {}),
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'vitest' },
      requestId: `req-${now}`,
      routeKey: options.routeKey,
      stage: '$default',
      time: new Date(now).toISOString(),
      timeEpoch: now,
      ...(options.claims
        ? {
            authorizer: {
              principalId: '',
              integrationLatency: 0,
              jwt: { claims: options.claims, scopes: [] },
            },
          }
        : {}),
    },
    ...(options.body !== undefined ? { body: options.body } : {}),
    isBase64Encoded: options.isBase64Encoded ?? false,
  };
  return event as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}

/** Claims as the HTTP API JWT authorizer hands them over: every value a string. */
export function claimsFor(role: string, sub = `user-${role}`, extra: Record<string, string> = {}) {
  return { sub, 'cognito:groups': `[${role}]`, token_use: 'id', ...extra };
}

export function lambdaContext(functionName = 'unit-test-function'): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:ap-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'unit',
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** The parsed JSON body of a handler result. */
export function jsonBody(result: { body?: string | undefined }): Record<string, unknown> {
  return JSON.parse(result.body ?? 'null') as Record<string, unknown>;
}
