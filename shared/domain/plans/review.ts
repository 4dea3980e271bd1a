/**
 * Separation of duties (四眼原则): whoever drafted a plan or put it up for review does not judge
 * it, whatever roles their sign-in carries. The history records who moved the plan, so the
 * submitter is the author of the latest move into `submitted`.
 */
import * as MESSAGES from '#shared/i18n/messages';
import type { Actor } from '../actor';
import { forbidden } from '../errors';
import { transitionPlan } from './plan';
import type { Plan, ReviewPlanInput } from './schemas';

/** Who last submitted the plan for review, if anyone has. */
export function latestSubmitter(plan: Pick<Plan, 'history'>): string | undefined {
  return plan.history.findLast((entry) => entry.to === 'submitted')?.by;
}

export function assertIndependentReviewer(actor: Actor, plan: Pick<Plan, 'createdBy' | 'history'>): void {
  if (actor.userId === plan.createdBy) {
    throw forbidden(MESSAGES.plans.draftedIt(), 'SELF_REVIEW');
  }
  if (actor.userId === latestSubmitter(plan)) {
    throw forbidden(MESSAGES.plans.submittedIt(), 'SELF_REVIEW');
  }
}

/** The plan after `review`, decided by someone who neither drafted nor submitted it. */
export function reviewPlan(plan: Plan, review: ReviewPlanInput, actor: Actor, now: Date): Plan {
  assertIndependentReviewer(actor, plan);
  return transitionPlan(plan, review.decision, actor, now, review.comment);
}
