import * as z from 'zod/mini';
import { id, instant } from '../common';

/** A waitlisted registration was confirmed because a seat came free. */
const WaitlistPromoted = /* @__PURE__ */ z.lazy(() =>
  z.object({
    kind: z.literal('waitlist-promoted'),
    registrationId: id,
    traineeId: id,
    sessionId: id,
    createdAt: instant,
  }),
);

/** A certificate was revoked: its holder is told which, why and what it means. */
const CertificateRevoked = /* @__PURE__ */ z.lazy(() =>
  z.object({
    kind: z.literal('certificate-revoked'),
    number: z.string(),
    holderId: z.string(),
    createdAt: instant,
  }),
);

/**
 * A notice waiting in the outbox (shared/domain/notices/notice.ts): one member per kind, each
 * carrying what its teller (shared/mail/tellers/) needs to find whom to tell and what.
 */
export const Notice = /* @__PURE__ */ z.lazy(() =>
  z.discriminatedUnion('kind', [WaitlistPromoted, CertificateRevoked]),
);
export type Notice = z.infer<typeof Notice>;
export type NoticeKind = Notice['kind'];
export type NoticeOf<K extends NoticeKind> = Extract<Notice, { kind: K }>;
