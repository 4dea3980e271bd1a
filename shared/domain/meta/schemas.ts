import * as z from 'zod';
import { ROLES } from '../roles';

export const Health = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });

export const MintLocalTokenInput = z
  .strictObject({
    sub: z.string().trim().min(1).max(128),
    role: z.enum(ROLES),
    orgId: z.string().trim().min(1).max(64).optional(),
    name: z.string().trim().min(1).max(100).optional(),
    email: z.email().optional(),
  })
  .meta({ id: 'MintLocalTokenInput' });
export type MintLocalTokenInput = z.infer<typeof MintLocalTokenInput>;

export const LocalToken = z.object({ token: z.string() }).meta({ id: 'LocalToken' });

export const OutboxItem = z.object({
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  kind: z.string(),
  sentAt: z.string(),
});
export const LocalOutbox = z.object({ items: z.array(OutboxItem) }).meta({ id: 'LocalOutbox' });
