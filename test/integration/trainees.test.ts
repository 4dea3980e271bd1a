/** The trainees function in process against DynamoDB Local: own profile and yearly credits. */
import { randomUUID } from 'node:crypto';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { handler } from '#functions/trainees/handler';
import type { SubjectType } from '#shared/domain/sessions/kinds';
import type { LedgerEntry } from '#shared/domain/trainees/schemas';
import { db } from '#shared/store/client';
import { appendLedgerEntry } from '#shared/store/ledger';
import { getTraineeProfile, putTraineeProfile } from '#shared/store/trainees';
import { uniqueIdNumber } from '../support/fixtures';
import { claimsFor, httpEvent, jsonBody, lambdaContext } from '../support/http-event';

type Json = Record<string, unknown>;

/** A fresh trainee per test: the database is shared with the other test files. */
const newTrainee = () => claimsFor('trainee', `trainee-${randomUUID()}`);

async function call(
  routeKey: string,
  claims: Record<string, string>,
  options: { query?: Record<string, string>; body?: unknown } = {},
) {
  const result = await handler(
    httpEvent({
      routeKey,
      claims,
      ...(options.query ? { query: options.query } : {}),
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    }),
    lambdaContext('trainees'),
  );
  return { status: result.statusCode, body: jsonBody(result) as Json };
}

/** A profile with an ID number of its own: the store refuses a number another trainee holds. */
const profileInput = (overrides: Json = {}) => ({
  name: '李华',
  idNumber: uniqueIdNumber(),
  employer: '广西壮族自治区人民医院',
  city: '南宁',
  email: 'lihua@example.cn',
  ...overrides,
});

const putProfile = (claims: Record<string, string>, body: unknown) =>
  call('PUT /trainees/me', claims, { body });
const getProfile = (claims: Record<string, string>) => call('GET /trainees/me', claims);
const getCredits = (claims: Record<string, string>, query: Record<string, string>) =>
  call('GET /trainees/me/credits', claims, { query });

let sequence = 0;
function ledgerEntry(traineeId: string, year: number, subjectType: SubjectType, hours: number): LedgerEntry {
  sequence += 1;
  return {
    traineeId,
    year,
    registrationId: `reg_${randomUUID().slice(0, 8)}_${sequence}`,
    sessionId: `ses_${sequence}`,
    sessionTitle: `研修班 ${sequence}`,
    subjectType,
    hours,
    recordedAt: `${year}-12-11T09:00:00.000Z`,
  };
}

/** Written as the registrations feature writes them: inside a transaction. */
async function recordCredits(entries: LedgerEntry[]) {
  await db.send(new TransactWriteCommand({ TransactItems: entries.map(appendLedgerEntry) }));
}

describe('profile', () => {
  it('stores the profile and shows its owner the full ID number', async () => {
    const trainee = newTrainee();
    const input = profileInput();
    const put = await putProfile(trainee, input);
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ traineeId: trainee.sub, ...input, updatedAt: expect.any(String) });

    const got = await getProfile(trainee);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(put.body);
    expect(got.body.idNumber).toBe(input.idNumber);
  });

  it('hands the registrations feature the stored profile without its keys', async () => {
    const trainee = newTrainee();
    const input = profileInput();
    await putProfile(trainee, input);
    const stored = await getTraineeProfile(trainee.sub);
    expect(stored).toMatchObject({
      traineeId: trainee.sub,
      idNumber: input.idNumber,
      email: 'lihua@example.cn',
    });
    expect(stored).not.toHaveProperty('pk');
    expect(stored).not.toHaveProperty('sk');
    expect(stored).not.toHaveProperty('entity');
    expect(await getTraineeProfile(`trainee-${randomUUID()}`)).toBeUndefined();
  });

  it('replaces the whole profile on a second PUT, with an upper-case X', async () => {
    const trainee = newTrainee();
    const withX = uniqueIdNumber(true);
    const first = await putProfile(trainee, profileInput());
    const second = await putProfile(
      trainee,
      profileInput({ name: '李华明', idNumber: withX.toLowerCase(), city: '柳州' }),
    );
    expect(second.status).toBe(200);
    const got = await getProfile(trainee);
    expect(got.body).toMatchObject({ name: '李华明', idNumber: withX, city: '柳州' });
    expect(Date.parse(got.body.updatedAt as string)).toBeGreaterThanOrEqual(
      Date.parse(first.body.updatedAt as string),
    );
  });

  it('keeps each trainee to their own profile', async () => {
    const one = newTrainee();
    const other = newTrainee();
    await putProfile(one, profileInput());
    await putProfile(other, profileInput({ name: '王芳' }));
    expect((await getProfile(one)).body).toMatchObject({ traineeId: one.sub, name: '李华' });
    expect((await getProfile(other)).body).toMatchObject({ traineeId: other.sub, name: '王芳' });
  });

  it('refuses a wrong check digit with a 400 naming idNumber, and stores nothing', async () => {
    const trainee = newTrainee();
    const response = await putProfile(trainee, profileInput({ idNumber: '450103199001011234' }));
    expect(response.status).toBe(400);
    const details = (response.body.error as { details: { field: string }[] }).details;
    expect(details.map((detail) => detail.field)).toEqual(['idNumber']);
    expect((await getProfile(trainee)).status).toBe(404);
  });

  it('refuses an unknown field with a 400 naming it', async () => {
    const response = await putProfile(newTrainee(), { ...profileInput(), traineeId: 'someone-else' });
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      error: {
        code: 'VALIDATION_FAILED',
        details: [{ field: 'traineeId', message: 'traineeId：不接受此字段' }],
      },
    });
  });

  it('refuses a profile without an email, and a malformed body, with a 400', async () => {
    const { email: _, ...withoutEmail } = profileInput();
    const missing = await putProfile(newTrainee(), withoutEmail);
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ error: { details: [{ field: 'email' }] } });

    const malformed = await handler(
      httpEvent({ routeKey: 'PUT /trainees/me', claims: newTrainee(), body: '{"name":' }),
      lambdaContext('trainees'),
    );
    expect(malformed.statusCode).toBe(400);
  });

  it('answers 404 PROFILE_NOT_FOUND before the first PUT, saying what to do', async () => {
    const response = await getProfile(newTrainee());
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({
      error: {
        code: 'PROFILE_NOT_FOUND',
        message: '您尚未填写学员个人信息，请先通过 PUT /trainees/me 提交',
      },
    });
  });
});

describe('one person, one ID number', () => {
  const errorCode = (response: { body: Json }) => (response.body.error as { code: string }).code;

  it('lets exactly one of five trainees claiming one number at the same time have it', async () => {
    for (let round = 0; round < 3; round++) {
      const idNumber = uniqueIdNumber();
      const racers = Array.from({ length: 5 }, newTrainee);
      const answers = await Promise.all(racers.map((racer) => putProfile(racer, profileInput({ idNumber }))));
      const winners = racers.filter((_, n) => answers[n]?.status === 200);
      expect(winners).toHaveLength(1);
      const losers = answers.filter((answer) => answer.status !== 200);
      expect(losers.map((answer) => [answer.status, errorCode(answer)])).toEqual(
        Array(4).fill([409, 'ID_NUMBER_IN_USE']),
      );
      // A refused save writes nothing: the losers still have no profile.
      const stored = await Promise.all(racers.map((racer) => getTraineeProfile(racer.sub)));
      expect(stored.filter(Boolean).map((profile) => profile?.traineeId)).toEqual([winners[0]?.sub]);
    }
  });

  it('lets the holder save again, and frees the old number when the holder changes it', async () => {
    const holder = newTrainee();
    const other = newTrainee();
    const [first, second] = [uniqueIdNumber(), uniqueIdNumber()];
    expect((await putProfile(holder, profileInput({ idNumber: first }))).status).toBe(200);
    expect((await putProfile(holder, profileInput({ idNumber: first, city: '柳州' }))).status).toBe(200);
    expect(errorCode(await putProfile(other, profileInput({ idNumber: first })))).toBe('ID_NUMBER_IN_USE');

    expect((await putProfile(holder, profileInput({ idNumber: second }))).status).toBe(200);
    expect((await putProfile(other, profileInput({ idNumber: first }))).status).toBe(200);
    expect(errorCode(await putProfile(other, profileInput({ idNumber: second })))).toBe('ID_NUMBER_IN_USE');
    expect((await getProfile(other)).body.idNumber).toBe(first);
  });

  it('writes the guard of a profile saved before guards existed on its next save', async () => {
    const veteran = newTrainee();
    const idNumber = uniqueIdNumber();
    await putTraineeProfile({
      traineeId: veteran.sub,
      name: '李华',
      idNumber,
      employer: '广西壮族自治区人民医院',
      city: '南宁',
      email: 'lihua@example.cn',
      updatedAt: new Date().toISOString(),
    });
    expect((await putProfile(veteran, profileInput({ idNumber, employer: '柳州市人民医院' }))).status).toBe(
      200,
    );
    expect(errorCode(await putProfile(newTrainee(), profileInput({ idNumber })))).toBe('ID_NUMBER_IN_USE');
  });
});

describe('the sign-in vouches for name and address', () => {
  const signedIn = (claims: Record<string, string>) =>
    claimsFor('trainee', `trainee-${randomUUID()}`, claims);

  it('refuses a body whose name or address differs from the claims (422), storing nothing', async () => {
    const trainee = signedIn({ name: '李华', email: 'lihua@example.cn' });
    const answer = await putProfile(trainee, profileInput({ email: 'someone@example.cn' }));
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({
      error: { code: 'PROFILE_CLAIM_MISMATCH', details: [{ field: 'email' }] },
    });
    expect((await getProfile(trainee)).status).toBe(404);
  });

  it('stores the verified address when the body agrees with the claims', async () => {
    const trainee = signedIn({ name: '李华', email: 'LiHua@Example.cn' });
    const answer = await putProfile(trainee, profileInput());
    expect(answer.status).toBe(200);
    expect((await getProfile(trainee)).body).toMatchObject({ name: '李华', email: 'LiHua@Example.cn' });
  });
});

describe('access', () => {
  it.each(['host', 'admin', 'department', 'assessor'])(
    'refuses a %s every trainee route (403)',
    async (role) => {
      const claims = claimsFor(role, `${role}-${randomUUID()}`, { 'custom:orgId': 'org_x' });
      expect((await putProfile(claims, profileInput())).status).toBe(403);
      expect((await getProfile(claims)).status).toBe(403);
      expect((await getCredits(claims, { year: '2026' })).status).toBe(403);
    },
  );

  it('refuses a caller without claims (401)', async () => {
    const result = await handler(httpEvent({ routeKey: 'GET /trainees/me' }), lambdaContext('trainees'));
    expect(result.statusCode).toBe(401);
  });
});

describe('credits', () => {
  it('is all zeros and not met for a year with no entries, against 90 and 60 hours', async () => {
    const response = await getCredits(newTrainee(), { year: '2026' });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      year: 2026,
      publicCompulsory: 0,
      publicElective: 0,
      professional: 0,
      total: 0,
      requiredTotal: 90,
      requiredProfessional: 60,
      met: false,
    });
  });

  it("counts each year's own entries only, beside the profile in the same partition", async () => {
    const trainee = newTrainee();
    const someoneElse = newTrainee();
    expect((await putProfile(trainee, profileInput())).status).toBe(200);
    await recordCredits([
      ledgerEntry(trainee.sub, 2026, 'professional', 40),
      ledgerEntry(trainee.sub, 2026, 'professional', 20.5),
      ledgerEntry(trainee.sub, 2026, 'public-compulsory', 12),
      ledgerEntry(trainee.sub, 2026, 'public-elective', 18),
      ledgerEntry(trainee.sub, 2027, 'professional', 10),
      ledgerEntry(trainee.sub, 2027, 'public-elective', 2.5),
      ledgerEntry(someoneElse.sub, 2026, 'professional', 100),
    ]);

    expect((await getCredits(trainee, { year: '2026' })).body).toEqual({
      year: 2026,
      publicCompulsory: 12,
      publicElective: 18,
      professional: 60.5,
      total: 90.5,
      requiredTotal: 90,
      requiredProfessional: 60,
      met: true,
    });
    expect((await getCredits(trainee, { year: '2027' })).body).toMatchObject({
      year: 2027,
      publicCompulsory: 0,
      publicElective: 2.5,
      professional: 10,
      total: 12.5,
      met: false,
    });
    expect((await getCredits(trainee, { year: '2025' })).body).toMatchObject({ total: 0, met: false });
    expect((await getCredits(someoneElse, { year: '2026' })).body).toMatchObject({
      professional: 100,
      total: 100,
      met: true,
    });
  });

  it.each([
    ['before the program', { year: '2020' }],
    ['after the program', { year: '2036' }],
    ['not a number', { year: 'this' }],
    ['not four digits', { year: '26' }],
  ])('refuses a year %s with a 400 naming it', async (_, query) => {
    const response = await getCredits(newTrainee(), query);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { details: [{ field: 'query.year' }] } });
  });

  it('refuses a missing year with a 400', async () => {
    const response = await getCredits(newTrainee(), {});
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: { details: [{ field: 'query.year' }] } });
  });
});
