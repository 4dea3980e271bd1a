/**
 * A trainee's ledger (GET /trainees/me/ledger) through the trainees function against DynamoDB
 * Local: passes written as the results function writes them, a completion certificate revoked as
 * the certificates function revokes it, entries written before hosts were stored on them, and pages.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { handler as certificatesHandler } from '#functions/certificates/handler';
import { handler as traineesHandler } from '#functions/trainees/handler';
import { beijingDate, yearOf } from '#shared/domain/dates';
import type { Organization } from '#shared/domain/organizations/schemas';
import type { Plan } from '#shared/domain/plans/schemas';
import { ledgerEntryFor } from '#shared/domain/registrations/registration';
import type { Registration } from '#shared/domain/registrations/schemas';
import type { CreateSessionInput } from '#shared/domain/sessions/schemas';
import { getLedgerEntry } from '#shared/store/ledger';
import { recordResultOnce } from '#shared/store/registration-changes';
import { ensureCompletionCertificate } from '#shared/use-cases/certificates/issuance';
import { hostWithPublishedPlan, sessionOf, trainees } from '../support/fixtures';
import { claimsFor, httpEvent, jsonBody, lambdaContext } from '../support/http-event';
import { registrationsOrResults } from '../support/route-handlers';

type Json = Record<string, unknown>;
type Item = {
  date: string;
  title: string;
  hostName: string;
  hours: number;
  certificateNumber?: string;
  reversed: boolean;
};

const ADMIN = claimsFor('admin', 'admin-ledger', { 'custom:orgId': 'org_hrss' });
const HOUR = 60 * 60 * 1000;

async function call(
  handler: typeof traineesHandler,
  routeKey: string,
  claims: Record<string, string>,
  options: { query?: Record<string, string>; pathParameters?: Record<string, string>; body?: unknown } = {},
) {
  const result = await handler(
    httpEvent({
      routeKey,
      claims,
      ...(options.query ? { query: options.query } : {}),
      ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    }),
    lambdaContext(routeKey.includes('certificates') ? 'certificates' : 'trainees'),
  );
  return { status: result.statusCode, body: jsonBody(result) as Json };
}

const ledgerOf = (traineeId: string, query: Record<string, string>) =>
  call(traineesHandler, 'GET /trainees/me/ledger', claimsFor('trainee', traineeId), { query });
const creditsOf = (traineeId: string, year: number) =>
  call(traineesHandler, 'GET /trainees/me/credits', claimsFor('trainee', traineeId), {
    query: { year: String(year) },
  });
const itemsOf = (body: Json) => body.items as Item[];

interface Host {
  host: Organization;
  plan: Plan;
}

/**
 * `traineeId` registers for a new session of `host` and passes it at `at`, written as the results
 * function writes a pass (`entryAs` changes the ledger entry, as older code wrote it), with the
 * completion certificate issued after.
 */
async function passes(
  traineeId: string,
  { host, plan }: Host,
  session: Partial<CreateSessionInput>,
  at: Date,
  entryAs: (entry: ReturnType<typeof ledgerEntryFor>) => ReturnType<typeof ledgerEntryFor> = (entry) => entry,
) {
  // The fixture's plan names its host by id; the session copies the name a real plan carries.
  const { id: sessionId } = await sessionOf({ ...plan, hostName: host.name }, session);
  const registered = await registrationsOrResults('POST /sessions/{sessionId}/registrations')(
    httpEvent({
      routeKey: 'POST /sessions/{sessionId}/registrations',
      claims: claimsFor('trainee', traineeId),
      pathParameters: { sessionId },
    }),
    lambdaContext('registrations'),
  );
  expect(registered.statusCode).toBe(201);
  const registration = jsonBody(registered) as unknown as Registration;
  const completed = await recordResultOnce(
    registration,
    { passed: true },
    'host-user',
    at,
    entryAs(ledgerEntryFor(registration, at)),
  );
  const certificate = await ensureCompletionCertificate(completed, host, at);
  return { registration: completed, certificate };
}

const revoke = (number: string) =>
  call(certificatesHandler, 'POST /certificates/{number}/revoke', ADMIN, {
    pathParameters: { number },
    body: { reason: '考核材料造假' },
  });

/** One trainee with two passes of one host, the second revoked. */
async function ledgerWithRevocation() {
  const [person] = await trainees(1);
  if (!person) throw new Error('no trainee');
  const host = await hostWithPublishedPlan();
  const now = Date.now();
  const first = await passes(
    person.traineeId,
    host,
    { title: '数字经济专题研修班', creditHours: 24, subjectType: 'professional' },
    new Date(now - 2 * HOUR),
  );
  const second = await passes(
    person.traineeId,
    host,
    { title: '公需科目：法治教育', creditHours: 12, subjectType: 'public-compulsory' },
    new Date(now - HOUR),
  );
  const revocation = await revoke(second.certificate.number);
  expect(revocation.status).toBe(200);
  const revokedAt = revocation.body.revokedAt as string;
  return { person, host, first, second, revokedAt, year: first.registration.year };
}

let fixture: Awaited<ReturnType<typeof ledgerWithRevocation>> | undefined;
const revokedLedger = async () => {
  fixture ??= await ledgerWithRevocation();
  return fixture;
};
afterAll(() => {
  fixture = undefined;
});

describe("a trainee's ledger", () => {
  it('lists every entry behind the credits, the revoked pass and its reversal both marked', async () => {
    const { person, host, first, second, revokedAt, year } = await revokedLedger();
    const answer = await ledgerOf(person.traineeId, { year: String(year) });
    expect(answer.status).toBe(200);
    expect(answer.body.nextCursor).toBeNull();
    const hostName = host.host.name;
    expect(itemsOf(answer.body)).toEqual([
      {
        date: beijingDate(new Date(first.registration.result?.recordedAt as string)),
        sessionId: first.registration.sessionId,
        title: '数字经济专题研修班',
        hostName,
        subjectType: 'professional',
        hours: 24,
        certificateNumber: first.certificate.number,
        reversed: false,
      },
      {
        date: beijingDate(new Date(second.registration.result?.recordedAt as string)),
        sessionId: second.registration.sessionId,
        title: '公需科目：法治教育',
        hostName,
        subjectType: 'public-compulsory',
        hours: 12,
        certificateNumber: second.certificate.number,
        reversed: true,
      },
      {
        date: beijingDate(new Date(revokedAt)),
        sessionId: second.registration.sessionId,
        title: '公需科目：法治教育',
        hostName,
        subjectType: 'public-compulsory',
        hours: -12,
        certificateNumber: second.certificate.number,
        reversed: true,
      },
    ]);
    const credits = await creditsOf(person.traineeId, year);
    const sum = itemsOf(answer.body).reduce((total, item) => total + item.hours, 0);
    expect(sum).toBe(credits.body.total);
    expect(credits.body.total).toBe(24);
  });

  it('stores the host on a new entry, so the page reads no registration for it', async () => {
    const { person, first, host } = await revokedLedger();
    const stored = await getLedgerEntry(person.traineeId, first.registration.year, first.registration.id);
    expect(stored).toMatchObject({ hostOrgId: host.host.id, hostName: host.host.name });
  });

  it('pages oldest first with a cursor, every entry once, and refuses a cursor of another year', async () => {
    const { person, year } = await revokedLedger();
    const whole = itemsOf((await ledgerOf(person.traineeId, { year: String(year) })).body);
    const paged: Item[] = [];
    const cursors: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await ledgerOf(person.traineeId, {
        year: String(year),
        limit: '1',
        ...(cursor ? { cursor } : {}),
      });
      expect(page.status).toBe(200);
      expect(itemsOf(page.body)).toHaveLength(1);
      paged.push(...itemsOf(page.body));
      cursor = (page.body.nextCursor as string | null) ?? undefined;
      if (cursor) cursors.push(cursor);
    } while (cursor);
    expect(paged).toEqual(whole);
    expect(cursors).toHaveLength(2);

    const otherYear = await ledgerOf(person.traineeId, {
      year: String(year - 1),
      cursor: cursors[0] as string,
    });
    expect(otherYear.status).toBe(400);
    expect((otherYear.body.error as Json).code).toBe('BAD_REQUEST');
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(cursors[0] as string, 'base64url').toString()), part: 'x' }),
    ).toString('base64url');
    expect((await ledgerOf(person.traineeId, { year: String(year), cursor: forged })).status).toBe(400);
    expect((await ledgerOf(person.traineeId, { year: String(year), cursor: 'not-a-cursor' })).status).toBe(
      400,
    );
  });

  it("is the caller's own: another trainee's ledger of the year is empty", async () => {
    const { year } = await revokedLedger();
    const [stranger] = await trainees(1);
    const answer = await ledgerOf(stranger?.traineeId as string, { year: String(year) });
    expect(answer.body).toEqual({ items: [], nextCursor: null });
  });

  it('reads the current Beijing year when none is asked for', async () => {
    const { person } = await revokedLedger();
    const thisYear = yearOf(beijingDate(new Date()));
    const asked = await ledgerOf(person.traineeId, { year: String(thisYear) });
    const unasked = await ledgerOf(person.traineeId, {});
    expect(unasked.status).toBe(200);
    expect(unasked.body).toEqual(asked.body);
  });

  it('names the host of an entry written before hosts were stored on entries, with its certificate', async () => {
    const [person] = await trainees(1);
    if (!person) throw new Error('no trainee');
    const host = await hostWithPublishedPlan();
    const { registration, certificate } = await passes(
      person.traineeId,
      host,
      { title: '乡村振兴专题研修班', creditHours: 16 },
      new Date(Date.now() - HOUR),
      ({ hostOrgId: _id, hostName: _name, ...entry }) => entry,
    );
    const stored = await getLedgerEntry(person.traineeId, registration.year, registration.id);
    expect(stored).not.toHaveProperty('hostName');
    const answer = await ledgerOf(person.traineeId, { year: String(registration.year) });
    expect(itemsOf(answer.body)).toEqual([
      expect.objectContaining({
        title: '乡村振兴专题研修班',
        hostName: host.host.name,
        hours: 16,
        certificateNumber: certificate.number,
        reversed: false,
      }),
    ]);
  });
});
