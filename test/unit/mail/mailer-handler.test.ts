/**
 * The mail queue's consumer (issue 6): each record delivered once, and exactly the records that
 * failed reported back as batch item failures, so SQS retries only those.
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
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { type ReminderMessage, sentKey } from '#shared/domain/reminders/message';
import { stubTableEnv } from '../helpers/env';

const ses = mockClient(SESv2Client);
const dynamo = mockClient(DynamoDBDocumentClient);
let sendBatch: typeof import('#functions/mailer/handler').sendBatch;

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

const record = (messageId: string, body: string): SQSRecord => ({
  messageId,
  receiptHandle: `handle-${messageId}`,
  body,
  attributes: {
    ApproximateReceiveCount: '1',
    SentTimestamp: '1793494800000',
    SenderId: 'AROAEXAMPLE',
    ApproximateFirstReceiveTimestamp: '1793494800000',
  },
  messageAttributes: {},
  md5OfBody: 'md5',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:ap-east-1:123456789012:mail',
  awsRegion: 'ap-east-1',
});

const event = (...records: SQSRecord[]): SQSEvent => ({ Records: records });
const recordOf = (n: number) => record(`msg-${n}`, JSON.stringify(message(n)));
const sentTo = () =>
  ses.commandCalls(SendEmailCommand).map((call) => call.args[0].input.Destination?.ToAddresses?.[0]);

beforeAll(async () => {
  stubTableEnv();
  vi.stubEnv('MAIL_OUTBOX_DIR', undefined);
  vi.stubEnv('MAIL_FROM', 'noreply@jxjy.example.gov.cn');
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  vi.resetModules();
  ({ sendBatch } = await import('#functions/mailer/handler'));
});
beforeEach(() => {
  stubTableEnv();
  vi.stubEnv('MAIL_OUTBOX_DIR', undefined);
  vi.stubEnv('MAIL_FROM', 'noreply@jxjy.example.gov.cn');
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
  vi.unstubAllEnvs();
});

describe('sendBatch', () => {
  it('sends every record and reports no failure when all go through', async () => {
    const answer = await sendBatch(event(recordOf(1), recordOf(2), recordOf(3)));
    expect(answer).toEqual({ batchItemFailures: [] });
    expect(sentTo()).toEqual(['trainee1@example.cn', 'trainee2@example.cn', 'trainee3@example.cn']);
    expect(dynamo.commandCalls(UpdateCommand)).toHaveLength(3);
  });

  it('reports exactly the record whose SES call failed, and still sends the others', async () => {
    ses
      .on(SendEmailCommand, { Destination: { ToAddresses: ['trainee2@example.cn'] } })
      .rejects(new MessageRejected({ message: 'Address blacklisted.', $metadata: {} }));

    const answer = await sendBatch(event(recordOf(1), recordOf(2), recordOf(3)));

    expect(answer.batchItemFailures).toEqual([{ itemIdentifier: 'msg-2' }]);
    expect(sentTo()).toEqual(['trainee1@example.cn', 'trainee2@example.cn', 'trainee3@example.cn']);
    // Marked sent: the first and the third; the second's claim is given back for the retry.
    expect(dynamo.commandCalls(UpdateCommand).map((call) => call.args[0].input.Key?.pk)).toEqual([
      `SENT#${sentKey(message(1))}`,
      `SENT#${sentKey(message(3))}`,
    ]);
    expect(dynamo.commandCalls(DeleteCommand).map((call) => call.args[0].input.Key?.pk)).toEqual([
      `SENT#${sentKey(message(2))}`,
    ]);
  });

  it.each([
    ['not JSON', '{"kind": "credit-shortfall",'],
    ['an unknown kind', JSON.stringify({ ...message(2), kind: 'birthday' })],
    ['a bad address', JSON.stringify({ ...message(2), to: 'nobody' })],
    ['an empty body', ''],
  ])('reports a malformed body (%s) as a failure and sends the others', async (_, body) => {
    const answer = await sendBatch(event(recordOf(1), record('bad-1', body), recordOf(3)));
    expect(answer.batchItemFailures).toEqual([{ itemIdentifier: 'bad-1' }]);
    expect(sentTo()).toEqual(['trainee1@example.cn', 'trainee3@example.cn']);
  });

  it('treats an already sent reminder as done (no failure, no mail)', async () => {
    dynamo
      .on(PutCommand, { Item: { pk: `SENT#${sentKey(message(2))}` } })
      .rejects(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));
    dynamo.on(GetCommand).resolves({ Item: { state: 'sent' } });

    const answer = await sendBatch(event(recordOf(1), recordOf(2), recordOf(3)));
    expect(answer.batchItemFailures).toEqual([]);
    expect(sentTo()).toEqual(['trainee1@example.cn', 'trainee3@example.cn']);
  });

  it('reports a reminder another sender is sending as a failure, so it comes back later', async () => {
    dynamo
      .on(PutCommand, { Item: { pk: `SENT#${sentKey(message(1))}` } })
      .rejects(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));
    dynamo.on(GetCommand).resolves({ Item: { state: 'sending', leaseUntil: 4_102_444_800 } });

    const answer = await sendBatch(event(recordOf(1), recordOf(2)));
    expect(answer.batchItemFailures).toEqual([{ itemIdentifier: 'msg-1' }]);
    expect(sentTo()).toEqual(['trainee2@example.cn']);
  });

  it('answers an empty batch with no failures', async () => {
    expect(await sendBatch(event())).toEqual({ batchItemFailures: [] });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
  });
});
