import type { Actor } from '#shared/domain/actor';
import type { Registration } from '#shared/domain/registrations/schemas';
import { type RosterFormat, rosterContentDisposition, rosterRows } from '#shared/domain/rosters/roster';
import { foundSession } from '#shared/domain/sessions/session';
import { createHttpHandler } from '#shared/http/handler';
import { RawResponse } from '#shared/http/types';
import { MEDIA_TYPES } from '#shared/media-types';
import { toCsv } from '#shared/rosters/csv';
import { assertMayReadRoster } from '#shared/rosters/readers';
import { rosterXlsx } from '#shared/rosters/xlsx';
import { ROSTERS_ROUTES } from '#shared/routes/rosters';
import { listAttendance, listRoster } from '#shared/store/registrations';
import { getSession } from '#shared/store/sessions';

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
});
