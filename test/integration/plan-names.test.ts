/**
 * Plans stored before names were kept beside ids, read from DynamoDB Local: every plan of a page
 * comes back named, with one BatchGet of the organizations the page lacks, never one read per
 * plan; plans written with names cost no lookup at all.
 */
import { BatchGetCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Actor } from '#shared/domain/actor';
import { newOrganization } from '#shared/domain/organizations/organization';
import { newPlan, transitionPlan } from '#shared/domain/plans/plan';
import { CreatePlanInput, type Plan } from '#shared/domain/plans/schemas';
import { db } from '#shared/store/client';
import { putNewOrganization } from '#shared/store/organizations';
import { getPlan, listPlans, putNewPlan, replacePlan } from '#shared/store/plans';

afterEach(() => {
  vi.restoreAllMocks();
});

async function organization(name: string, kind: 'host' | 'department') {
  const org = newOrganization({ name, kind, city: '南宁' }, new Date());
  await putNewOrganization(org);
  return org;
}

function planOf(actor: Actor, departmentId: string | undefined, names: Map<string, { name: string }>) {
  return newPlan(
    CreatePlanInput.parse({
      year: 2027,
      project: 'seminar',
      level: 'regional',
      category: 'shortage',
      title: '急需紧缺人才研修',
      ...(departmentId ? { departmentId } : {}),
      plannedSessions: 1,
      plannedTrainees: 50,
      budget: { subsidyCapFen: 100_000, selfFundedFen: 0 },
    }),
    actor,
    new Date(),
    names,
  );
}

/** The plan as a version before names were kept wrote it: no names, no byName in its history. */
function withoutNames(plan: Plan): Plan {
  const { hostName: _host, departmentName: _department, ...rest } = plan;
  return { ...rest, history: rest.history.map(({ byName: _name, ...entry }) => entry) } as Plan;
}

/** The DynamoDB reads `read` makes, by command. */
async function readsOf<T>(read: () => Promise<T>) {
  const send = vi.spyOn(db, 'send');
  const result = await read();
  const commands = send.mock.calls.map(([command]) => command);
  send.mockRestore();
  return {
    result,
    batchGets: commands.filter((command) => command instanceof BatchGetCommand).length,
    gets: commands.filter((command) => command instanceof GetCommand).length,
  };
}

describe('plans stored before names were kept', () => {
  it('come back named, a whole page with one BatchGet of the organizations they lack', async () => {
    const host = await organization('广西民族大学', 'host');
    const departments = [
      await organization('自治区科技厅', 'department'),
      await organization('自治区教育厅', 'department'),
    ];
    const actor: Actor = { userId: `host-user-${host.id}`, roles: ['host'], orgId: host.id };
    const legacy = [departments[0]?.id, departments[1]?.id, undefined, departments[0]?.id].map((department) =>
      withoutNames(planOf(actor, department, new Map())),
    );
    for (const plan of legacy) await putNewPlan(plan);

    const {
      result: page,
      batchGets,
      gets,
    } = await readsOf(() => listPlans({ kind: 'host', orgId: host.id }, { limit: 50 }));
    expect(page.items).toHaveLength(4);
    expect(batchGets).toBe(1);
    expect(gets).toBe(0);
    const byId = new Map(page.items.map((plan) => [plan.id, plan]));
    for (const [index, stored] of legacy.entries()) {
      const plan = byId.get(stored.id);
      expect(plan?.hostName, `plan ${index}`).toBe('广西民族大学');
      const department = departments.find((org) => org.id === stored.departmentId);
      expect(plan?.departmentName, `plan ${index}`).toBe(department?.name);
      // Nobody recorded a name then: the history shows the user id.
      expect(plan?.history[0]).toMatchObject({ by: actor.userId, byName: actor.userId });
    }
  });

  it('keep the names from their next write on, and cost no lookup after it', async () => {
    const host = await organization('桂林理工大学', 'host');
    const actor: Actor = { userId: `host-user-${host.id}`, roles: ['host'], orgId: host.id, name: '王老师' };
    const legacy = withoutNames(planOf(actor, undefined, new Map()));
    await putNewPlan(legacy);

    const first = await readsOf(() => getPlan(legacy.id));
    expect(first.batchGets).toBe(1);
    const read = first.result as Plan;
    expect(read.hostName).toBe('桂林理工大学');
    await replacePlan(transitionPlan(read, 'submit', actor, new Date()), read.version);

    const again = await readsOf(() => getPlan(legacy.id));
    expect(again.batchGets).toBe(0);
    expect(again.result).toMatchObject({ hostName: '桂林理工大学', status: 'submitted' });
    expect(again.result?.history.map((entry) => entry.byName)).toEqual([actor.userId, '王老师']);
  });

  it('written with names need no lookup at all', async () => {
    const host = await organization('梧州学院', 'host');
    const actor: Actor = { userId: `host-user-${host.id}`, roles: ['host'], orgId: host.id };
    const plans = [1, 2, 3].map(() => planOf(actor, undefined, new Map([[host.id, host]])));
    for (const plan of plans) await putNewPlan(plan);
    const { result, batchGets } = await readsOf(() =>
      listPlans({ kind: 'host', orgId: host.id }, { limit: 50 }),
    );
    expect(batchGets).toBe(0);
    expect(result.items.map((plan) => plan.hostName)).toEqual(['梧州学院', '梧州学院', '梧州学院']);
  });
});
