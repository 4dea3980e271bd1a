import { afterEach, describe, expect, it, vi } from 'vitest';

async function loadCors(allowed: string | undefined) {
  vi.resetModules();
  vi.stubEnv('CORS_ALLOWED_ORIGINS', allowed);
  return import('#shared/http/cors');
}

afterEach(() => vi.unstubAllEnvs());

describe('corsHeaders', () => {
  it('allows any origin when CORS_ALLOWED_ORIGINS is unset, without credentials', async () => {
    const { corsHeaders, CORS } = await loadCors(undefined);
    expect(CORS.allowOrigins).toEqual(['*']);
    const headers = corsHeaders('https://anything.example');
    expect(headers['access-control-allow-origin']).toBe('*');
    expect(headers['access-control-allow-headers']).toContain('idempotency-key');
    expect(headers['access-control-allow-headers']).toContain('authorization');
    expect(headers).not.toHaveProperty('access-control-allow-credentials');
    expect(headers).not.toHaveProperty('vary');
    expect(corsHeaders(undefined)['access-control-allow-origin']).toBe('*');
  });

  it('echoes a listed origin with vary, and nothing for an unlisted one', async () => {
    const { corsHeaders } = await loadCors('https://a.example.cn, https://b.example.cn');
    expect(corsHeaders('https://b.example.cn')).toMatchObject({
      'access-control-allow-origin': 'https://b.example.cn',
      vary: 'origin',
    });
    expect(corsHeaders('https://evil.example')).toEqual({});
    expect(corsHeaders(undefined)).toEqual({});
  });

  it('allows no origin when CORS_ALLOWED_ORIGINS is set but empty, as the cloud sets it by default', async () => {
    const { corsHeaders, CORS } = await loadCors('');
    expect(CORS.allowOrigins).toEqual([]);
    expect(corsHeaders('https://anything.example')).toEqual({});
    expect(corsHeaders(undefined)).toEqual({});
  });
});
