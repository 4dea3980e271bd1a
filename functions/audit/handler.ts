import { auditWindow } from '#shared/domain/audit/audit';
import { createHttpHandler } from '#shared/http/handler';
import { AUDIT_ROUTES } from '#shared/routes/audit';
import { listAuditEntries } from '#shared/store/audit';

export const handler = createHttpHandler(AUDIT_ROUTES, {
  listAuditEntries: async ({ query, now }) =>
    listAuditEntries(auditWindow(query, now), {
      actor: query.actor,
      limit: query.limit,
      cursor: query.cursor,
    }),
});
