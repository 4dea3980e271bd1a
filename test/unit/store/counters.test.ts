/**
 * Counter changes of one write are summed per counter item: a revocation takes back the
 * certificate and the pass it attests, often on the same plan's and host's counters, and a
 * DynamoDB transaction may touch each item only once.
 */
import { describe, expect, it } from 'vitest';
import { type CounterOwner, counterChanges, counterKey } from '#shared/store/counters';
import { TEST_TABLES, useTestConfig } from '../helpers/env';

useTestConfig();

const plan = { kind: 'plan', id: 'pln_1' } as const;
const host = { kind: 'org', id: 'org_1' } as const;

/** A counter item's key as `additions` names it. */
const itemOf = (owner: CounterOwner, year: number) => {
  const key = counterKey(owner, year);
  return `${key.pk}/${key.sk}`;
};

/** The counters each item adds, by its key. */
const additions = (items: ReturnType<typeof counterChanges>) =>
  Object.fromEntries(
    items.map((item) => {
      const update = item.Update;
      if (!update) throw new Error('not an update');
      expect(update.TableName).toBe(TEST_TABLES.plans);
      const names = update.ExpressionAttributeNames ?? {};
      const values = update.ExpressionAttributeValues ?? {};
      const added = Object.keys(names)
        .filter((placeholder) => placeholder.startsWith('#c'))
        .map((placeholder) => [names[placeholder], values[`:${placeholder.slice(1)}`]]);
      const key = update.Key as { pk: string; sk: string };
      return [`${key.pk}/${key.sk}`, Object.fromEntries(added)];
    }),
  );

describe('counterChanges', () => {
  it('sums the changes of the same owner and year into one item', () => {
    const items = counterChanges([
      { owner: plan, year: 2026, deltas: { revoked: 1 } },
      { owner: host, year: 2026, deltas: { revoked: 1 } },
      { owner: plan, year: 2026, deltas: { completed: -1, hours: -24 } },
      { owner: host, year: 2026, deltas: { completed: -1, hours: -24 } },
    ]);
    expect(additions(items)).toEqual({
      [itemOf(plan, 2026)]: { revoked: 1, completed: -1, hours: -24 },
      [itemOf(host, 2026)]: { revoked: 1, completed: -1, hours: -24 },
    });
  });

  it('keeps other years and other owners apart, and leaves out what sums to nothing', () => {
    const items = counterChanges([
      { owner: host, year: 2026, deltas: { hours: 8 } },
      { owner: host, year: 2027, deltas: { hours: -8 } },
      { owner: plan, year: 2026, deltas: { confirmed: 1 } },
      { owner: plan, year: 2026, deltas: { confirmed: -1 } },
    ]);
    expect(additions(items)).toEqual({
      [itemOf(host, 2026)]: { hours: 8 },
      [itemOf(host, 2027)]: { hours: -8 },
    });
  });

  it('does not change the deltas it was given', () => {
    const deltas = { completed: 1 };
    counterChanges([
      { owner: plan, year: 2026, deltas },
      { owner: plan, year: 2026, deltas: { completed: 2 } },
    ]);
    expect(deltas).toEqual({ completed: 1 });
  });
});
