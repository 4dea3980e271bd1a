/** The mail queue port (issue 6): SQS batches of ten, partial failures resent, persistent ones loud. */
import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ReminderMessage } from '#shared/domain/reminders/message';

type Queue = typeof import('#shared/mail/queue');

const sqs = mockClient(SQSClient);
const QUEUE_URL = 'https://sqs.ap-east-1.amazonaws.com/123456789012/gx-mail';
let queue: Queue;

const message = (n: number): ReminderMessage => ({
  kind: 'waitlist-deadline',
  to: `trainee${n}@example.cn`,
  dueDate: '2026-02-28',
  person: `trainee-${n}`,
  subject: 'ses_0001#1',
  data: {
    traineeName: `学员${n}`,
    sessionTitle: '数字经济专题培训班',
    registrationDeadline: '2026-03-01',
    waitlistPosition: n,
    registrationId: `reg_${n}`,
  },
});
const messages = (count: number) => Array.from({ length: count }, (_, i) => message(i));

const batches = () => sqs.commandCalls(SendMessageBatchCommand).map((call) => call.args[0].input);

beforeAll(async () => {
  vi.stubEnv('AWS_REGION', 'ap-east-1');
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
  queue = await import('#shared/mail/queue');
});
afterEach(() => {
  sqs.reset();
  vi.useRealTimers();
});
afterAll(() => {
  sqs.restore();
  vi.unstubAllEnvs();
});

describe('SqsMailQueue', () => {
  it('sends 23 messages as three batches of 10, 10 and 3, each body the message as JSON', async () => {
    sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const sent = messages(23);
    await new queue.SqsMailQueue(QUEUE_URL).enqueue(sent);

    const inputs = batches();
    expect(inputs.map((input) => input.Entries?.length)).toEqual([10, 10, 3]);
    expect(inputs.every((input) => input.QueueUrl === QUEUE_URL)).toBe(true);
    const bodies = inputs
      .flatMap((input) => input.Entries ?? [])
      .map((entry) => JSON.parse(entry.MessageBody ?? ''));
    expect(bodies).toEqual(sent);
    // Ids are unique within a batch, as SQS requires.
    for (const input of inputs) {
      const ids = (input.Entries ?? []).map((entry) => entry.Id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('sends nothing for no messages', async () => {
    await new queue.SqsMailQueue(QUEUE_URL).enqueue([]);
    expect(batches()).toHaveLength(0);
  });

  it('sends again only the entry a batch answer lists as Failed', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({
        Successful: [],
        Failed: [{ Id: '3', SenderFault: false, Code: 'InternalError', Message: 'try again' }],
      })
      .resolves({ Successful: [], Failed: [] });
    const sent = messages(5);
    await new queue.SqsMailQueue(QUEUE_URL).enqueue(sent);

    const inputs = batches();
    expect(inputs).toHaveLength(2);
    expect(inputs[0]?.Entries).toHaveLength(5);
    expect(inputs[1]?.Entries).toHaveLength(1);
    const [resent] = inputs[1]?.Entries ?? [];
    expect(resent?.Id).toBe('3');
    expect(JSON.parse(resent?.MessageBody ?? '')).toEqual(sent[3]);
  });

  it('resends failed entries of the second batch without touching the first', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({ Successful: [], Failed: [] })
      .resolvesOnce({
        Successful: [],
        Failed: [
          { Id: '11', SenderFault: false, Code: 'InternalError' },
          { Id: '14', SenderFault: false, Code: 'InternalError' },
        ],
      })
      .resolves({});
    const sent = messages(15);
    await new queue.SqsMailQueue(QUEUE_URL).enqueue(sent);
    const inputs = batches();
    expect(inputs.map((input) => input.Entries?.length)).toEqual([10, 5, 2]);
    expect(inputs[2]?.Entries?.map((entry) => JSON.parse(entry.MessageBody ?? ''))).toEqual([
      sent[11],
      sent[14],
    ]);
  });

  it('throws when an entry keeps failing, after a bounded number of rounds', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    sqs.on(SendMessageBatchCommand).resolves({
      Successful: [],
      Failed: [{ Id: '0', SenderFault: false, Code: 'InternalError' }],
    });
    const outcome = new queue.SqsMailQueue(QUEUE_URL).enqueue(messages(2)).catch((error: unknown) => error);
    await vi.runAllTimersAsync();
    const error = await outcome;
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/1 reminders could not be queued/);
    expect(batches()).toHaveLength(5);
  });

  it('lets an SQS error propagate', async () => {
    sqs.on(SendMessageBatchCommand).rejects(new Error('AccessDenied'));
    await expect(new queue.SqsMailQueue(QUEUE_URL).enqueue(messages(1))).rejects.toThrow(/AccessDenied/);
  });
});

describe('getMailQueue', () => {
  it('chooses SQS when MAIL_QUEUE_URL is set, in process when only MAIL_OUTBOX_DIR is, and fails loudly otherwise', async () => {
    const fresh = async (env: Record<string, string | undefined>) => {
      vi.resetModules();
      vi.stubEnv('MAIL_QUEUE_URL', env.MAIL_QUEUE_URL);
      vi.stubEnv('MAIL_OUTBOX_DIR', env.MAIL_OUTBOX_DIR);
      return (await import('#shared/mail/queue')) as Queue;
    };
    const cloud = await fresh({ MAIL_QUEUE_URL: QUEUE_URL, MAIL_OUTBOX_DIR: '/tmp/never' });
    expect(cloud.getMailQueue()).toBeInstanceOf(cloud.SqsMailQueue);
    expect(cloud.getMailQueue()).toBe(cloud.getMailQueue());
    const local = await fresh({ MAIL_OUTBOX_DIR: '/tmp/never' });
    expect(local.getMailQueue()).toBeInstanceOf(local.InProcessMailQueue);
    const none = await fresh({});
    expect(() => none.getMailQueue()).toThrow(/MAIL_QUEUE_URL/);
  });
});
