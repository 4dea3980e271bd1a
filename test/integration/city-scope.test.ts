/**
 * A city bureau's lists against DynamoDB Local: the organizations of a city, and the plans and
 * sessions they host, read through the year's (or plan's) index with a filter on the hosts, page
 * by page, with nothing of another city let through.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '#shared/domain/actor';
import { newOrganization } from '#shared/domain/organizations/organization';
import type { Organization } from '#shared/domain/organizations/schemas';
import { newPlan } from '#shared/domain/plans/plan';
import { CreatePlanInput, type Plan } from '#shared/domain/plans/schemas';
import type { Session } from '#shared/domain/sessions/schemas';
import { organizationIdsInCity, putNewOrganization } from '#shared/store/organizations';
import { listPlans, putNewPlan } from '#shared/store/plans';
import { listSessions } from '#shared/store/sessions';
import { sessionOf } from '../support/fixtures';
import { beijingToday, sessionWindow } from '../support/session-window';

// Cities of this run only: other test files write organizations to the same table.
const run = Math.random().toString(36).slice(2, 8);
const NANNING = `南宁市-${run}`;
const LIUZHOU = `柳州市-${run}`;
const { year } = sessionWindow({ deadlineIn: 5, startIn: 10, endIn: 12 });

async function organization(city: string, kind: Organization['kind'] = 'host'): Promise<Organization> {
  const org = newOrganization(
    { name: `${city} 单位 ${Math.random().toString(36).slice(2, 6)}`, kind, city },
    new Date(),
  );
  await putNewOrganization(org);
  return org;
}

async function plan(host: Organization, status: Plan['status'], planYear = year): Promise<Plan> {
  const actor: Actor = { userId: `host-user-${host.id}`, roles: ['host'], orgId: host.id };
  const draft = newPlan(
    CreatePlanInput.parse({
      year: planYear,
      project: 'seminar',
      level: 'regional',
      category: 'shortage',
      title: `${host.city} 研修 ${status}`,
      plannedSessions: 1,
      plannedTrainees: 100,
      budget: { subsidyCapFen: 100_000, selfFundedFen: 0 },
    }),
    actor,
    new Date(),
  );
  const stored: Plan = { ...draft, status };
  await putNewPlan(stored);
  return stored;
}

/** Every page of a list, `limit` at a time. */
async function allPages<T>(
  read: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>,
) {
  const items: T[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await read(cursor);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
    pages += 1;
  } while (cursor);
  return { items, pages };
}

const ids = (items: readonly { id: string }[]) => items.map((item) => item.id).sort();

let nanningHosts: Organization[];
let nanningBureau: Organization;
let liuzhouHost: Organization;
let nanningPlans: Plan[];
let liuzhouPlans: Plan[];
let nanningSessions: Session[];
let liuzhouSessions: Session[];

beforeAll(async () => {
  nanningBureau = await organization(NANNING, 'city-bureau');
  nanningHosts = [await organization(NANNING), await organization(NANNING, 'base')];
  liuzhouHost = await organization(LIUZHOU);
  const [first, second] = nanningHosts as [Organization, Organization];
  nanningPlans = [
    await plan(first, 'published'),
    await plan(first, 'draft'),
    await plan(second, 'submitted'),
    await plan(second, 'published', year - 1),
  ];
  liuzhouPlans = [await plan(liuzhouHost, 'published'), await plan(liuzhouHost, 'draft')];
  const [publishedNn] = nanningPlans as [Plan];
  const [publishedLz] = liuzhouPlans as [Plan];
  nanningSessions = [await sessionOf(publishedNn), await sessionOf(publishedNn, { city: LIUZHOU })];
  // A Liuzhou unit's session held in Nanning stays Liuzhou's.
  liuzhouSessions = [await sessionOf(publishedLz, { city: NANNING })];
});

describe('organizationIdsInCity', () => {
  it('reads the ids of every organization of the city, the bureau included, and none of another', async () => {
    expect((await organizationIdsInCity(NANNING)).sort()).toEqual(
      [nanningBureau.id, ...nanningHosts.map((host) => host.id)].sort(),
    );
    expect(await organizationIdsInCity(`无此城市-${run}`)).toEqual([]);
  });
});

describe("a city's plans", () => {
  it('lists every plan its organizations host, in any status, one at a time across pages', async () => {
    const { items, pages } = await allPages((cursor) =>
      listPlans({ kind: 'city', city: NANNING }, { limit: 1, cursor }),
    );
    // Other files' plans live in the same index: only this run's cities matter here.
    expect(ids(items)).toEqual(ids(nanningPlans));
    expect(pages).toBeGreaterThanOrEqual(nanningPlans.length);
  });

  it("keeps to a year and a status, with the year's index", async () => {
    const ofYear = await listPlans({ kind: 'city', city: NANNING }, { year, limit: 50 });
    expect(ids(ofYear.items)).toEqual(ids(nanningPlans.slice(0, 3)));
    const published = await listPlans(
      { kind: 'city', city: NANNING },
      { year, status: 'published', limit: 50 },
    );
    expect(ids(published.items)).toEqual([nanningPlans[0]?.id]);
  });

  it('lists nothing for a city without organizations, and another city only its own', async () => {
    expect(await listPlans({ kind: 'city', city: `无此城市-${run}` }, { limit: 50 })).toEqual({
      items: [],
      nextCursor: null,
    });
    const liuzhou = await allPages((cursor) =>
      listPlans({ kind: 'city', city: LIUZHOU }, { limit: 50, cursor }),
    );
    expect(ids(liuzhou.items)).toEqual(ids(liuzhouPlans));
  });
});

describe("a city's sessions", () => {
  it('lists the sessions its organizations host, wherever they are held, across pages', async () => {
    const { items } = await allPages((cursor) =>
      listSessions({ hostCity: NANNING, limit: 1, cursor }, beijingToday()),
    );
    expect(ids(items)).toEqual(ids(nanningSessions));
    const ofYear = await listSessions({ hostCity: NANNING, year, limit: 50 }, beijingToday());
    expect(ids(ofYear.items)).toEqual(ids(nanningSessions));
    const open = await listSessions({ hostCity: NANNING, year, open: true, limit: 50 }, beijingToday());
    expect(ids(open.items)).toEqual(ids(nanningSessions));
  });

  it("keeps a plan's sessions to the city too", async () => {
    const ofPlan = await listSessions(
      { hostCity: NANNING, planId: liuzhouPlans[0]?.id, limit: 50 },
      beijingToday(),
    );
    expect(ofPlan.items).toEqual([]);
    const own = await listSessions(
      { hostCity: LIUZHOU, planId: liuzhouPlans[0]?.id, limit: 50 },
      beijingToday(),
    );
    expect(ids(own.items)).toEqual(ids(liuzhouSessions));
  });

  it('lists nothing for a city without organizations', async () => {
    expect(await listSessions({ hostCity: `无此城市-${run}`, limit: 50 }, beijingToday())).toEqual({
      items: [],
      nextCursor: null,
    });
  });
});
