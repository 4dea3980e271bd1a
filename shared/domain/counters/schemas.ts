/** A registration's stored image as the counters read it (./registration-counts.ts). */
import * as z from 'zod/mini';
import { REGISTRATION_STATUSES } from '../registrations/statuses';

export const CountedRegistrationImage = /* @__PURE__ */ z.lazy(() =>
  z.object({
    status: z.enum(REGISTRATION_STATUSES),
    sessionId: z.string(),
    planId: z.string(),
    hostOrgId: z.string(),
    year: z.int(),
    planYear: z.optional(z.int()),
    creditHours: z.number(),
    countedBy: z.optional(z.string()),
    seatCountedBy: z.optional(z.string()),
    sessionHeld: z.optional(z.object({ planYear: z.optional(z.int()), hostYear: z.int() })),
  }),
);
