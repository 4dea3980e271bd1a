import * as z from 'zod';
import { id, instant, page, pagination, shortText } from '../common';

export const ORGANIZATION_KINDS = [
  'base',
  'training-institution',
  'assessment-institution',
  'host',
  'department',
] as const;
export const BASE_LEVELS = ['national', 'regional'] as const;
export const ORGANIZATION_STATUSES = ['active', 'warned', 'exited'] as const;

const kind = z.enum(ORGANIZATION_KINDS).describe('What the organization is in the program');
const level = z.enum(BASE_LEVELS).describe('A base is national or regional; only bases have a level');
const status = z
  .enum(ORGANIZATION_STATUSES)
  .describe('`warned` and `exited` are the exit mechanism for bases');
const fields = z
  .array(shortText(100))
  .max(50)
  .describe('Fields of expertise, e.g. the digital fields of a training institution');

const contactEmail = z.email().max(254).describe('Where reminders for the organization go');

const organizationDetails = {
  name: shortText(200).describe('Full name of the organization'),
  city: shortText(50).describe('City (市) the organization belongs to'),
  fields: fields.optional(),
  contactEmail: contactEmail.optional(),
};

/** A base must say whether it is national or regional; nothing else has a level. */
function levelOnlyForBases(org: { kind: string; level?: string | undefined }, ctx: z.RefinementCtx) {
  if (org.kind === 'base' && org.level === undefined) {
    ctx.addIssue({ code: 'custom', path: ['level'], message: 'A base needs a level: national or regional' });
  }
  if (org.kind !== 'base' && org.level !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['level'], message: 'Only a base has a level' });
  }
}

export const CreateOrganizationInput = z
  .strictObject({ ...organizationDetails, kind, level: level.optional() })
  .superRefine(levelOnlyForBases)
  .meta({ id: 'CreateOrganizationInput' });
export type CreateOrganizationInput = z.infer<typeof CreateOrganizationInput>;

export const UpdateOrganizationInput = z
  .strictObject({
    name: organizationDetails.name.optional(),
    city: organizationDetails.city.optional(),
    fields: fields.optional(),
    contactEmail: contactEmail.optional(),
    level: level.optional(),
    status: status.optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'Nothing to change: send at least one field' })
  .meta({ id: 'UpdateOrganizationInput' });
export type UpdateOrganizationInput = z.infer<typeof UpdateOrganizationInput>;

export const OrganizationIdPath = z.strictObject({ orgId: id });

export const ListOrganizationsQuery = z
  .strictObject({
    kind: kind.optional(),
    ...pagination,
  })
  .meta({ id: 'ListOrganizationsQuery' });
export type ListOrganizationsQuery = z.infer<typeof ListOrganizationsQuery>;

export const Organization = z
  .object({
    id,
    name: z.string(),
    kind,
    level: level.optional(),
    city: z.string(),
    fields: z.array(z.string()),
    contactEmail: z.string().optional(),
    status,
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: 'Organization' });
export type Organization = z.infer<typeof Organization>;

export const OrganizationPage = page(Organization, 'OrganizationPage');
