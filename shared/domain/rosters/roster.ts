/**
 * The roster (花名册) of a session as the national platform's upload takes it: who held a seat,
 * with the masked ID number, hours awarded, days present and the assessment result, and the file
 * names; the CSV and XLSX forms are built in shared/rosters (they need csv-stringify and exceljs).
 */

import * as MESSAGES from '#shared/i18n/messages';
import { type Actor, actsAs } from '../actor';
import { forbidden } from '../errors';
import { ownsPlan } from '../plans/access';
import type { Attendance, Registration } from '../registrations/schemas';
import type { RegistrationStatus } from '../registrations/statuses';
import { toWellFormedText } from '../rules';
import type { Session } from '../sessions/schemas';
import { maskIdNumber } from '../trainees/id-number';

/** Column headers in Chinese, in the order of the platform's upload template. */
export const ROSTER_HEADERS = [
  '序号',
  '姓名',
  '身份证号',
  '工作单位',
  '培训班次',
  '学时',
  '出勤天数',
  '考核结果',
  '成绩',
] as const;

/** Index of the ID column: spreadsheets must keep it as text, never as a number. */
export const ID_COLUMN = ROSTER_HEADERS.indexOf('身份证号');

export type RosterResult = '合格' | '不合格' | '未考核';

export interface RosterRow {
  number: number;
  name: string;
  idNumberMasked: string;
  employer: string;
  sessionTitle: string;
  hours: number;
  daysPresent: number;
  result: RosterResult;
  /** Undefined when no score was recorded (a pass/fail assessment, or none yet). */
  score: number | undefined;
}

/** A cell as spreadsheets see it: numbers stay numbers, text is text, null is an empty cell. */
export type RosterCell = string | number | null;

// Whoever holds or held a seat is on the roster; the waitlisted and cancelled never attended.
const ON_ROSTER = new Set<RegistrationStatus>(['confirmed', 'completed', 'failed']);

const RESULT_TEXT: Record<string, RosterResult> = { completed: '合格', failed: '不合格' };

/**
 * The mask again, whatever the registration holds: masking is idempotent on the stored form
 * (4501**********1234), and a full number that slipped into a record still leaves masked.
 */
function maskedId(value: string): string {
  return value.length > 8 ? maskIdNumber(value) : '*'.repeat(value.length);
}

/** Days on which each registration was marked present (a day counts once). */
function daysPresentById(attendance: readonly Attendance[]): Map<string, number> {
  const days = new Map<string, Set<string>>();
  for (const day of attendance) {
    for (const id of day.present) {
      const dates = days.get(id) ?? new Set<string>();
      dates.add(day.date);
      days.set(id, dates);
    }
  }
  return new Map([...days].map(([id, dates]) => [id, dates.size]));
}

/** The roster rows, in the order given (registration order), numbered from 1. */
export function rosterRows(
  registrations: readonly Registration[],
  attendance: readonly Attendance[],
): RosterRow[] {
  const present = daysPresentById(attendance);
  return registrations
    .filter((registration) => ON_ROSTER.has(registration.status))
    .map((registration, index) => ({
      number: index + 1,
      name: registration.traineeName,
      idNumberMasked: maskedId(registration.idNumberMasked),
      employer: registration.employer,
      sessionTitle: registration.sessionTitle,
      // Hours are awarded only on a pass; the ledger holds the same rule.
      hours: registration.status === 'completed' ? registration.creditHours : 0,
      daysPresent: present.get(registration.id) ?? 0,
      result: RESULT_TEXT[registration.status] ?? '未考核',
      score: registration.result?.score,
    }));
}

/** A row's cells in the order of ROSTER_HEADERS; a missing score is an empty cell. */
export function rosterCells(row: RosterRow): RosterCell[] {
  return [
    row.number,
    row.name,
    row.idNumberMasked,
    row.employer,
    row.sessionTitle,
    row.hours,
    row.daysPresent,
    row.result,
    row.score ?? null,
  ];
}

/** Who reads a session's roster on the session alone: its host organization and admin. */
export const readsRosterAsHost = (actor: Actor, session: Pick<Session, 'hostOrgId'>): boolean =>
  ownsPlan(actor, session) || actsAs(actor, 'admin');

/** What else decides who reads a roster, read from the store only for callers who need it. */
export interface RosterReaderFacts {
  /** The co-organizing department (协办主管部门) of the session's plan, if it has one. */
  departmentId?: string | undefined;
  /** For a city bureau: the city it oversees, and the city of the session's host organization. */
  bureauCity?: string | undefined;
  hostCity?: string | undefined;
}

/**
 * Who reads a session's roster (masked; 404 comes before this): its host and admin; the
 * department that co-organizes its plan, which answers for the seminar with the host; and the
 * city bureau of the host's city, which supervises the program there. The national roster with
 * full ID numbers has its own, narrower rule.
 */
export function assertMaySeeRoster(
  actor: Actor,
  session: Pick<Session, 'hostOrgId'>,
  facts: RosterReaderFacts = {},
): void {
  if (readsRosterAsHost(actor, session)) return;
  const coOrganizes =
    actsAs(actor, 'department') && facts.departmentId !== undefined && facts.departmentId === actor.orgId;
  const supervises =
    actsAs(actor, 'city') && facts.bureauCity !== undefined && facts.bureauCity === facts.hostCity;
  if (!coOrganizes && !supervises) throw forbidden(MESSAGES.rosters.readersOnly());
}

export type RosterFormat = 'csv' | 'xlsx';

/**
 * RFC 5987 percent-encoding: encodeURIComponent leaves ' ( ) * unescaped, which attr-char forbids,
 * and throws on a lone surrogate, which a title stored before such text was refused may hold.
 */
function rfc5987(value: string): string {
  return encodeURIComponent(toWellFormedText(value)).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** What a roster file is called: in Chinese after the title, and an ASCII stem before the id. */
export interface RosterFileName {
  label: string;
  stem: string;
}

const ROSTER_FILE: RosterFileName = { label: '花名册', stem: 'roster' };

/**
 * `content-disposition` for a roster file: an ASCII `filename` every client understands
 * (session ids are URL-safe), and `filename*` with the session title for clients that read it.
 * Characters no file system takes are replaced, so the saved name is the title as far as possible.
 */
export function rosterContentDisposition(
  session: Pick<Session, 'id' | 'title'>,
  format: RosterFormat,
  name: RosterFileName = ROSTER_FILE,
): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  const title = session.title.replace(/[\\/:*?"<>|\u0000-\u001F\u007F]/g, '_').trim();
  const fallback = `${name.stem}-${session.id}.${format}`;
  return `attachment; filename="${fallback}"; filename*=UTF-8''${rfc5987(`${title}-${name.label}.${format}`)}`;
}
