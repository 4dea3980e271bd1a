import { describe, expect, it } from 'vitest';
import { id } from '#shared/domain/common';
import { newId } from '#shared/domain/ids';

describe('newId', () => {
  it('starts with the prefix and an underscore', () => {
    expect(newId('org')).toMatch(/^org_/);
    expect(newId('plan')).toMatch(/^plan_/);
  });

  it('is URL-safe and accepted by the id schema', () => {
    for (let i = 0; i < 200; i++) {
      const value = newId('reg');
      expect(value).toMatch(/^reg_[0-9a-v]{25}$/);
      expect(id.safeParse(value).success).toBe(true);
      expect(encodeURIComponent(value)).toBe(value);
    }
  });

  it('is unique over 10,000 ids made in the same millisecond', () => {
    const now = new Date('2026-12-09T01:00:00Z');
    const ids = new Set(Array.from({ length: 10_000 }, () => newId('org', now)));
    expect(ids.size).toBe(10_000);
  });

  it('sorts by time for different milliseconds', () => {
    const instants = [
      0,
      1,
      31,
      32,
      1_023,
      1_024,
      Date.parse('2026-01-01T00:00:00Z'),
      Date.parse('2026-01-01T00:00:00.001Z'),
      Date.parse('2099-12-31T23:59:59.999Z'),
    ];
    const ids = instants.map((ms) => newId('x', new Date(ms)));
    expect([...ids].sort()).toEqual(ids);
    for (let i = 0; i < 500; i++) {
      const a = Math.floor(Math.random() * 4_000_000_000_000);
      const b = a + 1 + Math.floor(Math.random() * 1_000);
      expect(newId('x', new Date(a)) < newId('x', new Date(b))).toBe(true);
    }
  });
});
