/**
 * `npm start` told to send through SMTP (MAIL_TRANSPORT=smtp, a login in place of the secret), as
 * a developer would point it at a real mail service: a change announced by mail reaches a local
 * SMTP server over STARTTLS, once, although the server first answers "try later"; the local outbox
 * stays empty. The system trusts the test server's certificate the way any Node process can be
 * told to (NODE_EXTRA_CA_CERTS), with no test-only path in the code.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../support/api-client';
import { type LocalSystem, startLocalSystem } from '../support/local-system';
import { smtpReply, startTestSmtpServer, type TestSmtpServer } from '../support/smtp-server';

const USER = 'noreply@jxjy.example.gov.cn';
const PASSWORD = 'e2e-授权码';
const CONTACT = 'office@hezhou-base.example.cn';

let smtp: TestSmtpServer;
let system: LocalSystem;
let anonymous: ApiClient;
let admin: ApiClient;
let refusals = 0;

beforeAll(async () => {
  smtp = await startTestSmtpServer({
    users: { [USER]: PASSWORD },
    // Greylisting: the first attempt is told to come back.
    onRecipient: () => (refusals++ === 0 ? smtpReply(451, 'Greylisted, try again later') : undefined),
  });
  system = await startLocalSystem({
    env: {
      MAIL_TRANSPORT: 'smtp',
      SMTP_HOST: 'localhost',
      SMTP_PORT: String(smtp.port),
      SMTP_USERNAME: USER,
      SMTP_PASSWORD: PASSWORD,
      MAIL_FROM: USER,
      NODE_EXTRA_CA_CERTS: fileURLToPath(new URL('../fixtures/smtp/localhost.crt', import.meta.url)),
    },
  });
  anonymous = new ApiClient(system.baseUrl);
  admin = await anonymous.as('admin-1', 'admin', 'org_hrss');
});

afterAll(async () => {
  await system?.stop();
  await smtp?.close();
});

describe('npm start with MAIL_TRANSPORT=smtp', () => {
  it("mails a base's exit through the SMTP service, once, over TLS, and not to the outbox", async () => {
    const created = await admin.post('/organizations', {
      name: '贺州继续教育基地',
      kind: 'base',
      level: 'regional',
      city: '贺州',
      contactEmail: CONTACT,
    });
    expect(created.status).toBe(201);
    const exited = await admin.patch(`/organizations/${created.body.id}`, {
      status: 'exited',
      statusReason: '连续两年培训人数未达最低要求',
    });
    expect(exited.status).toBe(200);

    const [mail] = await vi.waitFor(
      () => {
        expect(smtp.received).toHaveLength(1);
        return smtp.received;
      },
      { timeout: 20_000, interval: 200 },
    );
    expect(refusals).toBe(2);
    expect(smtp.logins.every((login) => login.secure && login.accepted && login.username === USER)).toBe(
      true,
    );
    expect(mail?.secure).toBe(true);
    expect(mail?.envelopeTo).toEqual([CONTACT]);
    expect(mail?.parsed.from?.value).toEqual([{ name: '广西专业技术人才知识更新工程', address: USER }]);
    expect(mail?.parsed.subject).toContain('退出');
    expect(mail?.parsed.text).toContain('连续两年培训人数未达最低要求');
    expect(mail?.parsed.text).toContain('贺州继续教育基地');
    expect(mail?.parsed.messageId).toMatch(/^<[0-9a-f]{40}@jxjy\.example\.gov\.cn>$/);

    // Nothing more comes (the sent record holds), and nothing went to the outbox.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(smtp.received).toHaveLength(1);
    expect((await anonymous.get('/local/outbox')).body.items).toEqual([]);
  });
});
