/**
 * The mail queue port: the daily job hands over the day's mail; the mailer sends each once. In
 * the cloud the "queue" is Lambda's own asynchronous invocation queue: the job invokes the mailer
 * with `InvocationType: 'Event'`, a batch of mails per invocation, and Lambda holds, retries and
 * finally dead-letters the batch. Nothing polls, so nothing costs money while no mail is due. On
 * one machine the messages are delivered in process, through the delivery the mailer runs (handed
 * in: shared/use-cases/mail/queue.ts), retried a few times as Lambda would.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { type Config, missing } from '#shared/config/env';
import type { ReminderMessage } from '#shared/domain/reminders/message';
import { logger } from '#shared/http/logger';

export interface EnqueueOptions {
  /**
   * When the caller must be done (epoch ms): pacing is squeezed so that the whole day's mail is
   * handed over by then, even if faster than the sending rate.
   */
  deadline?: number;
}

export interface MailQueue {
  enqueue(messages: readonly ReminderMessage[], options?: EnqueueOptions): Promise<void>;
}

/** What the mailer receives: one batch of mails. */
export interface MailBatch {
  messages: ReminderMessage[];
}

/** Mails per mailer invocation: a batch sends in a few seconds at SES's pace. */
export const MAIL_BATCH_SIZE = 25;
/**
 * Bytes per batch, well under the 256 KB limit of an asynchronous invocation's payload and of the
 * SQS message the batch becomes in the dead-letter queue. A reminder is well under 2 KB.
 */
export const MAIL_BATCH_MAX_BYTES = 200_000;
/**
 * Mails handed to the mailer per second, on average. SES refuses sends above the account's rate
 * (14 per second for a new production account) and the API's own mails share it. The mailer waits
 * out throttling with backoff (./backoff.ts) and Lambda retries a failed batch, but with no
 * reserved concurrency (a new account may reserve none) nothing else caps how many mailers run at
 * once: handing batches over at this pace keeps it to one or two. Raise it with the account's
 * sending quota.
 */
export const MAIL_SENDS_PER_SECOND = 10;

const byteLength = (batch: ReminderMessage[]) =>
  Buffer.byteLength(JSON.stringify({ messages: batch } satisfies MailBatch));

/** Consecutive batches of at most `maxMessages` mails and `maxBytes` bytes of payload, in order. */
export function mailBatches(
  messages: readonly ReminderMessage[],
  maxMessages = MAIL_BATCH_SIZE,
  maxBytes = MAIL_BATCH_MAX_BYTES,
): ReminderMessage[][] {
  const batches: ReminderMessage[][] = [];
  let current: ReminderMessage[] = [];
  for (const message of messages) {
    if (byteLength([message]) > maxBytes)
      throw new Error(`A ${message.kind} reminder for ${message.person} is larger than a mail batch may be`);
    if (
      current.length > 0 &&
      (current.length >= maxMessages || byteLength([...current, message]) > maxBytes)
    ) {
      batches.push(current);
      current = [];
    }
    current.push(message);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

// The SDK retries throttling and 5xx answers itself; a few more tries than its default of three.
let client: LambdaClient | undefined;
const lambda = () => (client ??= new LambdaClient({ maxAttempts: 5 }));

export interface LambdaMailQueueOptions {
  sendsPerSecond?: number;
  /** Injected by tests. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export class LambdaMailQueue implements MailQueue {
  private readonly sendsPerSecond: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;

  constructor(
    private readonly functionName: string,
    options: LambdaMailQueueOptions = {},
  ) {
    this.sendsPerSecond = options.sendsPerSecond ?? MAIL_SENDS_PER_SECOND;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.now = options.now ?? Date.now;
  }

  /**
   * One asynchronous invocation of the mailer per batch, paced at the sending rate. Throws if
   * Lambda refuses one (after the SDK's retries): the job then fails and is run again, and the
   * mailer's sent records keep the batches already handed over from going out twice.
   */
  async enqueue(messages: readonly ReminderMessage[], options: EnqueueOptions = {}): Promise<void> {
    const batches = mailBatches(messages);
    for (const [index, batch] of batches.entries()) {
      if (index > 0)
        await this.sleep(this.pause(batches[index - 1]?.length ?? 0, batches.length - index, options));
      const answer = await lambda().send(
        new InvokeCommand({
          FunctionName: this.functionName,
          InvocationType: 'Event',
          Payload: Buffer.from(JSON.stringify({ messages: batch } satisfies MailBatch)),
        }),
      );
      // 202: accepted into the asynchronous queue.
      if (answer.StatusCode !== 202)
        throw new Error(
          `The mailer did not accept mail batch ${index + 1} of ${batches.length} (${answer.StatusCode})`,
        );
    }
  }

  /** The time the previous batch takes at the sending rate, shortened to fit before the deadline. */
  private pause(previousSize: number, batchesLeft: number, options: EnqueueOptions): number {
    const atRate = (previousSize / this.sendsPerSecond) * 1000;
    if (options.deadline === undefined) return atRate;
    const spare = Math.max(0, options.deadline - this.now());
    return Math.min(atRate, spare / batchesLeft);
  }
}

/** Delivers one mail once, as the mailer does: a use case's, so this port imports none. */
export type DeliverMail = (message: ReminderMessage) => Promise<unknown>;

/** Local: delivered right away, each retried like Lambda would before giving up (logged). */
export class InProcessMailQueue implements MailQueue {
  constructor(
    private readonly deliver: DeliverMail,
    private readonly attempts = 3,
  ) {}

  async enqueue(messages: readonly ReminderMessage[]): Promise<void> {
    for (const message of messages) {
      for (let attempt = 1; ; attempt++) {
        try {
          await this.deliver(message);
          break;
        } catch (error) {
          if (attempt >= this.attempts) {
            logger.error('reminder not delivered', {
              kind: message.kind,
              person: message.person,
              error: (error as Error).message,
            });
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
        }
      }
    }
  }
}

/**
 * Lambda when `MAILER_FUNCTION_NAME` names the mailer, in process (through `deliver`) when only
 * the local outbox is set.
 */
export function createMailQueue(settings: Config, deliver: DeliverMail): MailQueue {
  if (settings.mailerFunctionName) return new LambdaMailQueue(settings.mailerFunctionName);
  if (settings.mailOutboxDir) return new InProcessMailQueue(deliver);
  throw missing(settings, 'MAILER_FUNCTION_NAME', 'the function that sends queued mail');
}
