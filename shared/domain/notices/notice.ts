/**
 * A notice: something a person must be told because of a change, written in the same transaction
 * as the change (a transactional outbox) and mailed by the notifier from the table's stream. So
 * the change and the promise to tell about it commit together; the request never waits for mail,
 * and a mail that fails is retried instead of lost.
 */
import type { StatusHistoryEntry } from '../organizations/schemas';
import type { Plan } from '../plans/schemas';
import type { PlanStatus } from '../plans/statuses';
import { ANNOUNCED_SESSION_FIELDS, type Notice, type NoticeOf, type SessionFieldChange } from './schemas';

/**
 * What a notice is about, unique within its kind: with the kind it names the notice, so the same
 * change announced twice is one notice, and it keys the mail's sent record.
 */
export function noticeSubject(notice: Notice): string {
  switch (notice.kind) {
    case 'waitlist-promoted':
      // A registration is promoted at most once.
      return notice.registrationId;
    case 'organization-status':
      // One notice per entry of the organization's status history.
      return `${notice.orgId}#${notice.at}`;
    case 'session-changed':
      // Every edit bumps the session's version: each change is told, and each once.
      return `${notice.sessionId}#${notice.version}`;
    case 'certificate-revoked':
      // A certificate is revoked at most once.
      return notice.number;
    case 'plan-reviewed':
    case 'plan-published':
      // One notice per move of the plan (a returned plan is reviewed again after resubmission).
      return `${notice.planId}#${notice.historyIndex}`;
    case 'annual-report-reviewed':
    case 'annual-report-awaiting-review':
      // One notice per step of a base's report of a year.
      return `${notice.orgId}#${notice.year}#${notice.historyIndex}`;
  }
}

/** The notice that tells a trainee their waitlisted registration is confirmed. */
export const promotionNotice = (
  registration: { id: string; traineeId: string; sessionId: string },
  now: Date,
): Notice => ({
  kind: 'waitlist-promoted',
  registrationId: registration.id,
  traineeId: registration.traineeId,
  sessionId: registration.sessionId,
  createdAt: now.toISOString(),
});

/** The notice that tells an organization its status changed, for that change's history entry. */
export const organizationStatusNotice = (orgId: string, change: StatusHistoryEntry, now: Date): Notice => ({
  kind: 'organization-status',
  orgId,
  status: change.status,
  at: change.at,
  createdAt: now.toISOString(),
});

/** The announced fields (when and where) whose value `fields` actually changes on `session`. */
export function announcedChanges(
  session: Partial<Record<SessionFieldChange['field'], string>>,
  fields: Partial<Record<SessionFieldChange['field'], string | undefined>>,
): SessionFieldChange[] {
  return ANNOUNCED_SESSION_FIELDS.flatMap((field) => {
    const to = fields[field];
    const from = session[field];
    if (to === undefined || to === from) return [];
    return [{ field, ...(from !== undefined ? { from } : {}), to }];
  });
}

/**
 * The notice that tells the trainees of `session` (as read, before the edit) that `fields` moved
 * it, or none when nothing announced changes. It carries the version the edit writes.
 */
export function sessionChangedNotice(
  session: Partial<Record<SessionFieldChange['field'], string>> & { id: string; version: number },
  fields: Partial<Record<SessionFieldChange['field'], string | undefined>>,
  now: Date,
): NoticeOf<'session-changed'> | undefined {
  const changes = announcedChanges(session, fields);
  if (changes.length === 0) return undefined;
  return {
    kind: 'session-changed',
    sessionId: session.id,
    version: session.version + 1,
    changes,
    createdAt: now.toISOString(),
  };
}

/** The statuses a review leads to: the host is told each of them. */
export const REVIEWED_STATUSES: readonly PlanStatus[] = ['approved', 'rejected', 'returned'];

/**
 * The notice of a plan's latest move, if its host is told of it: a review's decision or the
 * publication. Drafting, editing and submitting are the host's own doing: nothing to tell.
 */
export function planMoveNotice(plan: Pick<Plan, 'id' | 'history'>, now: Date): Notice | undefined {
  const historyIndex = plan.history.length - 1;
  const to = plan.history[historyIndex]?.to;
  const kind =
    to === 'published'
      ? 'plan-published'
      : to && REVIEWED_STATUSES.includes(to)
        ? 'plan-reviewed'
        : undefined;
  return kind && { kind, planId: plan.id, historyIndex, createdAt: now.toISOString() };
}
