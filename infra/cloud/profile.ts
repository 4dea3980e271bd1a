/**
 * The deployment profile: which services stand behind sign-in, mail, schedules and the verification
 * page, chosen once at synth time. The global partition keeps Cognito, SES, EventBridge Scheduler
 * and CloudFront; the China regions (partition `aws-cn`; docs/operations.md, "Deploying in the
 * China regions") lack or restrict those, and get an OpenID Connect provider, SMTP, EventBridge
 * rules and the page served by the API instead. Functions, tables and the API contract are the same in both.
 *
 * Chosen by `-c partition=aws-cn`, or by the region the app is synthesized for (`cn-north-1`,
 * `cn-northwest-1` from CDK_DEFAULT_REGION or AWS_REGION). Values only known where the app is
 * deployed (the OIDC issuer and client id, the SMTP server and its secret) come from context when
 * given, else they become CloudFormation parameters: the templates synthesize offline either way.
 */

import { type ClaimNames, DEFAULT_SMTP_PORT } from '#shared/config/env';

export type Partition = 'aws' | 'aws-cn';

/** The claim names the API functions read a caller from (`CLAIM_*`, shared/config/env.ts). */
export type { ClaimNames };

export type IdentityProfile =
  | { readonly kind: 'cognito' }
  | {
      readonly kind: 'oidc';
      /** The provider's issuer URL (`iss`); undefined: the `OidcIssuer` parameter. */
      readonly issuer?: string;
      /** The client id tokens are issued for (`aud`); undefined: the `OidcAudience` parameter. */
      readonly audience?: string;
      readonly claims: ClaimNames;
    };

export type MailProfile =
  | { readonly kind: 'ses' }
  | {
      readonly kind: 'smtp';
      /** undefined: the `SmtpHost` parameter. */
      readonly host?: string;
      /** undefined: the `SmtpPort` parameter. */
      readonly port?: number;
      /** Secrets Manager secret with the SMTP user and password; undefined: the `SmtpSecretArn` parameter. */
      readonly secretArn?: string;
    };

export interface DeploymentProfile {
  readonly partition: Partition;
  readonly identity: IdentityProfile;
  readonly mail: MailProfile;
  /** `scheduler`: EventBridge Scheduler in Beijing time; `rules`: EventBridge rules in UTC. */
  readonly schedules: 'scheduler' | 'rules';
  /** `cloudfront`: S3 + CloudFront (nested stack); `api`: the HTTP API serves `/verify` itself. */
  readonly verifyPage: 'cloudfront' | 'api';
}

/** The context keys of the profile (docs/operations.md, "Deploying in the China regions"). */
export const PROFILE_CONTEXT = {
  partition: 'partition',
  identity: 'identity',
  mail: 'mail',
  schedules: 'schedules',
  verifyPage: 'verifyPage',
  oidcIssuer: 'oidcIssuer',
  oidcAudience: 'oidcAudience',
  claimUserId: 'claimUserId',
  claimRoles: 'claimRoles',
  claimOrgId: 'claimOrgId',
  claimName: 'claimName',
  claimEmail: 'claimEmail',
  smtpHost: 'smtpHost',
  smtpPort: 'smtpPort',
  smtpSecretArn: 'smtpSecretArn',
} as const;

/**
 * Standard OpenID Connect claims where there are some (`sub`, `name`, `email`); `roles` and
 * `org_id` are what a provider is configured to add (a Keycloak client mapper, for example).
 */
export const DEFAULT_CLAIMS: ClaimNames = {
  userId: 'sub',
  roles: 'roles',
  orgId: 'org_id',
  name: 'name',
  email: 'email',
};

/** SMTP over TLS from the first byte (implicit TLS): the mail adapter's own default. */
export { DEFAULT_SMTP_PORT };

/** What each partition uses unless context says otherwise. */
const PARTITION_DEFAULTS: Record<
  Partition,
  Pick<DeploymentProfile, 'schedules' | 'verifyPage'> & {
    identity: IdentityProfile['kind'];
    mail: MailProfile['kind'];
  }
> = {
  aws: { identity: 'cognito', mail: 'ses', schedules: 'scheduler', verifyPage: 'cloudfront' },
  'aws-cn': { identity: 'oidc', mail: 'smtp', schedules: 'rules', verifyPage: 'api' },
};

/**
 * What the China regions lack, by the profile setting that would need it, with why
 * (infra/cloud/china-unavailable.ts lists the sources).
 */
const UNAVAILABLE_IN_CHINA: Record<string, string> = {
  'identity=cognito':
    'Cognito user pools are not available in the China regions, nor Cognito authorizers in API Gateway',
  'mail=ses': 'Amazon SES is not among the services of the China regions',
  'verifyPage=cloudfront':
    'CloudFront in China cannot serve its default domain: it needs an ICP-filed alternate domain and an IAM-uploaded certificate',
  'schedules=scheduler': 'EventBridge Scheduler is not confirmed for the China regions',
};

const CHINA_REGION = /^cn-/;

/** Reads a context value, as `this.node.tryGetContext` does. */
export type ContextReader = (key: string) => unknown;

function text(context: ContextReader, key: string): string | undefined {
  const value = context(key);
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' && typeof value !== 'number')
    throw new Error(`${key} must be text, got ${JSON.stringify(value)}`);
  return String(value).trim() || undefined;
}

function choice<T extends string>(
  context: ContextReader,
  key: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const value = text(context, key);
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value))
    throw new Error(`${key} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  return value as T;
}

/** An https URL without query or fragment: API Gateway fetches `<issuer>/.well-known/openid-configuration`. */
function issuerUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (url?.protocol !== 'https:' || url.search || url.hash)
    throw new Error(
      `${PROFILE_CONTEXT.oidcIssuer} must be an https URL without query or fragment, got "${value}"`,
    );
  return value;
}

function smtpPort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`${PROFILE_CONTEXT.smtpPort} must be a port number, got "${value}"`);
  return port;
}

/** A complete secret ARN (with the six-character suffix) in the deployment's partition. */
function secretArn(value: string | undefined, partition: Partition): string | undefined {
  if (value === undefined) return undefined;
  const match = /^arn:([a-z-]+):secretsmanager:[a-z0-9-]+:\d{12}:secret:[\w/+=.@-]+-[A-Za-z0-9]{6}$/.exec(
    value,
  );
  if (!match || match[1] !== partition)
    throw new Error(
      `${PROFILE_CONTEXT.smtpSecretArn} must be the complete ARN of a Secrets Manager secret in partition ${partition} ` +
        `(arn:${partition}:secretsmanager:<region>:<account>:secret:<name>-<6 characters>), got "${value}"`,
    );
  return value;
}

/** The partition from context or the region; a disagreement between them fails the synth. */
function partitionOf(context: ContextReader, env: NodeJS.ProcessEnv): Partition {
  const region = env.CDK_DEFAULT_REGION || env.AWS_REGION || undefined;
  const byRegion: Partition | undefined = region ? (CHINA_REGION.test(region) ? 'aws-cn' : 'aws') : undefined;
  const given = text(context, PROFILE_CONTEXT.partition);
  if (given === undefined) return byRegion ?? 'aws';
  if (given !== 'aws' && given !== 'aws-cn')
    throw new Error(`${PROFILE_CONTEXT.partition} must be aws or aws-cn, got "${given}"`);
  if (byRegion && byRegion !== given)
    throw new Error(
      `${PROFILE_CONTEXT.partition}=${given} does not match region ${region} (partition ${byRegion})`,
    );
  return given;
}

/** The profile this synth builds, from context (`-c`) and the environment the CLI gives the app. */
export function deploymentProfile(
  context: ContextReader,
  env: NodeJS.ProcessEnv = process.env,
): DeploymentProfile {
  const partition = partitionOf(context, env);
  const defaults = PARTITION_DEFAULTS[partition];
  const identityKind = choice(context, PROFILE_CONTEXT.identity, ['cognito', 'oidc'], defaults.identity);
  const mailKind = choice(context, PROFILE_CONTEXT.mail, ['ses', 'smtp'], defaults.mail);
  const schedules = choice(context, PROFILE_CONTEXT.schedules, ['scheduler', 'rules'], defaults.schedules);
  const verifyPage = choice(context, PROFILE_CONTEXT.verifyPage, ['cloudfront', 'api'], defaults.verifyPage);

  if (partition === 'aws-cn') {
    const settings = [
      `identity=${identityKind}`,
      `mail=${mailKind}`,
      `schedules=${schedules}`,
      `verifyPage=${verifyPage}`,
    ];
    for (const setting of settings) {
      const why = UNAVAILABLE_IN_CHINA[setting];
      if (why) throw new Error(`${setting} cannot be deployed in the China regions: ${why}`);
    }
  }

  const claim = (key: string, fallback: string) => text(context, key) ?? fallback;
  const identity: IdentityProfile =
    identityKind === 'cognito'
      ? { kind: 'cognito' }
      : {
          kind: 'oidc',
          issuer: issuerUrl(text(context, PROFILE_CONTEXT.oidcIssuer)),
          audience: text(context, PROFILE_CONTEXT.oidcAudience),
          claims: {
            userId: claim(PROFILE_CONTEXT.claimUserId, DEFAULT_CLAIMS.userId),
            roles: claim(PROFILE_CONTEXT.claimRoles, DEFAULT_CLAIMS.roles),
            orgId: claim(PROFILE_CONTEXT.claimOrgId, DEFAULT_CLAIMS.orgId),
            name: claim(PROFILE_CONTEXT.claimName, DEFAULT_CLAIMS.name),
            email: claim(PROFILE_CONTEXT.claimEmail, DEFAULT_CLAIMS.email),
          },
        };
  const mail: MailProfile =
    mailKind === 'ses'
      ? { kind: 'ses' }
      : {
          kind: 'smtp',
          host: text(context, PROFILE_CONTEXT.smtpHost),
          port: smtpPort(text(context, PROFILE_CONTEXT.smtpPort)),
          secretArn: secretArn(text(context, PROFILE_CONTEXT.smtpSecretArn), partition),
        };
  return { partition, identity, mail, schedules, verifyPage };
}
