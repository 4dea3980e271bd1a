/**
 * Deadline reminders in the cloud: the schedules of JOBS, the mail queue between the functions
 * that put mail on it and the one that sends it, its dead-letter queue and the alarms, and who
 * may do what with them. The default app (with an `alarmEmail`), synthesized once without
 * bundling: app.test.ts checks the bundles.
 */
import { type CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type KnowledgeRenewalApp } from '#infra/cloud/app';
import { MAIL_MAX_CONCURRENCY } from '#infra/cloud/mail-queue';
import { FUNCTIONS, type FunctionDef, type FunctionName } from '#shared/functions';
import { JOB_TIME_ZONE, JOBS } from '#shared/jobs';
import { SENDING_LEASE_SECONDS } from '#shared/store/reminders';

type Resource = { Type: string; Properties?: Record<string, unknown>; [key: string]: unknown };
type Statement = { Action: string | string[]; Resource: unknown; Effect: string; Condition?: unknown };

const ALARM_EMAIL = 'ops@example.gov.cn';
// No bundling: the context key `cdk synth --exclusively` uses to skip other stacks' assets.
const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

let built: KnowledgeRenewalApp;
let service: Template;

const build = (options: Parameters<typeof buildApp>[0] = {}) =>
  buildApp({ ...options, appProps: { context: { ...NO_BUNDLING, ...options.appProps?.context } } });

beforeAll(() => {
  delete process.env.CDK_DEFAULT_ACCOUNT;
  delete process.env.CDK_DEFAULT_REGION;
  // As an operator deploys it: `cdk deploy -c alarmEmail=...`.
  built = build({ appProps: { context: { alarmEmail: ALARM_EMAIL } } });
  built.app.synth();
  service = Template.fromStack(built.service);
});

const logicalId = (construct: IConstruct) =>
  Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnResource);
const resourcesOf = (type: string) => service.findResources(type) as Record<string, Resource>;
const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);
const cloudFunctions = (Object.entries(FUNCTIONS) as [FunctionName, FunctionDef][]).filter(
  ([, def]) => !def.localOnly,
);
const enqueuers = cloudFunctions.filter(([, def]) => def.enqueuesMail).map(([name]) => name);
const consumers = cloudFunctions.filter(([, def]) => def.consumesMailQueue).map(([name]) => name);
const fnOf = (name: FunctionName) => {
  const fn = built.service.functions.get(name);
  if (!fn) throw new Error(`no function ${name}`);
  return fn;
};
const functionProps = (name: FunctionName) =>
  resourcesOf('AWS::Lambda::Function')[logicalId(fnOf(name).function)]?.Properties ?? {};
const environmentOf = (name: FunctionName) =>
  ((functionProps(name).Environment ?? { Variables: {} }) as { Variables: Record<string, unknown> })
    .Variables;
const statementsIn = (policy: Resource | undefined): Statement[] =>
  ((policy?.Properties?.PolicyDocument ?? { Statement: [] }) as { Statement: Statement[] }).Statement;
/** Every statement of the inline policies attached to the role with this logical id. */
const statementsOfRole = (roleLogicalId: string): Statement[] =>
  Object.values(resourcesOf('AWS::IAM::Policy'))
    .filter((policy) => JSON.stringify(policy.Properties?.Roles).includes(`"${roleLogicalId}"`))
    .flatMap(statementsIn);
/** Statements of any IAM policy of the service stack that match, with the roles they are attached to. */
const statementsWhere = (match: (statement: Statement) => boolean) =>
  Object.values(resourcesOf('AWS::IAM::Policy')).flatMap((policy) =>
    statementsIn(policy)
      .filter(match)
      .map((statement) => ({ roles: JSON.stringify(policy.Properties?.Roles), statement })),
  );
const statementsOf = (name: FunctionName) => statementsOfRole(logicalId(fnOf(name).role));
const mail = () => {
  const queue = built.service.mailQueue;
  if (!queue) throw new Error('no mail queue');
  return queue;
};
const queueId = () => logicalId(mail().queue);
const deadLetterQueueId = () => logicalId(mail().deadLetterQueue);
const jobsDeadLetterQueueId = () => {
  const queue = built.service.jobsDeadLetterQueue;
  if (!queue) throw new Error('no jobs dead-letter queue');
  return logicalId(queue);
};
const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
/** Statements anywhere in the service stack whose resources name the logical id. */
const statementsOn = (id: string) => statementsWhere((s) => JSON.stringify(s.Resource).includes(`"${id}"`));
const roleIdOf = (name: FunctionName) => `"${logicalId(fnOf(name).role)}"`;

describe('the catalog', () => {
  it('has functions that put mail on the queue and exactly one that consumes it', () => {
    expect(enqueuers).toContain('reminders');
    expect(consumers).toEqual(['mailer']);
  });
});

describe('schedules from JOBS', () => {
  const schedules = () =>
    Object.values(resourcesOf('AWS::Scheduler::Schedule')).map(
      (schedule) =>
        schedule.Properties as {
          ScheduleExpression: string;
          ScheduleExpressionTimezone: string;
          Target: {
            Arn: unknown;
            Input: string;
            RetryPolicy?: { MaximumRetryAttempts: number; MaximumEventAgeInSeconds: number };
            DeadLetterConfig?: { Arn: unknown };
          };
        },
    );

  it('has one schedule per job, on its cron in Beijing time, with a retry policy and the jobs DLQ', () => {
    expect(JOBS.map((job) => job.name)).toContain('reminders');
    expect(schedules()).toHaveLength(JOBS.length);
    for (const job of JOBS) {
      const schedule = schedules().find((s) => JSON.parse(s.Target.Input).job === job.name);
      expect(schedule, job.name).toBeDefined();
      expect(schedule?.ScheduleExpression, job.name).toBe(`cron(${job.cron})`);
      expect(schedule?.ScheduleExpressionTimezone, job.name).toBe(JOB_TIME_ZONE);
      expect(JOB_TIME_ZONE).toBe('Asia/Shanghai');
      expect(schedule?.Target.Arn, job.name).toEqual(arnOf(logicalId(fnOf(job.function).function)));
      expect(schedule?.Target.RetryPolicy?.MaximumRetryAttempts, job.name).toBeGreaterThan(0);
      expect(schedule?.Target.RetryPolicy?.MaximumEventAgeInSeconds, job.name).toBeGreaterThanOrEqual(60);
      expect(schedule?.Target.DeadLetterConfig, job.name).toEqual({ Arn: arnOf(jobsDeadLetterQueueId()) });
    }
  });

  it('runs the reminders at 09:00 every day', () => {
    const reminders = schedules().find((s) => JSON.parse(s.Target.Input).job === 'reminders');
    expect(reminders?.ScheduleExpression).toBe('cron(0 9 * * ? *)');
  });

  it('gives job functions (job: true) the job timeout, and the scheduled ones the jobs DLQ for async runs', () => {
    for (const [name] of cloudFunctions.filter(([, def]) => def.job)) {
      expect(functionProps(name).Timeout, name).toBe(300);
    }
    for (const job of JOBS) {
      expect(FUNCTIONS[job.function]).toMatchObject({ job: true });
      expect(functionProps(job.function).DeadLetterConfig, job.name).toEqual({
        TargetArn: arnOf(jobsDeadLetterQueueId()),
      });
    }
    // API functions keep the short default.
    expect(functionProps('meta').Timeout).toBe(10);
    expect(functionProps('meta').DeadLetterConfig).toBeUndefined();
  });

  it('refuses a job whose function is not marked job, before bundling', () => {
    const job = { name: 'api-as-job', cron: '0 1 * * ? *', function: 'meta' as const, description: 'x' };
    expect(() => build({ jobs: [job] })).toThrow(
      /Job "api-as-job" names function "meta", which is not marked/,
    );
  });
});

describe('the mail queue', () => {
  const queue = () => resourcesOf('AWS::SQS::Queue')[queueId()]?.Properties ?? {};
  const deadLetterQueue = () => resourcesOf('AWS::SQS::Queue')[deadLetterQueueId()]?.Properties ?? {};
  const tlsOnly = (id: string) => {
    const policy = Object.values(resourcesOf('AWS::SQS::QueuePolicy')).find(
      (p) => JSON.stringify(p.Properties?.Queues) === JSON.stringify([{ Ref: id }]),
    );
    expect(policy?.Properties?.PolicyDocument, id).toMatchObject({
      Statement: expect.arrayContaining([
        expect.objectContaining({
          Effect: 'Deny',
          Action: 'sqs:*',
          Resource: arnOf(id),
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      ]),
    });
  };

  it('moves a message to the dead-letter queue after a few receives', () => {
    const redrive = queue().RedrivePolicy as { deadLetterTargetArn: unknown; maxReceiveCount: number };
    expect(redrive.deadLetterTargetArn).toEqual(arnOf(deadLetterQueueId()));
    expect(redrive.maxReceiveCount).toBeGreaterThanOrEqual(3);
    expect(redrive.maxReceiveCount).toBeLessThanOrEqual(10);
  });

  it('keeps dead letters 14 days, longer than the queue keeps mail', () => {
    expect(deadLetterQueue().MessageRetentionPeriod).toBe(14 * 24 * 3600);
    expect(deadLetterQueue().MessageRetentionPeriod as number).toBeGreaterThan(
      (queue().MessageRetentionPeriod as number | undefined) ?? 4 * 24 * 3600,
    );
  });

  it('is encrypted (SQS-managed) and refuses requests without TLS, as is its dead-letter queue', () => {
    for (const id of [queueId(), deadLetterQueueId()]) {
      expect(resourcesOf('AWS::SQS::Queue')[id]?.Properties?.SqsManagedSseEnabled, id).toBe(true);
      tlsOnly(id);
    }
  });

  it("hides a received message for at least six times the consumer's timeout (AWS guidance)", () => {
    for (const name of consumers) {
      const timeout = functionProps(name).Timeout as number;
      expect(timeout, name).toBeGreaterThan(10);
      expect(queue().VisibilityTimeout as number, name).toBeGreaterThanOrEqual(6 * timeout);
    }
  });

  it("gives the consumer less time than a reminder's sending lease, so no second copy sends meanwhile", () => {
    for (const name of consumers) {
      expect(functionProps(name).Timeout as number, name).toBeLessThan(SENDING_LEASE_SECONDS);
    }
  });
});

describe('the consumer', () => {
  const mappings = () => Object.values(resourcesOf('AWS::Lambda::EventSourceMapping'));

  it('polls the queue with partial batch failures, small batches and a concurrency cap', () => {
    expect(mappings()).toHaveLength(1);
    const props = mappings()[0]?.Properties;
    expect(props).toMatchObject({
      EventSourceArn: arnOf(queueId()),
      FunctionName: { Ref: logicalId(fnOf('mailer').function) },
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      BatchSize: 10,
      MaximumBatchingWindowInSeconds: expect.any(Number),
      ScalingConfig: { MaximumConcurrency: MAIL_MAX_CONCURRENCY },
    });
    expect(props?.MaximumBatchingWindowInSeconds as number).toBeGreaterThan(0);
    expect(props?.MaximumBatchingWindowInSeconds as number).toBeLessThanOrEqual(10);
    // Lambda's range for an SQS event source; low, so SES's sending rate is not overrun.
    expect(MAIL_MAX_CONCURRENCY).toBeGreaterThanOrEqual(2);
    expect(MAIL_MAX_CONCURRENCY).toBeLessThanOrEqual(10);
  });

  it('exists only after its role may read the queue (the mapping checks it on creation)', () => {
    const fn = resourcesOf('AWS::Lambda::Function')[logicalId(fnOf('mailer').function)];
    const policyId = Object.entries(resourcesOf('AWS::IAM::Policy')).find(([, policy]) =>
      JSON.stringify(policy.Properties?.Roles).includes(roleIdOf('mailer')),
    )?.[0];
    expect(fn?.DependsOn).toEqual(expect.arrayContaining([policyId]));
  });
});

describe('who may use the queues', () => {
  it('lets exactly the enqueuesMail functions SendMessage to the mail queue, and nothing more', () => {
    for (const name of enqueuers) {
      const onQueue = statementsOf(name).filter((s) => JSON.stringify(s.Resource).includes(`"${queueId()}"`));
      expect(onQueue, name).toEqual([
        { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: arnOf(queueId()) },
      ]);
    }
    const senders = statementsOn(queueId()).filter(({ statement }) =>
      asArray(statement.Action).includes('sqs:SendMessage'),
    );
    expect(senders.map(({ roles }) => roles).sort()).toEqual(
      enqueuers.map((name) => JSON.stringify([{ Ref: logicalId(fnOf(name).role) }])).sort(),
    );
  });

  it('tells exactly the enqueuesMail functions the queue URL', () => {
    for (const [name, def] of cloudFunctions) {
      if (def.enqueuesMail) expect(environmentOf(name).MAIL_QUEUE_URL, name).toEqual({ Ref: queueId() });
      else expect(environmentOf(name).MAIL_QUEUE_URL, name).toBeUndefined();
    }
  });

  it('lets only the consumer receive, delete and change visibility, on the mail queue only', () => {
    const consumeActions = ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility'];
    const consuming = statementsWhere((s) =>
      asArray(s.Action).some((action) => consumeActions.includes(action)),
    );
    expect(consuming).toHaveLength(1);
    expect(consuming[0]?.roles).toBe(JSON.stringify([{ Ref: logicalId(fnOf('mailer').role) }]));
    expect(consuming[0]?.statement.Resource).toEqual(arnOf(queueId()));
    expect(asArray(consuming[0]?.statement.Action ?? [])).toEqual(expect.arrayContaining(consumeActions));
    for (const action of asArray(consuming[0]?.statement.Action ?? [])) expect(action).not.toContain('*');
  });

  it('grants nobody anything on the mail dead-letter queue (SQS itself moves messages there)', () => {
    expect(statementsOn(deadLetterQueueId())).toEqual([]);
  });

  it('lets only sendsMail functions use SES, from the sender identity only', () => {
    for (const [name, def] of cloudFunctions) {
      const ses = statementsOf(name).filter((s) => asArray(s.Action).some((a) => a.startsWith('ses:')));
      if (def.sendsMail) {
        expect(ses, name).toHaveLength(1);
        expect(ses[0]?.Action, name).toBe('ses:SendEmail');
        expect(ses[0]?.Condition, name).toEqual({
          StringEquals: { 'ses:FromAddress': 'noreply@example.gov.cn' },
        });
        expect(JSON.stringify(ses[0]?.Resource), name).not.toContain('*');
        expect(environmentOf(name).MAIL_FROM, name).toBe('noreply@example.gov.cn');
      } else {
        expect(ses, name).toEqual([]);
        expect(environmentOf(name).MAIL_FROM, name).toBeUndefined();
      }
    }
    expect(FUNCTIONS.mailer.sendsMail).toBe(true);
    expect('sendsMail' in FUNCTIONS.reminders).toBe(false);
  });

  it('refuses mail put on the queue with no consumer, or two consumers, before bundling', () => {
    const { consumesMailQueue: _, ...mailerWithoutQueue } = FUNCTIONS.mailer;
    expect(() => build({ functions: { ...FUNCTIONS, mailer: mailerWithoutQueue } })).toThrow(
      /reminders put mail on the mail queue, but no function is marked consumesMailQueue/,
    );
    expect(() =>
      build({ functions: { ...FUNCTIONS, meta: { ...FUNCTIONS.meta, consumesMailQueue: true } } }),
    ).toThrow(/one consumer; meta, mailer are all marked consumesMailQueue/);
  });
});

describe('dead-letter alarms', () => {
  const alarms = () => Object.entries(resourcesOf('AWS::CloudWatch::Alarm'));
  const topicId = () => logicalId(built.service.alarms.topic);
  const alarmOn = (queue: string) =>
    alarms().find(([, alarm]) =>
      JSON.stringify(alarm.Properties?.Dimensions).includes(
        JSON.stringify({ 'Fn::GetAtt': [queue, 'QueueName'] }),
      ),
    );

  it('fire on the first message in the mail or jobs dead-letter queue, to the alarm topic', () => {
    expect(alarms()).toHaveLength(2);
    for (const queue of [deadLetterQueueId(), jobsDeadLetterQueueId()]) {
      const alarm = alarmOn(queue);
      expect(alarm, queue).toBeDefined();
      expect(alarm?.[1].Properties, queue).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queue, 'QueueName'] } }],
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        EvaluationPeriods: 1,
        DatapointsToAlarm: 1,
        Period: 300,
        Statistic: 'Maximum',
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: topicId() }],
      });
      expect(String(alarm?.[1].Properties?.AlarmDescription ?? '').length, queue).toBeGreaterThan(40);
    }
  });

  it('are published by CloudWatch, for these alarms of this account only, over TLS only', () => {
    const [policy] = Object.values(resourcesOf('AWS::SNS::TopicPolicy'));
    expect(policy?.Properties?.Topics).toEqual([{ Ref: topicId() }]);
    const statements = statementsIn(policy);
    expect(statements).toContainEqual(
      expect.objectContaining({
        Effect: 'Deny',
        Action: 'sns:Publish',
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    );
    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows).toHaveLength(alarms().length);
    for (const [alarmId] of alarms()) {
      expect(allows).toContainEqual(
        expect.objectContaining({
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: 'sns:Publish',
          Resource: { Ref: topicId() },
          Condition: {
            ArnEquals: { 'aws:SourceArn': arnOf(alarmId) },
            StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          },
        }),
      );
    }
  });

  it('reach the alarmEmail address, and the topic is an output for other subscribers', () => {
    const subscriptions = Object.values(resourcesOf('AWS::SNS::Subscription'));
    expect(subscriptions.map((s) => s.Properties)).toEqual([
      { Protocol: 'email', Endpoint: ALARM_EMAIL, TopicArn: { Ref: topicId() } },
    ]);
    expect(service.findOutputs('AlarmTopicArn').AlarmTopicArn?.Value).toEqual({ Ref: topicId() });
  });

  it('refuse an alarmEmail that is not an email address, before bundling', () => {
    for (const bad of ['ops', 'ops@', 'ops@example', 'a b@example.gov.cn']) {
      expect(() => build({ alarmEmail: bad }), bad).toThrow(/alarmEmail must be an email address/);
    }
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('reports nothing unacknowledged with the queues, the alarms and the topic', () => {
    const report = new AwsSolutionsChecks().validateScope(built.app);
    expect(
      report.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath)}`),
    ).toEqual([]);
  });

  it('acknowledges only the unencrypted alarm topic (SNS2), on the topic itself', () => {
    const acknowledged = built.service.node.findAll().flatMap((construct) =>
      construct.node.metadata
        .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        // Recorded as `Annotation::<rule id>` by Validations.acknowledge.
        .flatMap((entry) =>
          Object.keys(entry.data as Record<string, string>).map((id) => id.replace(/^.*::/, '')),
        )
        .filter((id) => /SNS|SQS|CW/.test(id))
        .map((id) => `${id} on ${construct.node.path}`),
    );
    expect(acknowledged).toEqual([`AwsSolutions-SNS2 on ${built.service.alarms.topic.node.path}`]);
  });
});
