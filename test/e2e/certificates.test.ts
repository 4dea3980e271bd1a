/**
 * Certificates over HTTP: a pass issues one, its holder reads it with its QR code, anyone
 * verifies it, admin revokes it, and verification then says so.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCertificateNumber } from '#shared/domain/certificates/numbering';
import { ApiClient } from '../support/api-client';
import { publishedSession, traineeWithProfile } from '../support/http-scenario';
import { type LocalSystem, startLocalSystem } from '../support/local-system';

let system: LocalSystem;
let anonymous: ApiClient;
let admin: ApiClient;

beforeAll(async () => {
  system = await startLocalSystem();
  anonymous = new ApiClient(system.baseUrl);
  admin = await anonymous.as('admin-1', 'admin', 'org_hrss');
});

afterAll(async () => {
  await system?.stop();
});

describe('a completion certificate', () => {
  let number: string;
  let token: string;

  it('is issued once when the host records a pass', async () => {
    const { host, sessionId } = await publishedSession(anonymous, admin, {
      hostName: '广西人才培训中心',
      sessionTitle: '人工智能应用实务',
      creditHours: 12,
      heldToday: true,
    });
    const trainee = await traineeWithProfile(anonymous, 7, '张三');
    const registration = await trainee.post(`/sessions/${sessionId}/registrations`);
    const results = { results: [{ registrationId: registration.body.id, passed: true, score: 88 }] };
    expect((await host.post(`/sessions/${sessionId}/results`, results)).status).toBe(200);
    expect((await host.post(`/sessions/${sessionId}/results`, results)).status).toBe(200);

    const mine = await trainee.get('/certificates?mine=true');
    expect(mine.body.items).toHaveLength(1);
    const [certificate] = mine.body.items;
    expect(certificate).toMatchObject({
      type: 'completion',
      holderName: '张三',
      title: '人工智能应用实务',
      creditHours: 12,
      issuer: '广西人才培训中心',
      status: 'valid',
    });
    number = certificate.number;
    expect(parseCertificateNumber(number)).toMatchObject({ type: 'completion' });

    const read = await trainee.get(`/certificates/${number}`);
    expect(read.status).toBe(200);
    expect(read.body.qrSvg).toContain('<svg');
    token = read.body.token;
    expect(token.split('.')).toHaveLength(3);
    expect(
      (await host.get(`/sessions/${sessionId}/certificates`)).body.items.map(
        (item: { number: string }) => item.number,
      ),
    ).toEqual([number]);
  });

  it('is verified by anyone, with the holder name masked', async () => {
    const record = await anonymous.get(`/public/certificates/${number}`);
    expect(record.status).toBe(200);
    expect(record.body).toMatchObject({ number, status: 'valid', holderName: '张*', type: 'completion' });
    const verified = await anonymous.post('/public/certificates/verify', { token });
    expect(verified.body).toMatchObject({ valid: true, status: 'valid', certificate: { holderName: '张*' } });
    const keys = await anonymous.get('/public/keys');
    expect(keys.body.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(keys.body.keys[0]).not.toHaveProperty('d');
  });

  it('refuses a tampered token and a mistyped number', async () => {
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = [
      header,
      Buffer.from(JSON.stringify({ ...claims, hours: 120 })).toString('base64url'),
      signature,
    ].join('.');
    const verdict = await anonymous.post('/public/certificates/verify', { token: forged });
    expect(verdict.status).toBe(200);
    expect(verdict.body).toMatchObject({ valid: false, status: 'invalid' });
    expect(verdict.body.reason).toMatch(/signature/i);
    const mistyped = `${number.slice(0, -1)}${number.endsWith('1') ? '2' : '1'}`;
    expect((await anonymous.get(`/public/certificates/${mistyped}`)).status).toBe(400);
    expect((await anonymous.post('/public/certificates/verify', { token: 'not-a-token' })).body.valid).toBe(
      false,
    );
  });

  it('stays on record when revoked, and verification says so', async () => {
    const revoked = await admin.post(`/certificates/${number}/revoke`, { reason: '考核材料造假' });
    expect(revoked.body).toMatchObject({ status: 'revoked', revocationReason: '考核材料造假' });
    expect((await admin.post(`/certificates/${number}/revoke`, { reason: '再次撤销' })).status).toBe(409);
    const record = await anonymous.get(`/public/certificates/${number}`);
    expect(record.body).toMatchObject({ status: 'revoked', revocationReason: '考核材料造假' });
    expect(record.body.revokedAt).toEqual(expect.any(String));
    const verdict = await anonymous.post('/public/certificates/verify', { token });
    expect(verdict.body).toMatchObject({ valid: false, status: 'revoked' });
    expect(verdict.body.reason).toContain('考核材料造假');
  });
});

describe('a technical level certificate', () => {
  it('is issued by an assessor of an assessment institution, and by no one else', async () => {
    const institution = await admin.post('/organizations', {
      name: '广西数字技术评价中心',
      kind: 'assessment-institution',
      city: '南宁',
    });
    const assessor = await anonymous.as('assessor-1', 'assessor', institution.body.id);
    const body = {
      holderId: 'trainee-x',
      holderName: '李四',
      field: 'big-data',
      level: 'senior',
      examDate: '2026-10-20',
    };
    const issued = await assessor.post('/certificates', body);
    expect(issued.status).toBe(201);
    expect(issued.body.number).toMatch(/^GX-\d{4}-T3-\d{6,}-[\dX]$/);
    expect(issued.body).toMatchObject({
      type: 'technical-level',
      level: 'senior',
      title: 'big-data',
      issuer: '广西数字技术评价中心',
    });
    const trainee = await anonymous.as('trainee-y', 'trainee');
    expect((await trainee.post('/certificates', body)).status).toBe(403);
  });
});
