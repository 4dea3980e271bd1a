/**
 * The verification page on the local server: its few files with their types, a strict CSP that
 * lets it call only its own origin and the API's, and nothing else under /verify/.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPageResponder } from '#infra/local/verify-page';

const servers: Server[] = [];

/** A server that answers with the responder, and 418 for what the responder leaves alone. */
async function serve(apiBase?: string): Promise<string> {
  const responder = verifyPageResponder(apiBase === undefined ? {} : { apiBase });
  const server = createServer(async (request, response) => {
    if (!(await responder(request, response))) response.writeHead(418).end();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

let sameOrigin: string;
let crossOrigin: string;

beforeAll(async () => {
  sameOrigin = await serve();
  crossOrigin = await serve('https://api.example.gov.cn/');
});
afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('GET /verify', () => {
  it('is the page, at /verify and /verify/, with a strict CSP and security headers', async () => {
    for (const path of ['/verify', '/verify/', '/verify/index.html']) {
      const response = await fetch(`${sameOrigin}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("connect-src 'self';");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toContain('<script type="module" src="/verify/app.js"></script>');
    }
  });

  it('serves its script, module and style with their types', async () => {
    for (const [file, type] of [
      ['app.js', 'text/javascript; charset=utf-8'],
      ['verify.js', 'text/javascript; charset=utf-8'],
      ['style.css', 'text/css; charset=utf-8'],
    ]) {
      const response = await fetch(`${sameOrigin}/verify/${file}`);
      expect(response.status, file).toBe(200);
      expect(response.headers.get('content-type'), file).toBe(type);
      expect((await response.text()).length, file).toBeGreaterThan(100);
    }
  });

  it('tells the page where the API is: its own origin, or the API origin it is given', async () => {
    expect(await (await fetch(`${sameOrigin}/verify/config.json`)).json()).toEqual({ apiBase: '' });
    const response = await fetch(`${crossOrigin}/verify/config.json`);
    expect(await response.json()).toEqual({ apiBase: 'https://api.example.gov.cn' });
    expect(response.headers.get('content-security-policy')).toContain(
      "connect-src 'self' https://api.example.gov.cn;",
    );
  });

  it('is 404 for any other file under /verify/, and 405 for other methods', async () => {
    for (const path of [
      '/verify/nope.js',
      '/verify/verify-page.ts',
      '/verify/__proto__',
      '/verify/toString',
    ]) {
      const response = await fetch(`${sameOrigin}${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    }
    const post = await fetch(`${sameOrigin}/verify`, { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    const head = await fetch(`${sameOrigin}/verify`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('leaves every other path to the API, a path climbing out of /verify/ included', async () => {
    for (const path of [
      '/',
      '/verifyx',
      '/public/certificates/verify',
      '/health',
      '/verify/%2e%2e/package.json',
    ]) {
      expect((await fetch(`${sameOrigin}${path}`)).status, path).toBe(418);
    }
  });
});
