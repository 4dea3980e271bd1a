/**
 * The SMTP adapter against a real SMTP server (smtp-server, on a free port, with the self-signed
 * certificate of test/fixtures/smtp), its credentials from a mocked Secrets Manager: a notice mail
 * read back intact; no TLS, no credentials and no mail; a refused login re-reads the secret once;
 * 4xx transient, 5xx permanent, as ./delivery.ts tells them apart.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { isThrottling } from '#shared/mail/backoff';
import { messageIdFor } from '#shared/mail/message-id';
import type { OutgoingMail } from '#shared/mail/port';
import { SmtpMailer, type SmtpMailerOptions } from '#shared/mail/smtp';
import { SecretCredentials } from '#shared/mail/smtp-credentials';
import {
  SmtpAuthenticationFailed,
  SmtpPermanentFailure,
  SmtpTlsRefused,
  SmtpTransientFailure,
} from '#shared/mail/smtp-failure';
import { waitlistPromotedMail } from '#shared/mail/templates';
import { freePort } from '../../support/free-port';
import {
  smtpReply,
  startTestSmtpServer,
  TEST_SMTP_CA,
  type TestSmtpServer,
  type TestSmtpServerOptions,
} from '../../support/smtp-server';
import { useTestConfig } from '../helpers/env';

useTestConfig({ APP_URL: 'https://jxjy.example.gov.cn' });

const secrets = mockClient(SecretsManagerClient);
const SECRET_ARN = 'arn:aws-cn:secretsmanager:cn-northwest-1:123456789012:secret:smtp-AbCdEf';
const USER = 'noreply@jxjy.example.gov.cn';
const PASSWORD = 'correct horse 电池 staple';
const SENDER = { name: '广西专业技术人才知识更新工程', address: 'noreply@jxjy.example.gov.cn' };

const secretHolding = (username: string, password: string) => ({
  SecretString: JSON.stringify({ username, password }),
});

const servers: TestSmtpServer[] = [];
async function server(options: TestSmtpServerOptions = {}): Promise<TestSmtpServer> {
  const started = await startTestSmtpServer({ users: { [USER]: PASSWORD }, ...options });
  servers.push(started);
  return started;
}

/** The adapter as the mailer builds it, trusting the test certificate. */
const mailerFor = (
  smtp: Pick<TestSmtpServer, 'port'>,
  { implicitTls, ...options }: SmtpMailerOptions & { implicitTls?: boolean } = { ca: TEST_SMTP_CA },
) =>
  new SmtpMailer(
    { host: 'localhost', port: smtp.port, ...(implicitTls === undefined ? {} : { implicitTls }) },
    SENDER,
    new SecretCredentials(SECRET_ARN),
    options,
  );

const notice = (to = 'li.hua@example.cn'): OutgoingMail => ({
  ...waitlistPromotedMail({
    to,
    traineeName: '李华',
    sessionTitle: '数字经济与人工智能应用专题培训班',
    startDate: '2026-05-11',
    endDate: '2026-05-13',
    city: '南宁',
    location: '广西人才大厦三楼报告厅',
    registrationId: 'reg_0001',
    host: { name: '广西大学继续教育学院', contactEmail: 'jxjy@gxu.example.cn' },
  }),
  deliveryId: 'trainee-1#waitlist-promoted#reg_0001',
});

const failureOf = (sending: Promise<unknown>) =>
  sending.then(
    () => expect.fail('the mail was sent'),
    (error: unknown) => error as Error & { responseCode?: number },
  );

afterEach(async () => {
  secrets.reset();
  await Promise.all(servers.splice(0).map((started) => started.close()));
});
afterAll(() => secrets.restore());

describe('SmtpMailer', () => {
  it('sends a notice over STARTTLS, logged in with the secret: sender, recipient, Chinese text and Message-ID intact', async () => {
    secrets.on(GetSecretValueCommand, { SecretId: SECRET_ARN }).resolves(secretHolding(USER, PASSWORD));
    const smtp = await server();
    const mail = notice();

    await mailerFor(smtp).send(mail);

    expect(smtp.logins).toEqual([{ username: USER, accepted: true, secure: true }]);
    expect(smtp.received).toHaveLength(1);
    const [received] = smtp.received;
    expect(received?.secure).toBe(true);
    expect(received?.envelopeFrom).toBe(SENDER.address);
    expect(received?.envelopeTo).toEqual(['li.hua@example.cn']);
    const parsed = received?.parsed;
    expect(parsed?.from?.value).toEqual([{ name: SENDER.name, address: SENDER.address }]);
    expect(parsed?.to && !Array.isArray(parsed.to) ? parsed.to.value : []).toEqual([
      { name: '', address: 'li.hua@example.cn' },
    ]);
    expect(parsed?.subject).toBe('报名已确认：数字经济与人工智能应用专题培训班');
    expect(parsed?.subject).toBe(mail.subject);
    // mailparser ends a text part with the newline the encoder put there.
    expect(parsed?.text?.trimEnd()).toBe(mail.text.trimEnd());
    expect(parsed?.text).toContain('广西人才大厦三楼报告厅');
    expect(parsed?.html).toContain('数字经济与人工智能应用专题培训班');
    expect(parsed?.messageId).toBe(messageIdFor('trainee-1#waitlist-promoted#reg_0001', SENDER.address));
    expect(parsed?.messageId).toMatch(/^<[0-9a-f]{40}@jxjy\.example\.gov\.cn>$/);
  });

  it('sends over implicit TLS (port 465 style) as well', async () => {
    secrets.on(GetSecretValueCommand).resolves(secretHolding(USER, PASSWORD));
    const smtp = await server({ tls: 'implicit' });
    await mailerFor(smtp, { ca: TEST_SMTP_CA, implicitTls: true }).send(notice());
    expect(smtp.received.map((mail) => mail.secure)).toEqual([true]);
    expect(smtp.logins).toEqual([{ username: USER, accepted: true, secure: true }]);
  });

  it('reads the secret once for two mails (and again only in the next container)', async () => {
    secrets.on(GetSecretValueCommand).resolves(secretHolding(USER, PASSWORD));
    const smtp = await server();
    const mailer = mailerFor(smtp);

    await mailer.send(notice('a@example.cn'));
    await mailer.send(notice('b@example.cn'));

    expect(smtp.received.map((mail) => mail.envelopeTo)).toEqual([['a@example.cn'], ['b@example.cn']]);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    expect(secrets.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual({ SecretId: SECRET_ARN });
  });

  it('two mails at once share one read of the secret', async () => {
    secrets.on(GetSecretValueCommand).resolves(secretHolding(USER, PASSWORD));
    const smtp = await server();
    const mailer = mailerFor(smtp);
    await Promise.all([mailer.send(notice('a@example.cn')), mailer.send(notice('b@example.cn'))]);
    expect(smtp.received).toHaveLength(2);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('refuses to send to a server that offers no TLS: no login, no mail', async () => {
    secrets.on(GetSecretValueCommand).resolves(secretHolding(USER, PASSWORD));
    // This server would take a plaintext login: the refusal is the client's.
    const smtp = await server({ tls: 'none' });

    const error = await failureOf(mailerFor(smtp).send(notice()));

    expect(error).toBeInstanceOf(SmtpTlsRefused);
    expect(error.name).toBe('SmtpTlsRefused');
    expect(isThrottling(error)).toBe(false);
    expect(smtp.logins).toEqual([]);
    expect(smtp.recipients).toEqual([]);
    expect(smtp.received).toEqual([]);
  });

  it('refuses a server whose certificate it cannot verify: no login, no mail', async () => {
    secrets.on(GetSecretValueCommand).resolves(secretHolding(USER, PASSWORD));
    const smtp = await server();

    // Without the test CA, the self-signed certificate is just a stranger's.
    const error = await failureOf(mailerFor(smtp, {}).send(notice()));

    expect(error).toBeInstanceOf(SmtpTlsRefused);
    expect(smtp.logins).toEqual([]);
    expect(smtp.received).toEqual([]);
  });

  it('a wrong password: reads the secret again once, then fails as permanent (not retried)', async () => {
    secrets.on(GetSecretValueCommand).resolves(secretHolding(USER, 'last year’s password'));
    const smtp = await server();

    const error = await failureOf(mailerFor(smtp).send(notice()));

    expect(error).toBeInstanceOf(SmtpAuthenticationFailed);
    expect(error.responseCode).toBe(535);
    expect(isThrottling(error)).toBe(false);
    // Read again once; the same answer is not tried a second time.
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2);
    expect(smtp.logins).toEqual([{ username: USER, accepted: false, secure: true }]);
    expect(smtp.received).toEqual([]);
  });

  it('a secret rotated since it was read: the refused login reads it again and the mail goes', async () => {
    secrets
      .on(GetSecretValueCommand)
      .resolvesOnce(secretHolding(USER, 'before the rotation'))
      .resolves(secretHolding(USER, PASSWORD));
    const smtp = await server();
    const mailer = mailerFor(smtp);

    await mailer.send(notice('a@example.cn'));
    await mailer.send(notice('b@example.cn'));

    expect(smtp.logins.map((login) => login.accepted)).toEqual([false, true, true]);
    expect(smtp.received).toHaveLength(2);
    // Once at the first mail, once after the refusal; the second mail uses the renewed one.
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('a secret without username and password fails without sending, naming the secret and not its content', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: '{"user":"x","pass":"hunter2"}' });
    const smtp = await server();
    const error = await failureOf(mailerFor(smtp).send(notice()));
    expect(error.message).toContain(SECRET_ARN);
    expect(error.message).not.toContain('hunter2');
    expect(smtp.logins).toEqual([]);
  });

  it('a 4xx reply is transient: thrown as SmtpTransientFailure, which delivery waits out', async () => {
    secrets.on(GetSecretValueCommand).resolves(secretHolding(USER, PASSWORD));
    const smtp = await server({ onRecipient: () => smtpReply(451, 'Try again later') });

    const error = await failureOf(mailerFor(smtp).send(notice()));

    expect(error).toBeInstanceOf(SmtpTransientFailure);
    expect(error.responseCode).toBe(451);
    expect(isThrottling(error)).toBe(true);
    expect(smtp.received).toEqual([]);
  });

  it('a 5xx reply is permanent: thrown as SmtpPermanentFailure, not retried', async () => {
    secrets.on(GetSecretValueCommand).resolves(secretHolding(USER, PASSWORD));
    const smtp = await server({ onRecipient: () => smtpReply(550, 'No such mailbox') });

    const error = await failureOf(mailerFor(smtp).send(notice()));

    expect(error).toBeInstanceOf(SmtpPermanentFailure);
    expect(error.responseCode).toBe(550);
    expect(isThrottling(error)).toBe(false);
    // The login went through: a rejected recipient does not read the secret again.
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('no server listening is transient (a connection error)', async () => {
    secrets.on(GetSecretValueCommand).resolves(secretHolding(USER, PASSWORD));
    const error = await failureOf(mailerFor({ port: await freePort() }).send(notice()));
    expect(error).toBeInstanceOf(SmtpTransientFailure);
    expect(isThrottling(error)).toBe(true);
  });

  it('without a delivery id the server still gets a Message-ID, not a derived one', async () => {
    secrets.on(GetSecretValueCommand).resolves(secretHolding(USER, PASSWORD));
    const smtp = await server();
    const { deliveryId: _, ...withoutId } = notice();
    await mailerFor(smtp).send(withoutId);
    expect(smtp.received[0]?.parsed.messageId).toMatch(/^<.+@.+>$/);
    expect(smtp.received[0]?.parsed.messageId).not.toBe(messageIdFor('', SENDER.address));
  });
});

describe('messageIdFor', () => {
  it('is the same for the same delivery id, different for another, and names the sender domain', () => {
    const id = messageIdFor('trainee-1#waitlist-promoted#reg_0001', 'noreply@jxjy.example.gov.cn');
    expect(messageIdFor('trainee-1#waitlist-promoted#reg_0001', 'noreply@jxjy.example.gov.cn')).toBe(id);
    expect(messageIdFor('trainee-1#waitlist-promoted#reg_0002', 'noreply@jxjy.example.gov.cn')).not.toBe(id);
    expect(id).toMatch(/^<[0-9a-f]{40}@jxjy\.example\.gov\.cn>$/);
    // The key's ids stay out of the header.
    expect(id).not.toContain('trainee-1');
  });
});
