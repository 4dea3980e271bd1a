/**
 * The configuration of this process: the one module that reads `process.env`, once, into a typed,
 * frozen object. Adapters and stores take what they need from it (`config()`); tests hand theirs
 * over with `useConfig(loadConfig({ ... }))` instead of touching the environment.
 *
 * - Every variable present is parsed at load, and a malformed one throws one sentence naming it,
 *   so a bad deploy fails its first cold start instead of serving by a wrong rule.
 * - Each Lambda is given only the variables it uses (infra/cloud/service-functions.ts), while the local
 *   runtime runs every handler in one process with all of them set. So a variable only some code
 *   needs is `undefined` here when absent, and that code fails when it asks (`missing`), naming the
 *   variable and the function: never at the import of a function that does not use it.
 * - An empty value counts as unset, as `.env` templates and CDK leave them; except
 *   CORS_ALLOWED_ORIGINS, where set-but-empty means no origin (the cloud's default).
 *
 * It loads in every function: plain code, no dependency but a few constants of the domain.
 */
import { type BaseMinimums, DEFAULT_BASE_MINIMUMS } from '#shared/domain/reports/compile';
import { DEFAULT_SEMINAR_TARGETS, type SeminarTargets } from '#shared/domain/reports/seminar-targets';
import { type CreditRequirement, DEFAULT_CREDIT_REQUIREMENT } from '#shared/domain/trainees/ledger';

export type Env = Readonly<Record<string, string | undefined>>;

export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  /** `SERVICE_NAME`: the function this process runs (CDK sets it on each); unset locally, where one process runs them all. */
  readonly functionName: string | undefined;
  /** The `service` of log lines: the function, else the system. */
  readonly serviceName: string;
  /**
   * `LOG_LEVEL`, else Lambda's application log level (`AWS_LAMBDA_LOG_LEVEL`), else INFO. In
   * Lambda a set application log level still wins (Powertools' Logger defers to it, with a warning).
   */
  readonly logLevel: LogLevel;
  /** `CORS_ALLOWED_ORIGINS`: origins browsers may call from; unset, any (`*`); set but empty, none. */
  readonly corsAllowedOrigins: readonly string[];
  /** `APP_URL`: the web app's address, for links in mail (no trailing slash). */
  readonly appUrl: string;
  /** `VERIFY_PAGE_ORIGIN`: where QR codes lead (`<origin>/verify`); else the web app's address. */
  readonly verifyPageOrigin: string;
  /** `ADMIN_EMAIL`: where the program office gets notices; none, those notices are skipped. */
  readonly adminEmail: string | undefined;
  /** `CREDIT_REQUIRED_HOURS` and `CREDIT_PROFESSIONAL_SHARE`, else the national regulation's. */
  readonly creditRequirement: Readonly<CreditRequirement>;
  /** `BASE_MINIMUM_NATIONAL` and `BASE_MINIMUM_REGIONAL`: trained people a base must reach a year. */
  readonly baseMinimums: Readonly<BaseMinimums>;
  /** `SEMINAR_TARGET_SESSIONS` and `SEMINAR_TARGET_TRAINEES`: the 研修培训项目's yearly target. */
  readonly seminarTargets: Readonly<SeminarTargets>;
  /** `AWS_REGION` (the SDK clients read it themselves; DynamoDB Local needs one named). */
  readonly awsRegion: string | undefined;
  /** `DYNAMODB_ENDPOINT`: DynamoDB Local on one machine; unset in the cloud. */
  readonly dynamodbEndpoint: string | undefined;
  /** Every `TABLE_*` variable by name (`TABLE_PLANS` -> the plans table's name; shared/store/tables.ts). */
  readonly tableNames: Readonly<Record<string, string>>;
  /** `LOCAL_KEYS_DIR`: the local signing key's folder (npm start); KMS otherwise. */
  readonly localKeysDir: string | undefined;
  /** `SIGNING_KEY_ID`: the KMS key that signs certificates now. */
  readonly signingKeyId: string | undefined;
  /** `SIGNING_PREVIOUS_KEY_IDS`: comma separated, the keys a rotation retired (newest first). */
  readonly signingPreviousKeyIds: readonly string[];
  /** `MAIL_OUTBOX_DIR`: the local outbox (npm start); SES otherwise, unless `MAIL_TRANSPORT` says. */
  readonly mailOutboxDir: string | undefined;
  /** `MAIL_FROM`: the sender address (SES's sender identity, or one the SMTP service lets us send from). */
  readonly mailFrom: string | undefined;
  /** `MAIL_SENDER_NAME`: the display name of every mail's From, else the program's name. */
  readonly mailSenderName: string;
  /**
   * `MAIL_SIGNATURE`: the lines that end every mail (the program office), separated by newlines
   * or by the two characters `\n` (as one-line `.env` files and CDK context carry them).
   */
  readonly mailSignature: readonly string[];
  /** `MAILER_FUNCTION_NAME`: the function that sends queued mail. */
  readonly mailerFunctionName: string | undefined;
  /** `MAIL_TRANSPORT`: `ses` or `smtp`; unset, the local outbox where it is set and SES otherwise. */
  readonly mailTransport: MailTransport | undefined;
  /** `SMTP_*`: the SMTP service mail goes to when `MAIL_TRANSPORT=smtp` (shared/mail/smtp.ts). */
  readonly smtp: Readonly<SmtpSettings>;
  /** `REPORTS_DIR`: local report files (npm start); the bucket otherwise. */
  readonly reportsDir: string | undefined;
  /** `REPORTS_BUCKET`: the reports bucket. */
  readonly reportsBucket: string | undefined;
  /** `DEAD_LETTER_QUEUES`: a JSON object of queue name -> queue URL (`{}` on one machine). */
  readonly deadLetterQueues: Readonly<Record<string, string>> | undefined;
  /** `CLAIM_*`: which JWT claims carry who the caller is (shared/http/principal.ts); Cognito's by default. */
  readonly claimNames: Readonly<ClaimNames>;
  /**
   * `OIDC_ISSUER` and `OIDC_AUDIENCE`: the OpenID Connect provider whose tokens the local server
   * accepts, as the HTTP API's JWT authorizer does; unset, the local server signs its own.
   */
  readonly oidc: Readonly<OidcProvider> | undefined;
}

/** The names of the claims that carry the caller's identity, each a top-level claim of the token. */
export interface ClaimNames {
  /** `CLAIM_USER_ID`: the caller's stable id. */
  readonly userId: string;
  /** `CLAIM_ROLES`: the caller's roles (a list: JSON array, `[a b]`, or space- or comma-separated). */
  readonly roles: string;
  /** `CLAIM_ORG_ID`: the organization the caller acts for. */
  readonly orgId: string;
  /** `CLAIM_NAME`: the caller's name. */
  readonly name: string;
  /** `CLAIM_EMAIL`: the caller's e-mail address. */
  readonly email: string;
}

/** What the Cognito user pool of the global partition puts in its ID tokens. */
export const DEFAULT_CLAIM_NAMES: Readonly<ClaimNames> = Object.freeze({
  userId: 'sub',
  roles: 'cognito:groups',
  orgId: 'custom:orgId',
  name: 'name',
  email: 'email',
});

/** The variable that names each claim. */
export const CLAIM_VARIABLES: Readonly<Record<keyof ClaimNames, string>> = Object.freeze({
  userId: 'CLAIM_USER_ID',
  roles: 'CLAIM_ROLES',
  orgId: 'CLAIM_ORG_ID',
  name: 'CLAIM_NAME',
  email: 'CLAIM_EMAIL',
});

/** An OpenID Connect provider, as an HTTP API JWT authorizer is configured with it. */
export interface OidcProvider {
  /** Exactly the `iss` of its tokens; its discovery document is under it. */
  readonly issuer: string;
  /** The client ids a token may be issued to (`aud`, else `client_id`): any one will do. */
  readonly audiences: readonly string[];
}

const DEFAULT_SERVICE_NAME = 'gx-knowledge-renewal';
const DEFAULT_APP_URL = 'http://localhost:3000';
/** Who mail comes from, as recipients read it: the program, not a machine. */
export const DEFAULT_MAIL_SENDER_NAME = '广西专业技术人才知识更新工程';
/** The program office that signs every mail. */
export const DEFAULT_MAIL_SIGNATURE = '广西壮族自治区人力资源和社会保障厅\n专业技术人才知识更新工程办公室';

/** The one-sentence error for a malformed value: the variable, its value and what to give instead. */
function malformed(name: string, value: string, expected: string): Error {
  return new Error(`${name} is ${JSON.stringify(value)}: give ${expected}.`);
}

/**
 * The one-sentence error for a variable some code needs but this process was not given: the
 * variable, the function that needs it (`SERVICE_NAME`) and what for.
 */
export function missing(settings: Pick<Config, 'functionName'>, name: string, purpose: string): Error {
  const who = settings.functionName ? `the ${settings.functionName} function` : 'this process';
  return new Error(`Missing environment variable ${name}: ${who} needs it for ${purpose}.`);
}

/** The comma-separated items of a list variable, trimmed; empty text means none. */
export function commaList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** Set and not blank, trimmed; else undefined. */
function text(env: Env, name: string): string | undefined {
  return env[name]?.trim() || undefined;
}

const DECIMAL = /^\d+(?:\.\d+)?$/;
const FRACTION = /^(\d+)\s*\/\s*(\d+)$/;

function creditRequirement(env: Env): CreditRequirement {
  const hoursText = text(env, 'CREDIT_REQUIRED_HOURS');
  const hours = hoursText === undefined ? DEFAULT_CREDIT_REQUIREMENT.totalHours : Number(hoursText);
  if (hoursText !== undefined && !(DECIMAL.test(hoursText) && hours > 0))
    throw malformed('CREDIT_REQUIRED_HOURS', hoursText, 'a positive number of hours, such as 90');

  const shareText = text(env, 'CREDIT_PROFESSIONAL_SHARE');
  let share = DEFAULT_CREDIT_REQUIREMENT.professionalShare;
  if (shareText !== undefined) {
    const fraction = FRACTION.exec(shareText);
    share = fraction
      ? Number(fraction[1]) / Number(fraction[2])
      : DECIMAL.test(shareText)
        ? Number(shareText)
        : Number.NaN;
    // NaN (and x/0, which is Infinity or NaN) fails this range check too.
    if (!(share >= 0 && share <= 1))
      throw malformed(
        'CREDIT_PROFESSIONAL_SHARE',
        shareText,
        'a share from 0 to 1, as a fraction such as 2/3 or a decimal such as 0.6667',
      );
  }
  return Object.freeze({ totalHours: hours, professionalShare: share });
}

function positiveInteger(env: Env, name: string, fallback: number): number {
  const value = text(env, name);
  if (value === undefined) return fallback;
  const number = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(Number.isSafeInteger(number) && number > 0))
    throw malformed(name, value, 'a positive integer, such as 2000');
  return number;
}

/** Lambda's application log levels, as ours. */
const LAMBDA_LOG_LEVELS: Record<string, LogLevel> = {
  TRACE: 'DEBUG',
  DEBUG: 'DEBUG',
  INFO: 'INFO',
  WARN: 'WARN',
  ERROR: 'ERROR',
  FATAL: 'ERROR',
};

function logLevel(env: Env): LogLevel {
  const ours = text(env, 'LOG_LEVEL');
  const oursLevel = ours?.toUpperCase();
  if (ours !== undefined && !LOG_LEVELS.includes(oursLevel as LogLevel))
    throw malformed('LOG_LEVEL', ours, 'DEBUG, INFO, WARN, ERROR or SILENT');
  const lambdas = text(env, 'AWS_LAMBDA_LOG_LEVEL');
  const lambdasLevel = lambdas === undefined ? undefined : LAMBDA_LOG_LEVELS[lambdas.toUpperCase()];
  if (lambdas !== undefined && lambdasLevel === undefined)
    throw malformed('AWS_LAMBDA_LOG_LEVEL', lambdas, 'TRACE, DEBUG, INFO, WARN, ERROR or FATAL');
  return (oursLevel as LogLevel | undefined) ?? lambdasLevel ?? 'INFO';
}

/** `CORS_ALLOWED_ORIGINS`: unset, any origin (`*`); else the origins it lists, checked. */
function corsAllowedOrigins(env: Env): readonly string[] {
  const value = env.CORS_ALLOWED_ORIGINS;
  return value === undefined ? Object.freeze(['*']) : corsOriginsFrom(value);
}

/**
 * A `CORS_ALLOWED_ORIGINS` value as its origins, each an origin (`scheme://host[:port]`, no path
 * or trailing slash) or `*`; empty text means none. The cloud stack reads it with this too.
 */
export function corsOriginsFrom(value: string): readonly string[] {
  const origins = [...new Set(commaList(value))];
  for (const origin of origins) {
    const url = origin !== '*' && URL.canParse(origin) ? new URL(origin) : undefined;
    if (origin !== '*' && url?.origin !== origin)
      throw new Error(
        `CORS_ALLOWED_ORIGINS is ${JSON.stringify(value)}: ${JSON.stringify(origin)} is not an origin; ` +
          'give comma-separated origins (scheme://host[:port], no path or trailing slash) or *.',
      );
  }
  return Object.freeze(origins);
}

/** An http(s) address without query or fragment, its trailing slashes dropped. */
function httpAddress(env: Env, name: string, example: string): string | undefined {
  const value = text(env, name);
  if (value === undefined) return undefined;
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash)
    throw malformed(name, value, `an http(s) address without query or fragment, such as ${example}`);
  return value.replace(/\/+$/, '');
}

function emailAddress(env: Env, name: string): string | undefined {
  const value = text(env, name);
  if (value !== undefined && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value))
    throw malformed(name, value, 'an email address, such as office@hrss.example.gov.cn');
  return value;
}

/** A display name goes into a header: one line, and short enough to read as a sender. */
function senderName(env: Env): string {
  const value = text(env, 'MAIL_SENDER_NAME');
  const unsafe = (character: string) => character < ' ' || '<>"'.includes(character);
  if (value !== undefined && ([...value].some(unsafe) || value.length > 60))
    throw malformed('MAIL_SENDER_NAME', value, 'one line of at most 60 characters, without < > or "');
  return value ?? DEFAULT_MAIL_SENDER_NAME;
}

/** The signature's lines: newlines or literal `\n` separate them; blank lines are dropped. */
export function signatureLines(value: string): readonly string[] {
  return Object.freeze(
    value
      .split(/\r?\n|\\n/)
      .map((line) => line.trim())
      .filter(Boolean),
  );
}

function mailSignature(env: Env): readonly string[] {
  const value = text(env, 'MAIL_SIGNATURE');
  const lines = signatureLines(value ?? DEFAULT_MAIL_SIGNATURE);
  if (value !== undefined && (lines.length > 10 || lines.some((line) => line.length > 200)))
    throw malformed('MAIL_SIGNATURE', value, 'at most 10 lines of at most 200 characters, separated by \\n');
  return lines;
}

const TABLE_NAME = /^[A-Za-z0-9_.-]{3,255}$/;

function tableNames(env: Env): Readonly<Record<string, string>> {
  const names: Record<string, string> = {};
  for (const name of Object.keys(env)
    .filter((key) => key.startsWith('TABLE_'))
    .sort()) {
    const value = text(env, name);
    if (value === undefined) continue;
    if (!TABLE_NAME.test(value))
      throw malformed(name, value, 'a DynamoDB table name (3 to 255 letters, digits, _ . or -)');
    names[name] = value;
  }
  return Object.freeze(names);
}

function bucketName(env: Env, name: string): string | undefined {
  const value = text(env, name);
  if (value !== undefined && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(value))
    throw malformed(name, value, 'an S3 bucket name (3 to 63 lower-case letters, digits, . or -)');
  return value;
}

function deadLetterQueues(env: Env): Readonly<Record<string, string>> | undefined {
  const value = text(env, 'DEAD_LETTER_QUEUES');
  if (value === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    parsed = undefined;
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    Array.isArray(parsed) ||
    Object.values(parsed).some((url) => typeof url !== 'string' || !url.startsWith('https://'))
  )
    throw malformed(
      'DEAD_LETTER_QUEUES',
      value,
      'a JSON object of queue name -> https:// queue URL ({} for none)',
    );
  return Object.freeze({ ...(parsed as Record<string, string>) });
}

export const MAIL_TRANSPORTS = ['ses', 'smtp'] as const;
export type MailTransport = (typeof MAIL_TRANSPORTS)[number];

export interface SmtpSettings {
  /** `SMTP_HOST`. */
  host: string | undefined;
  /** `SMTP_PORT`, else 465 (TLS from the first byte); any other port must offer STARTTLS. */
  port: number;
  /** `SMTP_SECRET_ARN`: the Secrets Manager secret holding `{"username","password"}`. */
  secretArn: string | undefined;
  /** `SMTP_USERNAME` and `SMTP_PASSWORD`: on one machine only, in place of the secret. */
  username: string | undefined;
  password: string | undefined;
}

/** Implicit TLS: the port where nothing, not even the greeting, travels in plaintext. */
export const DEFAULT_SMTP_PORT = 465;

function mailTransport(env: Env): MailTransport | undefined {
  const value = text(env, 'MAIL_TRANSPORT');
  if (value !== undefined && !MAIL_TRANSPORTS.includes(value as MailTransport))
    throw malformed('MAIL_TRANSPORT', value, 'ses or smtp');
  return value as MailTransport | undefined;
}

function smtpSettings(env: Env): SmtpSettings {
  const host = text(env, 'SMTP_HOST');
  if (host !== undefined && !/^[A-Za-z0-9.-]+$/.test(host))
    throw malformed('SMTP_HOST', host, 'a host name (no port: SMTP_PORT), such as smtp.example.gov.cn');
  const port = positiveInteger(env, 'SMTP_PORT', DEFAULT_SMTP_PORT);
  if (port > 65535) throw malformed('SMTP_PORT', String(port), 'a port number, such as 465 or 587');
  const secretArn = text(env, 'SMTP_SECRET_ARN');
  if (
    secretArn !== undefined &&
    !/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:.+$/.test(secretArn)
  )
    throw malformed(
      'SMTP_SECRET_ARN',
      secretArn,
      'the ARN of a Secrets Manager secret, such as arn:aws-cn:secretsmanager:cn-northwest-1:123456789012:secret:smtp-AbCdEf',
    );
  return Object.freeze({
    host,
    port,
    secretArn,
    username: text(env, 'SMTP_USERNAME'),
    // Not trimmed: a password may begin or end with a space.
    password: env.SMTP_PASSWORD || undefined,
  });
}

/** A claim name as tokens carry it: printable, without spaces. */
const CLAIM_NAME = /^[\x21-\x7e]{1,128}$/;

function claimNames(env: Env): Readonly<ClaimNames> {
  const names = { ...DEFAULT_CLAIM_NAMES };
  for (const [field, variable] of Object.entries(CLAIM_VARIABLES) as [keyof ClaimNames, string][]) {
    const value = text(env, variable);
    if (value === undefined) continue;
    if (!CLAIM_NAME.test(value))
      throw malformed(
        variable,
        value,
        'a claim name of at most 128 printable characters without spaces, such as roles',
      );
    names[field] = value;
  }
  return Object.freeze(names);
}

/** Hosts where a plain-http issuer is acceptable: this machine, as tests serve one. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * `OIDC_ISSUER` and `OIDC_AUDIENCE`, both or neither. The issuer is kept exactly as given: it must
 * equal the tokens' `iss`, and some providers end theirs with a slash. As API Gateway wants it:
 * https, no query or fragment (plain http only on this machine).
 */
function oidcProvider(env: Env): Readonly<OidcProvider> | undefined {
  const issuer = text(env, 'OIDC_ISSUER');
  const audience = text(env, 'OIDC_AUDIENCE');
  if (issuer === undefined && audience === undefined) return undefined;
  if (issuer === undefined)
    throw malformed('OIDC_AUDIENCE', audience ?? '', 'it together with OIDC_ISSUER, or neither');
  const url = URL.canParse(issuer) ? new URL(issuer) : undefined;
  const secure =
    url?.protocol === 'https:' || (url?.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
  if (
    !url ||
    !secure ||
    url.search ||
    url.hash ||
    url.username ||
    issuer.includes('?') ||
    issuer.includes('#')
  )
    throw malformed(
      'OIDC_ISSUER',
      issuer,
      "the provider's issuer exactly as its tokens' iss says, an https address without query or fragment, such as https://sso.example.gov.cn/realms/gx",
    );
  const audiences = [...new Set(commaList(audience ?? ''))];
  if (audiences.length === 0 || audiences.some((item) => !/^[\x21-\x7e]{1,512}$/.test(item)))
    throw malformed(
      'OIDC_AUDIENCE',
      audience ?? '',
      'the client ids tokens are issued to, comma separated, together with OIDC_ISSUER',
    );
  return Object.freeze({ issuer, audiences: Object.freeze(audiences) });
}

/** The configuration `env` describes, frozen; throws one sentence naming a malformed variable. */
export function loadConfig(env: Env): Config {
  const functionName = text(env, 'SERVICE_NAME');
  const appUrl = httpAddress(env, 'APP_URL', 'https://jxjy.example.gov.cn') ?? DEFAULT_APP_URL;
  return Object.freeze({
    functionName,
    serviceName: functionName ?? DEFAULT_SERVICE_NAME,
    logLevel: logLevel(env),
    corsAllowedOrigins: corsAllowedOrigins(env),
    appUrl,
    verifyPageOrigin: httpAddress(env, 'VERIFY_PAGE_ORIGIN', 'https://d1234abcd.cloudfront.net') ?? appUrl,
    adminEmail: emailAddress(env, 'ADMIN_EMAIL'),
    creditRequirement: creditRequirement(env),
    baseMinimums: Object.freeze({
      national: positiveInteger(env, 'BASE_MINIMUM_NATIONAL', DEFAULT_BASE_MINIMUMS.national),
      regional: positiveInteger(env, 'BASE_MINIMUM_REGIONAL', DEFAULT_BASE_MINIMUMS.regional),
    }),
    seminarTargets: Object.freeze({
      sessions: positiveInteger(env, 'SEMINAR_TARGET_SESSIONS', DEFAULT_SEMINAR_TARGETS.sessions),
      trainees: positiveInteger(env, 'SEMINAR_TARGET_TRAINEES', DEFAULT_SEMINAR_TARGETS.trainees),
    }),
    awsRegion: text(env, 'AWS_REGION'),
    dynamodbEndpoint: httpAddress(env, 'DYNAMODB_ENDPOINT', 'http://127.0.0.1:8000'),
    tableNames: tableNames(env),
    localKeysDir: text(env, 'LOCAL_KEYS_DIR'),
    signingKeyId: text(env, 'SIGNING_KEY_ID'),
    signingPreviousKeyIds: Object.freeze(commaList(env.SIGNING_PREVIOUS_KEY_IDS ?? '')),
    mailOutboxDir: text(env, 'MAIL_OUTBOX_DIR'),
    mailFrom: text(env, 'MAIL_FROM'),
    mailSenderName: senderName(env),
    mailSignature: mailSignature(env),
    mailerFunctionName: text(env, 'MAILER_FUNCTION_NAME'),
    mailTransport: mailTransport(env),
    smtp: smtpSettings(env),
    reportsDir: text(env, 'REPORTS_DIR'),
    reportsBucket: bucketName(env, 'REPORTS_BUCKET'),
    deadLetterQueues: deadLetterQueues(env),
    claimNames: claimNames(env),
    oidc: oidcProvider(env),
  });
}

let current: Config | undefined;

/** This process's configuration: read from `process.env` on first use, then the same object. */
export function config(): Config {
  current ??= loadConfig(process.env);
  return current;
}

/**
 * Puts `settings` in place of what the environment says, from now on: tests hand over theirs, and
 * the local runtime the environment it gave its handlers. What was already built from the previous
 * configuration (module-scope clients, chosen adapters) stays as it was.
 */
export function useConfig(settings: Config): void {
  current = settings;
}
