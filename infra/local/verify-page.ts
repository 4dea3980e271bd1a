/**
 * The certificate verification page on the local server: `GET /verify` (and `/verify/`) is the
 * page, `/verify/<file>` its few files, `/verify/config.json` where the API is; anything else
 * under `/verify/` is 404. Files are read on each request, so an edit shows on reload.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import {
  apiOriginOf,
  VERIFY_CONFIG_FILE,
  VERIFY_PAGE_DIR,
  VERIFY_PAGE_FILES,
  VERIFY_PAGE_SECURITY_HEADERS,
  VERIFY_PATH,
  type VerifyPageConfig,
  type VerifyPageFile,
  verifyPageCsp,
} from '../../web/verify-page';

export interface VerifyPageOptions {
  /** The API the page calls; "" (default) is the origin serving the page. */
  apiBase?: string;
}

/** Answers a request for the page and returns true, or returns false for any other path. */
export type VerifyPageResponder = (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;

const isFile = (name: string): name is VerifyPageFile => Object.hasOwn(VERIFY_PAGE_FILES, name);

export function verifyPageResponder(options: VerifyPageOptions = {}): VerifyPageResponder {
  const config: VerifyPageConfig = { apiBase: (options.apiBase ?? '').replace(/\/+$/, '') };
  const headers = {
    'content-security-policy': verifyPageCsp(apiOriginOf(config.apiBase)),
    ...VERIFY_PAGE_SECURITY_HEADERS,
    // Locally the files change under the developer's hands: always revalidate.
    'cache-control': 'no-cache',
  };

  return async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path !== VERIFY_PATH && !path.startsWith(`${VERIFY_PATH}/`)) return false;

    const send = (status: number, contentType: string, body: string | Buffer, extra = {}) => {
      response.writeHead(status, {
        'content-type': contentType,
        'content-length': String(Buffer.byteLength(body)),
        ...headers,
        ...extra,
      });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    const json = 'application/json; charset=utf-8';
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(
        405,
        json,
        JSON.stringify({ error: { code: 'METHOD_NOT_ALLOWED', message: 'The page is read with GET' } }),
        { allow: 'GET, HEAD' },
      );
      return true;
    }

    const name =
      path === VERIFY_PATH || path === `${VERIFY_PATH}/` ? 'index.html' : path.slice(VERIFY_PATH.length + 1);
    if (name === VERIFY_CONFIG_FILE) {
      send(200, json, JSON.stringify(config));
    } else if (isFile(name)) {
      send(200, VERIFY_PAGE_FILES[name], await readFile(join(VERIFY_PAGE_DIR, name)));
    } else {
      send(404, json, JSON.stringify({ error: { code: 'NOT_FOUND', message: `No file ${path}` } }));
    }
    return true;
  };
}
