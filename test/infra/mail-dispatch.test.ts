import { Template } from 'aws-cdk-lib/assertions';

import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeRenewalApp } from '#infra/cloud/app';
import { MAIL_MAX_EVENT_AGE, MAIL_RETRY_ATTEMPTS } from '#infra/cloud/mail-dispatch';
import { FUNCTIONS, type FunctionDef, type FunctionName } from '#shared/functions';
import { JOB_TIME_ZONE, JOBS } from '#shared/jobs';
import { SENDING_LEASE_SECONDS } from '#shared/store/reminders';
import {
  acknowledgementsUnder,
  asArray,
  buildUnbundled,
  logicalId,
  type Resource,
  type ScheduleProps,
  type Statement,
  statementsIn,
  statementsOfRole,
  unacknowledgedFindings,
} from '../support/cdk';

const ALARM_EMAIL = 'ops@example.gov.cn';
const ADMIN_EMAIL = 'office@hrss.example.gov.cn';

let built: KnowledgeRenewalApp;
let service: Template;
let data: Template;

beforeAll(() => {
  delete process.env.CDK_DEFAULT_ACCOUNT;
  delete process.env.CDK_DEFAULT_REGION;
  // As an operator deploys it: `cdk deploy -c alarmEmail=... -c adminEmail=...`.
  built = buildUnbundled({ appProps: { context: { alarmEmail: ALARM_EMAIL, adminEmail: ADMIN_EMAIL } } });
  built.app.synth();
  service = Template.fromStack(built.service);
  data = Template.fromStack(built.data);
});

const resourcesOf = (type: string) => service.findResources(type) as Record<string, Resource>;
const cloudFunctions = (Object.entries(FUNCTIONS) as [FunctionName, FunctionDef][]).filter(
  ([, def]) => !def.localOnly,
);
const enqueuers = cloudFunctions.filter(([, def]) => def.enqueuesMail).map(([name]) => name);
const mailers = cloudFunctions.filter(([, def]) => def.sendsQueuedMail).map(([name]) => name);
const watchers = cloudFunctions.filter(([, def]) => def.watchesDeadLetters).map(([name]) => name);
const fnOf = (name: FunctionName) => {
  const fn = built.service.functions.get(name);
  if (!fn) throw new Error(`no function ${name}`);
  return fn;
};
const functionId = (name: FunctionName) => logicalId(fnOf(name).function);
const functionProps = (name: FunctionName) =>
  resourcesOf('AWS::Lambda::Function')[functionId(name)]?.Properties ?? {};
const environmentOf = (name: FunctionName) =>
  ((functionProps(name).Environment ?? { Variables: {} }) as { Variables: Record<string, unknown> })
    .Variables;
/** Statements of any IAM policy of the service stack that match, with the roles they are attached to. */
const statementsWhere = (match: (statement: Statement) => boolean) =>
  Object.values(resourcesOf('AWS::IAM::Policy')).flatMap((policy) =>
    statementsIn(policy)
      .filter(match)
      .map((statement) => ({ roles: JSON.stringify(policy.Properties?.Roles), statement })),
  );
const statementsOf = (name: FunctionName) => statementsOfRole(service, logicalId(fnOf(name).role));
/** A function's statements beyond writing its own logs. */
const grantsOf = (name: FunctionName) =>
  statementsOf(name).filter((s) => !asArray(s.Action).every((action) => action.startsWith('logs:')));
const rolesOf = (...names: FunctionName[]) =>
  names.map((name) => JSON.stringify([{ Ref: logicalId(fnOf(name).role) }])).sort();
const mailDeadLetterQueueId = () => {
  const dispatch = built.service.mailDispatch;
  if (!dispatch) throw new Error('no mail dispatch');
  return logicalId(dispatch.deadLetterQueue);
};
const jobsDeadLetterQueueId = () => {
  const queue = built.service.jobsDeadLetterQueue;
  if (!queue) throw new Error('no jobs dead-letter queue');
  return logicalId(queue);
};
const noticesDeadLetterQueueId = () => {
  const stream = built.service.noticeStream;
  if (!stream) throw new Error('no notice stream');
  return logicalId(stream.deadLetterQueue);
};
const countersDeadLetterQueueId = () => {
  const stream = built.service.counterStream;
  if (!stream) throw new Error('no counter stream');
  return logicalId(stream.deadLetterQueue);
};
const topicId = () => logicalId(built.service.alarms.topic);
const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
/** Statements anywhere in the service stack whose resources name the logical id. */
const statementsOn = (id: string) => statementsWhere((s) => JSON.stringify(s.Resource).includes(`"${id}"`));
const invokeConfigOf = (name: FunctionName) => {
  const configs = Object.values(resourcesOf('AWS::Lambda::EventInvokeConfig')).filter(
    (config) => JSON.stringify(config.Properties?.FunctionName) === JSON.stringify({ Ref: functionId(name) }),
  );
  expect(configs, name).toHaveLength(1);
  return configs[0]?.Properties ?? {};
};

describe('the catalog', () => {
  it('has functions that hand over mail, exactly one mailer, and one dead-letter watcher', () => {
    expect(enqueuers).toContain('reminders');
    expect(mailers).toEqual(['mailer']);
    expect(watchers).toEqual(['dead-letters']);
    expect(FUNCTIONS['dead-letters']).toMatchObject({ job: true, tables: {} });
  });
});

describe('nothing that costs money while idle', () => {
  it('has no event source mapping on a queue (Lambda polling SQS all day) and no CloudWatch alarm', () => {
    for (const template of [service, data]) {
      template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
      template.resourceCountIs('AWS::CloudWatch::CompositeAlarm', 0);
    }
    data.resourceCountIs('AWS::Lambda::EventSourceMapping', 0);
    // The two mappings (notifier, counters) read the registrations table's stream, which Lambda does for free.
    const mappings = Object.values(resourcesOf('AWS::Lambda::EventSourceMapping'));
    expect(mappings).toHaveLength(2);
    for (const mapping of mappings)
      expect(JSON.stringify(mapping.Properties?.EventSourceArn)).toMatch(/Tableregistrations.*StreamArn/);
  });

  it('keeps only dead-letter queues, each counted daily by the dead-letters job', () => {
    const queues = Object.keys(resourcesOf('AWS::SQS::Queue')).sort();
    expect(queues).toEqual(
      [
        jobsDeadLetterQueueId(),
        mailDeadLetterQueueId(),
        noticesDeadLetterQueueId(),
        countersDeadLetterQueueId(),
      ].sort(),
    );
    data.resourceCountIs('AWS::SQS::Queue', 0);
  });
});

describe('schedules from JOBS', () => {
  const schedules = () =>
    Object.values(resourcesOf('AWS::Scheduler::Schedule')).map(
      (schedule) => schedule.Properties as unknown as ScheduleProps,
    );
  const scheduleOf = (job: string) => schedules().find((s) => JSON.parse(s.Target.Input).job === job);

  it('has one schedule per job, on its cron in Beijing time, with a retry policy and the jobs DLQ', () => {
    expect(JOBS.map((job) => job.name)).toEqual(expect.arrayContaining(['reminders', 'dead-letters']));
    expect(schedules()).toHaveLength(JOBS.length);
    for (const job of JOBS) {
      const schedule = scheduleOf(job.name);
      expect(schedule, job.name).toBeDefined();
      expect(schedule?.ScheduleExpression, job.name).toBe(`cron(${job.cron})`);
      expect(schedule?.ScheduleExpressionTimezone, job.name).toBe(JOB_TIME_ZONE);
      expect(JOB_TIME_ZONE).toBe('Asia/Shanghai');
      expect(schedule?.Target.Arn, job.name).toEqual(arnOf(functionId(job.function)));
      expect(schedule?.Target.RetryPolicy?.MaximumRetryAttempts, job.name).toBeGreaterThan(0);
      expect(schedule?.Target.RetryPolicy?.MaximumEventAgeInSeconds, job.name).toBeGreaterThanOrEqual(60);
      expect(schedule?.Target.DeadLetterConfig, job.name).toEqual({ Arn: arnOf(jobsDeadLetterQueueId()) });
    }
  });

  it('runs the reminders at 09:00 and the dead-letter count at 10:00 every day', () => {
    expect(scheduleOf('reminders')?.ScheduleExpression).toBe('cron(0 9 * * ? *)');
    expect(scheduleOf('dead-letters')?.ScheduleExpression).toBe('cron(0 10 * * ? *)');
    expect(scheduleOf('dead-letters')?.Target.Arn).toEqual(arnOf(functionId('dead-letters')));
  });

  it('gives job functions their timeouts, and the scheduled ones the jobs DLQ for async runs', () => {
    for (const [name, def] of cloudFunctions.filter(([, def]) => def.job)) {
      // Handing mail over is paced at SES's rate: Lambda's longest timeout.
      expect(functionProps(name).Timeout, name).toBe(def.enqueuesMail ? 900 : 300);
    }
    for (const job of JOBS.filter((candidate) => candidate.function !== 'dead-letters')) {
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
    expect(() => buildUnbundled({ jobs: [job] })).toThrow(
      /Job "api-as-job" names function "meta", which is not marked/,
    );
  });
});

describe('the mailer, invoked asynchronously', () => {
  const deadLetterQueue = () => resourcesOf('AWS::SQS::Queue')[mailDeadLetterQueueId()]?.Properties ?? {};

  it('retries a failed batch twice within six hours, then parks it in the mail dead-letter queue', () => {
    expect(invokeConfigOf('mailer')).toEqual({
      FunctionName: { Ref: functionId('mailer') },
      Qualifier: '$LATEST',
      MaximumRetryAttempts: 2,
      MaximumEventAgeInSeconds: 6 * 3600,
    });
    expect(MAIL_RETRY_ATTEMPTS).toBe(2);
    expect(MAIL_MAX_EVENT_AGE.toSeconds()).toBe(6 * 3600);
    // A function DLQ, not an on-failure destination: the message body is the batch itself.
    expect(functionProps('mailer').DeadLetterConfig).toEqual({ TargetArn: arnOf(mailDeadLetterQueueId()) });
  });

  it('has no reserved concurrency (a new account may reserve none): pacing and backoff instead', () => {
    expect(functionProps('mailer').ReservedConcurrentExecutions).toBeUndefined();
  });

  it('keeps parked batches 14 days, encrypted (SQS-managed), over TLS only', () => {
    expect(deadLetterQueue().MessageRetentionPeriod).toBe(14 * 24 * 3600);
    expect(deadLetterQueue().SqsManagedSseEnabled).toBe(true);
    const policy = Object.values(resourcesOf('AWS::SQS::QueuePolicy')).find(
      (p) => JSON.stringify(p.Properties?.Queues) === JSON.stringify([{ Ref: mailDeadLetterQueueId() }]),
    );
    expect(policy?.Properties?.PolicyDocument).toMatchObject({
      Statement: expect.arrayContaining([
        expect.objectContaining({
          Effect: 'Deny',
          Action: 'sqs:*',
          Resource: arnOf(mailDeadLetterQueueId()),
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      ]),
    });
  });

  it("gives the mailer time for a throttled batch, and less than a reminder's sending lease", () => {
    const timeout = functionProps('mailer').Timeout as number;
    expect(timeout).toBeGreaterThanOrEqual(60);
    expect(timeout).toBeLessThan(SENDING_LEASE_SECONDS);
  });

  it('outputs what resending a parked batch needs: the mailer and its dead-letter queue', () => {
    expect(service.findOutputs('MailerFunctionName').MailerFunctionName?.Value).toEqual({
      Ref: functionId('mailer'),
    });
    expect(service.findOutputs('MailDeadLetterQueueUrl').MailDeadLetterQueueUrl?.Value).toEqual({
      Ref: mailDeadLetterQueueId(),
    });
  });
});

describe('who may use the mailer and the queues', () => {
  it('lets exactly the enqueuesMail functions invoke the mailer, on its ARN only', () => {
    for (const name of enqueuers) {
      const invoke = grantsOf(name).filter((s) => asArray(s.Action).some((a) => a.startsWith('lambda:')));
      expect(invoke, name).toEqual([
        { Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: arnOf(functionId('mailer')) },
      ]);
    }
    const invokers = statementsOn(functionId('mailer')).filter(({ statement }) =>
      asArray(statement.Action).includes('lambda:InvokeFunction'),
    );
    expect(invokers.map(({ roles }) => roles).sort()).toEqual(rolesOf(...enqueuers));
  });

  it('tells exactly the enqueuesMail functions the mailer name', () => {
    for (const [name, def] of cloudFunctions) {
      if (def.enqueuesMail)
        expect(environmentOf(name).MAILER_FUNCTION_NAME, name).toEqual({ Ref: functionId('mailer') });
      else expect(environmentOf(name).MAILER_FUNCTION_NAME, name).toBeUndefined();
      expect(environmentOf(name).MAIL_QUEUE_URL, name).toBeUndefined();
    }
  });

  it('lets no function receive from or delete in any queue', () => {
    const consumeActions = ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility'];
    expect(
      statementsWhere((s) => asArray(s.Action).some((action) => consumeActions.includes(action))),
    ).toEqual([]);
  });

  it('lets only the mailer (as whom Lambda parks its failed batches) send to the mail dead-letter queue', () => {
    const onQueue = statementsOn(mailDeadLetterQueueId());
    expect(onQueue.map(({ roles }) => roles).sort()).toEqual(rolesOf('mailer', 'dead-letters'));
    const mailer = onQueue.find(({ roles }) => roles === rolesOf('mailer')[0]);
    expect(mailer?.statement).toEqual({
      Effect: 'Allow',
      Action: 'sqs:SendMessage',
      Resource: arnOf(mailDeadLetterQueueId()),
    });
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
        // Every mail comes from the program's name and ends with the office's signature.
        expect(environmentOf(name).MAIL_SENDER_NAME, name).toBe('广西专业技术人才知识更新工程');
        expect(environmentOf(name).MAIL_SIGNATURE, name).toBe(
          '广西壮族自治区人力资源和社会保障厅\n专业技术人才知识更新工程办公室',
        );
      } else {
        expect(ses, name).toEqual([]);
        expect(environmentOf(name).MAIL_FROM, name).toBeUndefined();
        expect(environmentOf(name).MAIL_SIGNATURE, name).toBeUndefined();
      }
    }
    expect(FUNCTIONS.mailer.sendsMail).toBe(true);
    expect('sendsMail' in FUNCTIONS.reminders).toBe(false);
  });

  it('refuses mail handed over with no mailer, or two mailers, before bundling', () => {
    const { sendsQueuedMail: _, ...notMailer } = FUNCTIONS.mailer;
    expect(() => buildUnbundled({ functions: { ...FUNCTIONS, mailer: notMailer } })).toThrow(
      /reminders hand over mail, but no function is marked sendsQueuedMail/,
    );
    expect(() =>
      buildUnbundled({ functions: { ...FUNCTIONS, meta: { ...FUNCTIONS.meta, sendsQueuedMail: true } } }),
    ).toThrow(/one mailer; meta, mailer are all marked sendsQueuedMail/);
  });
});

describe('the dead-letters job, in place of alarms', () => {
  it('is told every dead-letter queue by name', () => {
    const setting = JSON.stringify(environmentOf('dead-letters').DEAD_LETTER_QUEUES);
    expect(setting).toContain('\\"mail\\":\\"');
    expect(setting).toContain('\\"jobs\\":\\"');
    expect(setting).toContain(JSON.stringify({ Ref: mailDeadLetterQueueId() }));
    expect(setting).toContain(JSON.stringify({ Ref: jobsDeadLetterQueueId() }));
    for (const [name] of cloudFunctions.filter(([, def]) => !def.watchesDeadLetters)) {
      expect(environmentOf(name).DEAD_LETTER_QUEUES, name).toBeUndefined();
    }
  });

  it('may only read the queues’ attributes and publish to the operators’ topic', () => {
    const grants = grantsOf('dead-letters');
    expect(grants).toHaveLength(2);
    expect(grants).toContainEqual({
      Effect: 'Allow',
      Action: 'sqs:GetQueueAttributes',
      Resource: [
        arnOf(jobsDeadLetterQueueId()),
        arnOf(mailDeadLetterQueueId()),
        arnOf(noticesDeadLetterQueueId()),
        arnOf(countersDeadLetterQueueId()),
      ],
    });
    expect(grants).toContainEqual({ Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: topicId() } });
    // Nobody else reads queue attributes or publishes to the topic.
    // (The notifier's and the counters' event sources may look up their own dead-letter queue, to
    // send failures there.)
    const ownQueues = [noticesDeadLetterQueueId(), countersDeadLetterQueueId()].map((id) =>
      JSON.stringify(arnOf(id)),
    );
    const readers = statementsWhere(
      (s) =>
        asArray(s.Action).includes('sqs:GetQueueAttributes') &&
        !ownQueues.includes(JSON.stringify(s.Resource)),
    );
    expect(readers.map(({ roles }) => roles)).toEqual(rolesOf('dead-letters'));
    const publishers = statementsWhere((s) => asArray(s.Action).includes('sns:Publish'));
    expect(publishers.map(({ roles }) => roles)).toEqual(rolesOf('dead-letters'));
  });

  it('reports by failing once, no retry: Lambda publishes the failure record to the operators’ topic', () => {
    expect(invokeConfigOf('dead-letters')).toEqual({
      FunctionName: { Ref: functionId('dead-letters') },
      Qualifier: '$LATEST',
      MaximumRetryAttempts: 0,
      DestinationConfig: { OnFailure: { Destination: { Ref: topicId() } } },
    });
    // Not the jobs dead-letter queue: tomorrow's run would count its own report there.
    expect(functionProps('dead-letters').DeadLetterConfig).toBeUndefined();
  });

  it('reaches the alarmEmail address, and the topic is an output for other subscribers', () => {
    const subscriptions = Object.values(resourcesOf('AWS::SNS::Subscription'));
    expect(subscriptions.map((s) => s.Properties)).toEqual([
      { Protocol: 'email', Endpoint: ALARM_EMAIL, TopicArn: { Ref: topicId() } },
    ]);
    expect(service.findOutputs('AlarmTopicArn').AlarmTopicArn?.Value).toEqual({ Ref: topicId() });
  });

  it('publishes over TLS only; the topic policy allows no other service', () => {
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
    expect(statements.filter((s) => s.Effect === 'Allow')).toEqual([]);
  });

  it('refuses an alarmEmail that is not an email address, before bundling', () => {
    for (const bad of ['ops', 'ops@', 'ops@example', 'a b@example.gov.cn']) {
      expect(() => buildUnbundled({ alarmEmail: bad }), bad).toThrow(/alarmEmail must be an email address/);
    }
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('reports nothing unacknowledged with the queues, the mailer, the job and the topic', () => {
    expect(unacknowledgedFindings(built.app)).toEqual([]);
  });

  it('acknowledges only the unencrypted operators’ topic (SNS2) and the stream DLQs (SQS3), on themselves', () => {
    const acknowledged = acknowledgementsUnder(built.service)
      .filter(({ rule }) => /SNS|SQS|CW/.test(rule))
      .map(({ rule, construct }) => `${rule} on ${construct.node.path}`);
    expect(acknowledged.sort()).toEqual(
      [
        `AwsSolutions-SNS2 on ${built.service.alarms.topic.node.path}`,
        // A dead-letter queue by way of an event source's on-failure destination, which cdk-nag misses.
        `AwsSolutions-SQS3 on ${built.service.noticeStream?.deadLetterQueue.node.path}`,
        `AwsSolutions-SQS3 on ${built.service.counterStream?.deadLetterQueue.node.path}`,
      ].sort(),
    );
  });
});

describe("the program office's address", () => {
  it('reaches the functions that write to it: the reminders, and the notifier (reports awaiting review)', () => {
    const told = cloudFunctions
      .filter(([name]) => environmentOf(name).ADMIN_EMAIL === ADMIN_EMAIL)
      .map(([name]) => name);
    expect(told.sort()).toEqual(['notifier', 'reminders']);
  });
});
