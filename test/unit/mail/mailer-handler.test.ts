/**
 * The mailer (issues 6 and 8): invoked asynchronously with `{ messages }`, it sends each mail once
 * and throws when any was not sent, so Lambda retries the batch; the sent records make a retry
 * send only what is still unsent.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { MessageRejected, SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sendBatch } from '#functions/mailer/handler';
import { type ReminderMessage, sentKey } from '#shared/domain/reminders/message';
import { sentRecordKey } from '#shared/store/reminders';
import { useTestConfig } from '../helpers/env';

const ses = mockClient(SESv2Client);
const dynamo = mockClient(DynamoDBDocumentClient);

const message = (n: number): ReminderMessage => ({
  kind: 'credit-shortfall',
  to: `trainee${n}@example.cn`,
  dueDate: '2026-11-01',
  person: `trainee-${n}`,
  subject: '2026',
  data: {
    traineeName: `学员${n}`,
    year: 2026,
    total: 30,
    professional: 20,
    requiredTotal: 90,
    requiredProfessional: 60,
  },
});

const batch = (...messages: unknown[]) => ({ messages });
const sentTo = () =>
  ses.commandCalls(SendEmailCommand).map((call) => call.args[0].input.Destination?.ToAddresses?.[0]);
const throttled = () =>
  Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'TooManyRequestsException' });

// SES: a sender identity and no local outbox.
useTestConfig({ MAIL_FROM: 'noreply@jxjy.example.gov.cn', LOG_LEVEL: 'SILENT' });

beforeEach(() => {
  dynamo.on(PutCommand).resolves({});
  dynamo.on(UpdateCommand).resolves({});
  dynamo.on(DeleteCommand).resolves({});
  ses.on(SendEmailCommand).resolves({ MessageId: 'ok' });
});
afterEach(() => {
  ses.reset();
  dynamo.reset();
});
afterAll(() => {
  ses.restore();
  dynamo.restore();
});

describe('sendBatch', () => {
  it('sends every mail of the batch and answers how many went out', async () => {
    const answer = await sendBatch(batch(message(1), message(2), message(3)));
    expect(answer).toEqual({ sent: 3, alreadySent: 0 });
    expect(sentTo()).toEqual(['trainee1@example.cn', 'trainee2@example.cn', 'trainee3@example.cn']);
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(3);
  });

  it('throws when one SES call failed, after still sending the others, and gives back its claim', async () => {
    ses
      .on(SendEmailCommand, { Destination: { ToAddresses: ['trainee2@example.cn'] } })
      .rejects(new MessageRejected({ message: 'Address blacklisted.', $metadata: {} }));

    await expect(sendBatch(batch(message(1), message(2), message(3)))).rejects.toThrow(
      /1 of 3 mails in the batch were not sent/,
    );
    expect(sentTo()).toEqual(['trainee1@example.cn', 'trainee2@example.cn', 'trainee3@example.cn']);
    // Marked sent: the first and the third; the second's claim is given back for the retry.
    expect(dynamo.commandCalls(UpdateCommand).map((call) => call.args[0].input.Key?.pk)).toEqual([
      sentRecordKey(sentKey(message(1))).pk,
      sentRecordKey(sentKey(message(3))).pk,
    ]);
    expect(dynamo.commandCalls(DeleteCommand).map((call) => call.args[0].input.Key?.pk)).toEqual([
      sentRecordKey(sentKey(message(2))).pk,
    ]);
  });

  it('stops the batch when SES still throttles after backoff, leaving the rest for the retry', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      ses
        .on(SendEmailCommand, { Destination: { ToAddresses: ['trainee2@example.cn'] } })
        .rejects(throttled());
      const outcome = sendBatch(batch(message(1), message(2), message(3), message(4))).catch(
        (error: unknown) => error,
      );
      await vi.runAllTimersAsync();
      const error = (await outcome) as Error;
      expect(error.name).toBe('MailBatchIncomplete');
      // The second (throttled) and the two after it, which were not tried.
      expect(error.message).toMatch(/3 of 4 mails/);
      expect(new Set(sentTo())).toEqual(new Set(['trainee1@example.cn', 'trainee2@example.cn']));
      expect(sentTo().filter((to) => to === 'trainee2@example.cn').length).toBeGreaterThan(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('sends only what is still unsent when Lambda retries the batch', async () => {
    // The first run sent mail 1; its sent record now answers the claim.
    dynamo
      .on(PutCommand, { Item: { pk: sentRecordKey(sentKey(message(1))).pk } })
      .rejects(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));
    dynamo.on(GetCommand).resolves({ Item: { state: 'sent' } });

    const answer = await sendBatch(batch(message(1), message(2), message(3)));
    expect(answer).toEqual({ sent: 2, alreadySent: 1 });
    expect(sentTo()).toEqual(['trainee2@example.cn', 'trainee3@example.cn']);
  });

  it.each([
    ['an unknown kind', { ...message(2), kind: 'birthday' }],
    ['a bad address', { ...message(2), to: 'nobody' }],
    ['a string', 'not a mail'],
    ['null', null],
  ])('sends the others of a batch holding a malformed mail (%s), then throws', async (_, bad) => {
    await expect(sendBatch(batch(message(1), bad, message(3)))).rejects.toThrow(/1 of 3 mails/);
    expect(sentTo()).toEqual(['trainee1@example.cn', 'trainee3@example.cn']);
  });

  it.each([
    ['no messages field', {}],
    ['messages not a list', { messages: 'x' }],
    ['null', null],
    ['an SQS event', { Records: [] }],
  ])('throws on an event that is not a mail batch (%s), sending nothing', async (_, event) => {
    await expect(sendBatch(event)).rejects.toThrow(/not a mail batch/);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('throws for a mail another sender is sending, so the retry finds it sent', async () => {
    dynamo
      .on(PutCommand, { Item: { pk: sentRecordKey(sentKey(message(1))).pk } })
      .rejects(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));
    dynamo.on(GetCommand).resolves({ Item: { state: 'sending', leaseUntil: 4_102_444_800 } });

    await expect(sendBatch(batch(message(1), message(2)))).rejects.toThrow(/1 of 2 mails/);
    expect(sentTo()).toEqual(['trainee2@example.cn']);
  });

  it('answers an empty batch with nothing sent', async () => {
    expect(await sendBatch(batch())).toEqual({ sent: 0, alreadySent: 0 });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });
});
