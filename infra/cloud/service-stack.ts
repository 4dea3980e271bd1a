/**
 * The service: one Lambda per catalog function, the HTTP API built from the route table, one
 * schedule per job, the mailer the jobs hand mail to, the registrations stream's readers, the
 * dead-letter queues and the operators' topic. Nothing in it polls or is billed by the month: it
 * costs nothing while idle. Holds no data: it can be destroyed and redeployed.
 *
 * This file only composes; each part is a module that builds straight into the stack (not under a
 * construct of its own), so that every logical id stays what it has always been:
 * - service-settings.ts: the props and context values, checked before anything is built;
 * - function-references.ts: the catalog, the routes and the jobs checked against each other;
 * - async-delivery.ts: the operators' topic, the dead-letter queues, mail and the streams;
 * - service-functions.ts: the Lambdas, their environment, timeout and memory;
 * - function-grants.ts: what each function may touch;
 * - reserved-concurrency.ts: the optional caps on the API functions;
 * - api-routes.ts: the HTTP API, its authorizer, stage, throttles and routes;
 * - jobs.ts: a Scheduler schedule, or in the China profile an EventBridge rule, per job;
 * - service-outputs.ts: what a deploy prints.
 */
import { Stack, type StackProps } from 'aws-cdk-lib';
import type { HttpApi, HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { FUNCTIONS, type FunctionDef, type FunctionName } from '#shared/functions';
import { JOBS, type JobDef } from '#shared/jobs';
import { CLOUD_ROUTES, type RouteDef } from '#shared/routes';
import type { AlarmTopic } from './alarms';
import { buildApiRoutes } from './api-routes';
import { AsyncDelivery } from './async-delivery';
import type { CounterStream } from './counter-stream';
import type { DataResources } from './data-stack';
import { checkFunctionReferences } from './function-references';
import type { HouseFunction } from './house-function';
import { buildIdentity } from './identity';
import { buildJobs } from './jobs';
import type { MailDispatch } from './mail-dispatch';
import type { NoticeStream } from './notice-stream';
import { type DeploymentProfile, deploymentProfile } from './profile';
import { reserveConcurrency } from './reserved-concurrency';
import { buildServiceFunctions } from './service-functions';
import { addServiceOutputs } from './service-outputs';
import { type ServiceSettingsProps, serviceSettings } from './service-settings';
import { smtpMail } from './smtp-mail';
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
    this.functions = buildServiceFunctions(this, {
      catalog,
      jobs,
      data: props.data,
      settings,
      routed,
      identity,
      smtp,
      delivery,
    });
    const fn = (name: FunctionName): HouseFunction => this.functions.get(name) as HouseFunction;
    reserveConcurrency(this.functions, routed, settings.concurrency);

    const http = buildApiRoutes(this, {
      identity,
      corsOrigins: settings.corsOrigins,
      routes,
      fn,
      verifyPage: this.profile.verifyPage,
    });
    this.api = http.api;
    this.stage = http.stage;
    this.verifyPage = http.verifyPage;
    buildJobs(this, {
      jobs,
      fn,
      schedules: this.profile.schedules,
      deadLetterQueue: this.jobsDeadLetterQueue,
    });

    addServiceOutputs(this, {
      stage: this.stage,
      data: props.data,
      alarms: this.alarms,
      mailDispatch: this.mailDispatch,
      mailer: [...this.functions].find(([name]) => catalog[name].sendsQueuedMail)?.[1],
    });
  }
}
