/**
 * A trainee is one person, over HTTP as a client drives it: an ID number belongs to one profile,
 * a certificate fixes the name and ID number it bears, and the sign-in's name and address are
 * the profile's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDate, shiftDate } from '#shared/domain/dates';
import { ApiClient } from '../support/api-client';
import { uniqueIdNumber } from '../support/fixtures';
import { type LocalSystem, startLocalSystem } from '../support/local-system';

let system: LocalSystem;
let anonymous: ApiClient;
let assessor: ApiClient;

const profile = (overrides: Record<string, string> = {}) => ({
  name: '陈明',
  idNumber: uniqueIdNumber(),
  employer: '桂林医学院附属医院',
  city: '桂林',
  email: 'chenming@example.cn',
  ...overrides,
});

const save = (trainee: ApiClient, body: unknown) => trainee.request('PUT', '/trainees/me', { body });

/** A trainee whose token carries `claims` (`name`, `email`), as a sign-in service would issue it. */
async function signedIn(sub: string, claims: { name?: string; email?: string } = {}) {
  const minted = await anonymous.post('/local/tokens', { sub, role: 'trainee', ...claims });
  expect(minted.status).toBe(201);
  return anonymous.withToken(minted.body.token);
}

beforeAll(async () => {
  system = await startLocalSystem();
  anonymous = new ApiClient(system.baseUrl);
  const admin = await anonymous.as('admin-1', 'admin', 'org_hrss');
  const institution = await admin.post('/organizations', {
    name: '广西数字技术评价中心',
    kind: 'assessment-institution',
    city: '南宁',
  });
  assessor = await anonymous.as('assessor-1', 'assessor', institution.body.id);
});

afterAll(async () => {
  await system?.stop();
});

describe('one ID number, one trainee', () => {
  it('refuses a number another trainee holds (409 ID_NUMBER_IN_USE) until its holder moves', async () => {
    const holder = await signedIn('trainee-holder');
    const newcomer = await signedIn('trainee-newcomer');
    const idNumber = uniqueIdNumber();
    expect((await save(holder, profile({ idNumber }))).status).toBe(200);

    const refused = await save(newcomer, profile({ name: '陈敏', idNumber }));
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('ID_NUMBER_IN_USE');
    expect((await newcomer.get('/trainees/me')).status).toBe(404);

    // The holder corrects a mistyped number: the old one is free for its real owner.
    expect((await save(holder, profile({ idNumber: uniqueIdNumber() }))).status).toBe(200);
    expect((await save(newcomer, profile({ name: '陈敏', idNumber }))).status).toBe(200);
    expect((await newcomer.get('/trainees/me')).body.idNumber).toBe(idNumber);
  });

  it('gives a number to one of two trainees saving it at the same moment', async () => {
    const idNumber = uniqueIdNumber();
    const pair = [await signedIn('trainee-race-1'), await signedIn('trainee-race-2')];
    const answers = await Promise.all(pair.map((trainee) => save(trainee, profile({ idNumber }))));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    expect(answers.find((answer) => answer.status === 409)?.body.error.code).toBe('ID_NUMBER_IN_USE');
  });
});

describe('after a certificate is issued', () => {
  it('keeps the certified name and ID number (409 PROFILE_LOCKED), and lets the rest change', async () => {
    const trainee = await signedIn('trainee-certified');
    const first = profile({ name: '黄丽' });
    expect((await save(trainee, first)).status).toBe(200);
    // Before any certificate the name may still be corrected.
    expect((await save(trainee, { ...first, name: '黄莉' })).status).toBe(200);

    const issued = await assessor.post('/certificates', {
      holderId: 'trainee-certified',
      holderName: '黄莉',
      field: 'big-data',
      level: 'senior',
      examDate: shiftDate(beijingDate(new Date()), -7),
    });
    expect(issued.status).toBe(201);

    for (const change of [{ name: '黄丽' }, { idNumber: uniqueIdNumber() }]) {
      const locked = await save(trainee, { ...first, name: '黄莉', ...change });
      expect(locked.status).toBe(409);
      expect(locked.body.error).toMatchObject({
        code: 'PROFILE_LOCKED',
        details: [{ field: Object.keys(change)[0] }],
      });
    }
    const moved = await save(trainee, {
      ...first,
      name: '黄莉',
      employer: '南宁市第二人民医院',
      city: '南宁',
    });
    expect(moved.status).toBe(200);
    expect((await trainee.get('/trainees/me')).body).toMatchObject({
      name: '黄莉',
      idNumber: first.idNumber,
      employer: '南宁市第二人民医院',
      city: '南宁',
    });
  });
});

describe('the sign-in vouches for name and address', () => {
  it('refuses a name or address other than the token carries (422 PROFILE_CLAIM_MISMATCH)', async () => {
    const trainee = await signedIn('trainee-claims', { name: '刘洋', email: 'liuyang@example.cn' });
    for (const [field, value] of [
      ['name', '刘阳'],
      ['email', 'someone-else@example.cn'],
    ] as const) {
      const answer = await save(
        trainee,
        profile({ name: '刘洋', email: 'liuyang@example.cn', [field]: value }),
      );
      expect(answer.status).toBe(422);
      expect(answer.body.error).toMatchObject({ code: 'PROFILE_CLAIM_MISMATCH', details: [{ field }] });
    }
    expect((await trainee.get('/trainees/me')).status).toBe(404);
  });

  it('keeps the verified address, so reminders reach it', async () => {
    const trainee = await signedIn('trainee-verified', { name: '刘洋', email: 'liuyang@example.cn' });
    const answer = await save(trainee, profile({ name: '刘洋', email: 'LiuYang@Example.cn' }));
    expect(answer.status).toBe(200);
    expect((await trainee.get('/trainees/me')).body).toMatchObject({
      name: '刘洋',
      email: 'liuyang@example.cn',
    });
  });

  it('takes the body as it is when the token carries neither', async () => {
    const trainee = await signedIn('trainee-unclaimed');
    const answer = await save(trainee, profile({ name: '周杰', email: 'zhoujie@example.cn' }));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ name: '周杰', email: 'zhoujie@example.cn' });
  });
});
