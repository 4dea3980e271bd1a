/**
 * The national platform's roster: exactly its columns, one row per completed trainee with the full
 * ID number from the profile, the certificate number of a valid completion certificate, the ID
 * kept as text in the workbook, formulas neutralized in the CSV, and only the host and admin.
 */
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Actor } from '#shared/domain/actor';
import type { Certificate } from '#shared/domain/certificates/schemas';
import { AppError } from '#shared/domain/errors';
import type { Registration } from '#shared/domain/registrations/schemas';
import {
  assertMayExportNationalRoster,
  completionNumbers,
  NATIONAL_ROSTER_FILE,
  NATIONAL_ROSTER_HEADERS,
  type NationalRosterSources,
  nationalRosterExport,
  nationalRosterRows,
} from '#shared/domain/rosters/national-roster';
import { rosterContentDisposition } from '#shared/domain/rosters/roster';
import { maskIdNumber } from '#shared/domain/trainees/id-number';
import type { TraineeProfile } from '#shared/domain/trainees/schemas';
import { nationalRosterCsv } from '#shared/rosters/csv';
import { NATIONAL_ROSTER_SHEET, nationalRosterXlsx } from '#shared/rosters/xlsx';
import { thrown } from '../helpers/thrown';

const AT = '2026-06-07T01:00:00.000Z';
// Valid GB 11643 numbers: 18 digits a spreadsheet would round, and one ending in X.
const ID_A = '450103199001010012';
const ID_B = '45010319900101002X';

let serial = 0;
function registration(overrides: Partial<Registration> = {}): Registration {
  serial += 1;
  return {
    id: `reg_${serial}`,
    sessionId: 'ses_1',
    planId: 'plan_1',
    hostOrgId: 'org_host',
    hostName: '广西大学',
    traineeId: `trainee-${serial}`,
    status: 'completed',
    traineeName: `学员${serial}`,
    idNumberMasked: maskIdNumber(ID_A),
    employer: '南宁市第一中学',
    sessionTitle: '人工智能应用高级研修班（旧名）',
    year: 2026,
    creditHours: 24,
    subjectType: 'professional',
    registeredAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

const profile = (traineeId: string, idNumber: string, overrides: Partial<TraineeProfile> = {}) => ({
  traineeId,
  name: '韦小宝',
  idNumber,
  employer: '柳州市人民医院',
  city: '柳州',
  email: 'a@example.cn',
  updatedAt: AT,
  ...overrides,
});

function certificate(overrides: Partial<Certificate>): Certificate {
  return {
    number: 'GX-2026-P0-000001-0',
    type: 'completion',
    holderId: 'trainee-1',
    holderName: '韦小宝',
    title: '人工智能应用高级研修班',
    issuerOrgId: 'org_host',
    issuer: '广西大学',
    issuerName: '广西大学',
    issuedOn: '2026-06-07',
    status: 'valid',
    token: 'a.b.c',
    createdAt: AT,
    ...overrides,
  };
}

const SESSION = {
  id: 'ses_1',
  title: '人工智能应用高级研修班',
  startDate: '2026-06-01',
  endDate: '2026-06-05',
  city: '南宁',
};

function sources(overrides: Partial<NationalRosterSources> = {}): NationalRosterSources {
  return {
    session: SESSION,
    project: 'seminar',
    registrations: [],
    profiles: new Map(),
    certificateNumbers: new Map(),
    ...overrides,
  };
}

const csvLines = (csv: string) => csv.replace(/^\uFEFF/, '').split('\r\n');

/** exceljs's typings declare their own `Buffer` (an ArrayBuffer); at run time it takes Node's. */
async function loadXlsx(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  return workbook;
}

describe('national roster columns', () => {
  it('are the platform template’s, in its order', () => {
    expect(NATIONAL_ROSTER_HEADERS).toEqual([
      '序号',
      '姓名',
      '证件类型',
      '证件号码',
      '工作单位',
      '所在地市',
      '培训项目',
      '培训班名称',
      '培训开始日期',
      '培训结束日期',
      '学时',
      '考核结果',
      '证书编号',
    ]);
  });
});

describe('national roster rows', () => {
  it('list the completed trainees only, numbered in registration order, with the full ID number', () => {
    const passed = registration({ traineeName: '甲' });
    const alsoPassed = registration({ traineeName: '乙', creditHours: 16 });
    const all = [
      registration({ status: 'confirmed' }),
      passed,
      registration({ status: 'failed' }),
      registration({ status: 'waitlisted', waitlistPosition: 1 }),
      registration({ status: 'cancelled', cancelledAt: AT }),
      alsoPassed,
    ];
    const profiles = new Map([
      [passed.traineeId, profile(passed.traineeId, ID_A)],
      [alsoPassed.traineeId, profile(alsoPassed.traineeId, ID_B, { name: '乙二' })],
    ]);
    const rows = nationalRosterRows(sources({ registrations: all, profiles }));
    expect(rows).toEqual([
      {
        number: 1,
        name: '韦小宝',
        documentType: '居民身份证',
        idNumber: ID_A,
        employer: '南宁市第一中学',
        city: '柳州',
        project: '研修培训项目',
        sessionTitle: '人工智能应用高级研修班',
        startDate: '2026-06-01',
        endDate: '2026-06-05',
        hours: 24,
        result: '合格',
        certificateNumber: undefined,
      },
      expect.objectContaining({ number: 2, name: '乙二', idNumber: ID_B, hours: 16 }),
    ]);
  });

  it('take the session’s city for a profile without one, and leave the ID empty without a profile', () => {
    const noCity = registration();
    const noProfile = registration({ traineeName: '丙' });
    const rows = nationalRosterRows(
      sources({
        registrations: [noCity, noProfile],
        profiles: new Map([[noCity.traineeId, profile(noCity.traineeId, ID_A, { city: '' })]]),
      }),
    );
    expect(rows.map((row) => [row.city, row.idNumber, row.name])).toEqual([
      ['南宁', ID_A, '韦小宝'],
      // Never the masked number: the platform would take it for the person's.
      ['南宁', '', '丙'],
    ]);
  });

  it('carry the number of the valid completion certificate of each registration', () => {
    const [first, second, third] = [registration(), registration(), registration()];
    const numbers = completionNumbers([
      certificate({ number: 'GX-2026-P0-000001-0', registrationId: first?.id }),
      certificate({ number: 'GX-2026-P0-000002-0', registrationId: second?.id, status: 'revoked' }),
      certificate({ number: 'GX-2026-T3-000003-0', type: 'technical-level', level: 'senior' }),
    ]);
    expect([...numbers]).toEqual([[first?.id, 'GX-2026-P0-000001-0']]);
    const rows = nationalRosterRows(
      sources({ registrations: [first, second, third] as Registration[], certificateNumbers: numbers }),
    );
    expect(rows.map((row) => row.certificateNumber)).toEqual(['GX-2026-P0-000001-0', undefined, undefined]);
  });

  it('name the plan’s project by its label', () => {
    const rows = nationalRosterRows(
      sources({ project: 'digital-engineer', registrations: [registration()] }),
    );
    expect(rows[0]?.project).toBe('数字技术工程师培育项目');
  });
});

describe('national roster files', () => {
  const tricky = registration({ employer: '=HYPERLINK("http://evil.example","点我")' });
  const plain = registration();
  const rows = nationalRosterRows(
    sources({
      registrations: [tricky, plain],
      profiles: new Map([
        [tricky.traineeId, profile(tricky.traineeId, ID_A, { name: '+韦"小,宝' })],
        [plain.traineeId, profile(plain.traineeId, ID_B)],
      ]),
      certificateNumbers: new Map([[plain.id, 'GX-2026-P0-000009-0']]),
    }),
  );

  it('CSV: the header, the full ID numbers as written, formulas neutralized, an empty cell for no certificate', () => {
    const lines = csvLines(nationalRosterCsv(rows));
    expect(lines[0]).toBe(NATIONAL_ROSTER_HEADERS.join(','));
    expect(lines[1]).toBe(
      `1,"'+韦""小,宝",居民身份证,${ID_A},"'=HYPERLINK(""http://evil.example"",""点我"")",柳州,研修培训项目,人工智能应用高级研修班,2026-06-01,2026-06-05,24,合格,`,
    );
    expect(lines[2]).toBe(
      `2,韦小宝,居民身份证,${ID_B},南宁市第一中学,柳州,研修培训项目,人工智能应用高级研修班,2026-06-01,2026-06-05,24,合格,GX-2026-P0-000009-0`,
    );
  });

  it('XLSX: the ID column is text and holds all 18 characters; typed text stays a string, never a formula', async () => {
    const workbook = await loadXlsx(await nationalRosterXlsx(rows));
    const sheet = workbook.getWorksheet(NATIONAL_ROSTER_SHEET);
    expect(sheet?.getRow(1).values).toEqual([undefined, ...NATIONAL_ROSTER_HEADERS]);
    const idColumn = NATIONAL_ROSTER_HEADERS.indexOf('证件号码') + 1;
    expect(sheet?.getColumn(idColumn).numFmt).toBe('@');
    const id = sheet?.getRow(2).getCell(idColumn);
    expect(id?.type).toBe(ExcelJS.ValueType.String);
    expect(id?.value).toBe(ID_A);
    expect(sheet?.getRow(3).getCell(idColumn).value).toBe(ID_B);
    const employer = sheet?.getRow(2).getCell(NATIONAL_ROSTER_HEADERS.indexOf('工作单位') + 1);
    expect(employer?.type).toBe(ExcelJS.ValueType.String);
    expect(employer?.value).toBe('=HYPERLINK("http://evil.example","点我")');
    expect(sheet?.getRow(2).getCell(NATIONAL_ROSTER_HEADERS.indexOf('学时') + 1).value).toBe(24);
  });

  it('are named for the platform, in Chinese after the title and in ASCII by the session id', () => {
    const header = rosterContentDisposition(SESSION, 'csv', NATIONAL_ROSTER_FILE);
    expect(header).toMatch(
      /^attachment; filename="national-roster-ses_1\.csv"; filename\*=UTF-8''[\x21-\x7e]+$/,
    );
    const encoded = header.split("UTF-8''")[1] as string;
    expect(decodeURIComponent(encoded)).toBe('人工智能应用高级研修班-国家平台学员名单.csv');
  });
});

describe('who exports the national roster', () => {
  const session = { hostOrgId: 'org_host' };
  const actor = (roles: Actor['roles'], orgId?: string): Actor => ({ userId: 'u1', roles, orgId });

  it('the session’s host organization and admin', () => {
    expect(() => assertMayExportNationalRoster(actor(['host'], 'org_host'), session)).not.toThrow();
    expect(() => assertMayExportNationalRoster(actor(['admin'], 'org_hrss'), session)).not.toThrow();
  });

  it.each([
    ['another host', actor(['host'], 'org_other')],
    ['a co-organizing department', actor(['department'], 'org_dept')],
    ['a city bureau', actor(['city'], 'org_city')],
    ['a trainee', actor(['trainee'])],
  ])('not %s: 403 with the reason in Chinese', (_who, caller) => {
    const error = thrown(() => assertMayExportNationalRoster(caller, session)) as AppError;
    expect(error).toBeInstanceOf(AppError);
    expect(error.status).toBe(403);
    expect(error.toBody().error.message).toContain('国家平台学员名单');
    expect(error.toBody('en').error.message).toContain('national platform roster');
  });
});

describe('the audit fact of an export', () => {
  it('names the session as target and the format and row count as detail', () => {
    expect(nationalRosterExport(SESSION, 'xlsx', 42)).toEqual({
      action: 'national-roster-export',
      target: 'session:ses_1',
      detail: { format: 'xlsx', rows: 42, sessionTitle: '人工智能应用高级研修班' },
    });
  });
});
