import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { neutralizeFormula } from '#shared/csv';
import { AppError } from '#shared/domain/errors';
import type { Attendance, Registration } from '#shared/domain/registrations/schemas';
import {
  assertMaySeeRoster,
  ROSTER_HEADERS,
  rosterContentDisposition,
  rosterRows,
} from '#shared/domain/rosters/roster';
import { maskIdNumber } from '#shared/domain/trainees/id-number';
import { toCsv } from '#shared/rosters/csv';
import { thrown } from '../helpers/thrown';

const FULL_ID = '450103199001010012';
const AT = '2026-12-07T01:00:00.000Z';

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
    status: 'confirmed',
    traineeName: `学员${serial}`,
    idNumberMasked: maskIdNumber(FULL_ID),
    employer: '南宁市第一中学',
    sessionTitle: '人工智能应用高级研修班',
    year: 2026,
    creditHours: 24,
    subjectType: 'professional',
    registeredAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

const result = (passed: boolean, score?: number) => ({
  passed,
  ...(score === undefined ? {} : { score }),
  recordedAt: AT,
  recordedBy: 'host-user',
});

const day = (date: string, present: string[]): Attendance => ({
  sessionId: 'ses_1',
  date,
  present,
  recordedAt: AT,
  recordedBy: 'host-user',
});

const csvLines = (csv: string) => csv.replace(/^\uFEFF/, '').split('\r\n');

describe('roster rows', () => {
  it('lists those who hold or held a seat, numbered in registration order, and leaves out the waitlisted and cancelled', () => {
    const all = [
      registration({ status: 'confirmed', traineeName: '甲' }),
      registration({ status: 'waitlisted', waitlistPosition: 1, traineeName: '乙' }),
      registration({ status: 'completed', result: result(true), traineeName: '丙' }),
      registration({ status: 'cancelled', cancelledAt: AT, traineeName: '丁' }),
      registration({ status: 'failed', result: result(false), traineeName: '戊' }),
    ];
    const rows = rosterRows(all, []);
    expect(rows.map((row) => [row.number, row.name])).toEqual([
      [1, '甲'],
      [2, '丙'],
      [3, '戊'],
    ]);
  });

  it('awards the hours to a completed registration only, and names the result', () => {
    const rows = rosterRows(
      [
        registration({ status: 'completed', creditHours: 24, result: result(true, 92.5) }),
        registration({ status: 'failed', creditHours: 24, result: result(false, 41) }),
        registration({ status: 'confirmed', creditHours: 24 }),
        registration({ status: 'completed', creditHours: 12, result: result(true) }),
      ],
      [],
    );
    expect(rows.map(({ hours, result: text, score }) => ({ hours, text, score }))).toEqual([
      { hours: 24, text: '合格', score: 92.5 },
      { hours: 0, text: '不合格', score: 41 },
      { hours: 0, text: '未考核', score: undefined },
      { hours: 12, text: '合格', score: undefined },
    ]);
  });

  it('counts the days each registration was present, a day once', () => {
    const [a, b, c] = [registration(), registration(), registration()] as [
      Registration,
      Registration,
      Registration,
    ];
    const attendance = [
      day('2026-12-07', [a.id, b.id]),
      day('2026-12-08', [a.id, a.id]),
      day('2026-12-09', [a.id, 'reg_of_another_session']),
    ];
    expect(rosterRows([a, b, c], attendance).map((row) => row.daysPresent)).toEqual([3, 1, 0]);
  });

  it('carries name, employer and session title through unchanged', () => {
    const [row] = rosterRows(
      [registration({ traineeName: '韦小宝', employer: '广西大学', sessionTitle: '数字经济研修班' })],
      [],
    );
    expect(row).toMatchObject({ name: '韦小宝', employer: '广西大学', sessionTitle: '数字经济研修班' });
  });

  it('shows no more of an ID number than the mask, even if a full number slipped into a record', () => {
    const rows = rosterRows(
      [registration({ idNumberMasked: maskIdNumber(FULL_ID) }), registration({ idNumberMasked: FULL_ID })],
      [],
    );
    expect(rows.map((row) => row.idNumberMasked)).toEqual(['4501**********0012', '4501**********0012']);
    expect(toCsv(rows)).not.toContain(FULL_ID);
    expect(toCsv(rows)).not.toContain(FULL_ID.slice(4, 14));
  });
});

describe('roster CSV', () => {
  it('starts with the UTF-8 BOM (EF BB BF) and the Chinese header line', () => {
    const csv = toCsv(rosterRows([registration()], []));
    expect([...Buffer.from(csv, 'utf8').subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csvLines(csv)[0]).toBe('序号,姓名,身份证号,工作单位,培训班次,学时,出勤天数,考核结果,成绩');
    expect(csvLines(csv)[0]?.split(',')).toEqual([...ROSTER_HEADERS]);
  });

  it('writes one line per row with every cell, an empty cell for a missing score', () => {
    const a = registration({
      status: 'completed',
      traineeName: '李四',
      employer: '柳州市人民医院',
      result: result(true, 88),
    });
    const b = registration({ status: 'confirmed', traineeName: '王五', employer: '桂林电子科技大学' });
    const csv = toCsv(rosterRows([a, b], [day('2026-12-07', [a.id])]));
    expect(csvLines(csv).slice(1)).toEqual([
      '1,李四,4501**********0012,柳州市人民医院,人工智能应用高级研修班,24,1,合格,88',
      '2,王五,4501**********0012,桂林电子科技大学,人工智能应用高级研修班,0,0,未考核,',
      '',
    ]);
  });

  it('quotes a field with a comma or a quote, doubling the quotes (RFC 4180)', () => {
    const csv = toCsv(
      rosterRows([registration({ traineeName: '张"三,丰', employer: '南宁市 "第一" 中学' })], []),
    );
    expect(csvLines(csv)[1]).toBe(
      '1,"张""三,丰",4501**********0012,"南宁市 ""第一"" 中学",人工智能应用高级研修班,0,0,未考核,',
    );
  });

  it('ends every line with CRLF and quotes a field holding a line break', () => {
    const csv = toCsv(rosterRows([registration({ employer: '广西\n大学' }), registration()], []));
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv).toContain('"广西\n大学"');
    // Outside the one quoted field, every break is a CRLF.
    expect(csv.replace('"广西\n大学"', '').match(/\r\n/g)).toHaveLength(3);
    expect(csv.replace('"广西\n大学"', '')).not.toMatch(/(?<!\r)\n|\r(?!\n)/);
  });

  it('neutralizes cells a spreadsheet would run as formulas', () => {
    const rows = rosterRows(
      [
        registration({ traineeName: '=HYPERLINK("http://evil.example","点我")', employer: '+1+2' }),
        registration({ traineeName: '-3+4', employer: '@SUM(A1:A9)' }),
        registration({ traineeName: '\t=1+1', employer: '\r=1+1' }),
      ],
      [],
    );
    const lines = csvLines(toCsv(rows));
    expect(lines[1]).toBe(
      `1,"'=HYPERLINK(""http://evil.example"",""点我"")",4501**********0012,'+1+2,人工智能应用高级研修班,0,0,未考核,`,
    );
    expect(lines[2]).toBe("2,'-3+4,4501**********0012,'@SUM(A1:A9),人工智能应用高级研修班,0,0,未考核,");
    expect(toCsv(rows)).toContain('3,\'\t=1+1,4501**********0012,"\'\r=1+1",');
  });

  it('leaves ordinary text alone, including a dash or sign inside it', () => {
    expect(neutralizeFormula('南宁-柳州')).toBe('南宁-柳州');
    expect(neutralizeFormula('a=b')).toBe('a=b');
    expect(neutralizeFormula('=b')).toBe("'=b");
  });
});

describe('who may export', () => {
  const session = { hostOrgId: 'org_host' };

  it("lets the session's host organization and admin export", () => {
    expect(() =>
      assertMaySeeRoster({ userId: 'h', roles: ['host'], orgId: 'org_host' }, session),
    ).not.toThrow();
    expect(() =>
      assertMaySeeRoster({ userId: 'd', roles: ['department'], orgId: 'org_host' }, session),
    ).not.toThrow();
    expect(() =>
      assertMaySeeRoster({ userId: 'a', roles: ['admin'], orgId: 'org_admin' }, session),
    ).not.toThrow();
  });

  it('refuses another host and a trainee with 403', () => {
    for (const actor of [
      { userId: 'h2', roles: ['host'] as const, orgId: 'org_other' },
      { userId: 't', roles: ['trainee'] as const },
    ]) {
      const error = thrown(() => assertMaySeeRoster(actor, session));
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).status).toBe(403);
    }
  });
});

describe('roster file name', () => {
  it('gives an ASCII file name with the session id and an RFC 5987 one with the title', () => {
    const header = rosterContentDisposition({ id: 'ses_42', title: '人工智能(AI)应用*研修班' }, 'xlsx');
    expect(header).toMatch(/^attachment; filename="roster-ses_42\.xlsx"; filename\*=UTF-8''[\x21-\x7e]+$/);
    const encoded = header.split("filename*=UTF-8''")[1] as string;
    expect(encoded).not.toMatch(/['()*]/);
    // The file system's forbidden characters are replaced; everything else survives the round trip.
    expect(decodeURIComponent(encoded)).toBe('人工智能(AI)应用_研修班-花名册.xlsx');
  });

  it('never throws on a title holding a lone surrogate, stored before such text was refused', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (title) => {
        const header = rosterContentDisposition({ id: 'ses_9', title }, 'csv');
        expect(header).toMatch(/^attachment; filename="roster-ses_9\.csv"; filename\*=UTF-8''[\x21-\x7e]+$/);
      }),
    );
    expect(rosterContentDisposition({ id: 'ses_9', title: 'x\ud800' }, 'csv')).toContain(
      encodeURIComponent('x\uFFFD-花名册.csv'),
    );
  });

  it('names the CSV the same way', () => {
    expect(rosterContentDisposition({ id: 'ses_1', title: '班次 / 一' }, 'csv')).toBe(
      `attachment; filename="roster-ses_1.csv"; filename*=UTF-8''${encodeURIComponent('班次 _ 一-花名册.csv')}`,
    );
  });
});
