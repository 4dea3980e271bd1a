/**
 * A job as an EventBridge rule, where EventBridge Scheduler is not available (the China profile):
 * the same function, the same JobEvent, the same retries and dead-letter queue, at the same
 * instants, with the cron moved from Beijing time to UTC (rules have no time zone). The event's
 * `now` is the rule event's `time`, the instant the run was scheduled for, as Scheduler's
 * `<aws.scheduler.scheduled-time>` is.
 */
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { JobDef } from '#shared/jobs';
import { beijingCronToUtc } from './utc-cron';

export interface JobRuleProps {
  readonly job: JobDef;
  readonly target: lambda.IFunction;
  /** Where an event EventBridge could not deliver is parked. */
  readonly deadLetterQueue: sqs.IQueue;
  readonly retryPolicy: { readonly maximumEventAgeInSeconds: number; readonly maximumRetryAttempts: number };
}

export class JobRule extends Construct {
  readonly rule: events.Rule;
  /** The rule's cron, in UTC. */
  readonly utcCron: string;

  constructor(scope: Construct, id: string, props: JobRuleProps) {
    super(scope, id);
    const { job } = props;
    this.utcCron = beijingCronToUtc(job.cron);
    this.rule = new events.Rule(this, 'Rule', {
      description: `${job.description} (${job.cron} Beijing time = ${this.utcCron} UTC)`,
      schedule: events.Schedule.expression(`cron(${this.utcCron})`),
    });
    // A resource-based permission for events.amazonaws.com from this rule only (CDK adds it):
    // rules invoke Lambda without a role of their own.
    this.rule.addTarget(
      new targets.LambdaFunction(props.target, {
        event: events.RuleTargetInput.fromObject({ job: job.name, now: events.EventField.time }),
        retryAttempts: props.retryPolicy.maximumRetryAttempts,
        maxEventAge: Duration.seconds(props.retryPolicy.maximumEventAgeInSeconds),
        deadLetterQueue: props.deadLetterQueue,
      }),
    );
  }
}
