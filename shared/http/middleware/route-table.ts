/**
 * Dispatch by the route table: the event's route key picks the route (404 if this function does
 * not serve it), the caller must hold one of its roles (401/403), and its path, query and body
 * must pass its zod schemas (400). The operation then gets only the caller and validated input.
 */
import { forbidden, notFound, unauthorized } from '#shared/domain/errors';
import { type Language, languageOf } from '#shared/i18n/language';
import * as MESSAGES from '#shared/i18n/messages';
import { type RouteDef, routeKey } from '#shared/routes/types';
import { type Principal, principalFromClaims } from '../principal';
import type { HttpEvent } from '../types';
import { parseJsonBody, validate } from '../validation';
import type { HttpMiddleware, UntypedRequest } from './context';

function authorize(route: RouteDef, principal: Principal | undefined): void {
  if (route.access === 'public') return;
  if (!principal) throw unauthorized();
  if (route.access === 'signed-in') return;
  if (!principal.roles.some((role) => route.access.includes(role))) {
    throw forbidden(MESSAGES.requests.needsRole(route.access));
  }
}

function validatedRequest(
  route: RouteDef,
  event: HttpEvent,
  principal: Principal | undefined,
  language: Language,
): UntypedRequest {
  return {
    principal,
    params: route.params ? validate(route.params, event.pathParameters ?? {}, 'path') : undefined,
    query: route.query ? validate(route.query, event.queryStringParameters ?? {}, 'query') : undefined,
    body: route.body
      ? validate(route.body, parseJsonBody(event.body, event.isBase64Encoded), 'body')
      : undefined,
    headers: event.headers ?? {},
    now: new Date(),
    language,
  };
}

export function routeTable(routes: readonly RouteDef[]): HttpMiddleware {
  const byKey = new Map(routes.map((route): [string, RouteDef] => [routeKey(route), route]));
  return {
    name: 'routeTable',
    before: ({ event, context }) => {
      const route = byKey.get(event.routeKey);
      if (!route) throw notFound(MESSAGES.requests.noRoute(event.routeKey));
      context.route = route;
      const principal = principalFromClaims(event.requestContext.authorizer?.jwt?.claims);
      authorize(route, principal);
      context.operation = validatedRequest(route, event, principal, languageOf(context.preferredLanguage));
    },
  };
}
