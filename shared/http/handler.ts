/**
 * The Lambda handler of every HTTP function: middy with one stack of middlewares, the same for
 * all. The route table decides everything at the edge: which operation runs, who may call it, and
 * what input it accepts; the operation gets only validated input and the caller. Errors leave in
 * the one error shape of docs/api.md, with CORS and protective headers on every answer and one log line.
 */
import middy from '@middy/core';
import httpContentNegotiation from '@middy/http-content-negotiation';
import httpCors from '@middy/http-cors';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpSecurityHeaders from '@middy/http-security-headers';
import { LANGUAGES } from '#shared/i18n/language';
import type { RouteDef } from '#shared/routes/types';
import { CORS } from './cors';
import type { HttpContext, UntypedRequest } from './middleware/context';
import { errorShape } from './middleware/error-shape';
import { idempotency } from './middleware/idempotency';
import { invocationContext } from './middleware/invocation-context';
import { noStoreForSignedIn } from './middleware/no-store';
import { requestLog } from './middleware/request-log';
import { routeTable } from './middleware/route-table';
import { toResult } from './responses';
import { SECURITY_HEADERS } from './security-headers';
import type { HttpEvent, HttpResult, OperationsOf } from './types';

type AnyOperation = (request: UntypedRequest) => Promise<unknown>;

/**
 * The API's CORS rule (docs/api.md), as the HTTP API itself applies it in the cloud (shared/http/cors.ts), read
 * from the configuration as the handler is made. Unless any origin may call, the answer depends on
 * the caller's origin, and caches must keep one copy per origin (`Vary: Origin`): middy says so
 * itself for several origins, and is told for one.
 */
function corsOptions() {
  const origins = [...CORS.allowOrigins];
  return {
    origins,
    methods: CORS.allowMethods.join(','),
    headers: CORS.allowHeaders.join(','),
    exposeHeaders: CORS.exposeHeaders.join(','),
    maxAge: CORS.maxAgeSeconds,
    ...(origins.length === 1 && origins[0] !== '*' ? { vary: 'Origin' } : {}),
  };
}

/**
 * Only the language is negotiated (answers are JSON or the file a route names); a language the API
 * does not speak gets the default one, never a 406.
 */
const LANGUAGE_NEGOTIATION = {
  parseCharsets: false,
  parseEncodings: false,
  parseMediaTypes: false,
  availableLanguages: [...LANGUAGES],
  defaultToFirstLanguage: true,
};

/**
 * From a function's part of the route table (`#shared/routes/<name>`, never the whole table: a
 * function carries only the schemas it serves) and one implementation per operation, typed from
 * the table's zod schemas.
 */
export function createHttpHandler<const Routes extends readonly RouteDef[]>(
  functionRoutes: Routes,
  operations: NoInfer<OperationsOf<Routes>>,
) {
  const implementations = operations as unknown as Record<string, AnyOperation>;
  for (const route of functionRoutes) {
    if (!implementations[route.operationId]) {
      throw new Error(`Function ${route.function} does not implement ${route.operationId}`);
    }
  }

  async function runOperation(_event: HttpEvent, context: HttpContext): Promise<HttpResult> {
    if (context.replay) return context.replay;
    const { route, operation } = context as Required<Pick<HttpContext, 'route' | 'operation'>>;
    return toResult(route.status, await (implementations[route.operationId] as AnyOperation)(operation));
  }

  // After and onError run in the reverse order of `use`: the error shape first, the log line last.
  return middy<HttpEvent, HttpResult, Error, HttpContext>(runOperation)
    .use(httpHeaderNormalizer())
    .use(httpContentNegotiation(LANGUAGE_NEGOTIATION))
    .use(invocationContext())
    .use(requestLog())
    .use(httpCors(corsOptions()))
    .use(httpSecurityHeaders(SECURITY_HEADERS))
    .use(noStoreForSignedIn())
    .use(errorShape())
    .use(routeTable(functionRoutes))
    .use(idempotency());
}
