/**
 * The service: one Lambda per catalog function, the HTTP API built from the route table, one
 * EventBridge Scheduler schedule (or, in the China profile, EventBridge rule) per job, the mailer the jobs hand mail to (asynchronous Lambda
 * invocations), the dead-letter queues, and the operators' topic the daily `dead-letters` job
 * reports to. Nothing in it polls or is billed by the month: it costs nothing while idle. Holds no
 * data: it can be destroyed and redeployed.
 */
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { HttpApi, HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { CERTIFICATE_FONT, installedCertificateFont } from '#shared/certificates/pdf/font';
import { FUNCTIONS, type FunctionDef, type FunctionName } from '#shared/functions';
import { JOBS, type JobDef } from '#shared/jobs';
import { CLOUD_ROUTES, type RouteDef, routeKey } from '#shared/routes';
import { AUDIT_TRAIL, TABLES, type TableDef, type TableName } from '#shared/store/tables';
import type { AlarmTopic } from './alarms';
import { buildApiRoutes } from './api-routes';
import { AsyncDelivery } from './async-delivery';
import type { CounterStream } from './counter-stream';
import type { DataResources } from './data-stack';
import { grantFunctionAccess } from './function-grants';
import { HouseFunction } from './house-function';
import { buildIdentity, type Identity } from './identity';
import { buildJobs } from './jobs';
import { MAIL_HANDOVER_TIMEOUT, MAILER_TIMEOUT, type MailDispatch } from './mail-dispatch';
import type { NoticeStream } from './notice-stream';
import { type DeploymentProfile, deploymentProfile } from './profile';
import { reserveConcurrency } from './reserved-concurrency';
import {
  type MailLook,
  type ServiceSettingsProps,
  type SigningKeys,
  serviceSettings,
} from './service-settings';
import { type SmtpMail, smtpMail } from './smtp-mail';
import type { VerifyPageRoutes } from './verify-page-routes';

export interface ServiceStackProps extends StackProps, ServiceSettingsProps {
  readonly data: DataResources;
  /**
   * Sign-in, mail, schedules and the verification page (infra/cloud/profile.ts).
   * @default the profile context and region select (`deploymentProfile`)
   */
  readonly profile?: DeploymentProfile;
  /** @default FUNCTIONS */
  readonly functions?: Readonly<Record<FunctionName, FunctionDef>>;
  /** @default CLOUD_ROUTES */
  readonly routes?: readonly RouteDef[];
  /** @default JOBS */
  readonly jobs?: readonly JobDef[];
}

// exceljs builds the whole workbook in memory, and Lambda allots CPU in proportion to memory.
const REPORTS_MEMORY_MB = 1024;
// Compiling and rendering a report on demand takes longer than the API default, but the HTTP API
// gives up at 30 s: the function stops first, so a timeout lands in its own log, not as a bare 503.
const REPORTS_API_TIMEOUT = Duration.seconds(28);

// A job walks many items (reminders, year-end report); an API call must stay short (the default).
const JOB_TIMEOUT = Duration.minutes(5);

/**
 * Every route and job must name a function that is deployed to the cloud; a job's function must
 * be marked `job` (its timeout); mail handed over must have exactly one mailer.
 */
function checkFunctionReferences(
  catalog: Readonly<Record<FunctionName, FunctionDef>>,
  routes: readonly RouteDef[],
  jobs: readonly JobDef[],
): void {
  const users = [
    ...routes.map((route) => ({ usedBy: routeKey(route), name: route.function })),
    ...jobs.map((job) => ({ usedBy: `Job "${job.name}"`, name: job.function })),
  ];
  for (const { usedBy, name } of users) {
    const def = catalog[name] as FunctionDef | undefined;
    if (!def || def.localOnly)
      throw new Error(`${usedBy} names function "${name}", which is missing or local only`);
  }
  for (const job of jobs) {
    if (!catalog[job.function].job)
      throw new Error(
        `Job "${job.name}" names function "${job.function}", which is not marked \`job: true\` (job timeout)`,
      );
  }

  const cloud = (Object.entries(catalog) as [FunctionName, FunctionDef][]).filter(
    ([, def]) => !def.localOnly,
  );
  const mailers = cloud.filter(([, def]) => def.sendsQueuedMail).map(([name]) => name);
  const enqueuers = cloud.filter(([, def]) => def.enqueuesMail).map(([name]) => name);
  if (mailers.length > 1)
    throw new Error(`There is one mailer; ${mailers.join(', ')} are all marked sendsQueuedMail`);
  if (enqueuers.length > 0 && mailers.length === 0)
    throw new Error(`${enqueuers.join(', ')} hand over mail, but no function is marked sendsQueuedMail`);
  for (const [name, def] of cloud) {
    // The trail's table name reaches a function through its tables (environment variables).
    if (def.appendsAudit && !def.tables[AUDIT_TRAIL.table])
      throw new Error(
        `Function "${name}" appends to the audit trail: it needs the ${AUDIT_TRAIL.table} table among its tables`,
      );
    if (def.tellsNotices && (!def.tables.registrations || !(TABLES.registrations as TableDef).stream))
      throw new Error(
        `Function "${name}" tells notices: it needs the registrations table, and that table a stream`,
      );
    if (def.countsRegistrations && (TABLES.registrations as TableDef).stream !== 'NEW_AND_OLD_IMAGES')
      throw new Error(
        `Function "${name}" counts registrations: the registrations table needs a stream of old and new images`,
      );
  }
}

export class ServiceStack extends Stack {
  readonly functions: ReadonlyMap<FunctionName, HouseFunction>;
  readonly api: HttpApi;
  readonly stage: HttpStage;
  /** Failed job deliveries and failed job runs; absent while there are no jobs. */
  readonly jobsDeadLetterQueue?: sqs.Queue;
  /** The operators' topic: the `dead-letters` job reports there. */
  readonly alarms: AlarmTopic;
  /** The mailer's dead-letter queue; present when a function hands over or sends queued mail. */
  readonly mailDispatch?: MailDispatch;
  /** The notices' event source and dead-letter queue; present when a function tells notices. */
  readonly noticeStream?: NoticeStream;
  /** The counters' event source and dead-letter queue; present when a function counts registrations. */
  readonly counterStream?: CounterStream;
  /** Every dead-letter queue of the stack, by name: the `dead-letters` job counts them all. */
  readonly deadLetterQueues: Readonly<Record<string, sqs.IQueue>>;
  readonly profile: DeploymentProfile;
  /** The verification page on this API (profile `verifyPage: api`); else the CloudFront site serves it. */
  readonly verifyPage?: VerifyPageRoutes;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    this.profile = props.profile ?? deploymentProfile((key) => this.node.tryGetContext(key));
    const catalog: Readonly<Record<FunctionName, FunctionDef>> = props.functions ?? FUNCTIONS;
    const routes = (props.routes ?? CLOUD_ROUTES).filter((route) => !route.localOnly);
    const jobs = props.jobs ?? JOBS;
    const routed = new Set(routes.map((route) => route.function));
    const settings = serviceSettings(this, props, {
      signingKeyArn: props.data.signingKey.keyArn,
      apiFunctions: routed,
    });
    const { senderIdentity, appUrl, mailLook, signingKeys, corsOrigins } = settings;

    // Fail before building anything (bundling is the slow part) when the tables disagree.
    checkFunctionReferences(catalog, routes, jobs);

    const delivery = new AsyncDelivery(this, { catalog, jobs, alarmEmail: settings.alarmEmail });
    this.alarms = delivery.alarms;
    this.jobsDeadLetterQueue = delivery.jobsDeadLetterQueue;
    this.mailDispatch = delivery.mailDispatch;
    this.noticeStream = delivery.noticeStream;
    this.counterStream = delivery.counterStream;
    this.deadLetterQueues = delivery.deadLetterQueues;

    const identity = buildIdentity(this, this.profile.identity, props.data);
    const smtp = this.profile.mail.kind === 'smtp' ? smtpMail(this, this.profile.mail) : undefined;
    this.functions = this.buildFunctions(catalog, jobs, props.data, delivery, {
      routed,
      identity,
      smtp,
      senderIdentity,
      mailLook,
      appUrl,
      signingKeys,
      adminEmail: settings.adminEmail,
      corsOrigins,
    });
    const fn = (name: FunctionName): HouseFunction => this.functions.get(name) as HouseFunction;
    reserveConcurrency(this.functions, routed, settings.concurrency);

    ({
      api: this.api,
      stage: this.stage,
      verifyPage: this.verifyPage,
    } = buildApiRoutes(this, {
      identity,
      corsOrigins,
      routes,
      fn,
      verifyPage: this.profile.verifyPage,
    }));
    buildJobs(this, {
      jobs,
      fn,
      schedules: this.profile.schedules,
      deadLetterQueue: this.jobsDeadLetterQueue,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.stage.url });
    const { userPool, userPoolClient } = props.data;
    if (userPool) new CfnOutput(this, 'UserPoolId', { value: userPool.userPoolId });
    if (userPoolClient) new CfnOutput(this, 'UserPoolClientId', { value: userPoolClient.userPoolClientId });
    new CfnOutput(this, 'AlarmTopicArn', {
      description: 'Daily dead-letter reports of jobs and mail: subscribe an on-call address or chat channel',
      value: this.alarms.topic.topicArn,
    });
    const mailer = [...this.functions].find(([name]) => catalog[name].sendsQueuedMail)?.[1];
    if (this.mailDispatch && mailer) {
      // What resending a parked mail batch needs (README, Deploying).
      new CfnOutput(this, 'MailerFunctionName', { value: mailer.function.functionName });
      new CfnOutput(this, 'MailDeadLetterQueueUrl', { value: this.mailDispatch.deadLetterQueue.queueUrl });
    }
  }

  private buildFunctions(
    catalog: Readonly<Record<FunctionName, FunctionDef>>,
    jobs: readonly JobDef[],
    data: DataResources,
    delivery: AsyncDelivery,
    settings: {
      /** The functions the API routes to: they read the caller's claims. */
      routed: ReadonlySet<FunctionName>;
      identity: Identity;
      smtp: SmtpMail | undefined;
      senderIdentity: string;
      mailLook: MailLook;
      appUrl: string;
      signingKeys: SigningKeys;
      adminEmail?: string | undefined;
      corsOrigins: readonly string[];
    },
  ): Map<FunctionName, HouseFunction> {
    const { routed, identity, smtp, senderIdentity, mailLook, appUrl, signingKeys, adminEmail, corsOrigins } =
      settings;
    const jobTargets = new Set(jobs.map((job) => job.function));
    const built = new Map<FunctionName, HouseFunction>();
    for (const [name, def] of Object.entries(catalog) as [FunctionName, FunctionDef][]) {
      if (def.localOnly) continue;
      const isJobTarget = jobTargets.has(name);
      // Set even when empty: unset, shared/http/cors.ts allows any origin (the local default).
      const environment: Record<string, string> = {
        APP_URL: appUrl,
        CORS_ALLOWED_ORIGINS: corsOrigins.join(','),
      };
      for (const table of Object.keys(def.tables) as TableName[]) {
        environment[TABLES[table].envVar] = data.tables[table].tableName;
      }
      if (def.sendsMail)
        Object.assign(environment, { MAIL_FROM: senderIdentity, ...mailLook, ...smtp?.environment });
      if (routed.has(name)) Object.assign(environment, identity.claimEnvironment);
      // MAILER_FUNCTION_NAME is added below, once the mailer exists.
      // The notifier tells the program office of the annual reports awaiting its review.
      if ((def.enqueuesMail || def.tellsNotices) && adminEmail) environment.ADMIN_EMAIL = adminEmail;
      if (def.watchesDeadLetters) {
        environment.DEAD_LETTER_QUEUES = this.toJsonString(
          Object.fromEntries(Object.entries(this.deadLetterQueues).map(([queue, q]) => [queue, q.queueUrl])),
        );
      }
      if (def.signs || def.verifies) {
        environment.SIGNING_KEY_ID = signingKeys.currentArn;
        if (signingKeys.previousArns.length > 0)
          environment.SIGNING_PREVIOUS_KEY_IDS = signingKeys.previousArns.join(',');
      }
      if (def.reportsBucket) environment.REPORTS_BUCKET = data.reportsBucket.bucketName;

      const fn = new HouseFunction(this, `Fn-${name}`, {
        name,
        entry: def.entry,
        description: def.description,
        environment,
        // The notifier sends its batch's mails itself: over SMTP (China) a mail may wait out a
        // busy server, so it gets the mailer's time, still inside the sent records' lease.
        timeout:
          def.sendsQueuedMail || def.tellsNotices
            ? MAILER_TIMEOUT
            : def.enqueuesMail
              ? MAIL_HANDOVER_TIMEOUT
              : def.job
                ? JOB_TIMEOUT
                : def.reportsBucket
                  ? REPORTS_API_TIMEOUT
                  : undefined,
        memorySize: def.reportsBucket ? REPORTS_MEMORY_MB : undefined,
        ...(def.printsCertificates
          ? { besideBundle: { [CERTIFICATE_FONT.besideBundle]: installedCertificateFont() } }
          : {}),
        ...delivery.invocationOptions(def, isJobTarget),
      });
      grantFunctionAccess(this, fn, def, {
        data,
        senderIdentity,
        smtp,
        signingKeys,
        deadLetterQueues: this.deadLetterQueues,
      });
      built.set(name, fn);
    }
    delivery.connect(catalog, built, data.tables.registrations);
    return built;
  }
}
