import * as z from 'zod/mini';
import { id, instant } from '../common';
import { ORGANIZATION_STATUSES } from '../organizations/kinds';

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

/** An organization's status changed (the exit mechanism); `at` is its status history entry's. */
const OrganizationStatus = /* @__PURE__ */ z.lazy(() =>
  z.object({
    kind: z.literal('organization-status'),
    orgId: id,
    status: z.enum(ORGANIZATION_STATUSES),
    at: instant,
    createdAt: instant,
  }),
);

/** The fields whose change the trainees of a session are told of: when and where it is held. */
export const ANNOUNCED_SESSION_FIELDS = ['startDate', 'endDate', 'city', 'location'] as const;

/** One announced field, as it was and as it is now (absent: a location not given). */
const SessionFieldChange = /* @__PURE__ */ z.lazy(() =>
  z.object({
    field: z.enum(ANNOUNCED_SESSION_FIELDS),
    from: z.optional(z.string()),
    to: z.optional(z.string()),
  }),
);
export type SessionFieldChange = z.infer<typeof SessionFieldChange>;

/** A session with registrations was moved: its confirmed and waitlisted trainees are told. */
const SessionChanged = /* @__PURE__ */ z.lazy(() =>
  z.object({
    kind: z.literal('session-changed'),
    sessionId: id,
    /** The session's version the change produced: each change is a notice of its own. */
    version: z.int(),
    changes: z.array(SessionFieldChange),
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
 * A plan's review or publication, told to its host: `historyIndex` is the plan's history entry of
 * that move, which carries the decision and the reviewer's comment.
 */
const planMove = <K extends 'plan-reviewed' | 'plan-published'>(kind: K) =>
  z.object({
    kind: z.literal(kind),
    planId: id,
    historyIndex: z.int().check(z.gte(0)),
    createdAt: instant,
  });

/** A submitted plan was approved, rejected or returned for changes. */
const PlanReviewed = /* @__PURE__ */ z.lazy(() => planMove('plan-reviewed'));

/** An approved plan was published (公示): its host may now open sessions. */
const PlanPublished = /* @__PURE__ */ z.lazy(() => planMove('plan-published'));

/**
 * A step of a base's annual report (its history entry `historyIndex`): `annual-report-reviewed`
 * tells the base, `annual-report-awaiting-review` the reviewer whose turn it now is.
 */
const annualReportStep = <K extends 'annual-report-reviewed' | 'annual-report-awaiting-review'>(kind: K) =>
  z.object({
    kind: z.literal(kind),
    orgId: id,
    year: z.int(),
    historyIndex: z.int().check(z.gte(0)),
    createdAt: instant,
  });

const AnnualReportReviewed = /* @__PURE__ */ z.lazy(() => annualReportStep('annual-report-reviewed'));
const AnnualReportAwaitingReview = /* @__PURE__ */ z.lazy(() =>
  annualReportStep('annual-report-awaiting-review'),
);

/**
 * A notice waiting in the outbox (shared/domain/notices/notice.ts): one member per kind, each
 * carrying what its teller (shared/use-cases/mail/tellers/) needs to find whom to tell and what.
 */
export const Notice = /* @__PURE__ */ z.lazy(() =>
  z.discriminatedUnion('kind', [
    WaitlistPromoted,
    OrganizationStatus,
    SessionChanged,
    CertificateRevoked,
    PlanReviewed,
    PlanPublished,
    AnnualReportReviewed,
    AnnualReportAwaitingReview,
  ]),
);
export type Notice = z.infer<typeof Notice>;
export type NoticeKind = Notice['kind'];
export type NoticeOf<K extends NoticeKind> = Extract<Notice, { kind: K }>;
