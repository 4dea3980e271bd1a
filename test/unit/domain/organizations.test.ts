import { describe, expect, it } from 'vitest';
import { AppError } from '#shared/domain/errors';
import { applyOrganizationPatch, newOrganization } from '#shared/domain/organizations/organization';
import {
  CreateOrganizationInput,
  ListOrganizationsQuery,
  Organization,
  UpdateOrganizationInput,
} from '#shared/domain/organizations/schemas';
import { issueText } from '#shared/i18n/zod-issues';

const NOW = new Date('2026-03-01T08:00:00.000Z');
const LATER = new Date('2026-03-02T09:30:00.000Z');

/** Each issue's field and its message as a caller reads it: in Chinese. */
const issuesOf = (result: { success: boolean; error?: { issues: Parameters<typeof issueText>[0][] } }) =>
  (result.error?.issues ?? []).map((issue) => ({
    field: issue.path.join('.'),
    message: issueText(issue)['zh-CN'],
  }));

describe('CreateOrganizationInput', () => {
  it('accepts a base with a level and trims its text', () => {
    const parsed = CreateOrganizationInput.parse({
      name: '  广西继续教育基地  ',
      kind: 'base',
      level: 'national',
      city: ' 南宁 ',
      fields: [' 数字技术 '],
    });
    expect(parsed).toEqual({
      name: '广西继续教育基地',
      kind: 'base',
      level: 'national',
      city: '南宁',
      fields: ['数字技术'],
    });
  });

  it('refuses a base without a level, naming level', () => {
    const result = CreateOrganizationInput.safeParse({ name: 'Base', kind: 'base', city: '南宁' });
    expect(result.success).toBe(false);
    expect(issuesOf(result)).toEqual([
      { field: 'level', message: '继续教育基地须注明级别：国家级或自治区级' },
    ]);
  });

  it('refuses a level on anything but a base', () => {
    const result = CreateOrganizationInput.safeParse({
      name: 'Host',
      kind: 'host',
      level: 'regional',
      city: '柳州',
    });
    expect(result.success).toBe(false);
    expect(issuesOf(result)).toEqual([{ field: 'level', message: '仅继续教育基地设有级别' }]);
  });

  it('accepts a non-base without a level', () => {
    expect(
      CreateOrganizationInput.safeParse({ name: 'Dept', kind: 'department', city: '桂林' }).success,
    ).toBe(true);
  });

  it.each([
    ['an empty name', { name: '', kind: 'host', city: '柳州' }, 'name'],
    ['a name of only spaces', { name: '   ', kind: 'host', city: '柳州' }, 'name'],
    ['a name over 200 characters', { name: '名'.repeat(201), kind: 'host', city: '柳州' }, 'name'],
    ['a city over 50 characters', { name: 'Host', kind: 'host', city: 'x'.repeat(51) }, 'city'],
    ['a missing city', { name: 'Host', kind: 'host' }, 'city'],
    ['an unknown kind', { name: 'Host', kind: 'university', city: '柳州' }, 'kind'],
    ['an empty field of expertise', { name: 'Host', kind: 'host', city: '柳州', fields: [''] }, 'fields.0'],
  ])('refuses %s, naming the field', (_, input, field) => {
    const result = CreateOrganizationInput.safeParse(input);
    expect(result.success).toBe(false);
    expect(issuesOf(result).map((issue) => issue.field)).toContain(field);
  });

  it('accepts a name of exactly 200 characters', () => {
    expect(
      CreateOrganizationInput.safeParse({ name: '名'.repeat(200), kind: 'host', city: '柳州' }).success,
    ).toBe(true);
  });

  it('refuses unknown fields', () => {
    const result = CreateOrganizationInput.safeParse({
      name: 'Host',
      kind: 'host',
      city: '柳州',
      status: 'active',
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.code).toBe('unrecognized_keys');
  });
});

describe('UpdateOrganizationInput', () => {
  it('refuses an empty patch', () => {
    const result = UpdateOrganizationInput.safeParse({});
    expect(result.success).toBe(false);
    expect(issuesOf(result)).toEqual([{ field: '', message: '没有要修改的内容：请至少提供一个字段' }]);
  });

  it('accepts a status change with its reason', () => {
    expect(UpdateOrganizationInput.parse({ status: 'warned', statusReason: ' 未按时提交年度总结 ' })).toEqual(
      {
        status: 'warned',
        statusReason: '未按时提交年度总结',
      },
    );
  });

  it('refuses a status change without a reason, naming statusReason', () => {
    const result = UpdateOrganizationInput.safeParse({ status: 'exited' });
    expect(result.success).toBe(false);
    expect(issuesOf(result).map((issue) => issue.field)).toEqual(['statusReason']);
  });

  it('refuses an empty reason and a reason without a status, naming statusReason', () => {
    for (const body of [
      { status: 'exited', statusReason: '   ' },
      { name: 'X', statusReason: 'why' },
    ]) {
      const result = UpdateOrganizationInput.safeParse(body);
      expect(result.success).toBe(false);
      expect(issuesOf(result).map((issue) => issue.field)).toEqual(['statusReason']);
    }
  });

  it('refuses an unknown status and unknown fields', () => {
    expect(UpdateOrganizationInput.safeParse({ status: 'closed' }).success).toBe(false);
    expect(UpdateOrganizationInput.safeParse({ kind: 'base' }).success).toBe(false);
  });
});

describe('ListOrganizationsQuery', () => {
  it('defaults the limit to 50 and coerces it from a string', () => {
    expect(ListOrganizationsQuery.parse({})).toEqual({ limit: 50 });
    expect(ListOrganizationsQuery.parse({ limit: '10', kind: 'base' })).toEqual({ limit: 10, kind: 'base' });
  });

  it('refuses a limit above 200 or below 1', () => {
    expect(ListOrganizationsQuery.safeParse({ limit: '201' }).success).toBe(false);
    expect(ListOrganizationsQuery.safeParse({ limit: '0' }).success).toBe(false);
  });
});

describe('newOrganization', () => {
  const input = CreateOrganizationInput.parse({
    name: '南宁培训中心',
    kind: 'training-institution',
    city: '南宁',
  });

  it('is active, with an org_ id and both timestamps at now', () => {
    const org = newOrganization(input, NOW);
    expect(org.id).toMatch(/^org_[0-9a-v]+$/);
    expect(org.status).toBe('active');
    expect(org.createdAt).toBe(NOW.toISOString());
    expect(org.updatedAt).toBe(org.createdAt);
    expect(org.fields).toEqual([]);
    expect('level' in org).toBe(false);
    expect(Organization.parse(org)).toEqual(org);
  });

  it('keeps the level of a base and the given fields', () => {
    const base = CreateOrganizationInput.parse({
      name: 'Base',
      kind: 'base',
      level: 'regional',
      city: '北海',
      fields: ['海洋'],
    });
    const org = newOrganization(base, NOW);
    expect(org.level).toBe('regional');
    expect(org.fields).toEqual(['海洋']);
  });

  it('gives two organizations two ids', () => {
    expect(newOrganization(input, NOW).id).not.toBe(newOrganization(input, NOW).id);
  });
});

describe('applyOrganizationPatch', () => {
  const host = newOrganization(
    CreateOrganizationInput.parse({ name: 'Host', kind: 'host', city: '柳州', fields: ['机械'] }),
    NOW,
  );
  const base = newOrganization(
    CreateOrganizationInput.parse({ name: 'Base', kind: 'base', level: 'regional', city: '南宁' }),
    NOW,
  );

  it('changes the status, keeps the change in the history, moves updatedAt and leaves everything else', () => {
    const { organization, statusChange } = applyOrganizationPatch(
      host,
      { status: 'exited', statusReason: '连续两年未达标' },
      'admin-1',
      LATER,
    );
    const entry = { status: 'exited', reason: '连续两年未达标', at: LATER.toISOString(), by: 'admin-1' };
    expect(statusChange).toEqual(entry);
    expect(organization).toEqual({
      ...host,
      status: 'exited',
      statusHistory: [...(host.statusHistory ?? []), entry],
      updatedAt: LATER.toISOString(),
    });
    expect(organization.createdAt).toBe(NOW.toISOString());
  });

  it('changes name, city and fields, with no status change to tell', () => {
    const change = applyOrganizationPatch(host, { name: 'New', city: '梧州', fields: [] }, 'admin-1', LATER);
    expect(change.organization).toMatchObject({
      name: 'New',
      city: '梧州',
      fields: [],
      kind: 'host',
      id: host.id,
      statusHistory: host.statusHistory,
    });
    expect(change.statusChange).toBeUndefined();
  });

  it('changes the level of a base', () => {
    expect(applyOrganizationPatch(base, { level: 'national' }, 'admin-1', LATER).organization.level).toBe(
      'national',
    );
  });

  it('refuses a level on a non-base with a 400 naming level', () => {
    let error: unknown;
    try {
      applyOrganizationPatch(host, { level: 'national' }, 'admin-1', LATER);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
    expect((error as AppError).toBody().error).toEqual({
      code: 'BAD_REQUEST',
      message: '仅继续教育基地设有级别',
      details: [{ field: 'level', message: '级别：仅继续教育基地设有级别' }],
    });
    expect((error as AppError).toBody('en').error.details).toEqual([
      { field: 'level', message: 'Only a base has a level' },
    ]);
  });

  it('does not change the organization it was given', () => {
    const before = structuredClone(host);
    applyOrganizationPatch(host, { status: 'warned', statusReason: 'Late', name: 'Other' }, 'admin-1', LATER);
    expect(host).toEqual(before);
  });
});
