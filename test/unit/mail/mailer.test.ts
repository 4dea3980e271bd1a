import { describe, expect, it } from 'vitest';
import { type Env, loadConfig, useConfig } from '#shared/config/env';
import { createMailer, getMailer } from '#shared/mail/mailer';
import { OutboxMailer } from '#shared/mail/outbox';
import { SesMailer } from '#shared/mail/ses';

const mailerFor = (env: Env) => createMailer(loadConfig({ AWS_REGION: 'ap-east-1', ...env }));

describe('createMailer', () => {
  it('chooses the outbox when MAIL_OUTBOX_DIR is set, even with MAIL_FROM', () => {
    expect(
      mailerFor({ MAIL_OUTBOX_DIR: '/tmp/gx-unit-outbox-never-written', MAIL_FROM: 'noreply@example.cn' }),
    ).toBeInstanceOf(OutboxMailer);
  });

  it('chooses SES when only MAIL_FROM is set', () => {
    expect(mailerFor({ MAIL_FROM: 'noreply@example.cn' })).toBeInstanceOf(SesMailer);
  });

  it('fails loudly, naming MAIL_FROM, when neither is set', () => {
    expect(() => mailerFor({})).toThrow(/MAIL_FROM/);
  });
});

describe('getMailer', () => {
  it('does not read the configuration until a mail is sent', () => {
    // This module loaded without any mail configuration; asking is what fails.
    useConfig(loadConfig({}));
    expect(() => getMailer()).toThrow(/MAIL_FROM/);
  });

  it('keeps one mailer', () => {
    useConfig(loadConfig({ AWS_REGION: 'ap-east-1', MAIL_FROM: 'noreply@example.cn' }));
    const mailer = getMailer();
    expect(mailer).toBeInstanceOf(SesMailer);
    expect(getMailer()).toBe(mailer);
  });
});
