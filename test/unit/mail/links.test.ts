/**
 * The one table of the web app's pages (shared/mail/links.ts): each page mirrors a resource the
 * API reads at the same path, and links are built from it alone.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { loadConfig, useConfig } from '#shared/config/env';
import { WEB_PAGES, webLink } from '#shared/mail/links';
import { ROUTES } from '#shared/routes';

const APP_URL = 'https://jxjy.example.gov.cn';

beforeEach(() => useConfig(loadConfig({ APP_URL: `${APP_URL}/` })));

/** The API's readable resources: GET routes a signed-in person calls (not public or local tools). */
const readablePaths = new Set(
  ROUTES.filter(
    (route) =>
      route.method === 'GET' && !route.path.startsWith('/public/') && !route.path.startsWith('/local/'),
  ).map((route) => route.path),
);

describe('WEB_PAGES', () => {
  it.each(Object.entries(WEB_PAGES))('%s (%s) is a resource the API reads at the same path', (_, path) => {
    expect(readablePaths.has(path), `${path} is no GET route`).toBe(true);
  });

  it('has no page twice', () => {
    expect(new Set(Object.values(WEB_PAGES)).size).toBe(Object.values(WEB_PAGES).length);
  });
});

describe('webLink', () => {
  it('fills in the parameters under APP_URL, without doubling its slash', () => {
    expect(webLink('annualReport', { orgId: 'org_base', year: 2026 })).toBe(
      `${APP_URL}/organizations/org_base/annual-reports/2026`,
    );
    expect(webLink('registration', { registrationId: 'reg_1' })).toBe(`${APP_URL}/registrations/reg_1`);
  });

  it('encodes a parameter, so it stays one path segment', () => {
    expect(webLink('certificate', { number: 'GX/2026 01' })).toBe(`${APP_URL}/certificates/GX%2F2026%2001`);
  });

  it('adds a query', () => {
    expect(webLink('sessions', {}, { open: 'true' })).toBe(`${APP_URL}/sessions?open=true`);
  });

  it('refuses a link with a parameter left empty', () => {
    expect(() => webLink('plan', { planId: '' })).toThrow(/plan lacks planId/);
  });
});
