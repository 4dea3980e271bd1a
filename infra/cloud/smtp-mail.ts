/**
 * Mail over SMTP to a configured mail service, where SES is not available (the China profile): the
 * functions that send mail are told the server (`MAIL_TRANSPORT=smtp`, `SMTP_HOST`, `SMTP_PORT`,
 * `SMTP_SECRET_ARN`; the adapter in shared/mail requires TLS) and may read the one secret that
 * holds its user and password. No SES identity and no SES permission exist in this profile.
 */
import { CfnParameter, type Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { DEFAULT_SMTP_PORT, type MailProfile } from './profile';

export interface SmtpMail {
  readonly environment: Readonly<Record<string, string>>;
  readonly secretArn: string;
}

/** The server and secret from the profile, or CloudFormation parameters for those not given. */
export function smtpMail(stack: Stack, profile: Extract<MailProfile, { kind: 'smtp' }>): SmtpMail {
  const host =
    profile.host ??
    new CfnParameter(stack, 'SmtpHost', {
      type: 'String',
      description: 'The SMTP server mail is sent through (TLS required), e.g. smtp.example.gov.cn',
      allowedPattern: '^[A-Za-z0-9.-]+$',
    }).valueAsString;
  const port =
    profile.port !== undefined
      ? String(profile.port)
      : new CfnParameter(stack, 'SmtpPort', {
          type: 'String',
          description: 'The SMTP server port (465: TLS from the first byte)',
          default: String(DEFAULT_SMTP_PORT),
          allowedPattern: '^[0-9]{1,5}$',
        }).valueAsString;
  const secretArn = profile.secretArn ?? secretArnParameter(stack).valueAsString;
  return {
    environment: { MAIL_TRANSPORT: 'smtp', SMTP_HOST: host, SMTP_PORT: port, SMTP_SECRET_ARN: secretArn },
    secretArn,
  };
}

function secretArnParameter(stack: Stack): CfnParameter {
  const parameter = new CfnParameter(stack, 'SmtpSecretArn', {
    type: 'String',
    description: 'The complete ARN of the Secrets Manager secret holding the SMTP user and password',
    allowedPattern: '^arn:[a-z-]+:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+$',
  });
  // CloudFormation's linter reports parameters on the stack, so the acknowledgement goes there.
  Validations.of(stack).acknowledge({
    id: 'CloudFormation-Validate::W2509',
    reason:
      'The parameter names where the SMTP password is kept (a Secrets Manager ARN), not the password: ' +
      'hiding it (NoEcho) would only make the deployed configuration harder to check.',
  });
  return parameter;
}

/**
 * `secretsmanager:GetSecretValue` on that secret alone. Encrypted with the account's
 * `aws/secretsmanager` key, which Secrets Manager uses on the caller's behalf: no KMS grant.
 */
export function grantSmtpSecret(role: iam.IRole, mail: SmtpMail): void {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [mail.secretArn] }),
  );
}
