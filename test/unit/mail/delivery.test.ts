/**
 * Sending one reminder once (issue 6), with SES and the sent records both mocked: claim, send,
 * mark sent; nothing sent twice; SES throttling retried, other errors release the claim.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  MessageRejected,
  SESv2Client,
  SendEmailCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ReminderMessage, sentKey } from '#shared/domain/reminders/message';
import * as backoff from '#shared/mail/backoff';
import { sentRecordKey } from '#shared/store/reminders';
import * as delivery from '#shared/use-cases/mail/delivery';
import { TEST_TABLES, useTestConfig } from '../helpers/env';

const ses = mockClient(SESv2Client);
const dynamo = mockClient(DynamoDBDocumentClient);

const NOW = new Date('2026-03-07T01:00:00.000Z');
const NOW_SECONDS = Math.floor(NOW.getTime() / 1000);

const MESSAGE: ReminderMessage = {
  kind: 'session-starting',
  to: 'li.hua@example.cn',
  dueDate: '2026-03-07',
  person: 'trainee-1',
  subject: 'ses_0001#3',
  data: {
    traineeName: '李华',
    sessionTitle: '数字经济专题培训班',
    startDate: '2026-03-10',
    endDate: '2026-03-12',
    place: '南宁',
    daysBefore: 3,
    registrationId: 'reg_0001',
  },
};
const KEY = sentRecordKey(sentKey(MESSAGE));

const throttled = () =>
  new TooManyRequestsException({
    message: 'Maximum sending rate exceeded.',
    $metadata: { httpStatusCode: 429 },
  });
const rejected = () =>
  new MessageRejected({ message: 'Email address is not verified.', $metadata: { httpStatusCode: 400 } });
const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });

/** The claim already exists: GetCommand answers what it holds. */
function existingRecord(item: Record<string, unknown> | undefined) {
  dynamo.on(PutCommand).rejects(conditionFailed());
  dynamo.on(GetCommand).resolves(item ? { Item: { ...KEY, ...item } } : {});
}

// The mailer is chosen on first use, from this configuration: SES.
useTestConfig({ MAIL_FROM: 'noreply@jxjy.example.gov.cn', LOG_LEVEL: 'SILENT' });

beforeEach(() => {
  dynamo.on(PutCommand).resolves({});
  dynamo.on(UpdateCommand).resolves({});
  dynamo.on(DeleteCommand).resolves({});
});
afterEach(() => {
  ses.reset();
  dynamo.reset();
  vi.useRealTimers();
});
afterAll(() => {
  ses.restore();
  dynamo.restore();
});

describe('deliverReminder', () => {
  it('claims the sent record, sends through SES once, then marks it sent', async () => {
    ses.on(SendEmailCommand).callsFake(() => {
      // Sent between the claim and the mark.
      expect(dynamo.commandCalls(PutCommand)).toHaveLength(1);
      expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
      return { MessageId: 'ses-1' };
    });

    await expect(delivery.deliverReminder(MESSAGE, NOW)).resolves.toBe('sent');

    const [put] = dynamo.commandCalls(PutCommand);
    expect(put?.args[0].input).toMatchObject({
      TableName: TEST_TABLES.plans,
      Item: { ...KEY, state: 'sending', leaseUntil: NOW_SECONDS + 300 },
      ConditionExpression: 'attribute_not_exists(pk) OR (#state = :sending AND leaseUntil < :now)',
      ExpressionAttributeValues: { ':sending': 'sending', ':now': NOW_SECONDS },
    });

    const sends = ses.commandCalls(SendEmailCommand);
    expect(sends).toHaveLength(1);
    const input = sends[0]?.args[0].input;
    // The program's name, as RFC 2047 encoded words (SES requires them for a non-ASCII name).
    expect(input?.FromEmailAddress).toBe(
      `=?UTF-8?B?${Buffer.from('广西专业技术人才知识更新工程').toString('base64')}?= <noreply@jxjy.example.gov.cn>`,
    );
    expect(input?.Destination?.ToAddresses).toEqual(['li.hua@example.cn']);
    expect(input?.Content?.Simple?.Subject?.Data).toContain('数字经济专题培训班');
    expect(input?.Content?.Simple?.Body?.Html?.Data).toContain('lang="zh-CN"');
    expect(input?.EmailTags).toEqual([{ Name: 'kind', Value: 'session-starting' }]);

    const updates = dynamo.commandCalls(UpdateCommand);
    expect(updates).toHaveLength(1);
    expect(updates[0]?.args[0].input).toMatchObject({
      TableName: TEST_TABLES.plans,
      Key: KEY,
      ExpressionAttributeValues: { ':sent': 'sent', ':at': NOW.toISOString() },
    });
    expect(dynamo.commandCalls(DeleteCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(GetCommand)).toHaveLength(0);
  });

  it('sends nothing for a reminder already sent', async () => {
    existingRecord({ state: 'sent', sentAt: NOW.toISOString() });
    await expect(delivery.deliverReminder(MESSAGE, NOW)).resolves.toBe('already-sent');
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    // The record was read strongly consistent, by its key.
    expect(dynamo.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({
      Key: KEY,
      ConsistentRead: true,
    });
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(DeleteCommand)).toHaveLength(0);
  });

  it('throws ReminderBeingSent without sending while another sender holds the claim', async () => {
    existingRecord({ state: 'sending', leaseUntil: NOW_SECONDS + 120 });
    const error = await delivery.deliverReminder(MESSAGE, NOW).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(delivery.ReminderBeingSent);
    expect((error as Error).name).toBe('ReminderBeingSent');
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    // Someone else's claim is left alone.
    expect(dynamo.commandCalls(DeleteCommand)).toHaveLength(0);
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('lets a DynamoDB error other than the condition propagate, sending nothing', async () => {
    dynamo.on(PutCommand).rejects(new Error('ProvisionedThroughputExceededException'));
    await expect(delivery.deliverReminder(MESSAGE, NOW)).rejects.toThrow(/ProvisionedThroughput/);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('waits out SES throttling twice, then sends and marks sent (3 SES calls)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    ses
      .on(SendEmailCommand)
      .rejectsOnce(throttled())
      .rejectsOnce(throttled())
      .resolves({ MessageId: 'ses-3' });

    const outcome = delivery.deliverReminder(MESSAGE, NOW);
    await vi.runAllTimersAsync();
    await expect(outcome).resolves.toBe('sent');

    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(3);
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(1);
    expect(dynamo.commandCalls(DeleteCommand)).toHaveLength(0);
  });

  it('gives up on a permanent SES failure at once: throws, releases the claim, never marks sent', async () => {
    ses.on(SendEmailCommand).rejects(rejected());
    const error = await delivery.deliverReminder(MESSAGE, NOW).catch((thrown: unknown) => thrown);
    expect((error as Error).name).toBe('MessageRejected');

    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    const deletes = dynamo.commandCalls(DeleteCommand);
    expect(deletes).toHaveLength(1);
    expect(deletes[0]?.args[0].input).toEqual({ TableName: TEST_TABLES.plans, Key: KEY });
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('throws and releases the claim when SES still throttles after every attempt', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    ses.on(SendEmailCommand).rejects(throttled());

    const outcome = delivery.deliverReminder(MESSAGE, NOW).catch((thrown: unknown) => thrown);
    await vi.runAllTimersAsync();
    const error = await outcome;

    expect((error as Error).name).toBe('TooManyRequestsException');
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(4);
    expect(dynamo.commandCalls(DeleteCommand)).toHaveLength(1);
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('after a released claim, the next delivery claims again and sends', async () => {
    ses.on(SendEmailCommand).rejectsOnce(rejected()).resolves({});
    await expect(delivery.deliverReminder(MESSAGE, NOW)).rejects.toThrow();
    await expect(delivery.deliverReminder(MESSAGE, NOW)).resolves.toBe('sent');
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(2);
    expect(dynamo.commandCalls(PutCommand)).toHaveLength(2);
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(1);
  });
});

describe('sendWithBackoff', () => {
  const mail = { to: 'a@example.cn', subject: '提醒', text: '正文', kind: 'session-starting' };

  it('retries throttling with real (tiny) delays and succeeds on the third call', async () => {
    ses.on(SendEmailCommand).rejectsOnce(throttled()).rejectsOnce(throttled()).resolves({});
    const started = Date.now();
    await backoff.sendWithBackoff(mail, 1);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(3);
    // Two waits of at most the base delay given above × 2^attempt × 1.5: well under a second.
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('waits longer after each throttled attempt (exponential backoff)', async () => {
    const delays: number[] = [];
    const realSetTimeout = globalThis.setTimeout;
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((handler: () => void, delay?: number) => {
      delays.push(delay ?? 0);
      return realSetTimeout(handler, 0);
    }) as typeof setTimeout);
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    try {
      ses.on(SendEmailCommand).rejects(throttled());
      await expect(backoff.sendWithBackoff(mail, 100)).rejects.toThrow();
    } finally {
      vi.restoreAllMocks();
    }
    expect(delays).toEqual([200, 400, 800]);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(4);
  });

  it('treats the SES and SDK throttling names alike, and nothing else', () => {
    for (const name of [
      'TooManyRequestsException',
      'ThrottlingException',
      'Throttling',
      'LimitExceededException',
    ]) {
      expect(backoff.isThrottling(Object.assign(new Error('slow down'), { name })), name).toBe(true);
    }
    expect(backoff.isThrottling(rejected())).toBe(false);
    expect(backoff.isThrottling(new Error('boom'))).toBe(false);
    expect(backoff.isThrottling(undefined)).toBe(false);
  });

  it('does not retry a permanent failure', async () => {
    ses.on(SendEmailCommand).rejects(rejected());
    await expect(backoff.sendWithBackoff(mail, 1)).rejects.toThrow(/not verified/);
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
  });
});
