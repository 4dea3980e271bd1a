/**
 * Turns a Node HTTP request into the API Gateway HTTP API (payload 2.0) event the Lambda gets,
 * field for field, so a handler cannot tell local from cloud.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { type RouteDef, routeKey } from '#shared/routes';

const TEXTUAL = /^(application\/(json|[\w.+-]*\+json|x-www-form-urlencoded|xml)|text\/)/i;

/** API Gateway joins repeated query keys (and repeated headers) with commas. */
function joinRepeated(pairs: Iterable<[string, string]>): Record<string, string> {
  // No prototype: `?__proto__=x` or `?constructor=x` must arrive as the plain keys they are.
  const joined: Record<string, string> = Object.create(null);
  for (const [key, value] of pairs)
    joined[key] = Object.hasOwn(joined, key) ? `${joined[key]},${value}` : value;
  return joined;
}

export interface EventInput {
  request: IncomingMessage;
  route: RouteDef;
  pathParameters: Record<string, string>;
  body: Buffer;
  claims: Record<string, string> | undefined;
}

export function toHttpApiEvent({
  request,
  route,
  pathParameters,
  body,
  claims,
}: EventInput): APIGatewayProxyEventV2WithJWTAuthorizer {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined || name === 'cookie') continue;
    headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const cookies = request.headers.cookie?.split(';').map((cookie) => cookie.trim());
  const query = joinRepeated(url.searchParams.entries());
  const now = new Date();
  const key = routeKey(route);
  const textual = TEXTUAL.test(headers['content-type'] ?? 'application/json');

  const event = {
    version: '2.0',
    routeKey: key,
    rawPath: url.pathname,
    rawQueryString: url.search.replace(/^\?/, ''),
    ...(cookies ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: (headers.host ?? 'localhost').split('.')[0] ?? 'localhost',
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: key,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
      ...(claims
        ? { authorizer: { principalId: '', integrationLatency: 0, jwt: { claims, scopes: [] } } }
        : {}),
    },
    ...(body.length > 0
      ? textual
        ? { body: body.toString('utf8'), isBase64Encoded: false }
        : { body: body.toString('base64'), isBase64Encoded: true }
      : { isBase64Encoded: false }),
  };
  return event as APIGatewayProxyEventV2WithJWTAuthorizer;
}
