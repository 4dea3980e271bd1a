/**
 * The SMTP service's username and password. In the cloud they live in Secrets Manager
 * (`SMTP_SECRET_ARN`, a secret of JSON `{"username","password"}`): read on the first mail, kept for
 * the life of the container, and read again only when the server refuses them (the secret was
 * rotated since). On one machine they may come from `SMTP_USERNAME` and `SMTP_PASSWORD`.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

export interface SmtpCredentials {
  username: string;
  password: string;
}

export interface SmtpCredentialSource {
  /** The credentials in use: read once, then the same. */
  current(): Promise<SmtpCredentials>;
  /**
   * Credentials to try after `rejected` was refused: the secret read again, unless a concurrent
   * send already did so (then its newer answer). The same as `rejected` if nothing changed.
   */
  renew(rejected: SmtpCredentials): Promise<SmtpCredentials>;
}

export const sameCredentials = (a: SmtpCredentials, b: SmtpCredentials) =>
  a.username === b.username && a.password === b.password;

/** Given in the environment: nothing to re-read. */
export class FixedCredentials implements SmtpCredentialSource {
  constructor(private readonly credentials: SmtpCredentials) {}
  current = async () => this.credentials;
  renew = async () => this.credentials;
}

let client: SecretsManagerClient | undefined;
/** Made on the first mail, like the SES client. */
const secretsManager = () => (client ??= new SecretsManagerClient({}));

/** Never names the secret's content: only what shape was expected. */
function parseSecret(arn: string, secretString: string | undefined): SmtpCredentials {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString ?? '');
  } catch {
    parsed = undefined;
  }
  const { username, password } = (parsed ?? {}) as Partial<Record<string, unknown>>;
  if (typeof username !== 'string' || !username || typeof password !== 'string' || !password)
    throw new Error(`The secret ${arn} (SMTP_SECRET_ARN) holds no JSON {"username","password"} of text`);
  return { username, password };
}

export class SecretCredentials implements SmtpCredentialSource {
  private cached: Promise<SmtpCredentials> | undefined;

  constructor(private readonly secretArn: string) {}

  current(): Promise<SmtpCredentials> {
    this.cached ??= this.read();
    return this.cached;
  }

  async renew(rejected: SmtpCredentials): Promise<SmtpCredentials> {
    const known = await this.current().catch(() => undefined);
    if (known && !sameCredentials(known, rejected)) return known;
    this.cached = this.read();
    return this.cached;
  }

  private read(): Promise<SmtpCredentials> {
    const reading = secretsManager()
      .send(new GetSecretValueCommand({ SecretId: this.secretArn }))
      .then((answer) => parseSecret(this.secretArn, answer.SecretString));
    // A failed read is not kept: the next mail tries again.
    reading.catch(() => {
      if (this.cached === reading) this.cached = undefined;
    });
    return reading;
  }
}
