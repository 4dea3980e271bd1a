/**
 * Every link a mail carries, built from ONE table of the web app's pages under `APP_URL`. The web
 * app's paths mirror the API's resources (a page shows what `GET <the same path>` answers), so a
 * page exists for each entry; a test holds the table to the API's GET routes.
 */
import { appUrl } from '#shared/config/app';

export const WEB_PAGES = {
  /** A trainee's registration: the session, its status, cancelling. */
  registration: '/registrations/{registrationId}',
  /** Sessions to register for (`?open=true`: still taking registrations). */
  sessions: '/sessions',
  /** One session: for its host, the roster and results. */
  session: '/sessions/{sessionId}',
  /** An annual plan: its status, review comments, sessions. */
  plan: '/plans/{planId}',
  /** An organization: its details and status. */
  organization: '/organizations/{orgId}',
  /** A base's annual execution summary and next-year plan of one year. */
  annualReport: '/organizations/{orgId}/annual-reports/{year}',
  /** A certificate, by its number. */
  certificate: '/certificates/{number}',
  /** The signed-in trainee's credit hours of a year. */
  credits: '/trainees/me/credits',
} as const;

export type WebPage = keyof typeof WEB_PAGES;

/** The `{name}` segments of a path, each as a parameter. */
type ParamsOf<Path extends string> = Path extends `${string}{${infer Name}}${infer Rest}`
  ? { [Key in Name | keyof ParamsOf<Rest>]: string | number }
  : Record<never, never>;

/** The address of `page` with its parameters filled in (each encoded) and an optional query. */
export function webLink<Page extends WebPage>(
  page: Page,
  params: ParamsOf<(typeof WEB_PAGES)[Page]>,
  query: Record<string, string> = {},
): string {
  const values = params as Record<string, string | number>;
  const path = WEB_PAGES[page].replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined || value === '') throw new Error(`Link to ${page} lacks ${name}`);
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams(query).toString();
  return `${appUrl()}${path}${search ? `?${search}` : ''}`;
}
