/**
 * Every entry of the catalogue's areas says something in both languages: Chinese for the people
 * who use the program, English for whoever asks for it. The samples are typed by the catalogue,
 * so an entry added without one fails to compile rather than escape the walk.
 */
import { describe, expect, it } from 'vitest';
import { MESSAGES } from '#shared/i18n/messages';
import type { Text } from '#shared/i18n/text';

type Catalogue = typeof MESSAGES;
type Samples<Area> = { [Entry in keyof Area]: Area[Entry] extends (...args: infer P) => Text ? P : never };

const SAMPLES: {
  [Area in 'organizations' | 'annualReports' | 'trainees' | 'reports' | 'rosters' | 'verification']: Samples<
    Catalogue[Area]
  >;
} & { validation: Partial<Samples<Catalogue['validation']>> } = {
  organizations: {
    notFound: ['org_1'],
    changedMeanwhile: [],
    levelOnlyForBases: [],
    baseNeedsLevel: [],
    statusNeedsReason: [],
    reasonWithoutStatus: [],
  },
  annualReports: {
    onlyTheBaseFiles: [],
    notABase: ['org_1', 'host'],
    baseExited: ['org_1'],
    yearNotStarted: [2027, '2026-12-31'],
    currentOrPastYear: [],
    notFound: ['org_1', 2025],
    alreadyFiled: ['org_1', 2025],
  },
  trainees: {
    claimsMismatch: [['name', 'email']],
    nameOfSignIn: [],
    emailOfSignIn: [],
    certifiedFieldsLocked: [],
    lockedByCertificate: ['idNumber'],
    idNumberInUse: [],
    idNumberHeld: [],
    invalidIdNumber: [],
    noProfile: [],
  },
  reports: {
    yearNotStarted: [2027],
    compileFrom: [2027],
    notCompiled: [2026],
    noOrganization: [],
  },
  rosters: { hostOrAdminOnly: [] },
  verification: { certificateNotFound: ['GX-2026-000001'] },
  validation: {
    idCharacters: [],
    yearDigits: [],
    notEmpty: [],
    atMostCharacters: [200],
    notUnicode: [],
    nothingToChange: [],
  },
};

const CHINESE = /[\u4e00-\u9fff]/;

const entries = Object.entries(SAMPLES).flatMap(([area, samples]) =>
  Object.entries(samples as Record<string, unknown[]>).map(([entry, args]) => {
    const make = (MESSAGES as unknown as Record<string, Record<string, (...args: unknown[]) => Text>>)[
      area
    ]?.[entry];
    return { name: `${area}.${entry}`, make, args };
  }),
);

describe('the catalogue', () => {
  it.each(entries)('$name speaks Chinese by default and English on request', ({ make, args }) => {
    expect(make).toBeTypeOf('function');
    const text = make?.(...args) as Text;
    expect(text['zh-CN'].trim()).not.toBe('');
    expect(text['zh-CN']).toMatch(CHINESE);
    expect(text.en.trim()).not.toBe('');
    expect(text.en).not.toMatch(CHINESE);
  });

  it('walks every entry of the areas it covers', () => {
    for (const area of Object.keys(SAMPLES).filter((name) => name !== 'validation')) {
      const walked = entries.filter((entry) => entry.name.startsWith(`${area}.`)).map((entry) => entry.name);
      const catalogued = Object.keys(MESSAGES[area as keyof Catalogue]).map((entry) => `${area}.${entry}`);
      expect(walked.sort()).toEqual(catalogued.sort());
    }
  });

  it('names in both languages what a refusal is about', () => {
    expect(MESSAGES.annualReports.notFound('org_9', 2025)).toEqual({
      'zh-CN': '未找到单位 org_9 的 2025 年度报告',
      en: 'No annual report for 2025 from organization org_9',
    });
    expect(MESSAGES.annualReports.notABase('org_9', 'host')['zh-CN']).toBe(
      '单位 org_9 是主办单位，只有继续教育基地提交年度报告',
    );
    expect(MESSAGES.trainees.claimsMismatch(['name', 'idNumber'])['zh-CN']).toBe(
      '个人信息须与登录账号一致：姓名、身份证号码',
    );
  });
});
