/** API Gateway HTTP API v2 events for calling handlers in process, as the cloud would. */
import type { Context } from 'aws-lambda';
import type { HttpEvent } from '#shared/http/types';

export interface EventOptions {
  routeKey: string;
  rawPath?: string;
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
  claims?: Record<string, string>;
}

export function httpEvent(options: EventOptions): HttpEvent {
  const [method = 'GET', path = '/'] = options.routeKey.split(' ');
  const now = Date.now();
  return {
    version: '2.0',
    routeKey: options.routeKey,
    rawPath: options.rawPath ?? path,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    headers: { 'content-type': 'application/json', ...options.headers },
    ...(options.query ? { queryStringParameters: options.query } : {}),
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
    ...(options.body === undefined
      ? {}
      : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
    isBase64Encoded: false,
    requestContext: {
      accountId: 'test',
      apiId: 'test',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: {
        method,
        path: options.rawPath ?? path,
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'vitest',
      },
      requestId: `req-${now}-${Math.random()}`,
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
  } as HttpEvent;
}

/** Claims as the HTTP API authorizer flattens them. */
export const claimsFor = (sub: string, role: string, orgId?: string): Record<string, string> => ({
  sub,
  'cognito:groups': `[${role}]`,
  ...(orgId ? { 'custom:orgId': orgId } : {}),
});

export const lambdaContext = (): Context =>
  ({
    functionName: 'test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:test',
    memoryLimitInMB: '512',
    awsRequestId: `aws-${Math.random()}`,
    logGroupName: 'test',
    logStreamName: 'test',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 30_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  }) as Context;
