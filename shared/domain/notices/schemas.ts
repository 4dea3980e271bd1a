import * as z from 'zod/mini';
import { id, instant } from '../common';

/** A notice waiting in the outbox (shared/domain/notices/notice.ts). */
export const Notice = /* @__PURE__ */ z.lazy(() =>
  z.object({
    /** A waitlisted registration was confirmed because a seat came free. */
    kind: z.literal('waitlist-promoted'),
    registrationId: id,
    traineeId: id,
    sessionId: id,
    createdAt: instant,
  }),
);
export type Notice = z.infer<typeof Notice>;
