/**
 * Certificates end to end, in process, against DynamoDB Local: a pass issues one completion
 * certificate (however often it is recorded), an assessor issues technical level certificates
 * with numbers from an atomic sequence, anyone verifies a token against the JWKS, admin revokes.
 * The database is shared with other test files: every test makes its own host, session, trainees.
 */
import { createPublicKey, verify as verifySignature } from 'node:crypto';
import { CompactSign, calculateJwkThumbprint, compactVerify, createLocalJWKSet, generateKeyPair } from 'jose';
import QRCode from 'qrcode';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler as certificatesHandler } from '#functions/certificates/handler';
import { handler as verificationHandler } from '#functions/verification/handler';
import { verifyPageOrigin } from '#shared/config/app';
import { config } from '#shared/config/env';
import { verificationLink } from '#shared/domain/certificates/certificate';
import {
  formatCertificateNumber,
  mod11_2,
  parseCertificateNumber,
} from '#shared/domain/certificates/numbering';
import type { Certificate } from '#shared/domain/certificates/schemas';
import { beijingDate, yearOf } from '#shared/domain/dates';
import { newOrganization } from '#shared/domain/organizations/organization';
import type { Organization } from '#shared/domain/organizations/schemas';
import type { Registration } from '#shared/domain/registrations/schemas';
import type { Session } from '#shared/domain/sessions/schemas';
import { signCompactToken } from '#shared/signing/compact-token';
import { LocalSigner } from '#shared/signing/local';
import type { PublicJwk } from '#shared/signing/port';
import { putNewCertificate } from '#shared/store/certificates';
import { putNewOrganization } from '#shared/store/organizations';
import { putTraineeProfile } from '#shared/store/trainees';
import { ensureCompletionCertificate } from '#shared/use-cases/certificates/issuance';
import { hostWithPublishedPlan, sessionOf, trainees } from '../support/fixtures';
import { claimsFor, httpEvent, jsonBody, lambdaContext } from '../support/http-event';
import { registrationsOrResults } from '../support/route-handlers';

type Claims = Record<string, string>;
type Handler = typeof certificatesHandler;
type ErrorBody = { code: string; message: string };

interface CallOptions {
  pathParameters?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
}

async function invoke(
  fn: Handler,
  name: string,
  routeKey: string,
  claims: Claims | undefined,
  options: CallOptions = {},
) {
  const result = await fn(
    httpEvent({
      routeKey,
      ...(claims ? { claims } : {}),
      ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
      ...(options.query ? { query: options.query } : {}),
      ...(options.headers ? { headers: options.headers } : {}),
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    }),
    lambdaContext(name),
  );
  const body = jsonBody(result);
  return { status: result.statusCode, body, error: body?.error as ErrorBody };
}

const registrations = (routeKey: string, claims: Claims, options?: CallOptions) =>
  invoke(registrationsOrResults(routeKey), 'registrations', routeKey, claims, options);
const certificates = (routeKey: string, claims: Claims | undefined, options?: CallOptions) =>
  invoke(certificatesHandler, 'certificates', routeKey, claims, options);
const publicCall = (routeKey: string, options?: CallOptions) =>
  invoke(verificationHandler, 'verification', routeKey, undefined, options);

const ADMIN = claimsFor('admin', 'admin-cert', { 'custom:orgId': 'org_hrss' });
const trainee = (id: string) => claimsFor('trainee', id);
const hostClaims = (orgId: string) => claimsFor('host', 'h', { 'custom:orgId': orgId });
const assessorClaims = (orgId: string, sub = 'a1') => claimsFor('assessor', sub, { 'custom:orgId': orgId });

const mine = async (traineeId: string) => {
  const answer = await certificates('GET /certificates', trainee(traineeId), {
    query: { mine: 'true', limit: '200' },
  });
  expect(answer.status).toBe(200);
  return answer.body.items as Certificate[];
};
const readCertificate = (number: string, claims: Claims) =>
  certificates('GET /certificates/{number}', claims, { pathParameters: { number } });
const sessionCertificates = (sessionId: string, claims: Claims) =>
  certificates('GET /sessions/{sessionId}/certificates', claims, { pathParameters: { sessionId } });
const issueTechnical = (claims: Claims, body: unknown, headers?: Record<string, string>) =>
  certificates('POST /certificates', claims, { body, ...(headers ? { headers } : {}) });
const revoke = (number: string, claims: Claims, reason = '考核材料不实') =>
  certificates('POST /certificates/{number}/revoke', claims, {
    pathParameters: { number },
    body: { reason },
  });
/** Modules on a side of a QR code drawn by `qrcode` with a margin of 2: its viewBox less the margins. */
const modulesOf = (svg: string) => Number(/viewBox="0 0 (\d+) \1"/.exec(svg)?.[1]) - 4;
const verify = (token: string) => publicCall('POST /public/certificates/verify', { body: { token } });
const publicRecord = (number: string) =>
  publicCall('GET /public/certificates/{number}', { pathParameters: { number } });

async function assessmentInstitution(): Promise<Organization> {
  const org = newOrganization(
    {
      name: `广西专业技术人才评价中心 ${Math.random().toString(36).slice(2, 8)}`,
      kind: 'assessment-institution',
      city: '南宁',
    },
    new Date(),
  );
  await putNewOrganization(org);
  return org;
}

const technicalInput = (holderId: string, level = 'intermediate', field = '人工智能工程技术') => ({
  holderId,
  holderName: '李华',
  field,
  level,
  examDate: beijingDate(new Date()),
});

/** A trainee with a profile under `name`: someone a technical level certificate may name. */
async function holderNamed(name = '李华'): Promise<string> {
  const [person] = await trainees(1);
  if (!person) throw new Error('no trainee made');
  await putTraineeProfile({ ...person, name });
  return person.traineeId;
}

/**
 * A host, a session of its published plan, and `count` trainees registered (confirmed). The
 * session is held today, one day long: registrations still open and its results due.
 */
async function sessionWithTrainees(count: number, creditHours = 24) {
  const today = beijingDate(new Date());
  const { host, plan } = await hostWithPublishedPlan({ year: yearOf(today) });
  const title = `数字经济专题研修班 ${Math.random().toString(36).slice(2, 8)}`;
  const session: Session = await sessionOf(plan, {
    title,
    creditHours,
    capacity: count + 5,
    startDate: today,
    endDate: today,
    registrationDeadline: today,
  });
  const people = await trainees(count);
  const registered: Registration[] = [];
  for (const person of people) {
    const answer = await registrations(
      'POST /sessions/{sessionId}/registrations',
      trainee(person.traineeId),
      {
        pathParameters: { sessionId: session.id },
      },
    );
    expect(answer.status).toBe(201);
    registered.push(answer.body as unknown as Registration);
  }
  return { host, plan, session, people, registered, hostAuth: hostClaims(host.id) };
}

const recordResults = (
  sessionId: string,
  claims: Claims,
  results: { registrationId: string; passed: boolean }[],
) =>
  registrations('POST /sessions/{sessionId}/results', claims, {
    pathParameters: { sessionId },
    body: { results },
  });

const thisYear = () => Number(beijingDate(new Date()).slice(0, 4));
const COMPLETION_NUMBER = /^GX-\d{4}-P0-\d{6,}-[\dX]$/;

/** The number's check character is the MOD 11-2 of its digits, recomputed here. */
function expectWellFormed(number: string) {
  const [, year, typeLevel, sequence, check] = number.split('-') as [string, string, string, string, string];
  expect(check).toBe(mod11_2(`${year}${typeLevel.slice(1)}${sequence}`));
  expect(() => parseCertificateNumber(number)).not.toThrow();
}

describe('completion certificates: issued once, when a pass is recorded', () => {
  let fixture: Awaited<ReturnType<typeof sessionWithTrainees>>;
  let passCertificate: Certificate;

  beforeAll(async () => {
    fixture = await sessionWithTrainees(4, 24);
    const [passer, failer] = fixture.registered as [Registration, Registration];
    const answer = await recordResults(fixture.session.id, fixture.hostAuth, [
      { registrationId: passer.id, passed: true },
      { registrationId: failer.id, passed: false },
    ]);
    expect(answer.status).toBe(200);
    const [certificate] = await mine(passer.traineeId);
    passCertificate = certificate as Certificate;
  });

  it('gives the passer exactly one completion certificate with the session, hours and host', async () => {
    const { session, host, registered } = fixture;
    const passer = registered[0] as Registration;
    const list = await mine(passer.traineeId);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      type: 'completion',
      holderId: passer.traineeId,
      holderName: '学员0',
      title: session.title,
      creditHours: 24,
      issuer: host.name,
      issuerOrgId: host.id,
      issuedOn: beijingDate(new Date()),
      sessionId: session.id,
      registrationId: passer.id,
      status: 'valid',
    });
    expect(list[0]?.level).toBeUndefined();
    expect(list[0]?.number).toMatch(COMPLETION_NUMBER);
    expect(list[0]?.number.startsWith(`GX-${thisYear()}-P0-`)).toBe(true);
    expectWellFormed(list[0]?.number as string);
  });

  it('issues nothing for a fail', async () => {
    expect(await mine((fixture.registered[1] as Registration).traineeId)).toEqual([]);
  });

  it('issues nothing new when the same results are posted again', async () => {
    const [passer, failer] = fixture.registered as [Registration, Registration];
    const again = await recordResults(fixture.session.id, fixture.hostAuth, [
      { registrationId: passer.id, passed: true },
      { registrationId: failer.id, passed: false },
    ]);
    expect(again.status).toBe(200);
    const list = await mine(passer.traineeId);
    expect(list.map((certificate) => certificate.number)).toEqual([passCertificate.number]);
    expect(list[0]?.token).toBe(passCertificate.token);
    expect(await mine(failer.traineeId)).toEqual([]);
  });

  it('issues exactly one for three concurrent identical result posts', async () => {
    const third = fixture.registered[2] as Registration;
    const answers = await Promise.all(
      [1, 2, 3].map(() =>
        recordResults(fixture.session.id, fixture.hostAuth, [{ registrationId: third.id, passed: true }]),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    const list = await mine(third.traineeId);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ type: 'completion', registrationId: third.id });
  });

  it('issues one certificate to ten concurrent issuances for the same passed registration', async () => {
    const race = await sessionWithTrainees(1);
    const registration = race.registered[0] as Registration;
    const recorded = await recordResults(race.session.id, race.hostAuth, [
      { registrationId: registration.id, passed: true },
    ]);
    expect(recorded.status).toBe(200);
    const completed = (recorded.body.items as Registration[])[0] as Registration;
    const issued = await Promise.all(
      Array.from({ length: 10 }, () => ensureCompletionCertificate(completed, race.host, new Date())),
    );
    const [first] = await mine(registration.traineeId);
    expect(issued.map((certificate) => certificate?.number)).toEqual(Array(10).fill(first?.number));
    expect(await mine(registration.traineeId)).toHaveLength(1);
    expect((await sessionCertificates(race.session.id, race.hostAuth)).body.items).toHaveLength(1);
  });

  it('lets the holder, the host organization and admin read it with token and QR code; others get 404', async () => {
    const { host, people } = fixture;
    const holder = trainee((people[0] as { traineeId: string }).traineeId);
    for (const claims of [holder, hostClaims(host.id), ADMIN]) {
      const answer = await readCertificate(passCertificate.number, claims);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ number: passCertificate.number, token: passCertificate.token });
      const qrSvg = answer.body.qrSvg as string;
      expect(qrSvg.startsWith('<svg') || qrSvg.startsWith('<?xml')).toBe(true);
      expect(qrSvg).toContain('<path');
      // The same link (the verification page, the compact token in the fragment) gives the same code.
      expect(answer.body.compactToken).toBe(passCertificate.compactToken);
      expect(qrSvg).toBe(
        await QRCode.toString(verificationLink(verifyPageOrigin(), passCertificate), {
          type: 'svg',
          errorCorrectionLevel: 'M',
          margin: 2,
        }),
      );
      expect(modulesOf(qrSvg)).toBeLessThanOrEqual(57);
    }
    const stranger = await readCertificate(
      passCertificate.number,
      trainee((people[3] as { traineeId: string }).traineeId),
    );
    expect(stranger.status).toBe(404);
    const { host: otherHost } = await hostWithPublishedPlan();
    expect((await readCertificate(passCertificate.number, hostClaims(otherHost.id))).status).toBe(404);
  });

  it('draws the QR code of a certificate issued before compact tokens with its full token', async () => {
    // As stored before: no compact token; its own number, issuer and year, so it counts for nothing else.
    const {
      compactToken: _none,
      registrationId: _r,
      sessionId: _s,
      planId: _p,
      planYear: _y,
      ...before
    } = passCertificate;
    const legacy = {
      ...before,
      number: formatCertificateNumber({ year: 2020, type: 'completion', sequence: 777 }),
      issuerOrgId: 'org_legacy_issuer',
      issuedOn: '2020-06-01',
    };
    expect(await putNewCertificate(legacy)).toBe(true);
    const answer = await readCertificate(legacy.number, ADMIN);
    expect(answer.status).toBe(200);
    expect(answer.body).not.toHaveProperty('compactToken');
    expect(answer.body.qrSvg).toBe(
      await QRCode.toString(`${verifyPageOrigin()}/verify#token=${legacy.token}`, {
        type: 'svg',
        errorCorrectionLevel: 'M',
        margin: 2,
      }),
    );
  });

  it('signs a compact token anyone can verify offline with the JWKS and node:crypto, without our code', async () => {
    const keys = (await publicCall('GET /public/keys')).body.keys as unknown as PublicJwk[];
    // The decimal form: the number 0x01 ‖ bytes.
    const hex = BigInt(passCertificate.compactToken as string).toString(16);
    expect(hex.startsWith('1')).toBe(true);
    const bytes = Buffer.from(hex.slice(1), 'hex');
    // COSE_Sign1 read by hand from RFC 9052 and RFC 8949: tag 18, an array of four, a protected
    // header {1: -7 (ES256), 4: key id}, an empty unprotected header, the payload, 64 bytes of r ‖ s.
    expect(bytes.subarray(0, 3).toString('hex')).toBe('d28449');
    const protectedHeader = bytes.subarray(3, 12);
    expect(protectedHeader.subarray(0, 5).toString('hex')).toBe('a201260444');
    const keyId = protectedHeader.subarray(5);
    expect(bytes[12]).toBe(0xa0);
    expect(bytes[13]).toBe(0x58);
    const payloadLength = bytes[14] as number;
    const payload = bytes.subarray(15, 15 + payloadLength);
    expect(bytes.subarray(15 + payloadLength, 17 + payloadLength).toString('hex')).toBe('5840');
    const signature = bytes.subarray(17 + payloadLength);
    expect(signature).toHaveLength(64);
    // The key: the one whose RFC 7638 thumbprint starts with the key id.
    const thumbprints = await Promise.all(
      keys.map(async (key) => Buffer.from(await calculateJwkThumbprint(key as never, 'sha256'), 'base64url')),
    );
    const key = keys[thumbprints.findIndex((thumbprint) => thumbprint.subarray(0, 4).equals(keyId))];
    expect(key).toBeDefined();
    // Sig_structure = ["Signature1", protected, h'', payload]
    const sigStructure = Buffer.concat([
      Buffer.from('846a', 'hex'),
      Buffer.from('Signature1'),
      Buffer.from([0x49]),
      protectedHeader,
      Buffer.from([0x40, 0x58, payloadLength]),
      payload,
    ]);
    const publicKey = createPublicKey({
      key: { kty: 'EC', crv: 'P-256', x: key?.x, y: key?.y },
      format: 'jwk',
    });
    expect(
      verifySignature('sha256', sigStructure, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature),
    ).toBe(true);
    const changed = Buffer.from(sigStructure);
    changed[changed.length - 1] = (changed.at(-1) as number) ^ 1;
    expect(verifySignature('sha256', changed, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature)).toBe(
      false,
    );
    // The holder's name is in it, in UTF-16 (学员0), and no internal id.
    expect(payload.includes(Buffer.from('学员0', 'utf16le'))).toBe(true);
    expect(payload.includes(Buffer.from(passCertificate.holderId))).toBe(false);
  });

  it('signs a token anyone can verify offline with the JWKS, naming the number but no internal id', async () => {
    const keys = await publicCall('GET /public/keys');
    const jwks = createLocalJWKSet(keys.body as unknown as Parameters<typeof createLocalJWKSet>[0]);
    const { payload, protectedHeader } = await compactVerify(passCertificate.token, jwks);
    expect(protectedHeader).toMatchObject({ alg: 'ES256', kid: expect.any(String) });
    const claims = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
    expect(claims).toMatchObject({ sub: passCertificate.number, name: '学员0', hours: 24 });
    const text = JSON.stringify(claims);
    expect(text).not.toContain(passCertificate.holderId);
    expect(text).not.toContain(fixture.session.id);
    expect(text).not.toMatch(/\d{17}[\dX]/);
  });

  it("lists the session's certificates for its host and admin; another host gets 403", async () => {
    const { session, host, registered } = fixture;
    const answer = await sessionCertificates(session.id, hostClaims(host.id));
    expect(answer.status).toBe(200);
    const items = answer.body.items as Certificate[];
    // The passer and the concurrently recorded third trainee: one each, nothing for the fail.
    expect(items.map((certificate) => certificate.registrationId).sort()).toEqual(
      [(registered[0] as Registration).id, (registered[2] as Registration).id].sort(),
    );
    expect(items.every((certificate) => certificate.sessionId === session.id)).toBe(true);
    expect((await sessionCertificates(session.id, ADMIN)).status).toBe(200);
    const { host: otherHost } = await hostWithPublishedPlan();
    expect((await sessionCertificates(session.id, hostClaims(otherHost.id))).status).toBe(403);
    expect((await sessionCertificates(session.id, trainee('someone'))).status).toBe(403);
  });
});

describe('technical level certificates: POST /certificates', () => {
  let institution: Organization;

  beforeAll(async () => {
    institution = await assessmentInstitution();
  });

  it('are issued by an assessor of an assessment institution: 201 with a GX-year-T<level> number', async () => {
    const holderId = await holderNamed();
    const levels = { junior: 'T1', intermediate: 'T2', senior: 'T3' } as const;
    for (const [level, code] of Object.entries(levels)) {
      const answer = await issueTechnical(assessorClaims(institution.id), technicalInput(holderId, level));
      expect(answer.status).toBe(201);
      expect(answer.body).toMatchObject({
        type: 'technical-level',
        level,
        holderId,
        holderName: '李华',
        title: '人工智能工程技术',
        issuer: institution.name,
        issuerOrgId: institution.id,
        issuedOn: beijingDate(new Date()),
        status: 'valid',
        token: expect.any(String),
      });
      expect(answer.body.creditHours).toBeUndefined();
      const number = answer.body.number as string;
      expect(number).toMatch(new RegExp(`^GX-${thisYear()}-${code}-\\d{6,}-[\\dX]$`));
      expectWellFormed(number);
    }
    const list = await mine(holderId);
    expect(list).toHaveLength(3);
    expect(new Set(list.map((certificate) => certificate.level))).toEqual(new Set(Object.keys(levels)));
  });

  it('are refused to a host and a trainee (403) and to an assessor of another kind of organization (422)', async () => {
    const body = technicalInput('holder-x');
    const { host } = await hostWithPublishedPlan();
    expect((await issueTechnical(hostClaims(host.id), body)).status).toBe(403);
    expect((await issueTechnical(trainee('holder-x'), body)).status).toBe(403);
    const wrongKind = await issueTechnical(assessorClaims(host.id), body);
    expect(wrongKind.status).toBe(422);
    expect(wrongKind.error.code).toBe('NOT_AN_ASSESSMENT_INSTITUTION');
    expect((await issueTechnical(claimsFor('assessor', 'a-no-org'), body)).status).toBe(422);
    expect(await mine('holder-x')).toEqual([]);
  });

  it('refuses bad input with 400', async () => {
    const claims = assessorClaims(institution.id);
    expect((await issueTechnical(claims, { ...technicalInput('h'), level: 'expert' })).status).toBe(400);
    const { examDate: _examDate, ...noDate } = technicalInput('h');
    expect((await issueTechnical(claims, noDate)).status).toBe(400);
    expect((await issueTechnical(claims, { ...technicalInput('h'), holderId: '' })).status).toBe(400);
  });

  it('issues one certificate for a replay with the same Idempotency-Key', async () => {
    const holderId = await holderNamed();
    const headers = { 'idempotency-key': `cert-${holderId}` };
    const first = await issueTechnical(assessorClaims(institution.id), technicalInput(holderId), headers);
    const second = await issueTechnical(assessorClaims(institution.id), technicalInput(holderId), headers);
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.number).toBe(first.body.number);
    expect(await mine(holderId)).toHaveLength(1);
  });

  it('numbers 100 concurrent issuances with distinct, valid, increasing sequences', async () => {
    const claims = assessorClaims(institution.id);
    const holderId = await holderNamed();
    const sequenceOf = (answer: { body: Record<string, unknown> }) =>
      parseCertificateNumber(answer.body.number as string).sequence;
    // One holder holds one certificate per field and level: a field of its own for each.
    const field = (n: number | string) => `人工智能工程技术 ${n}`;

    const before = await issueTechnical(claims, technicalInput(holderId, 'senior', field('before')));
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, n) =>
        issueTechnical(claims, technicalInput(holderId, 'senior', field(n))),
      ),
    );
    const after = await issueTechnical(claims, technicalInput(holderId, 'senior', field('after')));

    expect(answers.map((answer) => answer.status)).toEqual(Array(100).fill(201));
    const numbers = answers.map((answer) => answer.body.number as string);
    expect(new Set(numbers).size).toBe(100);
    for (const number of numbers) {
      expect(number.startsWith(`GX-${thisYear()}-T3-`)).toBe(true);
      expectWellFormed(number);
    }
    const sequences = answers.map(sequenceOf).sort((a, b) => a - b);
    for (let i = 1; i < sequences.length; i++)
      expect(sequences[i]).toBeGreaterThan(sequences[i - 1] as number);
    // The counter only ever increases: everything issued during the burst lies between.
    expect(sequences[0]).toBeGreaterThan(sequenceOf(before));
    expect(sequenceOf(after)).toBeGreaterThan(sequences[99] as number);
    // Other test files may issue technical certificates meanwhile, so only the bound is exact.
    expect(sequenceOf(after) - sequenceOf(before)).toBeGreaterThanOrEqual(101);
    expect(await mine(holderId)).toHaveLength(102);
  });
});

describe('technical level certificates name a real holder, once per field and level', () => {
  let institution: Organization;

  beforeAll(async () => {
    institution = await assessmentInstitution();
  });

  it('refuses a holder id with no trainee profile: 422 UNKNOWN_HOLDER, nothing issued', async () => {
    const ghost = `ghost-${Math.random().toString(36).slice(2, 10)}`;
    const answer = await issueTechnical(assessorClaims(institution.id), technicalInput(ghost));
    expect(answer.status).toBe(422);
    expect(answer.error.code).toBe('UNKNOWN_HOLDER');
    expect(await mine(ghost)).toEqual([]);
  });

  it('refuses a name that is not the profile’s: 422 HOLDER_NAME_MISMATCH, nothing issued', async () => {
    const holderId = await holderNamed('李华');
    const answer = await issueTechnical(assessorClaims(institution.id), {
      ...technicalInput(holderId),
      holderName: '李四',
    });
    expect(answer.status).toBe(422);
    expect(answer.error.code).toBe('HOLDER_NAME_MISMATCH');
    expect(await mine(holderId)).toEqual([]);
  });

  it('lets exactly one of ten concurrent issuances of the same holder, field and level in', async () => {
    const holderId = await holderNamed();
    const otherInstitution = await assessmentInstitution();
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        issueTechnical(
          assessorClaims(n % 2 === 0 ? institution.id : otherInstitution.id, `assessor-${n}`),
          technicalInput(holderId, 'senior', 'big-data'),
        ),
      ),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([201, ...Array(9).fill(409)]);
    const winner = answers.find((answer) => answer.status === 201);
    for (const loser of answers.filter((answer) => answer.status === 409)) {
      expect(loser.error.code).toBe('ALREADY_CERTIFIED');
      expect(loser.error.message).toContain(winner?.body.number as string);
    }
    expect((await mine(holderId)).map((certificate) => certificate.number)).toEqual([winner?.body.number]);
  });

  it('counts the same field spelled another way as the same; another level or field is another', async () => {
    const holderId = await holderNamed();
    const claims = assessorClaims(institution.id);
    expect((await issueTechnical(claims, technicalInput(holderId, 'junior', 'Cloud-Computing'))).status).toBe(
      201,
    );
    const respelled = await issueTechnical(
      claims,
      technicalInput(holderId, 'junior', ' ｃｌｏｕｄ-computing '),
    );
    expect(respelled.status).toBe(409);
    expect(respelled.error.code).toBe('ALREADY_CERTIFIED');
    expect((await issueTechnical(claims, technicalInput(holderId, 'senior', 'cloud-computing'))).status).toBe(
      201,
    );
    expect((await issueTechnical(claims, technicalInput(holderId, 'junior', 'big-data'))).status).toBe(201);
    expect(await mine(holderId)).toHaveLength(3);
  });

  it('frees the field and level when the certificate is revoked: the holder may be certified again', async () => {
    const holderId = await holderNamed();
    const claims = assessorClaims(institution.id);
    const first = await issueTechnical(claims, technicalInput(holderId, 'intermediate', 'blockchain'));
    expect(first.status).toBe(201);
    expect(
      (await issueTechnical(claims, technicalInput(holderId, 'intermediate', 'blockchain'))).status,
    ).toBe(409);
    expect((await revoke(first.body.number as string, ADMIN, '等级认定有误')).status).toBe(200);
    const again = await issueTechnical(claims, technicalInput(holderId, 'intermediate', 'blockchain'));
    expect(again.status).toBe(201);
    expect(again.body.number).not.toBe(first.body.number);
  });
});

describe('verification', () => {
  let institution: Organization;
  let issued: Certificate;
  let kid: string;

  beforeAll(async () => {
    institution = await assessmentInstitution();
    const answer = await issueTechnical(assessorClaims(institution.id), {
      ...technicalInput(await holderNamed('欧阳修'), 'junior'),
      holderName: '欧阳修',
    });
    expect(answer.status).toBe(201);
    issued = answer.body as unknown as Certificate;
    kid = JSON.parse(Buffer.from(issued.token.split('.')[0] as string, 'base64url').toString()).kid as string;
  });

  it('GET /public/keys serves a JWKS of public P-256 keys only', async () => {
    const answer = await publicCall('GET /public/keys');
    expect(answer.status).toBe(200);
    const keys = answer.body.keys as Record<string, unknown>[];
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key).toMatchObject({
        kty: 'EC',
        crv: 'P-256',
        kid: expect.any(String),
        alg: 'ES256',
        use: 'sig',
        x: expect.any(String),
        y: expect.any(String),
      });
      expect(key).not.toHaveProperty('d');
    }
    expect(keys.map((key) => key.kid)).toContain(kid);
  });

  it('accepts the real token: valid, with the public record and the name masked', async () => {
    const answer = await verify(issued.token);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      valid: true,
      status: 'valid',
      certificate: {
        number: issued.number,
        status: 'valid',
        type: 'technical-level',
        level: 'junior',
        holderName: '欧**',
        title: '人工智能工程技术',
        issuer: institution.name,
        issuedOn: issued.issuedOn,
      },
    });
  });

  it("accepts the QR code's compact token: the same verdict as for the full token", async () => {
    expect(issued.compactToken).toMatch(/^[1-9]\d+$/);
    const compact = await verify(issued.compactToken as string);
    expect(compact.status).toBe(200);
    expect(compact.body).toEqual((await verify(issued.token)).body);
    expect(compact.body).toMatchObject({ valid: true, status: 'valid' });
  });

  it('refuses a compact token changed, signed by another key, or signed right but not the one issued', async () => {
    const compact = issued.compactToken as string;
    const lastDigit = `${compact.slice(0, -1)}${compact.endsWith('1') ? '2' : '1'}`;
    expect((await verify(lastDigit)).body).toMatchObject({
      valid: false,
      status: 'invalid',
      reason: '签名不符：令牌被篡改或伪造',
      certificate: null,
    });
    const draft = { ...issued, holderName: '欧阳修' };
    const stranger = await signCompactToken(
      new LocalSigner(`${config().localKeysDir}-stranger`),
      issued.number,
      draft,
    );
    expect((await verify(stranger)).body).toMatchObject({
      valid: false,
      status: 'invalid',
      reason: '签名所用的密钥不是本系统的',
    });
    // Our key, the same number, another name: signed right, but not what was issued.
    const ours = new LocalSigner(config().localKeysDir as string);
    const other = await signCompactToken(ours, issued.number, { ...draft, holderName: '欧阳锋' });
    expect((await verify(other)).body).toMatchObject({
      valid: false,
      status: 'invalid',
      reason: '此令牌不是为该证书签发的令牌',
    });
    const unknown = formatCertificateNumber({ year: 2026, type: 'completion', sequence: 999_999_996 });
    expect((await verify(await signCompactToken(ours, unknown, draft))).body).toMatchObject({
      valid: false,
      status: 'unknown',
    });
    expect((await verify('1'.repeat(4097))).body).toMatchObject({ valid: false, status: 'invalid' });
    expect((await verify('123')).body).toMatchObject({ valid: false, status: 'invalid' });
  });

  it('GET /public/certificates/{number} shows the public record; 404 unknown, 400 malformed', async () => {
    const answer = await publicRecord(issued.number);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ number: issued.number, status: 'valid', holderName: '欧**' });
    expect(answer.body).not.toHaveProperty('holderId');
    expect(answer.body).not.toHaveProperty('token');
    expect(answer.body).not.toHaveProperty('issuerOrgId');
    const unknown = formatCertificateNumber({ year: 2026, type: 'completion', sequence: 987_654_321 });
    expect((await publicRecord(unknown)).status).toBe(404);
    expect(
      (await publicRecord(`${issued.number.slice(0, -1)}${issued.number.endsWith('0') ? '1' : '0'}`)).status,
    ).toBe(400);
  });

  it('refuses a token with one character of the payload changed', async () => {
    const [header, payload, signature] = issued.token.split('.') as [string, string, string];
    const at = Math.floor(payload.length / 2);
    const changed = `${payload.slice(0, at)}${payload[at] === 'A' ? 'B' : 'A'}${payload.slice(at + 1)}`;
    const answer = await verify(`${header}.${changed}.${signature}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      valid: false,
      status: 'invalid',
      reason: expect.any(String),
      certificate: null,
    });
  });

  it('refuses a token with one character of the signature changed', async () => {
    const [header, payload, signature] = issued.token.split('.') as [string, string, string];
    const changed = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    const answer = await verify(`${header}.${payload}.${changed}`);
    expect(answer.body).toMatchObject({ valid: false, reason: expect.any(String) });
  });

  it('refuses the same claims signed by another key under our kid', async () => {
    const { privateKey } = await generateKeyPair('ES256');
    const payload = Buffer.from(issued.token.split('.')[1] as string, 'base64url');
    const forged = await new CompactSign(payload).setProtectedHeader({ alg: 'ES256', kid }).sign(privateKey);
    const answer = await verify(forged);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      valid: false,
      status: 'invalid',
      reason: expect.any(String),
      certificate: null,
    });
  });

  it('refuses a correctly signed token for an unknown number: status unknown', async () => {
    const unknown = formatCertificateNumber({ year: 2026, type: 'completion', sequence: 999_999_998 });
    const token = await new LocalSigner(config().localKeysDir as string).sign({
      sub: unknown,
      name: '张三',
    });
    const answer = await verify(token);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      valid: false,
      status: 'unknown',
      reason: expect.any(String),
      certificate: null,
    });
  });

  it('refuses a correctly signed token that is not the one issued for that number', async () => {
    const claims = JSON.parse(
      Buffer.from(issued.token.split('.')[1] as string, 'base64url').toString(),
    ) as Record<string, unknown>;
    const token = await new LocalSigner(config().localKeysDir as string).sign({
      ...claims,
      lvl: 'senior',
    });
    const answer = await verify(token);
    expect(answer.body).toMatchObject({ valid: false, reason: expect.any(String) });
  });

  it.each([
    ['alg none', () => `${b64({ alg: 'none', typ: 'JWT' })}.${claimsPart()}.`],
    ['alg none with our kid', () => `${b64({ alg: 'none', kid: kidOfIssued() })}.${claimsPart()}.AAAA`],
    ['HS256', () => `${b64({ alg: 'HS256', typ: 'JWT' })}.${claimsPart()}.${'s'.repeat(43)}`],
    [
      'HS256 with our kid',
      () => `${b64({ alg: 'HS256', kid: kidOfIssued() })}.${claimsPart()}.${'s'.repeat(43)}`,
    ],
    ['not a JWS', () => 'certainly not a token'],
    ['a JSON object', () => JSON.stringify({ sub: 'GX' })],
    ['over 4 KB', () => `${issuedToken()}${'A'.repeat(4097 - issuedToken().length)}`],
    ['4097 characters of base64url', () => 'A'.repeat(4097)],
    [
      'an ES256 header over a payload that is not JSON',
      () => `${issuedToken().split('.')[0]}.bm90IGpzb24.AAAA`,
    ],
  ])('answers 200 valid: false, never a 500, to %s', async (_label, make) => {
    const token = make();
    const answer = await verify(token);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ valid: false, reason: expect.any(String) });
    expect(answer.body.valid).toBe(false);
  });

  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const issuedToken = () => issued.token;
  const kidOfIssued = () => kid;
  const claimsPart = () => issued.token.split('.')[1] as string;
});

describe('revocation', () => {
  let institution: Organization;
  let certificate: Certificate;
  let holderId: string;
  const reason = '考核材料不实，依规撤销';

  beforeAll(async () => {
    institution = await assessmentInstitution();
    holderId = await holderNamed();
    const answer = await issueTechnical(assessorClaims(institution.id), technicalInput(holderId, 'senior'));
    expect(answer.status).toBe(201);
    certificate = answer.body as unknown as Certificate;
  });

  it('is refused to anyone but admin (403), and 404 for an unknown well-formed number', async () => {
    for (const claims of [trainee(holderId), assessorClaims(institution.id), hostClaims(institution.id)]) {
      expect((await revoke(certificate.number, claims)).status).toBe(403);
    }
    const unknown = formatCertificateNumber({
      year: 2026,
      type: 'technical-level',
      level: 'senior',
      sequence: 999_999_997,
    });
    const answer = await revoke(unknown, ADMIN);
    expect(answer.status).toBe(404);
    expect((await readCertificate(certificate.number, ADMIN)).body.status).toBe('valid');
  });

  it('marks it revoked with the reason; the record stays and both public routes show it', async () => {
    const answer = await revoke(certificate.number, ADMIN, reason);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      number: certificate.number,
      status: 'revoked',
      revocationReason: reason,
      revokedAt: expect.any(String),
    });
    const revokedAt = answer.body.revokedAt as string;

    const held = await readCertificate(certificate.number, trainee(holderId));
    expect(held.status).toBe(200);
    expect(held.body).toMatchObject({
      number: certificate.number,
      status: 'revoked',
      revocationReason: reason,
      revokedAt,
      token: certificate.token,
    });
    expect(await mine(holderId)).toEqual([
      expect.objectContaining({ number: certificate.number, status: 'revoked' }),
    ]);

    const shown = await publicRecord(certificate.number);
    expect(shown.status).toBe(200);
    expect(shown.body).toMatchObject({ status: 'revoked', revocationReason: reason, revokedAt });

    const verified = await verify(certificate.token);
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({
      valid: false,
      status: 'revoked',
      certificate: { number: certificate.number, status: 'revoked', revocationReason: reason, revokedAt },
    });
    expect(verified.body.reason as string).toContain(reason);
    expect((await verify(certificate.compactToken as string)).body).toEqual(verified.body);
  });

  it('answers 409 to a second revocation and keeps the first reason and date', async () => {
    const before = (await publicRecord(certificate.number)).body;
    const again = await revoke(certificate.number, ADMIN, 'another reason');
    expect(again.status).toBe(409);
    expect(again.error.code).toBe('ALREADY_REVOKED');
    const after = (await publicRecord(certificate.number)).body;
    expect(after).toEqual(before);
  });

  it('lets exactly one of two concurrent revocations win', async () => {
    const fresh = await issueTechnical(
      assessorClaims(institution.id),
      technicalInput(await holderNamed(), 'junior'),
    );
    const number = fresh.body.number as string;
    const answers = await Promise.all([revoke(number, ADMIN, 'first'), revoke(number, ADMIN, 'second')]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    const winner = answers.find((answer) => answer.status === 200);
    expect((await publicRecord(number)).body.revocationReason).toBe(winner?.body.revocationReason);
  });
});
