import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as z from 'zod/mini';
import type { Language } from '#shared/i18n/language';
import type { RouteDef } from '#shared/routes/types';
import type { Principal } from './principal';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResult = APIGatewayProxyStructuredResultV2;

/** A non-JSON answer (a file, a page): returned as is instead of being serialized. */
export class RawResponse {
  constructor(
    readonly body: string,
    readonly contentType: string,
    readonly headers: Record<string, string> = {},
    readonly isBase64Encoded = false,
  ) {}
}

type SchemaOutput<R, K extends string> =
  R extends Record<K, infer S extends z.ZodMiniType> ? z.output<S> : undefined;
type ResponseOf<R> = R extends { response: infer S extends z.ZodMiniType } ? z.input<S> : unknown;

/** What an operation receives: validated input, and the caller (always present off public routes). */
export interface OperationRequest<R = RouteDef> {
  principal: R extends { access: 'public' } ? Principal | undefined : Principal;
  params: SchemaOutput<R, 'params'>;
  query: SchemaOutput<R, 'query'>;
  body: SchemaOutput<R, 'body'>;
  headers: Record<string, string | undefined>;
  now: Date;
  /** The caller's language (`Accept-Language`), for the few answers that are words, not data. */
  language: Language;
}

/** One implementation per operation of a function's routes, typed from its part of the route table. */
export type OperationsOf<Routes extends readonly RouteDef[]> = {
  [R in Routes[number] as R['operationId']]: (
    request: OperationRequest<R>,
  ) => Promise<ResponseOf<R> | RawResponse>;
};
