/**
 * Exactly once over SMTP: the sent records in DynamoDB Local (./delivery.ts) in front of the SMTP
 * adapter and a real local SMTP server. Concurrent and repeated deliveries of one mail put one
 * mail on the server; a 4xx is waited out and the mail then goes once; a 5xx gives the claim back
 * so the queue's retry sends it. Every copy of a mail carries the same Message-ID.
 */
import { randomUUID } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { messageIdFor } from '#shared/mail/message-id';
import type { Mailer } from '#shared/mail/port';
import { SmtpMailer } from '#shared/mail/smtp';
import { SecretCredentials } from '#shared/mail/smtp-credentials';
import { SmtpPermanentFailure } from '#shared/mail/smtp-failure';
import { waitlistPromotedMail } from '#shared/mail/templates';
import { deliverOnce, ReminderBeingSent } from '#shared/use-cases/mail/delivery';
import {
  smtpReply,
  startTestSmtpServer,
  TEST_SMTP_CA,
  type TestSmtpServer,
  type TestSmtpServerOptions,
} from '../support/smtp-server';

// The mailer the delivery code asks for: the SMTP adapter trusting the test certificate, which no
// variable can give it.
const current = vi.hoisted(() => ({ mailer: undefined as Mailer | undefined }));
vi.mock('#shared/mail/mailer', () => ({
  getMailer: () => {
    if (!current.mailer) throw new Error('no test mailer');
    return current.mailer;
  },
}));

const secrets = mockClient(SecretsManagerClient);
const SECRET_ARN = 'arn:aws-cn:secretsmanager:cn-northwest-1:123456789012:secret:smtp-AbCdEf';
const USER = 'noreply@jxjy.example.gov.cn';
const PASSWORD = 'smtp-授权码-1234';
const SENDER = { name: '广西专业技术人才知识更新工程', address: 'noreply@jxjy.example.gov.cn' };

let smtp: TestSmtpServer | undefined;
async function serve(onRecipient?: TestSmtpServerOptions['onRecipient']) {
  secrets
    .on(GetSecretValueCommand)
    .resolves({ SecretString: JSON.stringify({ username: USER, password: PASSWORD }) });
  smtp = await startTestSmtpServer({ users: { [USER]: PASSWORD }, ...(onRecipient ? { onRecipient } : {}) });
  current.mailer = new SmtpMailer(
    { host: 'localhost', port: smtp.port },
    SENDER,
    new SecretCredentials(SECRET_ARN),
    {
      ca: TEST_SMTP_CA,
    },
  );
  return smtp;
}

afterEach(async () => {
  await smtp?.close();
  smtp = undefined;
  secrets.reset();
});
afterAll(() => secrets.restore());

/** A fresh trainee's promotion: its own sent record in the shared database. */
function promotion() {
  const registrationId = `reg_${randomUUID()}`;
  const key = `trainee-${randomUUID()}#waitlist-promoted#${registrationId}`;
  const mail = waitlistPromotedMail({
    to: 'wang.fang@example.cn',
    traineeName: '王芳',
    sessionTitle: '乡村振兴专题研修班',
    startDate: '2026-06-08',
    endDate: '2026-06-10',
    city: '桂林',
    registrationId,
  });
  return { key, mail };
}

const NOW = new Date('2026-06-01T02:00:00.000Z');

describe('deliverOnce over SMTP', () => {
  it('three concurrent deliveries and a later one put one mail on the server', async () => {
    const server = await serve();
    const { key, mail } = promotion();

    const outcomes = await Promise.allSettled([1, 2, 3].map(() => deliverOnce(key, mail, NOW)));
    const sent = outcomes.filter((outcome) => outcome.status === 'fulfilled' && outcome.value === 'sent');
    const busy = outcomes.filter(
      (outcome) => outcome.status === 'rejected' && outcome.reason instanceof ReminderBeingSent,
    );
    expect(sent).toHaveLength(1);
    expect(busy).toHaveLength(2);
    await expect(deliverOnce(key, mail, NOW)).resolves.toBe('already-sent');

    expect(server.received).toHaveLength(1);
    expect(server.received[0]?.parsed.subject).toBe('报名已确认：乡村振兴专题研修班');
    expect(server.received[0]?.parsed.messageId).toBe(messageIdFor(key, SENDER.address));
  });

  it('a 4xx is waited out in the same delivery: one mail, then the record says sent', async () => {
    let refusals = 0;
    const server = await serve(() =>
      refusals++ < 2 ? smtpReply(451, 'Greylisted, try again later') : undefined,
    );
    const { key, mail } = promotion();

    await expect(deliverOnce(key, mail, NOW)).resolves.toBe('sent');

    expect(server.recipients).toHaveLength(3);
    expect(server.received).toHaveLength(1);
    await expect(deliverOnce(key, mail, NOW)).resolves.toBe('already-sent');
    expect(server.received).toHaveLength(1);
  });

  it('a 5xx fails the delivery at once and gives the claim back; the retry sends it, with the same Message-ID', async () => {
    let refused = false;
    const server = await serve(() => {
      if (refused) return undefined;
      refused = true;
      return smtpReply(550, 'Mailbox unavailable');
    });
    const { key, mail } = promotion();

    await expect(deliverOnce(key, mail, NOW)).rejects.toBeInstanceOf(SmtpPermanentFailure);
    // Not retried in place: one RCPT.
    expect(server.recipients).toHaveLength(1);
    expect(server.received).toHaveLength(0);

    // The queue's retry (Lambda's, or the stream's) finds the claim given back.
    await expect(deliverOnce(key, mail, NOW)).resolves.toBe('sent');
    expect(server.received).toHaveLength(1);
    expect(server.received[0]?.parsed.messageId).toBe(messageIdFor(key, SENDER.address));
  });
});
