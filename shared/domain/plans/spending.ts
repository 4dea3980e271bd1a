/**
 * Who reads a plan's spending (its expenses one by one): the plan's parties, those who see its
 * budget and totals (./access.ts). Anyone else who may see the plan (its public notice) is
 * refused; anyone who may not see it gets the 404 of an unknown plan.
 */
import * as MESSAGES from '#shared/i18n/messages';
import type { Actor } from '../actor';
import { forbidden } from '../errors';
import { isPlanParty, visiblePlan } from './access';
import type { Plan } from './schemas';

/** The plan if the caller may read its expenses; 404 when it may not see it, else 403 unless a party. */
export function planForSpending(actor: Actor, plan: Plan | undefined, planId: string): Plan {
  const visible = visiblePlan(actor, plan, planId);
  if (!isPlanParty(actor, visible)) throw forbidden(MESSAGES.evaluation.expensesForParties());
  return visible;
}
