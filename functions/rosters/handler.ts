import type { Actor } from '#shared/domain/actor';
import { auditEntry } from '#shared/domain/audit/audit';
import type { Certificate } from '#shared/domain/certificates/schemas';
import type { Registration } from '#shared/domain/registrations/schemas';
import {
  assertMayExportNationalRoster,
  completionNumbers,
  NATIONAL_ROSTER_FILE,
  type NationalRosterRow,
  nationalRosterExport,
  nationalRosterRows,
} from '#shared/domain/rosters/national-roster';
import { type RosterFormat, rosterContentDisposition, rosterRows } from '#shared/domain/rosters/roster';
import { foundSession } from '#shared/domain/sessions/session';
import { createHttpHandler } from '#shared/http/handler';
import { RawResponse } from '#shared/http/types';
import { MEDIA_TYPES } from '#shared/media-types';
import { nationalRosterCsv, toCsv } from '#shared/rosters/csv';
import { nationalRosterXlsx, rosterXlsx } from '#shared/rosters/xlsx';
import { ROSTERS_ROUTES } from '#shared/routes/rosters';
import { appendAuditEntry } from '#shared/store/audit';
import { listSessionCertificates } from '#shared/store/certificates';
import { getPlan } from '#shared/store/plans';
import { listAttendance, listRoster, registrationsOfSession } from '#shared/store/registrations';
import { getSession } from '#shared/store/sessions';
import { getTraineeProfiles } from '#shared/store/trainees';
import { assertMayReadRoster } from '#shared/use-cases/rosters/readers';

/** The largest page the store serves; an export reads the whole roster. */
const PAGE_SIZE = 200;

async function allRegistrations(sessionId: string): Promise<Registration[]> {
  const registrations: Registration[] = [];
  let cursor: string | undefined;
  do {
    const page = await listRoster(sessionId, PAGE_SIZE, cursor);
    registrations.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return registrations;
}

async function allSessionCertificates(sessionId: string): Promise<Certificate[]> {
  const certificates: Certificate[] = [];
  let cursor: string | undefined;
  do {
    const page = await listSessionCertificates(sessionId, PAGE_SIZE, cursor);
    certificates.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return certificates;
}

async function exportRoster(actor: Actor, sessionId: string, format: RosterFormat) {
  const session = foundSession(await getSession(sessionId), sessionId);
  await assertMayReadRoster(actor, session);
  const [registrations, attendance] = await Promise.all([
    allRegistrations(session.id),
    listAttendance(session.id),
  ]);
  const headers = { 'content-disposition': rosterContentDisposition(session, format) };
  return { rows: rosterRows(registrations, attendance), headers };
}

/**
 * The national roster's rows: the completed registrations, their profiles read in batches (never
 * one read per trainee), the plan's project and the session's completion certificates.
 */
async function nationalRoster(actor: Actor, sessionId: string, format: RosterFormat) {
  const session = foundSession(await getSession(sessionId), sessionId);
  assertMayExportNationalRoster(actor, session);
  const [registrations, plan, certificates] = await Promise.all([
    registrationsOfSession(session.id, 'completed'),
    getPlan(session.planId),
    allSessionCertificates(session.id),
  ]);
  if (!plan) throw new Error(`Session ${session.id} names plan ${session.planId}, which is missing`);
  const profiles = await getTraineeProfiles(registrations.map((registration) => registration.traineeId));
  const rows = nationalRosterRows({
    session,
    project: plan.project,
    registrations,
    profiles,
    certificateNumbers: completionNumbers(certificates),
  });
  const headers = {
    'content-disposition': rosterContentDisposition(session, format, NATIONAL_ROSTER_FILE),
  };
  return { session, rows, headers };
}

/**
 * Records the export, once, before the file leaves: if the record cannot be written the caller
 * gets an error and no file, so no full ID number is read without a trace.
 */
async function recordExport(
  actor: Actor,
  exported: { session: { id: string; title: string }; rows: readonly NationalRosterRow[] },
  format: RosterFormat,
  now: Date,
) {
  const fact = nationalRosterExport(exported.session, format, exported.rows.length);
  await appendAuditEntry(auditEntry(actor, fact, now));
}

export const handler = createHttpHandler(ROSTERS_ROUTES, {
  exportRosterXlsx: async ({ principal, params }) => {
    const { rows, headers } = await exportRoster(principal, params.sessionId, 'xlsx');
    // Binary bodies cross API Gateway as base64, flagged so it decodes them for the client.
    return new RawResponse((await rosterXlsx(rows)).toString('base64'), MEDIA_TYPES.xlsx, headers, true);
  },

  exportRosterCsv: async ({ principal, params }) => {
    const { rows, headers } = await exportRoster(principal, params.sessionId, 'csv');
    return new RawResponse(toCsv(rows), MEDIA_TYPES.csv, headers);
  },

  exportNationalRosterXlsx: async ({ principal, params, now }) => {
    const exported = await nationalRoster(principal, params.sessionId, 'xlsx');
    const file = (await nationalRosterXlsx(exported.rows)).toString('base64');
    await recordExport(principal, exported, 'xlsx', now);
    return new RawResponse(file, MEDIA_TYPES.xlsx, exported.headers, true);
  },

  exportNationalRosterCsv: async ({ principal, params, now }) => {
    const exported = await nationalRoster(principal, params.sessionId, 'csv');
    const file = nationalRosterCsv(exported.rows);
    await recordExport(principal, exported, 'csv', now);
    return new RawResponse(file, MEDIA_TYPES.csv, exported.headers);
  },
});
