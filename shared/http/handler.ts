/**
 * The wrapper every HTTP function uses. The route table decides everything at the edge:
 * which operation runs, who may call it, and what input it accepts; the operation gets only
 * validated input and the caller. Errors leave in the one shape of API.md.
 *
 * Plain code rather than a middleware engine (middy until issue 8): the stack is fixed (log
 * context, dispatch, error shape, CORS and the request line), and middy's top level loads Node's
 * web streams for response streaming we never use, about 2 ms of every cold start.
 */
import type { Context } from 'aws-lambda';
import { AppError, forbidden, INTERNAL_ERROR_BODY, notFound, unauthorized } from '#shared/domain/errors';
import { type RouteDef, routeKey } from '#shared/routes/types';
import { corsHeaders } from './cors';
import { withIdempotency } from './idempotency';
import { logger } from './logger';
import { type Principal, principalFromClaims } from './principal';
import {
  type HttpEvent,
  type HttpResult,
  type OperationRequest,
  type OperationsOf,
  RawResponse,
} from './types';
import { parseJsonBody, validate } from './validation';

/** An operation as the dispatcher sees it, before the route table's types narrow it. */
interface UntypedRequest extends Omit<OperationRequest, 'params' | 'query' | 'body' | 'principal'> {
  principal: Principal | undefined;
  params: unknown;
  query: unknown;
  body: unknown;
}
type AnyOperation = (request: UntypedRequest) => Promise<unknown>;

const JSON_TYPE = 'application/json; charset=utf-8';

export function jsonResponse(statusCode: number, body: unknown): HttpResult {
  return { statusCode, headers: { 'content-type': JSON_TYPE }, body: JSON.stringify(body) };
}

function toResult(status: number, value: unknown): HttpResult {
  if (value instanceof RawResponse) {
    return {
      statusCode: status,
      headers: { 'content-type': value.contentType, ...value.headers },
      body: value.body,
      isBase64Encoded: value.isBase64Encoded,
    };
  }
  return jsonResponse(status, value);
}

function authorize(route: RouteDef, principal: Principal | undefined): void {
  if (route.access === 'public') return;
  if (!principal) throw unauthorized();
  if (route.access === 'signed-in') return;
  if (!principal.roles.some((role) => route.access.includes(role))) {
    throw forbidden(`This needs one of the roles: ${route.access.join(', ')}`);
  }
}

function buildRequest(route: RouteDef, event: HttpEvent, principal: Principal | undefined): UntypedRequest {
  return {
    principal,
    params: route.params ? validate(route.params, event.pathParameters ?? {}, 'path') : undefined,
    query: route.query ? validate(route.query, event.queryStringParameters ?? {}, 'query') : undefined,
    body: route.body
      ? validate(route.body, parseJsonBody(event.body, event.isBase64Encoded), 'body')
      : undefined,
    headers: event.headers ?? {},
    now: new Date(),
  };
}

/** Every thrown error in the one error shape; only faults of ours become a 500. */
function errorResponse(error: unknown): HttpResult {
  if (error instanceof AppError) return jsonResponse(error.status, error.toBody());
  logger.error('unhandled fault', error as Error);
  return jsonResponse(500, INTERNAL_ERROR_BODY);
}

/**
 * Answers to a signed-in caller hold personal data or depend on who asks: no browser, proxy or
 * CDN may keep them (`no-store`). No answer may be sniffed into another type than it declares.
 */
function protectiveHeaders(route: RouteDef | undefined): Record<string, string> {
  return {
    'x-content-type-options': 'nosniff',
    ...(route?.access === 'public' ? {} : { 'cache-control': 'no-store' }),
  };
}

/** CORS and protective headers on every answer, and one log line per request (never headers or bodies). */
function finish(event: HttpEvent, route: RouteDef | undefined, response: HttpResult): HttpResult {
  response.headers = {
    ...corsHeaders(event.headers?.origin),
    ...response.headers,
    ...protectiveHeaders(route),
  };
  logger.info('request', {
    routeKey: event.routeKey,
    statusCode: response.statusCode,
    durationMs: Date.now() - event.requestContext.timeEpoch,
    userId: event.requestContext.authorizer?.jwt?.claims?.sub,
  });
  return response;
}

/**
 * The Lambda handler of one function, from its part of the route table (`#shared/routes/<name>`,
 * never the whole table: a function carries only the schemas it serves, validated by zod) and one
 * implementation per operation, typed from the table's zod schemas.
 */
export function createHttpHandler<const Routes extends readonly RouteDef[]>(
  functionRoutes: Routes,
  operations: NoInfer<OperationsOf<Routes>>,
) {
  const implementations = operations as unknown as Record<string, AnyOperation>;
  const routes = new Map(functionRoutes.map((route): [string, RouteDef] => [routeKey(route), route]));
  for (const route of routes.values()) {
    if (!implementations[route.operationId]) {
      throw new Error(
        `Function ${route.function} does not implement ${route.operationId} (${routeKey(route)})`,
      );
    }
  }

  async function dispatch(event: HttpEvent, route: RouteDef | undefined): Promise<HttpResult> {
    if (!route) throw notFound(`No route for ${event.routeKey}`);
    const principal = principalFromClaims(event.requestContext.authorizer?.jwt?.claims);
    authorize(route, principal);
    const request = buildRequest(route, event, principal);
    const run = async () =>
      toResult(route.status, await (implementations[route.operationId] as AnyOperation)(request));
    const key = request.headers['idempotency-key'];
    if (route.idempotent && key && principal) {
      // The path is part of the request: the same key on another session is another request.
      const fingerprint = `${event.rawPath}\n${event.body ?? ''}`;
      return withIdempotency({ route, principal, key, rawBody: fingerprint, now: request.now }, run);
    }
    return run();
  }

  return async (event: HttpEvent, context: Context): Promise<HttpResult> => {
    logger.startInvocation(context);
    const route = routes.get(event.routeKey);
    let response: HttpResult;
    try {
      response = await dispatch(event, route);
    } catch (error) {
      response = errorResponse(error);
    }
    return finish(event, route, response);
  };
}
