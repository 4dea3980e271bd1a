/**
 * One Lambda per function of the catalog (shared/functions.ts) that runs in the cloud, each told
 * only the environment variables it reads (shared/config/env.ts) and given its timeout and memory;
 * then granted what it may touch (function-grants.ts) and connected to what invokes it other than
 * the API (async-delivery.ts).
 */
import { Duration, type Stack } from 'aws-cdk-lib';
import { CERTIFICATE_FONT, installedCertificateFont } from '#shared/certificates/pdf/font';
import type { FunctionDef, FunctionName } from '#shared/functions';
import type { JobDef } from '#shared/jobs';
import { TABLES, type TableName } from '#shared/store/tables';
import type { AsyncDelivery } from './async-delivery';
import type { DataResources } from './data-stack';
import { grantFunctionAccess } from './function-grants';
import { HouseFunction } from './house-function';
import type { Identity } from './identity';
import { MAIL_HANDOVER_TIMEOUT, MAILER_TIMEOUT } from './mail-dispatch';
import type { ServiceSettings } from './service-settings';
import type { SmtpMail } from './smtp-mail';

// exceljs builds the whole workbook in memory, and Lambda allots CPU in proportion to memory.
const REPORTS_MEMORY_MB = 1024;
// Compiling and rendering a report on demand takes longer than the API default, but the HTTP API
// gives up at 30 s: the function stops first, so a timeout lands in its own log, not as a bare 503.
const REPORTS_API_TIMEOUT = Duration.seconds(28);

// A job walks many items (reminders, year-end report); an API call must stay short (the default).
const JOB_TIMEOUT = Duration.minutes(5);

export interface ServiceFunctionsProps {
  readonly catalog: Readonly<Record<FunctionName, FunctionDef>>;
  readonly jobs: readonly JobDef[];
  readonly data: DataResources;
  readonly settings: ServiceSettings;
  /** The functions the API routes to: they read the caller's claims. */
  readonly routed: ReadonlySet<FunctionName>;
  readonly identity: Identity;
  /** Mail over SMTP (the China profile); else SES. */
  readonly smtp: SmtpMail | undefined;
  readonly delivery: AsyncDelivery;
}

/** Every cloud function of the catalog, `Fn-<name>` straight in the stack, by name. */
export function buildServiceFunctions(
  stack: Stack,
  props: ServiceFunctionsProps,
): Map<FunctionName, HouseFunction> {
  const { catalog, jobs, data, settings, smtp, delivery } = props;
  const jobTargets = new Set(jobs.map((job) => job.function));
  const built = new Map<FunctionName, HouseFunction>();
  for (const [name, def] of Object.entries(catalog) as [FunctionName, FunctionDef][]) {
    if (def.localOnly) continue;
    const fn = new HouseFunction(stack, `Fn-${name}`, {
      name,
      entry: def.entry,
      description: def.description,
      environment: environmentOf(stack, name, def, props),
      timeout: timeoutOf(def),
      memorySize: def.reportsBucket ? REPORTS_MEMORY_MB : undefined,
      ...(def.printsCertificates
        ? { besideBundle: { [CERTIFICATE_FONT.besideBundle]: installedCertificateFont() } }
        : {}),
      ...delivery.invocationOptions(def, jobTargets.has(name)),
    });
    grantFunctionAccess(stack, fn, def, {
      data,
      senderIdentity: settings.senderIdentity,
      smtp,
      signingKeys: settings.signingKeys,
      deadLetterQueues: delivery.deadLetterQueues,
    });
    built.set(name, fn);
  }
  delivery.connect(catalog, built, data.tables.registrations);
  return built;
}

/** The variables the function reads, and no others. */
function environmentOf(
  stack: Stack,
  name: FunctionName,
  def: FunctionDef,
  { data, settings, routed, identity, smtp, delivery }: ServiceFunctionsProps,
): Record<string, string> {
  const { appUrl, corsOrigins, senderIdentity, mailLook, adminEmail, signingKeys } = settings;
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
  // MAILER_FUNCTION_NAME is added by AsyncDelivery.connect, once the mailer exists.
  // The notifier tells the program office of the annual reports awaiting its review.
  if ((def.enqueuesMail || def.tellsNotices) && adminEmail) environment.ADMIN_EMAIL = adminEmail;
  if (def.watchesDeadLetters) {
    environment.DEAD_LETTER_QUEUES = stack.toJsonString(
      Object.fromEntries(Object.entries(delivery.deadLetterQueues).map(([queue, q]) => [queue, q.queueUrl])),
    );
  }
  if (def.signs || def.verifies) {
    environment.SIGNING_KEY_ID = signingKeys.currentArn;
    if (signingKeys.previousArns.length > 0)
      environment.SIGNING_PREVIOUS_KEY_IDS = signingKeys.previousArns.join(',');
  }
  if (def.reportsBucket) environment.REPORTS_BUCKET = data.reportsBucket.bucketName;
  return environment;
}

/** Longer than the API default only for functions that send mail, run as jobs or build reports. */
function timeoutOf(def: FunctionDef): Duration | undefined {
  // The notifier sends its batch's mails itself: over SMTP (China) a mail may wait out a
  // busy server, so it gets the mailer's time, still inside the sent records' lease.
  if (def.sendsQueuedMail || def.tellsNotices) return MAILER_TIMEOUT;
  if (def.enqueuesMail) return MAIL_HANDOVER_TIMEOUT;
  if (def.job) return JOB_TIMEOUT;
  if (def.reportsBucket) return REPORTS_API_TIMEOUT;
  return undefined;
}
