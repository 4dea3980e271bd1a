/**
 * The mail queue port (issue 8): the day's mail handed to the mailer as asynchronous invocations,
 * batches of 25 within the payload limit, paced at SES's rate and squeezed to fit the job's run.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type Env, loadConfig, useConfig } from '#shared/config/env';
import type { ReminderMessage } from '#shared/domain/reminders/message';
import * as queue from '#shared/mail/queue';
import { getMailQueue } from '#shared/use-cases/mail/queue';

const lambda = mockClient(LambdaClient);
const MAILER = 'KnowledgeRenewal-Service-FnmailerFunction-AbC123';
const TEST_ENV: Env = { AWS_REGION: 'ap-east-1', LOG_LEVEL: 'SILENT' };
useConfig(loadConfig(TEST_ENV));

const message = (n: number, title = '数字经济专题培训班'): ReminderMessage => ({
  kind: 'waitlist-deadline',
  to: `trainee${n}@example.cn`,
  dueDate: '2026-02-28',
  person: `trainee-${n}`,
  subject: 'ses_0001#1',
  data: {
    traineeName: `学员${n}`,
    sessionTitle: title,
    registrationDeadline: '2026-03-01',
    waitlistPlace: n,
    registrationId: `reg_${n}`,
  },
});
const messages = (count: number) => Array.from({ length: count }, (_, i) => message(i));

const invocations = () => lambda.commandCalls(InvokeCommand).map((call) => call.args[0].input);
const payloadOf = (input: { Payload?: unknown }) =>
  JSON.parse(Buffer.from(input.Payload as Uint8Array).toString('utf8')) as { messages: ReminderMessage[] };

/** A clock that only moves when the queue sleeps: pauses are recorded, not waited. */
function fakeClock(start = 1_800_000_000_000) {
  let now = start;
  const pauses: number[] = [];
  return {
    pauses,
    now: () => now,
    sleep: async (ms: number) => {
      pauses.push(ms);
      now += ms;
    },
  };
}

afterEach(() => {
  lambda.reset();
});
afterAll(() => lambda.restore());

describe('mailBatches', () => {
  it('cuts 60 mails into batches of 25, 25 and 10, in order', () => {
    const sent = messages(60);
    const batches = queue.mailBatches(sent);
    expect(batches.map((batch) => batch.length)).toEqual([25, 25, 10]);
    expect(batches.flat()).toEqual(sent);
  });

  it('starts a new batch before the payload would pass the byte limit', () => {
    const long = (n: number) => message(n, '长'.repeat(3000)); // ~9 KB of UTF-8 each
    const batches = queue.mailBatches(Array.from({ length: 30 }, (_, i) => long(i)));
    expect(batches.length).toBeGreaterThan(1);
    for (const batch of batches) {
      expect(Buffer.byteLength(JSON.stringify({ messages: batch }))).toBeLessThanOrEqual(
        queue.MAIL_BATCH_MAX_BYTES,
      );
    }
    expect(batches.flat()).toHaveLength(30);
  });

  it('keeps a batch under the 256 KB asynchronous payload limit', () => {
    expect(queue.MAIL_BATCH_MAX_BYTES).toBeLessThan(256 * 1024);
    expect(queue.MAIL_BATCH_SIZE).toBe(25);
  });

  it('refuses a single mail larger than a batch may be', () => {
    expect(() => queue.mailBatches([message(1, 'x'.repeat(300_000))])).toThrow(/larger than a mail batch/);
  });

  it('makes no batch of nothing', () => {
    expect(queue.mailBatches([])).toEqual([]);
  });
});

describe('LambdaMailQueue', () => {
  it('invokes the mailer asynchronously, once per batch, with { messages } as the payload', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    const clock = fakeClock();
    const sent = messages(60);
    await new queue.LambdaMailQueue(MAILER, clock).enqueue(sent);

    const inputs = invocations();
    expect(inputs).toHaveLength(3);
    for (const input of inputs) {
      expect(input.FunctionName).toBe(MAILER);
      expect(input.InvocationType).toBe('Event');
    }
    expect(inputs.map((input) => payloadOf(input).messages.length)).toEqual([25, 25, 10]);
    expect(inputs.flatMap((input) => payloadOf(input).messages)).toEqual(sent);
  });

  it('invokes nothing for no mail', async () => {
    await new queue.LambdaMailQueue(MAILER, fakeClock()).enqueue([]);
    expect(invocations()).toHaveLength(0);
  });

  it('paces batches at the sending rate: a batch of 25 at 10 per second waits 2.5 s', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    const clock = fakeClock();
    await new queue.LambdaMailQueue(MAILER, { ...clock, sendsPerSecond: 10 }).enqueue(messages(60));
    // Before the second and the third batch, the time the one before takes to send.
    expect(clock.pauses).toEqual([2500, 2500]);
    expect(queue.MAIL_SENDS_PER_SECOND).toBeLessThanOrEqual(14);
  });

  it('squeezes the pace to hand everything over before the deadline', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    const clock = fakeClock();
    // 1,000 mails = 40 batches; at 10 per second they would take 97.5 s, but only 39 s are left.
    const deadline = clock.now() + 39_000;
    await new queue.LambdaMailQueue(MAILER, { ...clock, sendsPerSecond: 10 }).enqueue(messages(1000), {
      deadline,
    });
    expect(invocations()).toHaveLength(40);
    expect(clock.now()).toBeLessThanOrEqual(deadline);
    expect(Math.max(...clock.pauses)).toBeLessThan(2500);
  });

  it('does not wait at all once the deadline has passed', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    const clock = fakeClock();
    await new queue.LambdaMailQueue(MAILER, clock).enqueue(messages(50), { deadline: clock.now() - 1 });
    expect(clock.pauses).toEqual([0]);
    expect(invocations()).toHaveLength(2);
  });

  it('throws when Lambda does not accept a batch into its queue', async () => {
    lambda.on(InvokeCommand).resolvesOnce({ StatusCode: 202 }).resolves({ StatusCode: 200 });
    await expect(new queue.LambdaMailQueue(MAILER, fakeClock()).enqueue(messages(30))).rejects.toThrow(
      /did not accept mail batch 2 of 2/,
    );
  });

  it('lets a Lambda error propagate, so the job fails and is run again', async () => {
    lambda.on(InvokeCommand).rejects(new Error('AccessDeniedException'));
    await expect(new queue.LambdaMailQueue(MAILER, fakeClock()).enqueue(messages(1))).rejects.toThrow(
      /AccessDenied/,
    );
  });
});

describe('createMailQueue', () => {
  it('chooses Lambda when MAILER_FUNCTION_NAME is set, in process when only MAIL_OUTBOX_DIR is, and fails loudly otherwise', () => {
    const queueFor = (env: Env) => queue.createMailQueue(loadConfig({ ...TEST_ENV, ...env }), async () => {});
    expect(queueFor({ MAILER_FUNCTION_NAME: MAILER, MAIL_OUTBOX_DIR: '/tmp/never' })).toBeInstanceOf(
      queue.LambdaMailQueue,
    );
    expect(queueFor({ MAIL_OUTBOX_DIR: '/tmp/never' })).toBeInstanceOf(queue.InProcessMailQueue);
    expect(() => queueFor({})).toThrow(/MAILER_FUNCTION_NAME/);
  });
});

describe('InProcessMailQueue', () => {
  it('delivers each mail through the delivery it was handed, trying a failed one again', async () => {
    const delivered: string[] = [];
    let failures = 1;
    const deliver = async (mail: ReminderMessage) => {
      if (mail.person === 'trainee-1' && failures-- > 0) throw new Error('mailer busy');
      delivered.push(mail.person);
    };
    await new queue.InProcessMailQueue(deliver).enqueue(messages(3));
    expect(delivered).toEqual(['trainee-0', 'trainee-1', 'trainee-2']);
  });
});

describe('getMailQueue', () => {
  it('keeps the queue of the configuration it first saw', () => {
    useConfig(loadConfig({ ...TEST_ENV, MAILER_FUNCTION_NAME: MAILER }));
    const first = getMailQueue();
    expect(first).toBeInstanceOf(queue.LambdaMailQueue);
    useConfig(loadConfig(TEST_ENV));
    expect(getMailQueue()).toBe(first);
  });
});
