import * as z from 'zod/mini';
// For zod's English messages (set there once).
import '../common';
import { ROLES } from '../roles';

export const Health = /* @__PURE__ */ z.lazy(() =>
  z.object({ status: z.literal('ok') }).register(z.globalRegistry, { id: 'Health' }),
);

/** `GET /openapi.json`: an OpenAPI 3.1 document (its members are OpenAPI's, not repeated here). */
export const OpenApiDocument = /* @__PURE__ */ z.lazy(() =>
  z
    .looseObject({
      openapi: z.string().check(z.describe('The OpenAPI version, 3.1.0')),
      info: z.looseObject({ title: z.string(), version: z.string() }),
      paths: z.record(z.string(), z.looseObject({})),
    })
    .register(z.globalRegistry, { id: 'OpenApiDocument' }),
);

const labelTable = /* @__PURE__ */ z.lazy(() =>
  z.record(z.string(), z.string()).check(z.describe('Each enumerated value, with its Chinese label')),
);

/** `GET /public/labels`: the Chinese label of every enumerated value, for clients to show. */
export const PublicLabels = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      projects: labelTable,
      categories: labelTable,
      levels: labelTable,
      fields: labelTable,
      subjectTypes: labelTable,
      modes: labelTable,
      statuses: labelTable,
      organizationKinds: labelTable,
      certificateTypes: labelTable,
    })
    .register(z.globalRegistry, { id: 'PublicLabels' }),
);

export const MintLocalTokenInput = /* @__PURE__ */ z.lazy(() =>
  z
    .strictObject({
      sub: z.string().check(z.trim(), z.minLength(1), z.maxLength(128)),
      role: z.enum(ROLES),
      orgId: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(64))),
      name: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100))),
      email: z.optional(z.email()),
    })
    .register(z.globalRegistry, { id: 'MintLocalTokenInput' }),
);
export type MintLocalTokenInput = z.infer<typeof MintLocalTokenInput>;

export const LocalToken = /* @__PURE__ */ z.lazy(() =>
  z.object({ token: z.string() }).register(z.globalRegistry, { id: 'LocalToken' }),
);

export const OutboxItem = /* @__PURE__ */ z.lazy(() =>
  z.object({
    to: z.string(),
    subject: z.string(),
    text: z.string(),
    kind: z.string(),
    sentAt: z.string(),
  }),
);
export const LocalOutbox = /* @__PURE__ */ z.lazy(() =>
  z.object({ items: z.array(OutboxItem) }).register(z.globalRegistry, { id: 'LocalOutbox' }),
);

export const LocalStreamsCaughtUp = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      caughtUpAt: z
        .string()
        .check(z.describe('When every change written before the request had been handed over')),
    })
    .register(z.globalRegistry, { id: 'LocalStreamsCaughtUp' }),
);
