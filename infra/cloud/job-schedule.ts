/**
 * A job as an EventBridge Scheduler schedule (the global profile): a cron in Beijing time, which
 * Scheduler keeps itself, invoking the job's function with its JobEvent through a role of the
 * job's own. Where Scheduler is not available, infra/cloud/job-rule.ts builds the same job as a rule.
 */
import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { JOB_TIME_ZONE } from '#shared/jobs';
import type { JobRuleProps } from './job-rule';

/** The same as a rule's: the job, its function, the dead-letter queue and the retries. */
export type JobScheduleProps = JobRuleProps;

export class JobSchedule extends Construct {
  readonly schedule: scheduler.CfnSchedule;

  constructor(scope: Construct, id: string, props: JobScheduleProps) {
    super(scope, id);
    const { job, target, deadLetterQueue, retryPolicy } = props;

    // One role per job, trusted only by Scheduler in this account, allowed only to invoke the
    // job's function and to park undeliverable events in the dead-letter queue.
    const role = new iam.Role(this, 'Role', {
      description: `EventBridge Scheduler: runs job ${job.name}`,
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [target.functionArn],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [deadLetterQueue.queueArn] }),
    );

    this.schedule = new scheduler.CfnSchedule(this, 'Schedule', {
      description: job.description,
      scheduleExpression: `cron(${job.cron})`,
      // Business deadlines are Beijing dates.
      scheduleExpressionTimezone: JOB_TIME_ZONE,
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      target: {
        arn: target.functionArn,
        roleArn: role.roleArn,
        // The handler's JobEvent; Scheduler substitutes the instant the run was scheduled for.
        input: JSON.stringify({ job: job.name, now: '<aws.scheduler.scheduled-time>' }),
        retryPolicy,
        deadLetterConfig: { arn: deadLetterQueue.queueArn },
      },
    });
    // The role's policy must exist before the first run, not only the role.
    this.schedule.node.addDependency(role);
  }
}
