/**
 * Certificate numbers (GX-{year}-{type}{level}-{sequence}-{check}, ISO 7064 MOD 11-2 check
 * character) and the pure certificate rules: masking, the public view, who may read one,
 * revocation, the signed claims and the verification link.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '#shared/domain/actor';
import {
  type CertificateDraft,
  certificateClaims,
  maskName,
  publicView,
  readableCertificate,
  revoked,
  verificationLink,
} from '#shared/domain/certificates/certificate';
import {
  type CertificateNumberParts,
  formatCertificateNumber,
  mod11_2,
  parseCertificateNumber,
} from '#shared/domain/certificates/numbering';
import type { Certificate } from '#shared/domain/certificates/schemas';
import { AppError } from '#shared/domain/errors';
import { idNumberCheckCharacter } from '#shared/domain/trainees/id-number';
import { thrown } from '../helpers/thrown';

/**
 * ISO 7064 MOD 11-2 written the other way round, as GB 11643 states it: weights 2^(n-i) mod 11,
 * the check character makes the weighted sum (check counted as 1 times its value) 1 mod 11.
 * An independent reference, so the tests do not only compare the code with itself.
 */
function referenceMod11_2(digits: string): string {
  let sum = 0;
  const n = digits.length;
  for (let i = 0; i < n; i++) {
    let weight = 1;
    for (let k = 0; k < n - i; k++) weight = (weight * 2) % 11;
    sum += Number(digits[i]) * weight;
  }
  const check = (12 - (sum % 11)) % 11;
  return check === 10 ? 'X' : String(check);
}

/** The 400 a malformed number gets. */
function refusal(value: string): AppError {
  const error = thrown(() => parseCertificateNumber(value));
  expect(error, value).toBeInstanceOf(AppError);
  expect((error as AppError).status, value).toBe(400);
  expect((error as AppError).code, value).toBe('INVALID_CERTIFICATE_NUMBER');
  return error as AppError;
}

/** A number with the right check character for whatever (maybe wrong) parts it has. */
const withCheck = (year: string, typeLevel: string, sequence: string) =>
  `GX-${year}-${typeLevel}-${sequence}-${mod11_2(`${year}${typeLevel.slice(1)}${sequence}`)}`;

/** A valid completion number whose check character is X. */
function endingInX(): string {
  for (let sequence = 1; ; sequence++) {
    const number = formatCertificateNumber({ year: 2026, type: 'completion', sequence });
    if (number.endsWith('X')) return number;
  }
}

describe('mod11_2', () => {
  it.each([
    ['45010319900101123', '8'],
    ['11010519491231002', 'X'],
    ['45010319850615028', 'X'],
    ['44030420000229001', '4'],
  ])('of %s is %s (the ID-number check character)', (digits, check) => {
    expect(mod11_2(digits)).toBe(check);
    expect(idNumberCheckCharacter(digits)).toBe(check);
  });

  it('agrees with the weighted-sum form of the standard on digit strings of every length 1..24', () => {
    for (let length = 1; length <= 24; length++) {
      for (let round = 0; round < 50; round++) {
        const digits = Array.from({ length }, (_, i) =>
          String((length * 7 + round * 13 + i * i * 3) % 10),
        ).join('');
        expect(mod11_2(digits), digits).toBe(referenceMod11_2(digits));
      }
    }
  });

  it('gives every check character 0-9 and X', () => {
    const seen = new Set<string>();
    for (let sequence = 1; sequence <= 200; sequence++)
      seen.add(mod11_2(`20260${String(sequence).padStart(6, '0')}`));
    expect([...seen].sort()).toEqual([...'0123456789X'].sort());
  });
});

describe('formatCertificateNumber and parseCertificateNumber', () => {
  const kinds: CertificateNumberParts[] = [
    { year: 2026, type: 'completion', sequence: 1 },
    { year: 2026, type: 'technical-level', level: 'junior', sequence: 42 },
    { year: 2027, type: 'technical-level', level: 'intermediate', sequence: 999_999 },
    { year: 2030, type: 'technical-level', level: 'senior', sequence: 123_456 },
  ];
  const sequences = [1, 123, 999_999, 1_000_000, 1_234_567, 98_765_432, 123_456_789_012];

  it.each(kinds)('formats $type $level as GX-year-letter+digit-six digits-check', (parts) => {
    const number = formatCertificateNumber(parts);
    const letter = parts.type === 'completion' ? 'P' : 'T';
    const digit = { none: '0', junior: '1', intermediate: '2', senior: '3' }[parts.level ?? 'none'];
    const sequence = String(parts.sequence).padStart(6, '0');
    expect(number).toBe(
      `GX-${parts.year}-${letter}${digit}-${sequence}-${referenceMod11_2(`${parts.year}${digit}${sequence}`)}`,
    );
  });

  it('round-trips every type and level with sequences of 6, 7 and more digits', () => {
    for (const kind of kinds) {
      for (const sequence of sequences) {
        const parts = { ...kind, sequence };
        const number = formatCertificateNumber(parts);
        expect(number).toMatch(/^GX-\d{4}-[PT][0-3]-\d{6,}-[\dX]$/);
        expect(number.split('-')[3]?.length).toBe(Math.max(6, String(sequence).length));
        expect(parseCertificateNumber(number)).toEqual({ ...parts, level: kind.level });
        expect(formatCertificateNumber(parseCertificateNumber(number))).toBe(number);
      }
    }
  });

  it('pads a short sequence to six digits', () => {
    expect(formatCertificateNumber({ year: 2026, type: 'completion', sequence: 7 })).toMatch(
      /^GX-2026-P0-000007-[\dX]$/,
    );
  });

  it('refuses every single-character change of a valid number (each digit position, each other digit)', () => {
    const valid = [
      formatCertificateNumber({ year: 2026, type: 'completion', sequence: 123 }),
      formatCertificateNumber({ year: 2026, type: 'technical-level', level: 'senior', sequence: 1_234_567 }),
      formatCertificateNumber({ year: 2029, type: 'technical-level', level: 'junior', sequence: 900_001 }),
    ];
    let tried = 0;
    for (const number of valid) {
      expect(() => parseCertificateNumber(number)).not.toThrow();
      for (let position = 0; position < number.length; position++) {
        const original = number[position] as string;
        // The digits and the check character; the X of the GX prefix is not one of them.
        if (position < 3 || !/[\dX]/.test(original)) continue;
        const isCheck = position === number.length - 1;
        for (const replacement of isCheck ? '0123456789X' : '0123456789') {
          if (replacement === original) continue;
          const changed = `${number.slice(0, position)}${replacement}${number.slice(position + 1)}`;
          refusal(changed);
          tried++;
        }
      }
    }
    // 3 numbers: (4 year + 1 level + 6 or 7 sequence digits) * 9 + 10 check replacements.
    expect(tried).toBe((4 + 1 + 6) * 9 + 10 + (4 + 1 + 7) * 9 + 10 + (4 + 1 + 6) * 9 + 10);
  });

  it('refuses every swap of two adjacent different digits of the year or the sequence', () => {
    const number = formatCertificateNumber({
      year: 2026,
      type: 'technical-level',
      level: 'junior',
      sequence: 5_038_271,
    });
    const [, year, , sequence, check] = number.split('-') as [string, string, string, string, string];
    const swapped = (text: string, i: number) =>
      `${text.slice(0, i)}${text[i + 1]}${text[i]}${text.slice(i + 2)}`;
    for (let i = 0; i + 1 < year.length; i++) {
      if (year[i] !== year[i + 1]) refusal(`GX-${swapped(year, i)}-T1-${sequence}-${check}`);
    }
    for (let i = 0; i + 1 < sequence.length; i++) {
      if (sequence[i] !== sequence[i + 1]) refusal(`GX-${year}-T1-${swapped(sequence, i)}-${check}`);
    }
  });

  it.each([
    [
      'lower case',
      () => formatCertificateNumber({ year: 2026, type: 'completion', sequence: 123 }).toLowerCase(),
    ],
    [
      'lower-case prefix',
      () => formatCertificateNumber({ year: 2026, type: 'completion', sequence: 123 }).replace('GX', 'gx'),
    ],
    ['lower-case type letter', () => withCheck('2026', 'p0', '000123')],
    ['a lower-case x check character', () => endingInX().toLowerCase().replace('gx-2026-p0', 'GX-2026-P0')],
    ['no check character', () => 'GX-2026-P0-000123'],
    ['no check character, trailing dash', () => 'GX-2026-P0-000123-'],
    ['no type and level', () => 'GX-2026-000123-7'],
    ['no year', () => 'GX-P0-000123-7'],
    ['no prefix', () => '2026-P0-000123-7'],
    ['another prefix', () => `GZ-${withCheck('2026', 'P0', '000123').slice(3)}`],
    ['a five-digit sequence', () => withCheck('2026', 'P0', '00123')],
    ['a three-digit year', () => withCheck('026', 'P0', '000123')],
    ['level 4', () => withCheck('2026', 'T4', '000123')],
    ['level 9', () => withCheck('2026', 'P9', '000123')],
    ['type Q', () => withCheck('2026', 'Q1', '000123')],
    ['a completion with a level (P1)', () => withCheck('2026', 'P1', '000123')],
    ['a completion with a level (P3)', () => withCheck('2026', 'P3', '000123')],
    ['a technical level certificate without one (T0)', () => withCheck('2026', 'T0', '000123')],
    ['two check characters', () => `${withCheck('2026', 'P0', '000123')}7`],
    ['leading space', () => ` ${withCheck('2026', 'P0', '000123')}`],
    ['trailing space', () => `${withCheck('2026', 'P0', '000123')} `],
    ['trailing newline', () => `${withCheck('2026', 'P0', '000123')}\n`],
    ['underscores', () => withCheck('2026', 'P0', '000123').replaceAll('-', '_')],
    ['full-width digits', () => withCheck('2026', 'P0', '000123').replace('2026', '２０２６')],
    ['empty', () => ''],
    ['SQL-ish', () => "GX-2026-P0-000123-7' OR '1'='1"],
  ])('refuses %s with a 400', (_label, make) => {
    const value = make();
    const error = refusal(value);
    expect(error.toBody().error.details?.[0]?.field).toBe('number');
  });

  it('names the reason: the check character, or the pattern', () => {
    const number = formatCertificateNumber({ year: 2026, type: 'completion', sequence: 123 });
    const wrongCheck = `${number.slice(0, -1)}${number.endsWith('0') ? '1' : '0'}`;
    expect(refusal(wrongCheck).toBody().error).toMatchObject({
      message: '校验位不符：证书编号可能输入有误',
      details: [{ field: 'number', message: '证书编号：校验位不符：证书编号可能输入有误' }],
    });
    expect(refusal(wrongCheck).toBody('en').error.message).toMatch(/check character/);
    expect(refusal('GX-2026-P0-123-7').toBody().error.message).toBe('证书编号格式应如 GX-2026-P0-000123-0');
    expect(refusal('GX-2026-P0-123-7').toBody('en').error.message).toMatch(/GX-2026-P0-000123/);
  });
});

const DRAFT: CertificateDraft = {
  type: 'completion',
  holderId: 'trainee-sub-0001',
  holderName: '张三',
  title: '数字经济专题研修班',
  creditHours: 24,
  issuerOrgId: 'org_host_0001',
  issuer: '广西数字技术培训中心',
  issuerName: '广西数字技术培训中心',
  issuedOn: '2026-06-01',
  sessionId: 'ses_0001',
  registrationId: 'reg_0001',
  status: 'valid',
  createdAt: '2026-06-01T02:00:00.000Z',
};
const NUMBER = formatCertificateNumber({ year: 2026, type: 'completion', sequence: 123 });
const CERTIFICATE: Certificate = { ...DRAFT, number: NUMBER, token: 'aaa.bbb.ccc' };
const TECHNICAL: Certificate = {
  number: formatCertificateNumber({
    year: 2026,
    type: 'technical-level',
    level: 'intermediate',
    sequence: 9,
  }),
  type: 'technical-level',
  level: 'intermediate',
  holderId: 'trainee-sub-0002',
  holderName: '欧阳修',
  title: '人工智能工程技术',
  issuerOrgId: 'org_assess_0001',
  issuer: '广西人工智能评价中心',
  issuerName: '广西人工智能评价中心',
  issuedOn: '2026-06-02',
  status: 'valid',
  token: 'ddd.eee.fff',
  createdAt: '2026-06-02T02:00:00.000Z',
};

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('maskName', () => {
  it.each([
    ['张三', '张*'],
    ['欧阳修', '欧**'],
    ['司马相如', '司***'],
    ['张', '张'],
    ['', ''],
    ['Ali', 'A**'],
    // A character outside the BMP (a surrogate pair in UTF-16) is one character, never split.
    ['𠀋三', '𠀋*'],
    ['😀', '😀'],
    ['😀😀😀', '😀**'],
    ['张😀', '张*'],
  ])('%s -> %s', (name, masked) => {
    expect(maskName(name)).toBe(masked);
  });

  it('never leaves half a surrogate pair behind', () => {
    for (const name of ['😀张', '𠀋𠀋', '张😀😀']) {
      expect(maskName(name)).not.toMatch(LONE_SURROGATE);
    }
  });
});

describe('publicView', () => {
  it('shows the public fields, the name masked, nothing internal', () => {
    const view = publicView(CERTIFICATE);
    expect(view).toEqual({
      number: NUMBER,
      status: 'valid',
      type: 'completion',
      holderName: '张*',
      title: '数字经济专题研修班',
      issuer: '广西数字技术培训中心',
      issuedOn: '2026-06-01',
      creditHours: 24,
    });
    for (const hidden of ['holderId', 'token', 'issuerOrgId', 'sessionId', 'registrationId', 'createdAt']) {
      expect(view).not.toHaveProperty(hidden);
    }
    const text = JSON.stringify(view);
    for (const secret of [
      'trainee-sub-0001',
      'aaa.bbb.ccc',
      'org_host_0001',
      'ses_0001',
      'reg_0001',
      '张三',
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('shows a technical level certificate with its level and no credit hours', () => {
    const view = publicView(TECHNICAL);
    expect(view).toMatchObject({ type: 'technical-level', level: 'intermediate', holderName: '欧**' });
    expect(view).not.toHaveProperty('creditHours');
  });

  it('shows a revocation with its date and reason', () => {
    const view = publicView(revoked(CERTIFICATE, '证书信息有误', new Date('2026-07-01T00:00:00.000Z')));
    expect(view).toMatchObject({
      status: 'revoked',
      revokedAt: '2026-07-01T00:00:00.000Z',
      revocationReason: '证书信息有误',
    });
  });

  it('masks ID numbers, phone numbers and mail addresses in the reason; the record keeps them', () => {
    const reason = '持证人身份证450103199001010012、手机13812345678、邮箱li@example.cn与报名信息不符';
    const record = revoked(CERTIFICATE, reason, new Date('2026-07-01T00:00:00.000Z'));
    expect(publicView(record).revocationReason).toBe(
      '持证人身份证4501**********0012、手机138****5678、邮箱l***@example.cn与报名信息不符',
    );
    expect(record.revocationReason).toBe(reason);
  });
});

describe('readableCertificate', () => {
  const holder: Actor = { userId: 'trainee-sub-0001', roles: ['trainee'] };
  const issuerHost: Actor = { userId: 'host-user', roles: ['host'], orgId: 'org_host_0001' };
  const admin: Actor = { userId: 'admin-1', roles: ['admin'], orgId: 'org_hrss' };
  const otherTrainee: Actor = { userId: 'trainee-sub-0999', roles: ['trainee'] };
  const otherHost: Actor = { userId: 'host-2', roles: ['host'], orgId: 'org_host_0002' };
  const assessorElsewhere: Actor = { userId: 'assessor-1', roles: ['assessor'], orgId: 'org_assess_0001' };

  it.each([
    ['the holder', holder],
    ['the issuing organization', issuerHost],
    ['admin', admin],
  ])('lets %s read it', (_label, actor) => {
    expect(readableCertificate(actor, CERTIFICATE, NUMBER)).toBe(CERTIFICATE);
  });

  it.each([
    ['another trainee', otherTrainee],
    ['another host', otherHost],
    ['an assessor of another organization', assessorElsewhere],
  ])('tells %s it does not exist (404)', (_label, actor) => {
    const error = thrown(() => readableCertificate(actor, CERTIFICATE, NUMBER));
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(404);
  });

  it('answers 404 for an unknown number, even to admin', () => {
    const error = thrown(() => readableCertificate(admin, undefined, NUMBER));
    expect((error as AppError).status).toBe(404);
  });

  it('lets the issuing assessment institution read its technical certificate', () => {
    expect(readableCertificate(assessorElsewhere, TECHNICAL, TECHNICAL.number)).toBe(TECHNICAL);
  });
});

describe('revoked', () => {
  const now = new Date('2026-07-01T08:00:00.000Z');

  it('keeps everything and adds the status, the date and the reason', () => {
    expect(revoked(CERTIFICATE, '培训记录造假', now)).toEqual({
      ...CERTIFICATE,
      status: 'revoked',
      revokedAt: now.toISOString(),
      revocationReason: '培训记录造假',
    });
  });

  it('refuses a second revocation with 409', () => {
    const once = revoked(CERTIFICATE, '培训记录造假', now);
    const error = thrown(() => revoked(once, 'again', new Date('2026-07-02T00:00:00.000Z')));
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(409);
    expect((error as AppError).code).toBe('ALREADY_REVOKED');
  });
});

describe('certificateClaims', () => {
  it('states the number, kind, name, title, hours, issuer and date', () => {
    expect(certificateClaims(NUMBER, DRAFT)).toEqual({
      iss: expect.any(String),
      sub: NUMBER,
      typ: 'completion',
      name: '张三',
      title: '数字经济专题研修班',
      hours: 24,
      issuer: '广西数字技术培训中心',
      issued: '2026-06-01',
    });
  });

  it('carries no holder id, no internal ids and no ID number', () => {
    const idNumber = '450103199001011238';
    const draft = { ...DRAFT, idNumber } as CertificateDraft;
    const claims = certificateClaims(NUMBER, draft);
    expect(claims).not.toHaveProperty('holderId');
    expect(claims).not.toHaveProperty('idNumber');
    const text = JSON.stringify(claims);
    for (const secret of ['trainee-sub-0001', 'org_host_0001', 'ses_0001', 'reg_0001', idNumber]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/\d{17}[\dX]/);
  });

  it('states the level of a technical certificate', () => {
    const { number: _number, token: _token, ...draft } = TECHNICAL;
    expect(certificateClaims(TECHNICAL.number, draft)).toMatchObject({
      typ: 'technical-level',
      lvl: 'intermediate',
    });
    expect(certificateClaims(TECHNICAL.number, draft)).not.toHaveProperty('hours');
  });
});

describe('verificationLink', () => {
  const token = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJHWCJ9.c2lnbmF0dXJl';
  const compactToken = '1234567890123456789';

  it.each(['https://renewal.example.cn', 'https://renewal.example.cn/'])(
    'puts the compact token in the fragment (never sent to a server) of %s',
    (appUrl) => {
      const link = verificationLink(appUrl, { token, compactToken });
      expect(link).toBe(`https://renewal.example.cn/verify#c=${compactToken}`);
      const url = new URL(link);
      expect(url.hash).toBe(`#c=${compactToken}`);
      expect(url.search).toBe('');
      expect(url.pathname).toBe('/verify');
      expect(`${url.origin}${url.pathname}${url.search}`).not.toContain(compactToken);
    },
  );

  it('carries the full token of a certificate issued before compact tokens', () => {
    const link = verificationLink('https://renewal.example.cn', { token });
    expect(link).toBe(`https://renewal.example.cn/verify#token=${token}`);
    expect(new URL(link).hash).toBe(`#token=${token}`);
  });
});
