/**
 * Where a session is counted (the yearly counters of shared/store/counters.ts): for its plan in
 * the plan's year, but only when the session lies within that year (a session dated outside its
 * plan's year never counts in it), and for its host in the year the session ends (the year its
 * trainees' hours count in).
 */
import { yearOf } from '../dates';
import type { Session } from './schemas';

export interface SessionCounting {
  /** The plan's year, or undefined when the session strays outside it. */
  planYear: number | undefined;
  hostYear: number;
}

export function sessionCounting(session: Pick<Session, 'year' | 'startDate' | 'endDate'>): SessionCounting {
  const within = yearOf(session.startDate) === session.year && yearOf(session.endDate) === session.year;
  return { planYear: within ? session.year : undefined, hostYear: yearOf(session.endDate) };
}
