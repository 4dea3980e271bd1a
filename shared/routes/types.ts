/** The shape of a route: what every part of the route table (`#shared/routes`) is made of. */
import type * as z from 'zod/mini';
import type { Role } from '#shared/domain/roles';
import type { FunctionName } from '#shared/functions';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Who may call: anyone (no token), any signed-in user, or the listed roles. */
export type Access = 'public' | 'signed-in' | readonly Role[];

export interface RouteDef {
  operationId: string;
  method: HttpMethod;
  path: string;
  function: FunctionName;
  access: Access;
  summary: string;
  /** Status of a successful answer. */
  status: 200 | 201;
  params?: z.ZodMiniType;
  query?: z.ZodMiniType;
  body?: z.ZodMiniType;
  /** Schema of a successful JSON answer; absent for answers that are not JSON. */
  response?: z.ZodMiniType;
  /**
   * Media type of a successful answer that is a file (the operation returns a `RawResponse`), as
   * its handler sends it: the OpenAPI document declares it instead of a JSON `response`.
   */
  file?: string;
  /** Honours `Idempotency-Key`: a replay within 24 h returns the first answer. */
  idempotent?: boolean;
  /** Exists only in the local runtime, never in the cloud or the OpenAPI document. */
  localOnly?: boolean;
}

/** `"GET /organizations/{orgId}"`, the route key API Gateway puts in every event. */
export const routeKey = (route: Pick<RouteDef, 'method' | 'path'>) => `${route.method} ${route.path}`;
