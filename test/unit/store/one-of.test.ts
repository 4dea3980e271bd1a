import { describe, expect, it } from 'vitest';
import { oneOf } from '#shared/store/one-of';

describe('oneOf', () => {
  it('names the attribute and one placeholder per value', () => {
    expect(oneOf('hostOrgId', ['org_a', 'org_b'], 'host')).toEqual({
      expression: '(#hostOrgId IN (:host0, :host1))',
      names: { '#hostOrgId': 'hostOrgId' },
      values: { ':host0': 'org_a', ':host1': 'org_b' },
    });
  });

  it('splits more than 100 values into IN clauses of at most 100, joined by OR', () => {
    const values = Array.from({ length: 250 }, (_, n) => `org_${n}`);
    const filter = oneOf('hostOrgId', values);
    const clauses = filter.expression.slice(1, -1).split(' OR ');
    expect(clauses.map((clause) => clause.split(', ').length)).toEqual([100, 100, 50]);
    expect(Object.values(filter.values)).toEqual(values);
    // Short enough for DynamoDB's 4 KB limit on an expression.
    expect(filter.expression.length).toBeLessThan(4096);
  });

  it('refuses an empty list, which DynamoDB would refuse as a malformed expression', () => {
    expect(() => oneOf('hostOrgId', [])).toThrow();
  });
});
