/**
 * The verification page as the API serves it in the China profile (infra/cloud/verify-page-handler.ts):
 * the page's files with their types and the page's CSP, its config pointing at its own origin, and
 * nothing else.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { servePage } from '#infra/cloud/verify-page-handler';
import { VERIFY_PAGE_DIR, VERIFY_PAGE_FILES, verifyPageCsp } from '../../web/verify-page';

const request = (file?: string) =>
  ({
    rawPath: file ? `/verify/${file}` : '/verify',
    pathParameters: file ? { file } : undefined,
  }) as APIGatewayProxyEventV2;

describe('the verification page on the API', () => {
  it('serves the page at /verify and each of its files, with the CSP of its own origin', () => {
    const page = servePage(request(), VERIFY_PAGE_DIR);
    expect(page.statusCode).toBe(200);
    expect(page.body).toBe(readFileSync(join(VERIFY_PAGE_DIR, 'index.html'), 'utf8'));
    for (const [file, type] of Object.entries(VERIFY_PAGE_FILES)) {
      const answer = servePage(request(file), VERIFY_PAGE_DIR);
      expect(answer.statusCode, file).toBe(200);
      expect(answer.headers?.['content-type'], file).toBe(type);
      expect(answer.headers?.['content-security-policy'], file).toBe(verifyPageCsp());
      expect(answer.headers?.['x-frame-options'], file).toBe('DENY');
      expect(answer.body, file).toBe(readFileSync(join(VERIFY_PAGE_DIR, file), 'utf8'));
    }
  });

  it('tells the page to call the API on its own origin', () => {
    const config = servePage(request('config.json'), VERIFY_PAGE_DIR);
    expect(config.statusCode).toBe(200);
    expect(JSON.parse(config.body ?? '')).toEqual({ apiBase: '' });
  });

  it('serves nothing else', () => {
    for (const file of ['../package.json', 'verify-page.ts', '.env', 'index.htm']) {
      const answer = servePage(request(file), VERIFY_PAGE_DIR);
      expect(answer.statusCode, file).toBe(404);
      expect(JSON.parse(answer.body ?? '').error.code, file).toBe('NOT_FOUND');
    }
  });
});
