/**
 * What the middlewares of an HTTP function hand to each other and to the operation, on the Lambda
 * context (the handler middy calls sees only the event and the context).
 */
import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import type { RouteDef } from '#shared/routes/types';
import type { Principal } from '../principal';
import type { HttpEvent, HttpResult, OperationRequest } from '../types';

/** An operation's request as the dispatcher builds it, before the route table's types narrow it. */
export interface UntypedRequest extends Omit<OperationRequest, 'params' | 'query' | 'body' | 'principal'> {
  principal: Principal | undefined;
  params: unknown;
  query: unknown;
  body: unknown;
}

export interface HttpContext extends Context {
  /** The route of the event's route key, once `routeTable` found it (absent for an unknown one). */
  route?: RouteDef;
  /** The caller and the validated input, once `routeTable` checked them. */
  operation?: UntypedRequest;
  /** The stored answer to a replayed request, from `idempotency`: the operation does not run. */
  replay?: HttpResult;
  /** The caller's language of `Accept-Language`, from @middy/http-content-negotiation. */
  preferredLanguage?: string;
}

export type HttpMiddleware = MiddlewareObj<HttpEvent, HttpResult, Error, HttpContext>;
