/** Which annual reports a list shows the caller: admin all, a department the bases it manages. */
import * as MESSAGES from '#shared/i18n/messages';
import { type Actor, actsAs } from '../actor';
import { forbidden } from '../errors';

export type AnnualReportListScope = { kind: 'all' } | { kind: 'department'; orgId: string };

export function annualReportListScope(actor: Actor): AnnualReportListScope {
  if (actsAs(actor, 'admin')) return { kind: 'all' };
  if (actsAs(actor, 'department')) {
    if (!actor.orgId) throw forbidden(MESSAGES.requests.noOrganization());
    return { kind: 'department', orgId: actor.orgId };
  }
  throw forbidden();
}
