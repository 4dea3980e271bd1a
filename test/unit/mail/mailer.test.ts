import { describe, expect, it } from 'vitest';
import { type Env, loadConfig, useConfig } from '#shared/config/env';
import { createMailer, getMailer } from '#shared/mail/mailer';
import { OutboxMailer } from '#shared/mail/outbox';
import { SesMailer } from '#shared/mail/ses';
import { SmtpMailer } from '#shared/mail/smtp';

const SMTP_ENV: Env = {
  MAIL_TRANSPORT: 'smtp',
  SMTP_HOST: 'smtp.example.gov.cn',
  SMTP_SECRET_ARN: 'arn:aws-cn:secretsmanager:cn-northwest-1:123456789012:secret:smtp-AbCdEf',
  MAIL_FROM: 'noreply@example.gov.cn',
};

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

  it('chooses SMTP when MAIL_TRANSPORT=smtp, in the cloud with the secret', () => {
    expect(mailerFor({ ...SMTP_ENV, SERVICE_NAME: 'mailer' })).toBeInstanceOf(SmtpMailer);
  });

  it('chooses SES when MAIL_TRANSPORT=ses, and the outbox when unset under npm start', () => {
    expect(mailerFor({ MAIL_TRANSPORT: 'ses', MAIL_FROM: 'noreply@example.cn' })).toBeInstanceOf(SesMailer);
    // The local system keeps its outbox even with SMTP variables about, unless told otherwise.
    const { MAIL_TRANSPORT: _, ...smtpVariables } = SMTP_ENV;
    expect(
      mailerFor({ ...smtpVariables, MAIL_OUTBOX_DIR: '/tmp/gx-unit-outbox-never-written' }),
    ).toBeInstanceOf(OutboxMailer);
  });

  it('sends through SMTP under npm start when told, with SMTP_USERNAME and SMTP_PASSWORD for the secret', () => {
    const { SMTP_SECRET_ARN: _, ...withoutSecret } = SMTP_ENV;
    expect(
      mailerFor({
        ...withoutSecret,
        MAIL_OUTBOX_DIR: '/tmp/gx-unit-outbox-never-written',
        SMTP_USERNAME: 'noreply@example.gov.cn',
        SMTP_PASSWORD: 'secret',
      }),
    ).toBeInstanceOf(SmtpMailer);
  });

  it('never takes an SMTP password from a function’s environment: the secret is required there', () => {
    const { SMTP_SECRET_ARN: _, ...withoutSecret } = SMTP_ENV;
    expect(() =>
      mailerFor({ ...withoutSecret, SERVICE_NAME: 'mailer', SMTP_USERNAME: 'u', SMTP_PASSWORD: 'p' }),
    ).toThrow('Missing environment variable SMTP_SECRET_ARN: the mailer function needs it');
  });

  it('fails loudly naming SMTP_HOST, MAIL_FROM or the credentials when SMTP lacks one', () => {
    const without = (name: string) =>
      Object.fromEntries(Object.entries(SMTP_ENV).filter(([key]) => key !== name));
    expect(() => mailerFor(without('SMTP_HOST'))).toThrow(/SMTP_HOST/);
    expect(() => mailerFor(without('MAIL_FROM'))).toThrow(/MAIL_FROM/);
    expect(() => mailerFor(without('SMTP_SECRET_ARN'))).toThrow(/SMTP_SECRET_ARN/);
  });
});

describe('the SMTP configuration', () => {
  it('reads host, port and secret, the port 465 by default', () => {
    expect(loadConfig(SMTP_ENV).smtp).toEqual({
      host: 'smtp.example.gov.cn',
      port: 465,
      secretArn: SMTP_ENV.SMTP_SECRET_ARN,
      username: undefined,
      password: undefined,
    });
    expect(loadConfig({ ...SMTP_ENV, SMTP_PORT: '587' }).smtp.port).toBe(587);
    expect(loadConfig(SMTP_ENV).mailTransport).toBe('smtp');
  });

  it('refuses a transport it does not know, a port that is not one and a secret that is not an ARN', () => {
    expect(() => loadConfig({ MAIL_TRANSPORT: 'sendmail' })).toThrow(
      'MAIL_TRANSPORT is "sendmail": give ses or smtp.',
    );
    expect(() => loadConfig({ SMTP_PORT: '70000' })).toThrow(/SMTP_PORT/);
    expect(() => loadConfig({ SMTP_PORT: 'smtps' })).toThrow(/SMTP_PORT/);
    expect(() => loadConfig({ SMTP_SECRET_ARN: 'smtp-password' })).toThrow(/SMTP_SECRET_ARN/);
    expect(() => loadConfig({ SMTP_HOST: 'smtp.example.cn:465' })).toThrow(
      /SMTP_HOST is "smtp.example.cn:465"/,
    );
    expect(() => loadConfig({ SMTP_HOST: 'smtp example' })).toThrow(/SMTP_HOST/);
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
