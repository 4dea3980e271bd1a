/** The thin client over openapi-fetch: the bearer token, the base URL and the error shape, without a server. */
import { describe, expect, it } from 'vitest';
import { createApiClient, isApiError } from '../../../client/src/index';

function recordingFetch(status: number, body: unknown) {
  const requests: Request[] = [];
  const fetch = async (request: Request) => {
    requests.push(request);
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
  return { requests, fetch };
}

describe('createApiClient', () => {
  it('sends the token getToken resolves to, on the path under baseUrl', async () => {
    const { requests, fetch } = recordingFetch(200, { status: 'ok' });
    const api = createApiClient({
      baseUrl: 'https://api.example.cn/v1/',
      getToken: async () => 'jwt-1',
      fetch,
    });
    const { data } = await api.GET('/plans/{planId}', { params: { path: { planId: 'plan 1' } } });
    expect(requests[0]?.url).toBe('https://api.example.cn/v1/plans/plan%201');
    expect(requests[0]?.headers.get('authorization')).toBe('Bearer jwt-1');
    expect(data).toEqual({ status: 'ok' });
  });

  it('sends no Authorization header when there is no token', async () => {
    const { requests, fetch } = recordingFetch(200, { status: 'ok' });
    await createApiClient({ baseUrl: 'https://api.example.cn', getToken: () => null, fetch }).GET('/health');
    await createApiClient({ baseUrl: 'https://api.example.cn', fetch }).GET('/health');
    expect(requests.map((request) => request.headers.get('authorization'))).toEqual([null, null]);
  });

  it('reads the token on every request, so a refreshed one is used', async () => {
    const { requests, fetch } = recordingFetch(200, { status: 'ok' });
    let token = 'old';
    const api = createApiClient({ baseUrl: 'https://api.example.cn', getToken: () => token, fetch });
    await api.GET('/health');
    token = 'new';
    await api.GET('/health');
    expect(requests.map((request) => request.headers.get('authorization'))).toEqual([
      'Bearer old',
      'Bearer new',
    ]);
  });

  it('returns a refusal as a typed error', async () => {
    const refusal = { error: { code: 'REGISTRATION_CLOSED', message: 'The deadline has passed' } };
    const { fetch } = recordingFetch(422, refusal);
    const api = createApiClient({ baseUrl: 'https://api.example.cn', fetch });
    const { data, error, response } = await api.POST('/sessions/{sessionId}/registrations', {
      params: { path: { sessionId: 's-1' } },
    });
    expect(response.status).toBe(422);
    expect(data).toBeUndefined();
    expect(error?.error.code).toBe('REGISTRATION_CLOSED');
  });
});

describe('isApiError', () => {
  it('tells the error shape from API Gateway’s own 401 and other bodies', () => {
    expect(isApiError({ error: { code: 'FORBIDDEN', message: 'No' } })).toBe(true);
    expect(isApiError({ error: { code: 'BAD_REQUEST', message: 'No', details: [{ field: 'year' }] } })).toBe(
      true,
    );
    expect(isApiError({ message: 'Unauthorized' })).toBe(false);
    expect(isApiError({ error: 'boom' })).toBe(false);
    expect(isApiError(null)).toBe(false);
    expect(isApiError('Service Unavailable')).toBe(false);
  });
});
