/**
 * THE route table. Data only: CDK builds the HTTP API from it, the local server routes from it,
 * the OpenAPI document is generated from it, and each handler dispatches and checks roles and
 * input with its function's part of it. Paths use API Gateway syntax; a path parameter is always
 * a whole segment.
 *
 * Each function's routes live in `routes/<function>.ts`. A Lambda imports only its own part
 * (`#shared/routes/<function>`) and validates with its zod schemas, so a cold start pays for what
 * it serves and no more.
 */
import { ANNUAL_REPORTS_ROUTES } from './routes/annual-reports';
import { AUDIT_ROUTES } from './routes/audit';
import { CERTIFICATE_PDF_ROUTES } from './routes/certificate-pdf';
import { CERTIFICATES_ROUTES } from './routes/certificates';
import { LOCAL_TOOLS_ROUTES } from './routes/local-tools';
import { META_ROUTES } from './routes/meta';
import { ORGANIZATIONS_ROUTES } from './routes/organizations';
import { PLANS_ROUTES } from './routes/plans';
import { REGISTRATIONS_ROUTES } from './routes/registrations';
import { REPORTS_ROUTES } from './routes/reports';
import { RESULTS_ROUTES } from './routes/results';
import { ROSTERS_ROUTES } from './routes/rosters';
import { SESSIONS_ROUTES } from './routes/sessions';
import { TRAINEES_ROUTES } from './routes/trainees';
import type { RouteDef } from './routes/types';
import { VERIFICATION_ROUTES } from './routes/verification';

export { type Access, type HttpMethod, type RouteDef, routeKey } from './routes/types';

export const ROUTES = [
  ...META_ROUTES,
  ...ORGANIZATIONS_ROUTES,
  ...ANNUAL_REPORTS_ROUTES,
  ...PLANS_ROUTES,
  ...SESSIONS_ROUTES,
  ...TRAINEES_ROUTES,
  ...REGISTRATIONS_ROUTES,
  ...RESULTS_ROUTES,
  ...ROSTERS_ROUTES,
  ...AUDIT_ROUTES,
  ...CERTIFICATES_ROUTES,
  ...CERTIFICATE_PDF_ROUTES,
  ...VERIFICATION_ROUTES,
  ...REPORTS_ROUTES,
  ...LOCAL_TOOLS_ROUTES,
] as const satisfies readonly RouteDef[];

export type Route = (typeof ROUTES)[number];

/** The routes that exist in the cloud (and in the OpenAPI document): all but the local-only ones. */
export const CLOUD_ROUTES: readonly RouteDef[] = (ROUTES as readonly RouteDef[]).filter(
  (route) => !route.localOnly,
);
