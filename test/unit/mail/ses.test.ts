import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { SesMailer } from '#shared/mail/ses';

const ses = mockClient(SESv2Client);

afterEach(() => ses.reset());
afterAll(() => ses.restore());

describe('SesMailer', () => {
  it('sends one SendEmailCommand with sender, recipient, UTF-8 content and a kind tag', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    await new SesMailer({ name: '广西专业技术人才知识更新工程', address: 'noreply@gxrs.example.cn' }).send({
      to: 'li.si@example.cn',
      subject: '报名成功',
      text: '李四您好',
      html: '<p>李四您好</p>',
      kind: 'registration-confirmed',
    });
    const calls = ses.commandCalls(SendEmailCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input).toEqual({
      FromEmailAddress: `=?UTF-8?B?${Buffer.from('广西专业技术人才知识更新工程').toString('base64')}?= <noreply@gxrs.example.cn>`,
      Destination: { ToAddresses: ['li.si@example.cn'] },
      Content: {
        Simple: {
          Subject: { Data: '报名成功', Charset: 'UTF-8' },
          Body: {
            Text: { Data: '李四您好', Charset: 'UTF-8' },
            Html: { Data: '<p>李四您好</p>', Charset: 'UTF-8' },
          },
        },
      },
      EmailTags: [{ Name: 'kind', Value: 'registration-confirmed' }],
    });
  });

  it('sends no HTML part for a text-only mail', async () => {
    ses.on(SendEmailCommand).resolves({});
    await new SesMailer({ name: '', address: 'noreply@example.cn' }).send({
      to: 'a@example.cn',
      subject: 's',
      text: 't',
      kind: 'k',
    });
    expect(ses.commandCalls(SendEmailCommand)[0]?.args[0].input.Content?.Simple?.Body).toEqual({
      Text: { Data: 't', Charset: 'UTF-8' },
    });
  });

  it("sanitizes the kind tag to SES's allowed characters", async () => {
    ses.on(SendEmailCommand).resolves({});
    await new SesMailer({ name: '', address: 'noreply@example.cn' }).send({
      to: 'a@example.cn',
      subject: 's',
      text: 't',
      kind: 'deadline reminder/2026:提醒 user@x.cn',
    });
    const value = ses.commandCalls(SendEmailCommand)[0]?.args[0].input.EmailTags?.[0]?.Value;
    expect(value).toMatch(/^[A-Za-z0-9_.@-]+$/);
    expect(value).toBe('deadline_reminder_2026____user@x.cn');
  });

  it('lets an SES error propagate', async () => {
    ses.on(SendEmailCommand).rejects(new Error('MessageRejected: Email address is not verified'));
    await expect(
      new SesMailer({ name: '', address: 'noreply@example.cn' }).send({
        to: 'a@example.cn',
        subject: 's',
        text: 't',
        kind: 'k',
      }),
    ).rejects.toThrow(/MessageRejected/);
  });
});
