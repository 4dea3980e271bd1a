/**
 * What a city bureau reads: the city of its registered organization, its city's plans whole and
 * other plans as the public does, and the rosters of sessions its city's organizations host; and
 * a co-organizing department reads the rosters of its plan's sessions.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '#shared/domain/actor';
import { bureauCity, isOfCity, planViewForBureau, readsAsCityBureau } from '#shared/domain/cities/city-scope';
import { AppError } from '#shared/domain/errors';
import type { Organization } from '#shared/domain/organizations/schemas';
import { publicPlanView } from '#shared/domain/plans/access';
import { newPlan, transitionPlan } from '#shared/domain/plans/plan';
import { CreatePlanInput, type Plan } from '#shared/domain/plans/schemas';
import { listedPlanView, planListScope } from '#shared/domain/plans/scope';
import { assertMaySeeRoster } from '#shared/domain/rosters/roster';
import { thrown } from '../helpers/thrown';

/** A refusal as the caller reads it: status, code and message in `language`. */
function toBody(error: Error, language?: 'zh-CN' | 'en') {
  if (!(error instanceof AppError)) throw error;
  const { code, message } = error.toBody(language).error;
  return { status: error.status, code, message };
}

const AT = '2026-01-05T00:00:00.000Z';
const now = new Date('2026-03-01T02:00:00Z');

function org(id: string, fields: Partial<Organization>): Organization {
  return {
    id,
    name: id,
    kind: 'host',
    city: '南宁市',
    fields: [],
    status: 'active',
    createdAt: AT,
    updatedAt: AT,
    ...fields,
  };
}

const NANNING_BUREAU = org('org_bureau_nn', { name: '南宁市人力资源和社会保障局', kind: 'city-bureau' });
const nanning: Actor = { userId: 'u-city', roles: ['city'], orgId: NANNING_BUREAU.id };
const HOST_NN = org('org_host_nn', { city: '南宁市' });
const HOST_LZ = org('org_host_lz', { city: '柳州市' });

const host: Actor = { userId: 'u-host', roles: ['host'], orgId: HOST_NN.id };
const admin: Actor = { userId: 'u-admin', roles: ['admin'], orgId: 'org_hrss' };

const draftOf = (hostOrgId: string): Plan =>
  newPlan(
    CreatePlanInput.parse({
      year: 2026,
      project: 'seminar',
      level: 'regional',
      category: 'shortage',
      title: '数字经济急需紧缺人才研修班',
      plannedSessions: 2,
      plannedTrainees: 120,
      budget: { subsidyCapFen: 50_000_00, selfFundedFen: 10_000_00 },
      hostOrgId,
      departmentId: 'org_dept',
    }),
    admin,
    now,
  );

const published = (plan: Plan): Plan =>
  (['submit', 'approve', 'publish'] as const).reduce(
    (moved, action) => transitionPlan(moved, action, { ...admin, userId: `u-${action}` }, now),
    plan,
  );

describe("a city bureau's city", () => {
  it('is the city of the registered city bureau its sign-in names', () => {
    expect(bureauCity(nanning, NANNING_BUREAU)).toBe('南宁市');
  });

  it('refuses with 403 a sign-in whose organization is missing, not a bureau, or another one', () => {
    for (const bureau of [undefined, HOST_NN, { ...NANNING_BUREAU, id: 'org_bureau_other' }]) {
      const error = thrown(() => bureauCity(nanning, bureau));
      expect(error).toBeInstanceOf(AppError);
      expect(toBody(error)).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      expect(toBody(error).message).toContain('不是已登记的市级人力资源社会保障部门');
      expect(toBody(error, 'en').message).toContain('not a registered city bureau');
    }
  });

  it('refuses with 403 a sign-in that names no organization at all', () => {
    expect(toBody(thrown(() => bureauCity({ userId: 'u', roles: ['city'] }, undefined)))).toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
    });
  });

  it('holds an organization of the same city, not one of another or an unknown one', () => {
    expect(isOfCity('南宁市', HOST_NN)).toBe(true);
    expect(isOfCity('南宁市', HOST_LZ)).toBe(false);
    expect(isOfCity('南宁市', undefined)).toBe(false);
  });
});

describe('who lists as a city bureau', () => {
  it('is a sign-in whose only scope-giving role is city', () => {
    expect(readsAsCityBureau(nanning)).toBe(true);
    expect(readsAsCityBureau({ ...nanning, roles: ['city', 'trainee'] })).toBe(true);
    for (const roles of [['admin', 'city'], ['host', 'city'], ['department', 'city'], ['trainee']] as const) {
      expect(readsAsCityBureau({ ...nanning, roles })).toBe(false);
    }
  });

  it("lists the bureau's city's plans, read whole", () => {
    const scope = planListScope(nanning, '南宁市');
    expect(scope).toEqual({ kind: 'city', city: '南宁市' });
    const draft = draftOf(HOST_NN.id);
    expect(listedPlanView(nanning, scope, draft)).toEqual(draft);
  });

  it('keeps the scope of a wider role, and a city sign-in without a city sees published plans only', () => {
    expect(planListScope({ ...nanning, roles: ['admin', 'city'] }, '南宁市')).toEqual({ kind: 'all' });
    expect(planListScope(nanning)).toEqual({ kind: 'published' });
    const plan = published(draftOf(HOST_LZ.id));
    expect(listedPlanView(nanning, { kind: 'published' }, plan)).not.toHaveProperty('budget');
  });
});

describe('one plan as a city bureau reads it', () => {
  it('reads a plan of its city whole, in any status, like a party', () => {
    const draft = draftOf(HOST_NN.id);
    expect(planViewForBureau('南宁市', HOST_NN, draft, draft.id)).toEqual(draft);
    const shown = planViewForBureau('南宁市', HOST_NN, published(draft), draft.id);
    expect(shown).toHaveProperty('budget');
    expect(shown).toHaveProperty('history');
  });

  it("reads another city's published plan as the public does", () => {
    const plan = published(draftOf(HOST_LZ.id));
    const shown = planViewForBureau('南宁市', HOST_LZ, plan, plan.id);
    expect(shown).toEqual(publicPlanView(plan));
    for (const hidden of ['budget', 'spentFen', 'history', 'createdBy'])
      expect(shown).not.toHaveProperty(hidden);
  });

  it("answers another city's unpublished plan, and an unknown one, as unknown (404)", () => {
    const draft = draftOf(HOST_LZ.id);
    expect(toBody(thrown(() => planViewForBureau('南宁市', HOST_LZ, draft, draft.id)))).toMatchObject({
      status: 404,
    });
    expect(toBody(thrown(() => planViewForBureau('南宁市', HOST_NN, undefined, 'plan_x')))).toMatchObject({
      status: 404,
    });
    // A host no longer registered is of no city.
    expect(toBody(thrown(() => planViewForBureau('南宁市', undefined, draft, draft.id)))).toMatchObject({
      status: 404,
    });
  });
});

describe('who reads a roster', () => {
  const session = { hostOrgId: HOST_NN.id };
  const coOrganizer: Actor = { userId: 'u-dept', roles: ['department'], orgId: 'org_dept' };

  it('admits the host and admin on the session alone', () => {
    expect(() => assertMaySeeRoster(host, session)).not.toThrow();
    expect(() => assertMaySeeRoster(admin, session)).not.toThrow();
  });

  it("admits the department that co-organizes the session's plan", () => {
    expect(() => assertMaySeeRoster(coOrganizer, session, { departmentId: 'org_dept' })).not.toThrow();
  });

  it("admits the city bureau of the host's city", () => {
    expect(() =>
      assertMaySeeRoster(nanning, session, { bureauCity: '南宁市', hostCity: '南宁市' }),
    ).not.toThrow();
  });

  it('refuses another department, another city, and either without the facts, with 403', () => {
    const refused: [Actor, Parameters<typeof assertMaySeeRoster>[2]][] = [
      [coOrganizer, {}],
      [coOrganizer, { departmentId: 'org_dept_other' }],
      [{ ...coOrganizer, roles: ['host'] }, { departmentId: 'org_dept' }],
      [nanning, {}],
      [nanning, { bureauCity: '南宁市', hostCity: '柳州市' }],
      [nanning, { bureauCity: '南宁市' }],
      [
        { ...nanning, roles: ['trainee'] },
        { bureauCity: '南宁市', hostCity: '南宁市' },
      ],
    ];
    for (const [actor, facts] of refused) {
      const body = toBody(thrown(() => assertMaySeeRoster(actor, session, facts)));
      expect(body).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      expect(body.message).toBe(
        '仅该班次的主办单位、协办的主管部门、主办单位所在市的市级人力资源社会保障部门和项目管理办公室可查看其花名册',
      );
    }
  });
});
