/**
 * How the certificate verification page (`web/verify/`) is served, in one place for the local
 * server (`infra/local/verify-page.ts`) and CloudFront (`infra/cloud/verify-site.ts`): its files
 * and their types, the config it reads, and the security headers around it.
 */
import { fileURLToPath } from 'node:url';

/** The page's folder: exactly what is deployed under `/verify/`. */
export const VERIFY_PAGE_DIR = fileURLToPath(new URL('./verify/', import.meta.url));

/** Where the page lives on its origin; QR links point at `<origin>/verify#c=...` (or `#token=...`). */
export const VERIFY_PATH = '/verify';

/** The page's files and their types: nothing else under `/verify/` is served. */
export const VERIFY_PAGE_FILES = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'verify.js': 'text/javascript; charset=utf-8',
  'compact.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
} as const;
export type VerifyPageFile = keyof typeof VERIFY_PAGE_FILES;

/**
 * `/verify/config.json`, written beside the page where it is deployed: the API's base URL
 * (`""`: the page's own origin, as on the local server).
 */
export const VERIFY_CONFIG_FILE = 'config.json';
export interface VerifyPageConfig {
  apiBase: string;
}

/** Browsers keep the page's files this long; a deploy invalidates CloudFront's copies at once. */
export const VERIFY_PAGE_MAX_AGE_SECONDS = 300;

/**
 * Scripts and styles from the page's origin only, nothing inline, no HTML sinks (Trusted Types),
 * connections only to the page's origin and the API's; never framed.
 */
export function verifyPageCsp(apiOrigin?: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self'${apiOrigin ? ` ${apiOrigin}` : ''}`,
    "base-uri 'none'",
    // The number form is handled by the script; nothing is ever submitted anywhere.
    "form-action 'none'",
    "frame-ancestors 'none'",
    "require-trusted-types-for 'script'",
    "trusted-types 'none'",
  ].join('; ');
}

/** The origin of the API base URL the page calls, for `connect-src`; none for its own origin. */
export function apiOriginOf(apiBase: string): string | undefined {
  return apiBase ? new URL(apiBase).origin : undefined;
}

/** The headers besides the CSP, as CloudFront's security headers policy sets them too. */
export const VERIFY_PAGE_SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  // The token sits in the URL fragment, which is never sent; no referrer at all is simpler still.
  'referrer-policy': 'no-referrer',
} as const;
