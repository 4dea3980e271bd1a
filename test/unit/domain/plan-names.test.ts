/**
 * Names beside ids on plans: written when a plan is drafted or edited, kept through its other
 * moves, and filled in on reading for plans stored before names were kept.
 */
import { describe, expect, it } from 'vitest';
import type { Actor } from '#shared/domain/actor';
import {
  actorName,
  completeNames,
  partyIds,
  unnamedPartyIds,
  withPartyNames,
} from '#shared/domain/plans/names';
import { draftPlan, editPlan, transitionPlan } from '#shared/domain/plans/plan';
import { CreatePlanInput, Plan, type StoredPlan } from '#shared/domain/plans/schemas';

const now = new Date('2026-03-01T02:00:00Z');
const host: Actor = { userId: 'u-host', roles: ['host'], orgId: 'org_host', name: '李主任' };
const admin: Actor = { userId: 'u-admin', roles: ['admin'], orgId: 'org_hrss' };
const organizations = new Map([
  ['org_host', { name: '广西大学' }],
  ['org_dept', { name: '自治区科技厅' }],
  ['org_dept_2', { name: '自治区教育厅' }],
]);

const input = CreatePlanInput.parse({
  year: 2026,
  project: 'seminar',
  level: 'regional',
  category: 'shortage',
  title: '数字经济急需紧缺人才研修班',
  departmentId: 'org_dept',
  plannedSessions: 2,
  plannedTrainees: 120,
  budget: { subsidyCapFen: 50_000_00, selfFundedFen: 0 },
});

const named = () => withPartyNames(draftPlan(input, host, now), organizations);

describe('a plan names its parties and who moved it', () => {
  it('carries the host and department names beside their ids, in the schema', () => {
    const plan = named();
    expect(plan).toMatchObject({
      hostOrgId: 'org_host',
      hostName: '广西大学',
      departmentId: 'org_dept',
      departmentName: '自治区科技厅',
    });
    expect(Plan.safeParse(plan).success).toBe(true);
  });

  it('reads the organizations of a plan in one go: its host and its department', () => {
    expect(partyIds(named())).toEqual(['org_host', 'org_dept']);
    expect(partyIds({ hostOrgId: 'org_host' })).toEqual(['org_host']);
  });

  it("names the history's actor by the sign-in's name, by the user id without one", () => {
    const plan = named();
    expect(plan.history[0]).toMatchObject({ by: 'u-host', byName: '李主任' });
    const submitted = transitionPlan(plan, 'submit', host, now);
    const returned = transitionPlan(submitted, 'return', admin, now, '补充说明');
    expect(returned.history.map((entry) => [entry.by, entry.byName])).toEqual([
      ['u-host', '李主任'],
      ['u-host', '李主任'],
      ['u-admin', 'u-admin'],
    ]);
    expect(actorName({ userId: 'u-1' })).toBe('u-1');
  });

  it('names a newly chosen department on edit, and a renamed host as called now', () => {
    const renamed = new Map([...organizations, ['org_host', { name: '广西大学继续教育学院' }]]);
    const edited = withPartyNames(editPlan(named(), { departmentId: 'org_dept_2' }, now), renamed);
    expect(edited).toMatchObject({
      hostName: '广西大学继续教育学院',
      departmentId: 'org_dept_2',
      departmentName: '自治区教育厅',
    });
  });

  it('keeps its names through moves that do not edit it', () => {
    const plan = named();
    const submitted = transitionPlan(plan, 'submit', host, now);
    expect(submitted).toMatchObject({ hostName: '广西大学', departmentName: '自治区科技厅' });
  });
});

describe('plans stored before names were kept', () => {
  const { hostName: _host, departmentName: _department, ...rest } = named();
  const legacy: StoredPlan = {
    ...rest,
    history: rest.history.map(({ byName: _name, ...entry }) => entry),
  };

  it('ask for the organizations they lack, once each for a whole page', () => {
    const { departmentId: _none, ...other } = { ...legacy, id: 'plan_other' };
    expect(unnamedPartyIds([legacy, other, named()])).toEqual(['org_host', 'org_dept']);
    expect(unnamedPartyIds([named()])).toEqual([]);
  });

  it('are named as the organizations are called now, their history by user id', () => {
    const complete = completeNames(legacy, organizations);
    expect(complete).toMatchObject({ hostName: '广西大学', departmentName: '自治区科技厅' });
    expect(complete.history[0]).toMatchObject({ by: 'u-host', byName: 'u-host' });
    expect(Plan.safeParse(complete).success).toBe(true);
  });

  it('keep the names they were written with, and show an unknown organization by its id', () => {
    const plan = named();
    expect(completeNames(plan, new Map())).toEqual(plan);
    expect(completeNames(legacy, new Map())).toMatchObject({
      hostName: 'org_host',
      departmentName: 'org_dept',
    });
  });
});
