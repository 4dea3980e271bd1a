/**
 * How work reaches functions other than through the API, and where it lands when it fails: the
 * mail handed to the mailer (infra/cloud/mail-dispatch.ts), the registrations stream read by the
 * notifier and the counters aggregator (notice-stream.ts, counter-stream.ts), the jobs' failures,
 * and the operators' topic the daily `dead-letters` job reports to (alarms.ts). Each part exists
 * only when a function of the catalog needs it, and each dead-letter queue is listed by name for
 * the `dead-letters` job to count.
 */
import type { Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { SnsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { FunctionDef, FunctionName } from '#shared/functions';
import type { JobDef } from '#shared/jobs';
import { AlarmTopic } from './alarms';
import { CounterStream } from './counter-stream';
import { deadLetterQueue } from './dead-letter-queue';
import type { HouseFunction, HouseFunctionProps } from './house-function';
import { MailDispatch } from './mail-dispatch';
import { NoticeStream } from './notice-stream';

export interface AsyncDeliveryProps {
  readonly catalog: Readonly<Record<FunctionName, FunctionDef>>;
  readonly jobs: readonly JobDef[];
  /** Subscribed to the operators' topic when given. */
  readonly alarmEmail: string | undefined;
}

/** What a function is given for its asynchronous invocations (HouseFunction's props). */
export type AsyncInvocation = Pick<
  HouseFunctionProps,
  'deadLetterQueue' | 'retryAttempts' | 'maxEventAge' | 'onFailure'
>;

/**
 * Not a construct of its own: its parts are built straight into the stack, where their logical
 * ids have always been (`Alarms`, `JobsDeadLetterQueue`, `Mail`, `Notices`, `Counters`).
 */
export class AsyncDelivery {
  /** The operators' topic: the `dead-letters` job reports there. */
  readonly alarms: AlarmTopic;
  /** Failed job deliveries and failed job runs; absent while there are no jobs. */
  readonly jobsDeadLetterQueue?: sqs.Queue;
  /** The mailer's dead-letter queue; present when a function hands over or sends queued mail. */
  readonly mailDispatch?: MailDispatch;
  /** The notices' event source and dead-letter queue; present when a function tells notices. */
  readonly noticeStream?: NoticeStream;
  /** The counters' event source and dead-letter queue; present when a function counts registrations. */
  readonly counterStream?: CounterStream;
  /** Every dead-letter queue of the stack, by name: the `dead-letters` job counts them all. */
  readonly deadLetterQueues: Record<string, sqs.IQueue> = {};

  constructor(stack: Stack, { catalog, jobs, alarmEmail }: AsyncDeliveryProps) {
    this.alarms = new AlarmTopic(stack, 'Alarms', { email: alarmEmail });

    if (jobs.length > 0) {
      this.jobsDeadLetterQueue = deadLetterQueue(stack, 'JobsDeadLetterQueue');
      this.deadLetterQueues.jobs = this.jobsDeadLetterQueue;
    }

    const cloud = Object.values(catalog).filter((def) => !def.localOnly);
    if (cloud.some((def) => def.enqueuesMail || def.sendsQueuedMail)) {
      this.mailDispatch = new MailDispatch(stack, 'Mail');
      this.deadLetterQueues.mail = this.mailDispatch.deadLetterQueue;
    }
    if (cloud.some((def) => def.tellsNotices)) {
      this.noticeStream = new NoticeStream(stack, 'Notices');
      this.deadLetterQueues.notices = this.noticeStream.deadLetterQueue;
    }
    if (cloud.some((def) => def.countsRegistrations)) {
      this.counterStream = new CounterStream(stack, 'Counters');
      this.deadLetterQueues.counters = this.counterStream.deadLetterQueue;
    }
  }

  /**
   * What happens to an asynchronous invocation that fails. The mailer: Lambda's retries, then the
   * mail dead-letter queue. The dead-letters job: no retry (what it found is still there at the
   * next run) and its failure record, which carries the summary, goes to the operators' topic;
   * not to the jobs dead-letter queue, where tomorrow's run would find and report it again.
   * Other jobs (Scheduler invokes asynchronously): Lambda's two retries, then the jobs dead-letter
   * queue, beside undeliverable schedules.
   */
  invocationOptions(def: FunctionDef, isJobTarget: boolean): AsyncInvocation {
    if (def.sendsQueuedMail && this.mailDispatch) return this.mailDispatch.mailerOptions();
    if (def.watchesDeadLetters) return { retryAttempts: 0, onFailure: new SnsDestination(this.alarms.topic) };
    return { deadLetterQueue: isJobTarget ? this.jobsDeadLetterQueue : undefined };
  }

  /**
   * The built functions connected to their sources: the notifier and the aggregator to the
   * registrations stream, and every function that hands over mail to the mailer (its name, and
   * leave to invoke it).
   */
  connect(
    catalog: Readonly<Record<FunctionName, FunctionDef>>,
    functions: ReadonlyMap<FunctionName, HouseFunction>,
    registrations: dynamodb.ITable,
  ): void {
    for (const [name, fn] of functions) {
      if (catalog[name].tellsNotices && this.noticeStream)
        this.noticeStream.subscribe(fn.function, registrations);
      if (catalog[name].countsRegistrations && this.counterStream)
        this.counterStream.subscribe(fn.function, registrations);
    }
    // checkFunctionReferences saw to it: a mailer exists whenever a function hands over mail.
    const mailer = [...functions].find(([name]) => catalog[name].sendsQueuedMail)?.[1];
    for (const [name, fn] of functions) {
      if (!catalog[name].enqueuesMail || !mailer || !this.mailDispatch) continue;
      fn.function.addEnvironment('MAILER_FUNCTION_NAME', mailer.function.functionName);
      this.mailDispatch.grantHandOver(fn.role, mailer.function);
    }
  }
}
