/**
 * The typed client of the Knowledge Renewal API for web and React Native apps: openapi-fetch over
 * the types generated from `GET /openapi.json` (./schema.d.ts), plus the bearer token. Only
 * `fetch`, `Request` and `Headers` are used, so it runs in browsers, React Native and Node >= 20.
 *
 *   const api = createApiClient({ baseUrl, getToken: () => session.idToken });
 *   const { data, error } = await api.GET('/plans/{planId}', { params: { path: { planId } } });
 *
 * `data` is set for a 2xx answer, `error` (an ApiError) otherwise; `response` is always there.
 */
import createClient, { type Client, type Middleware } from 'openapi-fetch';
// `.js`, though the file is schema.d.ts: an app's tsc under NodeNext resolves only named files.
import type { components, paths } from './schema.js';

export type { components, operations, paths } from './schema.js';

/** A named schema of the API, e.g. `Schema<'Plan'>` or `Schema<'CreateSessionInput'>`. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

/**
 * The one error shape of every refusal: `{"error": {"code", "message", "details"?}}`, where
 * `code` is machine-readable (`VALIDATION_FAILED`, `ALREADY_REGISTERED`, `REGISTRATION_CLOSED`...)
 * and `details` names the offending fields of a 400.
 */
export type ApiError = components['schemas']['Error'];
export type ApiErrorDetail = NonNullable<ApiError['error']['details']>[number];

/**
 * Whether `body` has the error shape. In the cloud, API Gateway itself refuses a missing or
 * invalid token with 401 `{"message":"Unauthorized"}`, which does not: check before reading `code`.
 */
export function isApiError(body: unknown): body is ApiError {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = (body as { error: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

/** The token to send, or none for an anonymous call; may be async (e.g. refresh an expired one). */
export type TokenSource = () => string | null | undefined | Promise<string | null | undefined>;

export interface ApiClientOptions {
  /** The API's root URL: `http://localhost:3000` locally, the URL the deploy prints in the cloud. */
  baseUrl: string;
  /** Called before every request; a token it returns is sent as `Authorization: Bearer <token>`. */
  getToken?: TokenSource;
  /** The fetch to use (defaults to the global one), e.g. for tests or a fetch with retries. */
  fetch?: (request: Request) => Promise<Response>;
  /** Headers sent with every request (e.g. `Accept-Language`). */
  headers?: Record<string, string>;
}

export type ApiClient = Client<paths>;

/** Middleware that adds `Authorization: Bearer <token>` when `getToken` returns one. */
export function bearerAuth(getToken: TokenSource): Middleware {
  return {
    async onRequest({ request }) {
      const token = await getToken();
      if (token) request.headers.set('Authorization', `Bearer ${token}`);
      return request;
    },
  };
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
  });
  if (options.getToken) client.use(bearerAuth(options.getToken));
  return client;
}
