/**
 * Every entry of the catalogue's areas says something in both languages: Chinese for the people
 * who use the program, English for whoever asks for it. The samples are typed by the catalogue,
 * so an entry added without one fails to compile rather than escape the walk.
 */
import { describe, expect, it } from 'vitest';
import * as MESSAGES from '#shared/i18n/messages';
import type { Text } from '#shared/i18n/text';

type Catalogue = typeof MESSAGES;
/** The catalogue as a plain object, walked area by area (a namespace is not for dynamic access). */
const CATALOGUE: Record<string, Record<string, (...args: unknown[]) => Text>> = { ...MESSAGES } as never;
type Samples<Area> = { [Entry in keyof Area]: Area[Entry] extends (...args: infer P) => Text ? P : never };

const SAMPLES: {
  [Area in
    | 'organizations'
    | 'annualReports'
    | 'trainees'
    | 'reports'
    | 'rosters'
    | 'cities'
    | 'audit'
    | 'verification'
    | 'plans'
    | 'sessions'
    | 'registrations'
    | 'certificates'
    | 'printouts']: Samples<Catalogue[Area]>;
} & { validation: Partial<Samples<Catalogue['validation']>> } = {
  organizations: {
    notFound: ['org_1'],
    changedMeanwhile: [],
    levelOnlyForBases: [],
    baseNeedsLevel: [],
    statusNeedsReason: [],
    reasonWithoutStatus: [],
    managingDepartmentOnlyForBases: [],
    unknownManagingDepartment: ['org_1'],
    notAManagingDepartment: ['org_1'],
    managingDepartmentMustBeDepartment: [],
  },
  annualReports: {
    onlyTheBaseFiles: [],
    notABase: ['org_1', 'host'],
    baseExited: ['org_1'],
    yearNotStarted: [2027, '2026-12-31'],
    currentOrPastYear: [],
    notFound: ['org_1', 2025],
    alreadyFiled: ['org_1', 2025],
    currentStatus: ['department-approved'],
    notYourTurn: ['submitted', 'department'],
    notAwaitingReview: ['accepted'],
    notAmendable: ['accepted'],
    amendableOnlyIn: [['submitted', 'returned']],
    returnNeedsComment: [],
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
  },
  rosters: { readersOnly: [], nationalHostOrAdminOnly: [] },
  cities: { notACityBureau: ['org_1'] },
  audit: { fromAfterTo: ['2026-03-02', '2026-03-01'], windowTooLong: [400, 366] },
  verification: {
    certificateNotFound: ['GX-2026-000001'],
    tooLong: [8192],
    notCompactJws: [],
    notACompactToken: [],
    headerNotJson: [],
    algorithmRefused: ['HS256'],
    foreignKey: [],
    signatureMismatch: [],
    notACertificate: [],
    noNumber: [],
    notOnRecord: ['GX-2026-000001'],
    notTheIssuedToken: [],
    revoked: ['fraud'],
  },
  plans: {
    notFound: ['plan_1'],
    hostOnly: [],
    ownOrganizationOnly: [],
    nameTheHost: [],
    hostRequired: [],
    invalidTransition: ['approved', 'approve'],
    allowedOnlyFrom: [['draft', 'returned']],
    notEditable: ['submitted'],
    editableOnlyIn: [['draft', 'returned']],
    reviewNeedsComment: ['reject'],
    draftedIt: [],
    submittedIt: [],
    categoryNotOfProject: ['seminar', ['advanced', 'shortage', 'on-the-job'], 'digital'],
    nationalSeminarIsAdvanced: [],
    digitalNeedsField: [['artificial-intelligence', 'big-data']],
    notApproved: ['draft'],
    notApprovedYet: [],
    spendingLimit: [],
    atMostMoreFen: [100],
    unknownOrganization: ['org_1'],
    registerOrganizationFirst: [],
    organizationExited: ['Nanning Talent Centre'],
    exitedAppliesForNone: [],
    notAHost: ['assessment-institution'],
    hostKinds: [['host', 'base']],
    baseTrainingByBase: [],
    mustBeBase: [],
    notADepartment: ['org_1'],
    mustBeDepartment: [],
  },
  sessions: {
    notFound: ['ses_1'],
    hostOnly: [],
    planNotPublished: ['approved'],
    notPublishedYet: [],
    outsidePlanYear: [2026],
    inPlanYear: [2026],
    deadlinePassed: ['2026-03-01'],
    todayOrLater: [],
    onlineDeadlineAfterEnd: [],
    deadlineAfterStart: [],
    endBeforeStart: [],
    capacityBelowSeatsTaken: [3, 5],
    atLeastSeatsTaken: [5],
    hasRegistrations: [],
    fixedOnceRegistered: [],
  },
  registrations: {
    notFound: ['reg_1'],
    closed: ['2026-03-01'],
    deadlinePassed: [],
    profileRequired: [],
    alreadyRegistered: [],
    onePerTraineeAndSession: [],
    listOwnOnly: [],
    alreadyCancelled: [],
    cancelled: [],
    resultRecorded: [],
    hasResult: [],
    cancellationClosed: ['2026-03-01'],
    cancelBeforeStart: [],
    sessionNotEnded: ['2026-03-05'],
    notEndedYet: [],
    differentResult: ['reg_1'],
    resultsFinal: [],
    notConfirmed: ['reg_1', 'waitlisted'],
    onlyConfirmedAssessed: [],
    notOfSession: ['ses_1', ['reg_1', 'reg_2']],
    notOfThisSession: [],
    notASessionDay: ['2026-03-09', '2026-03-01', '2026-03-05'],
    outsideSession: [],
    notHoldingSeats: [['reg_1']],
    seatlessCannotAttend: [],
    duplicateInBatch: [],
    duplicateRegistrationId: [],
    hostNotRegistered: ['org_1'],
  },
  printouts: {
    programme: [],
    completionStatement: ['Zhang San', 'AI in practice', 12],
    technicalStatement: ['Zhang San', 'data analysis', 'intermediate'],
    holderName: [],
    number: [],
    sessionTitle: [],
    field: [],
    creditHours: [],
    hours: [12],
    level: [],
    examDate: [],
    issuer: [],
    issuedOn: [],
    scanToVerify: [],
    revokedMark: [],
    revokedOn: ['2026-12-03', 'forged papers'],
    revokedBecause: ['forged papers'],
  },
  certificates: {
    numberLooksLike: ['GX-2026-P0-000123-0'],
    checkCharacterMismatch: [],
    levelDigitOfType: [],
    listOwnOnly: [],
    examInFuture: [],
    followsExam: [],
    alreadyRevoked: ['GX-2026-P0-000123-0', '2026-05-01T02:00:00.000Z'],
    revokedMeanwhile: ['GX-2026-P0-000123-0'],
    revoked: [],
    notAnAssessmentInstitution: ['org_1'],
    signInAsAssessor: [],
    unknownHolder: ['user_1'],
    holderMustBeTrainee: [],
    holderNameMismatch: ['user_1'],
    holderNameOfProfile: [],
    alreadyCertified: ['user_1', 'senior', 'big data', 'GX-2026-T3-000001-5'],
    onePerFieldAndLevel: [],
  },
  validation: {
    idCharacters: [],
    yearDigits: [],
    notEmpty: [],
    atMostCharacters: [200],
    notUnicode: [],
    nothingToChange: [],
    mustBeTrue: [],
  },
};

const CHINESE = /[\u4e00-\u9fff]/;

const entries = Object.entries(SAMPLES).flatMap(([area, samples]) =>
  Object.entries(samples as Record<string, unknown[]>).map(([entry, args]) => {
    const make = CATALOGUE[area]?.[entry];
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
      const catalogued = Object.keys(CATALOGUE[area] ?? {}).map((entry) => `${area}.${entry}`);
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

  it('names statuses, projects and categories by their labels, and keeps the English grammatical', () => {
    expect(MESSAGES.plans.invalidTransition('approved', 'approve')).toEqual({
      'zh-CN': '该计划当前状态为“已批准”，不能批准',
      en: 'An approved plan cannot be approved',
    });
    expect(MESSAGES.plans.notEditable('submitted')).toEqual({
      'zh-CN': '该计划当前状态为“已提交”，已不能修改',
      en: 'A submitted plan can no longer be changed',
    });
    expect(MESSAGES.plans.categoryNotOfProject('seminar', ['advanced', 'shortage'], 'digital')['zh-CN']).toBe(
      '研修培训项目的类别须为“高级研修”或“急需紧缺人才培养培训”，不能为“数字技术”',
    );
    expect(MESSAGES.plans.notAHost('assessment-institution')).toEqual({
      'zh-CN': '评价机构不能承办计划',
      en: 'An assessment-institution does not host plans',
    });
    expect(MESSAGES.registrations.notConfirmed('reg_9', 'waitlisted')).toEqual({
      'zh-CN': '报名 reg_9 的状态为“候补中”，不是“已确认”',
      en: 'Registration reg_9 is waitlisted, not confirmed',
    });
    expect(MESSAGES.certificates.alreadyCertified('u_9', 'senior', '大数据', undefined)).toEqual({
      'zh-CN': '学员 u_9 已持有“大数据”领域的高级证书',
      en: 'Trainee u_9 already holds a senior certificate in 大数据',
    });
    expect(MESSAGES.certificates.alreadyCertified('u_9', 'intermediate', 'big-data', undefined).en).toBe(
      'Trainee u_9 already holds an intermediate certificate in big-data',
    );
  });

  it('says a revocation without its time as one already revoked', () => {
    expect(MESSAGES.certificates.alreadyRevoked('GX-2026-P0-000123-0', undefined)).toEqual(
      MESSAGES.certificates.revokedMeanwhile('GX-2026-P0-000123-0'),
    );
  });
});
