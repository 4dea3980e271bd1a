/**
 * Names beside ids (names beside ids: docs/api.md, Conventions) outside plans: what is written with a name, and
 * how an item stored before names were kept is named when read.
 */
import { describe, expect, it } from 'vitest';
import { withOrgName } from '#shared/domain/annual-reports/names';
import type { StoredAnnualReport } from '#shared/domain/annual-reports/schemas';
import { completionDraft, technicalDraft, withIssuerName } from '#shared/domain/certificates/certificate';
import type { StoredCertificate } from '#shared/domain/certificates/schemas';
import { unnamedHostIds, withHostName } from '#shared/domain/host-names';
import { newOrganization } from '#shared/domain/organizations/organization';
import type { Registration } from '#shared/domain/registrations/schemas';

const NOW = new Date('2026-11-26T02:00:00Z');
const HOSTS = new Map([
  ['org_a', { name: '广西大学' }],
  ['org_b', { name: '桂林电子科技大学' }],
]);

describe('hosts named beside hostOrgId', () => {
  it('asks for each host whose name a page lacks once, and for none when all are named', () => {
    const page = [
      { hostOrgId: 'org_a' },
      { hostOrgId: 'org_b', hostName: '桂林电子科技大学' },
      { hostOrgId: 'org_a' },
      { hostOrgId: 'org_c', hostName: undefined },
    ];
    expect(unnamedHostIds(page)).toEqual(['org_a', 'org_c']);
    expect(unnamedHostIds([{ hostOrgId: 'org_a', hostName: '广西大学' }])).toEqual([]);
  });

  it('keeps the name an item was written with, even after the host was renamed', () => {
    const renamed = new Map([['org_a', { name: '广西大学（新名）' }]]);
    expect(withHostName({ hostOrgId: 'org_a', hostName: '广西大学' }, renamed).hostName).toBe('广西大学');
  });

  it("names an old item by its host's current name, or by its id when the host is gone", () => {
    expect(withHostName({ id: 'ses_1', hostOrgId: 'org_b' }, HOSTS)).toEqual({
      id: 'ses_1',
      hostOrgId: 'org_b',
      hostName: '桂林电子科技大学',
    });
    expect(withHostName({ hostOrgId: 'org_gone' }, HOSTS).hostName).toBe('org_gone');
  });
});

describe('certificates named beside issuerOrgId', () => {
  const host = newOrganization({ name: '广西人才培训中心', kind: 'host', city: '南宁' }, NOW);
  const institution = newOrganization(
    { name: '广西人工智能评价中心', kind: 'assessment-institution', city: '南宁' },
    NOW,
  );

  it('are issued with the issuing organization named', () => {
    const registration = {
      id: 'reg_1',
      sessionId: 'ses_1',
      planId: 'plan_1',
      traineeId: 'trainee-1',
      traineeName: '张三',
      sessionTitle: '人工智能应用实务',
      creditHours: 24,
      year: 2026,
      planYear: 2026,
    } as Registration;
    expect(completionDraft(registration, host, NOW)).toMatchObject({
      issuerOrgId: host.id,
      issuer: '广西人才培训中心',
      issuerName: '广西人才培训中心',
    });
    const technical = technicalDraft(
      { holderId: 'u1', holderName: '王五', field: 'blockchain', level: 'junior', examDate: '2026-11-20' },
      institution,
      NOW,
    );
    expect(technical).toMatchObject({ issuerOrgId: institution.id, issuerName: '广西人工智能评价中心' });
  });

  it('issued before names were kept are named as they were issued and signed, without a lookup', () => {
    const old: StoredCertificate = {
      number: 'GX-2026-P0-000001-0',
      type: 'completion',
      holderId: 'trainee-1',
      holderName: '张三',
      title: '人工智能应用实务',
      issuerOrgId: 'org_a',
      issuer: '广西人才培训中心',
      issuedOn: '2026-06-12',
      status: 'valid',
      token: 'a.b.c',
      createdAt: '2026-06-12T02:00:00.000Z',
    };
    expect(withIssuerName(old)).toEqual({ ...old, issuerName: '广西人才培训中心' });
    expect(withIssuerName({ ...old, issuerName: '另一个名字' }).issuerName).toBe('另一个名字');
  });
});

describe('annual reports named beside orgId', () => {
  const old: StoredAnnualReport = {
    orgId: 'org_base',
    year: 2025,
    summary: '总结',
    nextYearPlan: '计划',
    dueDate: '2025-12-10',
    submittedAt: '2025-12-01T02:00:00.000Z',
    submittedBy: 'host-1',
    lateDays: 0,
  };

  it("name an old report by its base's current name, a filed one by the name it was filed with", () => {
    expect(withOrgName(old, { name: '柳州职业技术学院基地' })).toMatchObject({
      ...old,
      orgName: '柳州职业技术学院基地',
    });
    expect(withOrgName({ ...old, orgName: '旧名基地' }, { name: '新名基地' }).orgName).toBe('旧名基地');
    expect(withOrgName(old, undefined).orgName).toBe('org_base');
  });
});
