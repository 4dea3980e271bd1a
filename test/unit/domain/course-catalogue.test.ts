import { describe, expect, it } from 'vitest';
import { AppError } from '#shared/domain/errors';
import type { Plan } from '#shared/domain/plans/schemas';
import { PLAN_STATUSES } from '#shared/domain/plans/statuses';
import { TRANSITIONS } from '#shared/domain/plans/workflow';
import { withSessionDetails } from '#shared/domain/registrations/my-registrations';
import type { Registration } from '#shared/domain/registrations/schemas';
import {
  CATALOGUE_READ_LIMIT,
  catalogueEntry,
  cityNames,
  seatsLeft,
} from '#shared/domain/sessions/catalogue';
import {
  CatalogueSession,
  CreateSessionInput,
  PublicSessionsQuery,
  type Session,
} from '#shared/domain/sessions/schemas';
import { SEARCH_MAX_LENGTH, searchText } from '#shared/domain/sessions/search-text';
import { newSession } from '#shared/domain/sessions/session';
import { validate } from '#shared/http/validation';
import { thrown } from '../helpers/thrown';

const SESSION: Session = {
  id: 'ses_1',
  planId: 'plan_1',
  hostOrgId: 'org_host',
  hostName: '广西大学',
  year: 2026,
  title: '数字经济高级研修班',
  startDate: '2026-12-07',
  endDate: '2026-12-11',
  registrationDeadline: '2026-11-30',
  capacity: 60,
  creditHours: 24,
  subjectType: 'professional',
  mode: 'offline',
  city: '南宁',
  location: '广西大学继续教育学院',
  seatsTaken: 58,
  waitlistLength: 0,
  createdAt: '2026-03-02T00:00:00.000Z',
  updatedAt: '2026-03-02T00:00:00.000Z',
  version: 1,
};

const query = (value: Record<string, string>) => validate(PublicSessionsQuery, value, 'query');
const refusal = (value: Record<string, string>) => {
  const error = thrown(() => query(value));
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
};

describe('the search form of titles and searches', () => {
  it('finds a Chinese part of a title as typed', () => {
    expect(searchText('数字经济高级研修班')).toContain(searchText('数字'));
    expect(searchText(' 数字 ')).toBe('数字');
  });

  it('folds full-width letters and case, and makes white space one space', () => {
    expect(searchText('ＡＩ赋能　研修班')).toBe('ai赋能 研修班');
    expect(searchText('AI  赋能')).toBe(searchText('ai 赋能'));
    expect(searchText('Ｉｏｔ')).toBe('iot');
  });
});

describe('city names', () => {
  it('takes 南宁 and 南宁市 as one city, whichever is typed', () => {
    expect(cityNames('南宁')).toEqual(['南宁', '南宁市']);
    expect(cityNames('南宁市')).toEqual(['南宁', '南宁市']);
    expect(cityNames(' 防城港市 ')).toEqual(['防城港', '防城港市']);
  });

  it('leaves a lone 市 alone', () => {
    expect(cityNames('市')).toEqual(['市', '市市']);
  });
});

describe('a catalogue entry', () => {
  it('shows the seats left and whether registration is open on the day', () => {
    const entry = catalogueEntry(SESSION, '2026-11-30');
    expect(entry).toMatchObject({
      seatsLeft: 2,
      open: true,
      hostName: '广西大学',
      location: '广西大学继续教育学院',
    });
    expect(catalogueEntry(SESSION, '2026-12-01').open).toBe(false);
    expect(CatalogueSession.safeParse(entry).success).toBe(true);
  });

  it('has null seats left for an unlimited session and none below zero', () => {
    expect(seatsLeft({ capacity: null, seatsTaken: 500 })).toBeNull();
    expect(seatsLeft({ capacity: 10, seatsTaken: 10 })).toBe(0);
    expect(seatsLeft({ capacity: 10, seatsTaken: 12 })).toBe(0);
  });

  it('shows nothing beyond what the catalogue lists', () => {
    const { location: _location, ...online } = { ...SESSION, mode: 'online' as const };
    expect(Object.keys(catalogueEntry(online, '2026-11-01')).sort()).toEqual(
      [
        'id',
        'title',
        'planId',
        'hostOrgId',
        'hostName',
        'startDate',
        'endDate',
        'registrationDeadline',
        'city',
        'mode',
        'subjectType',
        'creditHours',
        'capacity',
        'seatsLeft',
        'open',
      ].sort(),
    );
  });
});

// The catalogue lists every stored session of a year without looking at plans: that is right only
// while no session can exist under a plan that is not published.
describe('sessions exist only under published plans', () => {
  const plan = { id: 'plan_1', year: 2026, hostOrgId: 'org_host', hostName: '广西大学' } as Plan;
  const input = CreateSessionInput.parse({
    title: '数字经济高级研修班',
    startDate: '2026-12-07',
    endDate: '2026-12-11',
    registrationDeadline: '2026-11-30',
    creditHours: 24,
    subjectType: 'professional',
    mode: 'offline',
    city: '南宁',
  });
  const now = new Date('2026-11-20T02:00:00.000Z');

  it.each(PLAN_STATUSES.filter((status) => status !== 'published'))(
    'refuses a session of a %s plan',
    (status) => {
      const error = thrown(() => newSession({ ...plan, status }, input, now));
      expect((error as AppError).code).toBe('PLAN_NOT_PUBLISHED');
    },
  );

  it('takes one of a published plan, which no action moves out of published', () => {
    expect(newSession({ ...plan, status: 'published' }, input, now).planId).toBe('plan_1');
    for (const transition of Object.values(TRANSITIONS)) expect(transition.from).not.toContain('published');
  });
});

describe('the catalogue query', () => {
  it('takes every filter, the search in its search form', () => {
    expect(
      query({
        year: '2026',
        city: '南宁',
        field: 'big-data',
        subjectType: 'professional',
        mode: 'blended',
        open: 'true',
        q: ' ＡＩ赋能 ',
        limit: '20',
      }),
    ).toEqual({
      year: 2026,
      city: '南宁',
      field: 'big-data',
      subjectType: 'professional',
      mode: 'blended',
      open: true,
      q: 'ai赋能',
      limit: 20,
    });
  });

  it('takes a blank search as no search, and no filter at all', () => {
    expect(query({ q: '   ' }).q).toBe('');
    expect(query({})).toEqual({ limit: 50 });
  });

  it('refuses values outside the enumerations, in Chinese naming the field', () => {
    for (const [name, value, label] of [
      ['field', 'cooking', '专业领域'],
      ['subjectType', 'public', '科目类型'],
      ['mode', 'remote', '培训方式'],
      ['open', 'yes', '仅看可报名'],
      ['year', '2019', '年度'],
      ['year', '26', '年度'],
    ] as const) {
      const body = refusal({ [name]: value }).toBody();
      expect(body.error.code, `${name}=${value}`).toBe('VALIDATION_FAILED');
      expect(body.error.message, `${name}=${value}`).toBe(`查询参数有误：${label}`);
      expect(body.error.details?.[0]?.message, `${name}=${value}`).toMatch(new RegExp(`^${label}：`));
    }
  });

  it('bounds the search and refuses broken Unicode', () => {
    expect(query({ q: '数'.repeat(SEARCH_MAX_LENGTH) }).q).toHaveLength(SEARCH_MAX_LENGTH);
    const long = refusal({ q: '数'.repeat(SEARCH_MAX_LENGTH + 1) });
    expect(long.toBody().error.details?.[0]?.message).toBe(`关键词：不能超过 ${SEARCH_MAX_LENGTH} 个字符`);
    expect(long.toBody('en').error.details?.[0]?.message).toBe(`At most ${SEARCH_MAX_LENGTH} characters`);
    expect(refusal({ q: '数字\ud800' }).toBody().error.details?.[0]?.message).toMatch(
      /^关键词：不是有效的 Unicode/,
    );
  });

  it('refuses a blank city and an unknown parameter', () => {
    expect(refusal({ city: '  ' }).toBody().error.details?.[0]?.message).toBe('所在地市：不能为空');
    expect(refusal({ planId: 'plan_1' }).toBody().error.details?.[0]?.field).toBe('query.planId');
  });

  it('reads a bounded number of sessions a request, more than a page holds', () => {
    expect(CATALOGUE_READ_LIMIT).toBeGreaterThan(200);
    expect(CATALOGUE_READ_LIMIT).toBeLessThanOrEqual(2_000);
  });
});

describe("a trainee's registration with its session", () => {
  const registration = {
    id: 'reg_1',
    sessionId: 'ses_1',
    planId: 'plan_1',
    hostOrgId: 'org_host',
    hostName: '广西大学（旧名）',
    traineeId: 'trainee-1',
    status: 'waitlisted',
    waitlistPosition: 3,
    waitlistPlace: 1,
    traineeName: '张三',
    idNumberMasked: '450103********1234',
    employer: '某单位',
    sessionTitle: '数字经济研修班（旧名）',
    year: 2026,
    creditHours: 24,
    subjectType: 'professional',
    registeredAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
  } satisfies Registration;

  it("carries the session's dates and place as they stand now, and keeps the waitlist place", () => {
    const mine = withSessionDetails(registration, SESSION);
    expect(mine.session).toEqual({
      title: '数字经济高级研修班',
      startDate: '2026-12-07',
      endDate: '2026-12-11',
      city: '南宁',
      location: '广西大学继续教育学院',
      mode: 'offline',
      hostName: '广西大学',
    });
    expect(mine.waitlistPlace).toBe(1);
  });

  it('falls back on what the registration recorded when the session is gone', () => {
    expect(withSessionDetails(registration, undefined).session).toEqual({
      title: '数字经济研修班（旧名）',
      hostName: '广西大学（旧名）',
    });
  });
});
