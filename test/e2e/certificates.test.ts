/**
 * Certificates over HTTP: a pass issues one, its holder reads it with its QR code and prints it,
 * anyone verifies it, admin revokes it, and verification and the printout then say so.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseCertificateNumber } from '#shared/domain/certificates/numbering';
import { ApiClient } from '../support/api-client';
import { publishedSession, traineeWithProfile } from '../support/http-scenario';
import { type LocalSystem, startLocalSystem } from '../support/local-system';
import { pdfFirstPagePng, pdfText } from '../support/poppler';

/** Page 1 of the PDFs the local system answers, as pictures (ignored by git). */
const ARTIFACTS = join(process.cwd(), 'test', 'artifacts', 'certificate-pdf');

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
  let trainee: ApiClient;
  let host: ApiClient;
  const pdfPath = () => `/certificates/${number}/certificate.pdf`;

  it('is issued once when the host records a pass', async () => {
    const published = await publishedSession(anonymous, admin, {
      hostName: '广西人才培训中心',
      sessionTitle: '人工智能应用实务',
      creditHours: 12,
      heldToday: true,
    });
    host = published.host;
    const { sessionId } = published;
    trainee = await traineeWithProfile(anonymous, 7, '张三');
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

  it('prints for its holder as a PDF naming the holder and the number, and for no other trainee', async () => {
    const pdf = await trainee.download(pdfPath());
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toBe(`attachment; filename="${number}.pdf"`);
    expect(pdf.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(pdf.body).replaceAll('\n', '');
    for (const words of ['培训合格证书', '张三', number, '人工智能应用实务', '12 学时', '广西人才培训中心']) {
      expect(text).toContain(words);
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    pdfFirstPagePng(pdf.body, join(ARTIFACTS, 'e2e-completion'));

    // The issuing organization and admin print it too; another trainee is told it does not exist.
    expect((await host.download(pdfPath())).status).toBe(200);
    expect((await admin.download(pdfPath())).status).toBe(200);
    const other = await traineeWithProfile(anonymous, 8, '李四');
    const refused = await other.get(pdfPath());
    expect(refused.status).toBe(404);
    expect(refused.body.error).toMatchObject({
      code: 'NOT_FOUND',
      message: `未找到编号为 ${number} 的证书`,
    });
    expect((await anonymous.get(pdfPath())).status).toBe(401);
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
    expect(verdict.body.reason).toBe('签名不符：令牌被篡改或伪造');
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
    expect(verdict.body.reason).toBe('已撤销：考核材料造假');
    const inEnglish = await anonymous.post(
      '/public/certificates/verify',
      { token },
      { 'accept-language': 'en' },
    );
    expect(inEnglish.body.reason).toBe('Revoked: 考核材料造假');
    const forged = await anonymous.post('/public/certificates/verify', {
      token: `${token.slice(0, -4)}AAAA`,
    });
    expect(forged.body).toMatchObject({ valid: false, status: 'invalid' });
    expect(forged.body.reason).toMatch(/[\u4e00-\u9fff]/);
  });

  it('still prints once revoked, marked 已撤销 with the reason', async () => {
    const pdf = await trainee.download(pdfPath());
    expect(pdf.status).toBe(200);
    const text = pdfText(pdf.body).replaceAll('\n', '');
    expect(text).toContain('已撤销：本证书自');
    expect(text).toContain('撤销原因：考核材料造假');
    expect(text).toContain(number);
    pdfFirstPagePng(pdf.body, join(ARTIFACTS, 'e2e-revoked'));
  });
});

describe('revoking a completion certificate', () => {
  const idNumber = '450103199001010012';
  let trainee: ApiClient;
  let number: string;
  let token: string;
  let creditYear: number;

  beforeAll(async () => {
    const { host, sessionId } = await publishedSession(anonymous, admin, {
      hostName: '广西继续教育中心',
      sessionTitle: '大数据分析实务',
      creditHours: 16,
      heldToday: true,
    });
    trainee = await traineeWithProfile(anonymous, 31, '王芳');
    const registration = await trainee.post(`/sessions/${sessionId}/registrations`);
    creditYear = registration.body.year;
    const results = { results: [{ registrationId: registration.body.id, passed: true }] };
    expect((await host.post(`/sessions/${sessionId}/results`, results)).status).toBe(200);
    [{ number }] = (await trainee.get('/certificates?mine=true')).body.items;
    ({ token } = (await trainee.get(`/certificates/${number}`)).body);
  });

  const credits = async () => (await trainee.get(`/trainees/me/credits?year=${creditYear}`)).body;

  it('takes its hours out of the holder’s credits', async () => {
    expect(await credits()).toMatchObject({ professional: 16, total: 16 });
    const revoked = await admin.post(`/certificates/${number}/revoke`, {
      reason: `持证人身份证号${idNumber}与本人不符，联系电话13812345678。`,
    });
    expect(revoked.status).toBe(200);
    expect(await credits()).toMatchObject({ professional: 0, total: 0, met: false });
    // Asked again, nothing is taken twice.
    expect((await admin.post(`/certificates/${number}/revoke`, { reason: '再次撤销' })).status).toBe(409);
    expect(await credits()).toMatchObject({ professional: 0, total: 0 });
  });

  it('mails the holder a certificate-revoked mail', async () => {
    const mails = await vi.waitFor(
      async () => {
        const outbox = await anonymous.get('/local/outbox');
        const revokedMails = outbox.body.items.filter(
          (mail: { kind: string; to: string }) =>
            mail.kind === 'certificate-revoked' && mail.to === 't31@example.cn',
        );
        expect(revokedMails).toHaveLength(1);
        return revokedMails;
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(mails[0].subject).toContain(number);
    expect(mails[0].text).toContain('16学时');
  });

  it('shows the public the reason with the ID and phone numbers masked; admin reads it whole', async () => {
    const record = await anonymous.get(`/public/certificates/${number}`);
    expect(record.body.revocationReason).toBe(
      '持证人身份证号4501**********0012与本人不符，联系电话138****5678。',
    );
    const verdict = await anonymous.post('/public/certificates/verify', { token });
    expect(verdict.body.certificate.revocationReason).toBe(record.body.revocationReason);
    for (const shown of [record.body, verdict.body]) {
      expect(JSON.stringify(shown)).not.toContain(idNumber);
      expect(JSON.stringify(shown)).not.toContain('13812345678');
    }
    expect((await admin.get(`/certificates/${number}`)).body.revocationReason).toContain(idNumber);
  });
});

describe('a technical level certificate', () => {
  let assessor: ApiClient;
  let holderId: string;

  beforeAll(async () => {
    const institution = await admin.post('/organizations', {
      name: '广西数字技术评价中心',
      kind: 'assessment-institution',
      city: '南宁',
    });
    assessor = await anonymous.as('assessor-1', 'assessor', institution.body.id);
    const holder = await traineeWithProfile(anonymous, 21, '李四');
    holderId = (await holder.get('/trainees/me')).body.traineeId;
  });

  const issue = (body: Record<string, unknown> = {}) =>
    assessor.post('/certificates', {
      holderId,
      holderName: '李四',
      field: 'big-data',
      level: 'senior',
      examDate: '2026-10-20',
      ...body,
    });

  it('is issued by an assessor of an assessment institution, and by no one else', async () => {
    const issued = await issue();
    expect(issued.status).toBe(201);
    expect(issued.body.number).toMatch(/^GX-\d{4}-T3-\d{6,}-[\dX]$/);
    expect(issued.body).toMatchObject({
      type: 'technical-level',
      level: 'senior',
      holderId,
      holderName: '李四',
      title: 'big-data',
      issuer: '广西数字技术评价中心',
    });
    const trainee = await anonymous.as('trainee-y', 'trainee');
    expect((await trainee.post('/certificates', { holderId, holderName: '李四' })).status).toBe(403);
  });

  it('names a trainee with a profile: 422 UNKNOWN_HOLDER otherwise', async () => {
    // Signed in once, but never saved a profile: not a holder yet.
    const newcomer = await anonymous.as('trainee-without-profile', 'trainee');
    expect((await newcomer.get('/trainees/me')).status).toBe(404);
    for (const stranger of ['trainee-without-profile', 'nobody-at-all']) {
      const refused = await issue({ holderId: stranger, field: 'cloud-computing' });
      expect(refused.status).toBe(422);
      expect(refused.body.error.code).toBe('UNKNOWN_HOLDER');
    }
  });

  it('carries the name in the profile: 422 HOLDER_NAME_MISMATCH for another', async () => {
    const refused = await issue({ holderName: '李五', field: 'cloud-computing' });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('HOLDER_NAME_MISMATCH');
    expect(JSON.stringify(refused.body)).not.toContain('李四');
    const mine = await (await anonymous.as(holderId, 'trainee')).get('/certificates?mine=true');
    expect(mine.body.items.map((item: { title: string }) => item.title)).not.toContain('cloud-computing');
  });

  it('is one per holder, field and level: 409 ALREADY_CERTIFIED, also when asked twice at once', async () => {
    const again = await issue();
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('ALREADY_CERTIFIED');

    const twice = await Promise.all([issue({ field: 'blockchain' }), issue({ field: 'blockchain' })]);
    expect(twice.map((answer) => answer.status).sort()).toEqual([201, 409]);
    expect(twice.find((answer) => answer.status === 409)?.body.error.code).toBe('ALREADY_CERTIFIED');
    // Another level of the same field is another certificate.
    expect((await issue({ field: 'blockchain', level: 'junior' })).status).toBe(201);

    const mine = await (await anonymous.as(holderId, 'trainee')).get('/certificates?mine=true');
    const held = mine.body.items.map(
      (item: { title: string; level: string }) => `${item.title}/${item.level}`,
    );
    expect(held.sort()).toEqual(['big-data/senior', 'blockchain/junior', 'blockchain/senior']);
  });
});
