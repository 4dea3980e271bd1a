/**
 * The options of `@middy/http-security-headers` for every HTTP function: helmet's headers that
 * mean something for an API's answers. Of those meant for pages only `X-Frame-Options: DENY`
 * stays; the others are off, since the one HTML answer, the year-end report, draws its charts
 * with inline styles. Plain data, so the bench's middy-alone
 * bundle (bench/reference/middy.ts) uses the same options without any other house code.
 */
export const SECURITY_HEADERS = {
  contentSecurityPolicy: false,
  crossOriginEmbedderPolicy: false,
  crossOriginOpenerPolicy: false,
  crossOriginResourcePolicy: false,
  originAgentCluster: false,
  permissionsPolicy: false,
  reportingEndpoints: false,
  reportTo: false,
  xssProtection: false,
  poweredBy: false,
} as const;
