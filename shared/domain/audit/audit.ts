/**
 * The rules of the audit trail: what one entry says, and which Beijing dates a reading of the trail
 * covers. Entries are written by the code that hands out the personal data; no route writes one.
 */

import { aboutField } from '#shared/i18n/field-labels';
import * as MESSAGES from '#shared/i18n/messages';
import type { Text } from '#shared/i18n/text';
import type { Actor } from '../actor';
import { beijingDate, daysBetween, shiftDate } from '../dates';
import { badRequest } from '../errors';
import { newId } from '../ids';
import type { AuditAction, AuditEntry, AuditQuery } from './schemas';

/** A reading of the trail without dates covers the last 30 days, today included. */
export const DEFAULT_WINDOW_DAYS = 30;
/** The longest reading: a year, so one page reads at most 13 monthly partitions. */
export const MAX_WINDOW_DAYS = 366;

export interface AuditFact {
  action: AuditAction;
  target: string;
  detail: AuditEntry['detail'];
}

/** The entry recording that `actor` did `fact` at `now`; the name is the sign-in's, else its id. */
export function auditEntry(actor: Actor, fact: AuditFact, now: Date): AuditEntry {
  return {
    id: newId('aud', now),
    at: now.toISOString(),
    actor: actor.userId,
    actorName: actor.name ?? actor.userId,
    ...fact,
  };
}

/** The first and last Beijing dates of a reading, both included. */
export interface AuditWindow {
  from: string;
  to: string;
}

/** The 400 of a query field, shaped like zod's own refusals. */
function refused(field: 'from' | 'to', message: Text) {
  return badRequest(
    MESSAGES.validation.invalidInput('query', [field]),
    [{ field, message: aboutField(field, message) }],
    'VALIDATION_FAILED',
  );
}

/**
 * The dates a reading covers: `to` by default today, `from` by default 29 days before `to`; `from`
 * after `to` or a span over MAX_WINDOW_DAYS is a 400 (the defaults depend on today, so the check
 * is here rather than in the query schema).
 */
export function auditWindow(query: Pick<AuditQuery, 'from' | 'to'>, now: Date): AuditWindow {
  const to = query.to ?? beijingDate(now);
  const from = query.from ?? shiftDate(to, -(DEFAULT_WINDOW_DAYS - 1));
  if (from > to) throw refused('from', MESSAGES.audit.fromAfterTo(from, to));
  const days = daysBetween(from, to) + 1;
  if (days > MAX_WINDOW_DAYS) throw refused('from', MESSAGES.audit.windowTooLong(days, MAX_WINDOW_DAYS));
  return { from, to };
}

/** The instant a Beijing date begins (UTC+8 all year: China keeps no daylight saving time). */
export const startOfBeijingDate = (date: string): string => new Date(`${date}T00:00:00+08:00`).toISOString();

/** The Beijing month (`YYYY-MM`) of an instant: the trail is kept in one partition per month. */
export const beijingMonthOf = (at: string): string => beijingDate(new Date(at)).slice(0, 7);

/** The Beijing months a window touches, newest first (the trail is read newest first). */
export function monthsNewestFirst(window: AuditWindow): string[] {
  const months: string[] = [];
  let [year, month] = window.to.slice(0, 7).split('-').map(Number) as [number, number];
  const first = window.from.slice(0, 7);
  for (;;) {
    const current = `${year}-${String(month).padStart(2, '0')}`;
    months.push(current);
    if (current <= first) return months;
    month -= 1;
    if (month === 0) [year, month] = [year - 1, 12];
  }
}
