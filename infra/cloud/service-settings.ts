/**
 * The service's settings, each from its prop or else its context value (`-c name=value`): the
 * mail's sender and look, the web app's address, the signing keys, the operators' and the program
 * office's addresses, the browser origins and the concurrency caps. Each is checked as the
 * functions will read it, before anything is built, so a bad value fails the synth early.
 */
import type { Construct } from 'constructs';
import { corsOriginsFrom, loadConfig } from '#shared/config/env';
import type { FunctionName } from '#shared/functions';
import { parseAlarmEmail } from './alarms';
import {
  parseReservedConcurrency,
  RESERVED_CONCURRENCY_CONTEXT,
  type ReservedConcurrency,
} from './reserved-concurrency';

export interface ServiceSettingsProps {
  /**
   * The From address of the system's mail (`MAIL_FROM`). Functions that send mail may send only
   * from it, through its SES identity (the address itself, or its verified domain).
   * @default context `senderIdentity`, else noreply@example.gov.cn
   */
  readonly senderIdentity?: string;
  /**
   * The display name of every mail's From (`MAIL_SENDER_NAME`, to the functions that send mail).
   * @default context `mailSenderName`, else 广西专业技术人才知识更新工程
   */
  readonly mailSenderName?: string;
  /**
   * The program office's signature that ends every mail, its lines separated by newlines or `\n`
   * (`MAIL_SIGNATURE`, to the functions that send mail).
   * @default context `mailSignature`, else the regional human resources department's office
   */
  readonly mailSignature?: string;
  /**
   * Certificate signing keys retired by a rotation (KMS key ARNs). Certificates they signed must
   * still verify: signing and verifying functions get them as `SIGNING_PREVIOUS_KEY_IDS`; signing
   * functions may read their public keys (`kms:GetPublicKey`, to publish them), nothing more.
   * @default context `previousSigningKeyArns` (a list, or a comma-separated string), else none
   */
  readonly previousSigningKeyArns?: readonly string[];
  /**
   * The web app's address, for links in mail and QR codes (`APP_URL`, every function).
   * @default context `appUrl`, else https://knowledge-renewal.example.gov.cn
   */
  readonly appUrl?: string;
  /**
   * Subscribed (after confirming SNS's mail) to the alarm topic: dead letters of jobs and mail.
   * @default context `alarmEmail`, else no subscription (subscribe to the `AlarmTopicArn` output)
   */
  readonly alarmEmail?: string;
  /**
   * The program office's address for notices the reminders send it and for the annual reports
   * awaiting its review (`ADMIN_EMAIL`, to the functions that queue mail and the notifier).
   * @default context `adminEmail`, else none (those notices are skipped)
   */
  readonly adminEmail?: string;
  /**
   * Origins whose browser apps may call the API (the web and mobile apps' web views). The
   * verification page needs none: its distribution forwards `/public/*` to the API.
   * @default `CORS_ALLOWED_ORIGINS` when synthesizing (comma-separated), else none
   */
  readonly corsAllowedOrigins?: readonly string[];
  /**
   * A cap on each API function's concurrent executions (reserved concurrency), so that no one
   * function can take the account's whole concurrency or run up the bill. A number for every API
   * function, or `{"<function>": n}` for some.
   * @default context `reservedConcurrency`, else none (see RESERVED_CONCURRENCY_CONTEXT)
   */
  readonly reservedConcurrency?: number | Readonly<Partial<Record<FunctionName, number>>>;
}

/** What every mail shows of its sender: the From display name and the signature. */
export type MailLook = { MAIL_SENDER_NAME: string; MAIL_SIGNATURE: string };

/** What the functions are told and granted about the certificate signing keys. */
export interface SigningKeys {
  /** The data stack's key: signs new certificates. */
  readonly currentArn: string;
  /** Retired keys: only their public halves are still read. */
  readonly previousArns: readonly string[];
}

/** The settings, checked. */
export interface ServiceSettings {
  readonly senderIdentity: string;
  readonly mailLook: MailLook;
  readonly appUrl: string;
  readonly signingKeys: SigningKeys;
  /** Empty unless given: browsers then refuse every cross-origin call. */
  readonly corsOrigins: readonly string[];
  readonly concurrency: ReservedConcurrency;
  readonly alarmEmail: string | undefined;
  readonly adminEmail: string | undefined;
}

const DEFAULT_SENDER_IDENTITY = 'noreply@example.gov.cn';
const DEFAULT_APP_URL = 'https://knowledge-renewal.example.gov.cn';

// A key ARN, not an alias or a key id: IAM resources are ARNs, and a wildcard would grant every key.
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

/**
 * The settings of the service built in `scope`, whose current signing key is `signingKeyArn` and
 * whose API routes to `apiFunctions` (the only functions a concurrency cap may name).
 */
export function serviceSettings(
  scope: Construct,
  props: ServiceSettingsProps,
  service: { readonly signingKeyArn: string; readonly apiFunctions: ReadonlySet<FunctionName> },
): ServiceSettings {
  const context = (key: string): unknown => scope.node.tryGetContext(key);
  return {
    senderIdentity:
      props.senderIdentity ?? (context('senderIdentity') as string | undefined) ?? DEFAULT_SENDER_IDENTITY,
    appUrl: parseAppUrl(props.appUrl ?? context('appUrl') ?? DEFAULT_APP_URL),
    mailLook: parseMailLook(
      props.mailSenderName ?? context('mailSenderName'),
      props.mailSignature ?? context('mailSignature'),
    ),
    signingKeys: {
      currentArn: service.signingKeyArn,
      previousArns: parseKeyArns(props.previousSigningKeyArns ?? context('previousSigningKeyArns')),
    },
    // API Gateway refuses anything but origins and `*`: checked before anything is built.
    corsOrigins: corsOriginsFrom(
      props.corsAllowedOrigins?.join(',') ?? process.env.CORS_ALLOWED_ORIGINS ?? '',
    ),
    concurrency: parseReservedConcurrency(
      props.reservedConcurrency ?? context(RESERVED_CONCURRENCY_CONTEXT),
      service.apiFunctions,
    ),
    alarmEmail: parseAlarmEmail(props.alarmEmail ?? context('alarmEmail')),
    adminEmail: parseAlarmEmail(props.adminEmail ?? context('adminEmail'), 'adminEmail'),
  };
}

/** The retired key ARNs, from the prop or from context (`-c` on the CLI gives a string). */
function parseKeyArns(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return [];
  let list: unknown = value;
  if (typeof value === 'string') {
    try {
      list = value.trim().startsWith('[') ? JSON.parse(value) : value.split(',');
    } catch {
      list = undefined;
    }
  }
  if (!Array.isArray(list) || list.some((arn) => typeof arn !== 'string'))
    throw new Error(`previousSigningKeyArns must be a list of KMS key ARNs, got ${JSON.stringify(value)}`);
  const arns = (list as string[]).map((arn) => arn.trim()).filter(Boolean);
  for (const arn of arns) {
    if (!KMS_KEY_ARN.test(arn))
      throw new Error(
        `previousSigningKeyArns: "${arn}" is not a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<id>)`,
      );
  }
  return [...new Set(arns)];
}

/** Checked as the functions will read them (shared/config/env.ts), so a bad one fails the synth. */
function parseMailLook(senderName: unknown, signature: unknown): MailLook {
  const given = (value: unknown, name: string) => {
    if (value !== undefined && value !== null && typeof value !== 'string')
      throw new Error(`${name} must be text, got ${JSON.stringify(value)}`);
    return value ?? undefined;
  };
  const settings = loadConfig({
    MAIL_SENDER_NAME: given(senderName, 'mailSenderName'),
    MAIL_SIGNATURE: given(signature, 'mailSignature'),
  });
  return { MAIL_SENDER_NAME: settings.mailSenderName, MAIL_SIGNATURE: settings.mailSignature.join('\n') };
}

/** An absolute https URL without a trailing slash: links are built by appending paths. */
function parseAppUrl(value: unknown): string {
  const text = typeof value === 'string' ? value.trim() : '';
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (url?.protocol !== 'https:' || url.search || url.hash)
    throw new Error(`appUrl must be an https URL without query or fragment, got ${JSON.stringify(value)}`);
  return text.replace(/\/+$/, '');
}
