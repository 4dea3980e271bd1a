import { createHttpHandler } from '#shared/http/handler';
import { buildOpenApiDocument } from '#shared/http/openapi';
import { ALL_LABELS } from '#shared/i18n/labels';
import { META_ROUTES } from '#shared/routes/meta';

// Built on first request, then kept for the container's life: the route table never changes at run time.
let openApiDocument: ReturnType<typeof buildOpenApiDocument> | undefined;

export const handler = createHttpHandler(META_ROUTES, {
  getHealth: async () => ({ status: 'ok' as const }),
  getLabels: async () => ALL_LABELS,
  getOpenApi: async () => {
    openApiDocument ??= buildOpenApiDocument();
    return openApiDocument;
  },
});
