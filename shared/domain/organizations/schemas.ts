import * as z from 'zod/mini';
import * as MESSAGES from '#shared/i18n/messages';
import { schemaMessage } from '#shared/i18n/zod-issues';
import { id, instant, issuesBy, longText, page, pagination, shortText } from '../common';
import { hasSomeField } from '../rules';
import { levelOnlyForBases, managingDepartmentOnlyForBases, statusReasonGoesWithStatus } from './input-rules';
import { BASE_LEVELS, ORGANIZATION_KINDS, ORGANIZATION_STATUSES } from './kinds';

const kind = /* @__PURE__ */ z.lazy(() =>
  z.enum(ORGANIZATION_KINDS).check(z.describe('What the organization is in the program')),
);
const level = /* @__PURE__ */ z.lazy(() =>
  z.enum(BASE_LEVELS).check(z.describe('A base is national or regional; only bases have a level')),
);
const status = /* @__PURE__ */ z.lazy(() =>
  z.enum(ORGANIZATION_STATUSES).check(z.describe('`warned` and `exited` are the exit mechanism for bases')),
);
const statusReason = /* @__PURE__ */ z.lazy(() =>
  longText(2000).check(
    z.minLength(1, schemaMessage(MESSAGES.validation.notEmpty())),
    z.describe('Why the status changes; required with `status`, kept in `statusHistory`, mailed'),
  ),
);
const fields = /* @__PURE__ */ z.lazy(() =>
  z
    .array(shortText(100))
    .check(
      z.maxLength(50),
      z.describe('Fields of expertise, e.g. the digital fields of a training institution'),
    ),
);

const contactEmail = /* @__PURE__ */ z.lazy(() =>
  z.email().check(z.maxLength(254), z.describe('Where reminders for the organization go')),
);

const managingDepartmentId = /* @__PURE__ */ z.lazy(() =>
  id.check(
    z.describe(
      "A base's managing department (基地管理部门), an organization of kind `department`: it reviews the base's annual reports first",
    ),
  ),
);

const organizationDetails = {
  name: /* @__PURE__ */ z.lazy(() => shortText(200).check(z.describe('Full name of the organization'))),
  city: /* @__PURE__ */ z.lazy(() =>
    shortText(50).check(z.describe('City (市) the organization belongs to')),
  ),
  fields: /* @__PURE__ */ z.lazy(() => z.optional(fields)),
  contactEmail: /* @__PURE__ */ z.lazy(() => z.optional(contactEmail)),
};

export const CreateOrganizationInput = /* @__PURE__ */ z.lazy(() =>
  z
    .strictObject({
      ...organizationDetails,
      kind,
      level: z.optional(level),
      managingDepartmentId: z.optional(managingDepartmentId),
    })
    .check(issuesBy(levelOnlyForBases), issuesBy(managingDepartmentOnlyForBases))
    .register(z.globalRegistry, { id: 'CreateOrganizationInput' }),
);
export type CreateOrganizationInput = z.infer<typeof CreateOrganizationInput>;

export const UpdateOrganizationInput = /* @__PURE__ */ z.lazy(() =>
  z
    .strictObject({
      name: z.optional(organizationDetails.name),
      city: z.optional(organizationDetails.city),
      fields: z.optional(fields),
      contactEmail: z.optional(contactEmail),
      level: z.optional(level),
      managingDepartmentId: z.optional(
        z
          .nullable(managingDepartmentId)
          .check(z.describe('null: the base has no managing department any more')),
      ),
      status: z.optional(status),
      statusReason: z.optional(statusReason),
    })
    .check(
      z.refine(hasSomeField, { message: schemaMessage(MESSAGES.validation.nothingToChange()) }),
      issuesBy(statusReasonGoesWithStatus),
    )
    .register(z.globalRegistry, { id: 'UpdateOrganizationInput' }),
);
export type UpdateOrganizationInput = z.infer<typeof UpdateOrganizationInput>;

export const OrganizationIdPath = /* @__PURE__ */ z.lazy(() => z.strictObject({ orgId: id }));

export const ListOrganizationsQuery = /* @__PURE__ */ z.lazy(() =>
  z
    .strictObject({
      kind: z.optional(kind),
      ...pagination,
    })
    .register(z.globalRegistry, { id: 'ListOrganizationsQuery' }),
);
export type ListOrganizationsQuery = z.infer<typeof ListOrganizationsQuery>;

export const StatusHistoryEntry = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      status,
      reason: z
        .nullable(z.string())
        .check(z.describe('Why; null on the entry of the creation and on entries inferred for old records')),
      at: instant,
      by: z
        .nullable(z.string())
        .check(z.describe('User id of who changed it; null where nobody is known (old records)')),
    })
    .register(z.globalRegistry, { id: 'OrganizationStatusHistoryEntry' }),
);
export type StatusHistoryEntry = z.infer<typeof StatusHistoryEntry>;

export const Organization = /* @__PURE__ */ z.lazy(() =>
  z
    .object({
      id,
      name: z.string(),
      kind,
      level: z.optional(level),
      city: z.string(),
      fields: z.array(z.string()),
      contactEmail: z.optional(z.string()),
      managingDepartmentId: z.optional(managingDepartmentId),
      managingDepartmentName: z.optional(
        z.string().check(z.describe("The managing department's name when it was assigned")),
      ),
      status,
      statusHistory: z.optional(
        z
          .array(StatusHistoryEntry)
          .check(
            z.describe(
              'Every status, oldest first; the first entry is the creation (`active`). Absent on organizations created before histories were kept',
            ),
          ),
      ),
      createdAt: instant,
      updatedAt: instant,
    })
    .register(z.globalRegistry, { id: 'Organization' }),
);
export type Organization = z.infer<typeof Organization>;

export const OrganizationPage = /* @__PURE__ */ z.lazy(() => page(Organization, 'OrganizationPage'));
