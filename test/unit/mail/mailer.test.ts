import { afterEach, describe, expect, it, vi } from 'vitest';

async function loadFresh(env: { MAIL_OUTBOX_DIR?: string; MAIL_FROM?: string }) {
  vi.resetModules();
  vi.stubEnv('AWS_REGION', 'ap-east-1');
  vi.stubEnv('MAIL_OUTBOX_DIR', env.MAIL_OUTBOX_DIR);
  vi.stubEnv('MAIL_FROM', env.MAIL_FROM);
  const [mailer, outbox, ses] = await Promise.all([
    import('#shared/mail/mailer'),
    import('#shared/mail/outbox'),
    import('#shared/mail/ses'),
  ]);
  return { getMailer: mailer.getMailer, OutboxMailer: outbox.OutboxMailer, SesMailer: ses.SesMailer };
}

afterEach(() => vi.unstubAllEnvs());

describe('getMailer', () => {
  it('chooses the outbox when MAIL_OUTBOX_DIR is set, even with MAIL_FROM', async () => {
    const { getMailer, OutboxMailer } = await loadFresh({
      MAIL_OUTBOX_DIR: '/tmp/gx-unit-outbox-never-written',
      MAIL_FROM: 'noreply@example.cn',
    });
    expect(getMailer()).toBeInstanceOf(OutboxMailer);
  });

  it('chooses SES when only MAIL_FROM is set, and keeps one mailer', async () => {
    const { getMailer, SesMailer } = await loadFresh({ MAIL_FROM: 'noreply@example.cn' });
    const mailer = getMailer();
    expect(mailer).toBeInstanceOf(SesMailer);
    expect(getMailer()).toBe(mailer);
  });

  it('fails loudly, naming MAIL_FROM, when neither is set', async () => {
    const { getMailer } = await loadFresh({});
    expect(() => getMailer()).toThrow(/MAIL_FROM/);
  });

  it('does not read the configuration until a mail is sent', async () => {
    await expect(loadFresh({})).resolves.toBeDefined();
  });
});
