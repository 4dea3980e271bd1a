/**
 * CORS for browser clients, in one place: the HTTP API's preflight configuration in the cloud,
 * the local server's preflight answers and its own refusals (corsHeaders), and the options of
 * `@middy/http-cors`, which puts the headers on every handler's answer (shared/http/handler.ts).
 * `CORS_ALLOWED_ORIGINS` is a comma-separated list of origins (`*` for any; tokens travel in a
 * header, never a cookie, so credentials are never allowed). Unset, any origin may call the local
 * system (a web app's dev server on another port); the cloud stack sets it on every function to
 * the list it was synthesized with, which is empty unless given (infra/cloud/service-settings.ts).
 * The origins come from the configuration (shared/config/env.ts), which checks each is one.
 */
import { config } from '#shared/config/env';

export const CORS = {
  /** The configuration's origins (`CORS_ALLOWED_ORIGINS`), read when asked (a handler, as it is made). */
  get allowOrigins(): readonly string[] {
    return config().corsAllowedOrigins;
  },
  allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
  allowHeaders: ['authorization', 'content-type', 'idempotency-key'],
  /** Answer headers a browser client may read: when to come back, and that an answer is a replay. */
  exposeHeaders: ['retry-after', 'idempotent-replayed'],
  maxAgeSeconds: 600,
} as const;

/** The response headers for a request from `origin`. */
export function corsHeaders(
  origin: string | undefined,
  allowOrigins: readonly string[] = CORS.allowOrigins,
): Record<string, string> {
  const anyOrigin = allowOrigins.includes('*');
  if (!anyOrigin && (!origin || !allowOrigins.includes(origin))) return {};
  return {
    'access-control-allow-origin': anyOrigin ? '*' : (origin as string),
    'access-control-allow-methods': CORS.allowMethods.join(','),
    'access-control-allow-headers': CORS.allowHeaders.join(','),
    'access-control-expose-headers': CORS.exposeHeaders.join(','),
    'access-control-max-age': String(CORS.maxAgeSeconds),
    ...(anyOrigin ? {} : { vary: 'origin' }),
  };
}
