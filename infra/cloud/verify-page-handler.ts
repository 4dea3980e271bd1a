/**
 * The certificate verification page served by the HTTP API itself (`GET /verify`,
 * `GET /verify/{file}`), where CloudFront cannot serve it (the China profile: it would need an
 * ICP-filed domain and a certificate uploaded to IAM). The page's files ride in this function's
 * package, copied beside the bundle; `config.json` sends the page's API calls to its own origin,
 * the API, exactly as on the local server (infra/local/verify-page.ts), so no CORS is needed and
 * the CSP allows its own origin only. Nothing but the page's few files is ever read.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { invocationContext } from '#shared/http/middleware/invocation-context';
import {
  VERIFY_CONFIG_FILE,
  VERIFY_PAGE_FILES,
  VERIFY_PAGE_MAX_AGE_SECONDS,
  VERIFY_PAGE_SECURITY_HEADERS,
  type VerifyPageConfig,
  type VerifyPageFile,
  verifyPageCsp,
} from '../../web/verify-page';

const isFile = (name: string): name is VerifyPageFile => Object.hasOwn(VERIFY_PAGE_FILES, name);

const HEADERS = {
  'content-security-policy': verifyPageCsp(),
  ...VERIFY_PAGE_SECURITY_HEADERS,
  'strict-transport-security': 'max-age=31536000',
};

/** `""`: the API is the page's own origin. */
const CONFIG: VerifyPageConfig = { apiBase: '' };

// Read once per container: the files never change within a deployed version.
const cache = new Map<VerifyPageFile, string>();
function read(directory: string, name: VerifyPageFile): string {
  let body = cache.get(name);
  if (body === undefined) {
    body = readFileSync(join(directory, name), 'utf8');
    cache.set(name, body);
  }
  return body;
}

/** Answers one request for the page from the files in `directory` (the bundle's folder in Lambda). */
export function servePage(
  event: APIGatewayProxyEventV2,
  directory: string,
): APIGatewayProxyStructuredResultV2 {
  const json = (statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 => ({
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...HEADERS, 'cache-control': 'no-store' },
    body: JSON.stringify(body),
  });
  const name = event.pathParameters?.file ?? 'index.html';
  if (name === VERIFY_CONFIG_FILE) return json(200, CONFIG);
  // The same answer as the local server's (infra/local/verify-page.ts).
  if (!isFile(name)) return json(404, { error: { code: 'NOT_FOUND', message: `No file /verify/${name}` } });
  return {
    statusCode: 200,
    headers: {
      'content-type': VERIFY_PAGE_FILES[name],
      ...HEADERS,
      'cache-control': `public, max-age=${VERIFY_PAGE_MAX_AGE_SECONDS}`,
    },
    body: read(directory, name),
  };
}

const BUNDLE_DIR = dirname(fileURLToPath(import.meta.url));

export const handler = middy(async (event: APIGatewayProxyEventV2) => servePage(event, BUNDLE_DIR)).use(
  invocationContext(),
);
