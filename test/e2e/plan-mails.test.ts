/**
 * Over HTTP, as the clients drive it: admin's review and publication of a plan reach the host's
 * contact address by mail (the local outbox), each once, with the decision, the comment, a link
 * to the plan and the program office's signature, from the program's name.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { beijingDate } from '#shared/domain/dates';
import { ApiClient } from '../support/api-client';
import { type LocalSystem, startLocalSystem } from '../support/local-system';

interface Mail {
  to: string;
  subject: string;
  text: string;
  kind: string;
}

let system: LocalSystem;
let anonymous: ApiClient;
let admin: ApiClient;
let host: ApiClient;

const CONTACT = 'peixun@gxnu.example.cn';
const year = Number(beijingDate(new Date()).slice(0, 4));

beforeAll(async () => {
  system = await startLocalSystem();
  anonymous = new ApiClient(system.baseUrl);
  admin = await anonymous.as('admin-1', 'admin', 'org_hrss');
  const org = await admin.post('/organizations', {
    name: '广西师范大学',
    kind: 'host',
    city: '桂林',
    contactEmail: CONTACT,
  });
  host = await anonymous.as('host-1', 'host', org.body.id);
});

afterAll(async () => {
  await system?.stop();
});

const mailsOfKind = async (kind: string) =>
  ((await anonymous.get('/local/outbox')).body.items as Mail[]).filter((mail) => mail.kind === kind);

const waitForOne = (kind: string) =>
  vi.waitFor(
    async () => {
      const mails = await mailsOfKind(kind);
      expect(mails).toHaveLength(1);
      return mails[0] as Mail;
    },
    { timeout: 10_000, interval: 100 },
  );

/** The display name of the .eml files' From header, decoded as a mail client does (RFC 2047). */
function fromNames(): string[] {
  const outbox = join(system.dataDir, 'outbox');
  return readdirSync(outbox).map((name) => {
    const from = readFileSync(join(outbox, name), 'utf8').match(/^From: (.*)$/m)?.[1] ?? '';
    const words = from.match(/=\?UTF-8\?B\?[^?]*\?=/g) ?? [];
    return Buffer.concat(words.map((word) => Buffer.from(word.slice(10, -2), 'base64'))).toString('utf8');
  });
}

describe("a plan's review and publication", () => {
  it('mail the host its decision with the comment, then the publication, once each', async () => {
    const drafted = await host.post('/plans', {
      year,
      project: 'seminar',
      level: 'regional',
      category: 'advanced',
      title: '人工智能赋能教育高级研修班',
      plannedSessions: 2,
      plannedTrainees: 100,
      budget: { subsidyCapFen: 20_000_000, selfFundedFen: 0 },
    });
    expect(drafted.status).toBe(201);
    const planId = drafted.body.id as string;
    expect((await host.post(`/plans/${planId}/submit`)).status).toBe(200);
    // Submitting is the host's own move: nobody is told.
    expect(await mailsOfKind('plan-reviewed')).toEqual([]);

    const approved = await admin.post(`/plans/${planId}/review`, {
      decision: 'approve',
      comment: '同意举办，请控制班次规模',
    });
    expect(approved.status).toBe(200);
    const reviewed = await waitForOne('plan-reviewed');
    expect(reviewed.to).toBe(CONTACT);
    expect(reviewed.subject).toBe('培训计划审核结果：批准（人工智能赋能教育高级研修班）');
    expect(reviewed.text).toContain('审核结果为：批准');
    expect(reviewed.text).toContain('审核意见：同意举办，请控制班次规模');
    expect(reviewed.text).toContain(`/plans/${planId}`);
    expect(reviewed.text.trimEnd()).toMatch(
      /广西壮族自治区人力资源和社会保障厅\n专业技术人才知识更新工程办公室$/,
    );

    expect((await admin.post(`/plans/${planId}/publish`)).status).toBe(200);
    const published = await waitForOne('plan-published');
    expect(published.to).toBe(CONTACT);
    expect(published.subject).toBe('培训计划已公示：人工智能赋能教育高级研修班');
    expect(published.text).toContain('开设培训班次');

    // A refused second publication tells nobody; nothing arrives twice.
    expect((await admin.post(`/plans/${planId}/publish`)).status).toBe(409);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await mailsOfKind('plan-reviewed')).toHaveLength(1);
    expect(await mailsOfKind('plan-published')).toHaveLength(1);

    // Every mail comes from the program's name.
    expect(fromNames()).toEqual(['广西专业技术人才知识更新工程', '广西专业技术人才知识更新工程']);
  });
});
