import { describe, expect, it } from 'vitest';
import { loadConfig, useConfig } from '#shared/config/env';
import { CORS, corsHeaders } from '#shared/http/cors';

/** The CORS module under a configuration with this `CORS_ALLOWED_ORIGINS`. */
function corsWith(allowed: string | undefined) {
  useConfig(loadConfig({ CORS_ALLOWED_ORIGINS: allowed }));
  return { CORS, corsHeaders };
}

describe('corsHeaders', () => {
  it('allows any origin when CORS_ALLOWED_ORIGINS is unset, without credentials', () => {
    const { corsHeaders, CORS } = corsWith(undefined);
    expect(CORS.allowOrigins).toEqual(['*']);
    const headers = corsHeaders('https://anything.example');
    expect(headers['access-control-allow-origin']).toBe('*');
    expect(headers['access-control-allow-headers']).toContain('idempotency-key');
    expect(headers['access-control-allow-headers']).toContain('authorization');
    expect(headers['access-control-expose-headers']).toBe('retry-after,idempotent-replayed');
    expect(headers).not.toHaveProperty('access-control-allow-credentials');
    expect(headers).not.toHaveProperty('vary');
    expect(corsHeaders(undefined)['access-control-allow-origin']).toBe('*');
  });

  it('echoes a listed origin with vary, and nothing for an unlisted one', () => {
    const { corsHeaders } = corsWith('https://a.example.cn, https://b.example.cn');
    expect(corsHeaders('https://b.example.cn')).toMatchObject({
      'access-control-allow-origin': 'https://b.example.cn',
      vary: 'origin',
    });
    expect(corsHeaders('https://evil.example')).toEqual({});
    expect(corsHeaders(undefined)).toEqual({});
  });

  it('allows no origin when CORS_ALLOWED_ORIGINS is set but empty, as the cloud sets it by default', () => {
    const { corsHeaders, CORS } = corsWith('');
    expect(CORS.allowOrigins).toEqual([]);
    expect(corsHeaders('https://anything.example')).toEqual({});
    expect(corsHeaders(undefined)).toEqual({});
  });

  it('answers for the origins it is given, whatever the configuration says', () => {
    corsWith(undefined);
    expect(corsHeaders('https://b.example.cn', ['https://a.example.cn'])).toEqual({});
    expect(corsHeaders('https://a.example.cn', ['https://a.example.cn'])).toMatchObject({
      'access-control-allow-origin': 'https://a.example.cn',
    });
  });
});
