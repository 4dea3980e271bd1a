import { describe, expect, it } from 'vitest';
import { AppError } from '#shared/domain/errors';
import { applyOrganizationPatch, newOrganization } from '#shared/domain/organizations/organization';
import {
  getOrganization,
  listOrganizations,
  putNewOrganization,
  replaceOrganization,
} from '#shared/store/organizations';

// Each test uses its own kind-free names, but the list partition is shared: filter by ids made here.
async function createMany(count: number, kind: 'host' | 'department', city: string) {
  const orgs = [];
  for (let i = 0; i < count; i++) {
    const org = newOrganization(
      { name: `${city} unit ${i}`, kind, city },
      new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
    );
    await putNewOrganization(org);
    orgs.push(org);
  }
  return orgs;
}

describe('organizations in DynamoDB Local', () => {
  it('stores an organization and reads it back as the API shows it', async () => {
    const org = newOrganization(
      { name: '广西大学继续教育基地', kind: 'base', level: 'national', city: '南宁', fields: ['人工智能'] },
      new Date(),
    );
    await putNewOrganization(org);
    expect(await getOrganization(org.id)).toEqual(org);
    expect(Object.keys((await getOrganization(org.id)) ?? {})).not.toContain('pk');
  });

  it('answers undefined for an unknown id', async () => {
    expect(await getOrganization('org_unknown')).toBeUndefined();
  });

  it('refuses to create the same id twice', async () => {
    const org = newOrganization({ name: 'Twice', kind: 'host', city: '柳州' }, new Date());
    await putNewOrganization(org);
    await expect(putNewOrganization(org)).rejects.toThrow(/conditional/i);
  });

  it('lists one kind through the index, page by page, with no item twice or missing', async () => {
    const made = await createMany(7, 'department', '桂林');
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listOrganizations({ kind: 'department', limit: 3, cursor });
      expect(page.items.every((org) => org.kind === 'department')).toBe(true);
      seen.push(...page.items.map((org) => org.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 50);
    const mine = seen.filter((id) => made.some((org) => org.id === id));
    expect(mine.sort()).toEqual(made.map((org) => org.id).sort());
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('lists every kind when no kind is given', async () => {
    const [host] = await createMany(1, 'host', '梧州');
    const all = [];
    let cursor: string | undefined;
    do {
      const page = await listOrganizations({ limit: 200, cursor });
      all.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(all.map((org) => org.id)).toContain(host?.id);
    expect(new Set(all.map((org) => org.kind)).size).toBeGreaterThan(1);
  });

  it('rejects a cursor made for another list with a 400', async () => {
    const foreign = Buffer.from(JSON.stringify({ pk: 'a', sk: 'b', gsi1pk: 'PLANS', gsi1sk: 'c' })).toString(
      'base64url',
    );
    await expect(listOrganizations({ limit: 5, cursor: foreign })).rejects.toMatchObject({ status: 400 });
  });

  it('replaces with an optimistic lock: a stale writer gets a 409', async () => {
    const org = newOrganization(
      { name: 'Locked', kind: 'base', level: 'regional', city: '北海' },
      new Date(1_000),
    );
    await putNewOrganization(org);
    const warned = applyOrganizationPatch(
      org,
      { status: 'warned', statusReason: 'Too few trained' },
      'admin-1',
      new Date(2_000),
    ).organization;
    await replaceOrganization(warned, org);
    const stale = applyOrganizationPatch(org, { name: 'Stale' }, 'admin-1', new Date(3_000)).organization;
    const failure = await replaceOrganization(stale, org).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({ status: 409, code: 'CHANGED_MEANWHILE' });
    expect(await getOrganization(org.id)).toMatchObject({ status: 'warned', name: 'Locked' });
  });
});
