/**
 * The configuration module (shared/config/env.ts): every variable parsed from the environment it
 * is given, a malformed one refused with one sentence naming it, the result frozen, and the
 * process's own read from `process.env` once, on first use.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { applyHandlerEnvironment, readLocalConfig } from '#infra/local/config';
import { type Config, config, loadConfig, missing, useConfig } from '#shared/config/env';
import { TABLES, tableName } from '#shared/store/tables';

afterEach(() => vi.unstubAllEnvs());

/** The message of what `run` throws. */
function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a throw');
}

/** One sentence: one line, one full stop, at the end. */
const ONE_SENTENCE = /^[^\n]+\.$/;

const CURRENT_ARN = 'arn:aws:kms:ap-east-1:123456789012:key/11111111-1111-1111-1111-111111111111';
const PREVIOUS_ARN = 'arn:aws:kms:ap-east-1:123456789012:key/22222222-2222-2222-2222-222222222222';
const DLQ = 'https://sqs.ap-east-1.amazonaws.com/123456789012/KnowledgeRenewal-Service-MailDeadLetterQueue';

describe('loadConfig', () => {
  it('has the local defaults with nothing set', () => {
    expect(loadConfig({})).toEqual({
      functionName: undefined,
      serviceName: 'gx-knowledge-renewal',
      logLevel: 'INFO',
      corsAllowedOrigins: ['*'],
      appUrl: 'http://localhost:3000',
      verifyPageOrigin: 'http://localhost:3000',
      adminEmail: undefined,
      creditRequirement: { totalHours: 90, professionalShare: 2 / 3 },
      baseMinimums: { national: 2_000, regional: 1_000 },
      seminarTargets: { sessions: 20, trainees: 1_000 },
      awsRegion: undefined,
      dynamodbEndpoint: undefined,
      tableNames: {},
      localKeysDir: undefined,
      signingKeyId: undefined,
      signingPreviousKeyIds: [],
      mailOutboxDir: undefined,
      mailFrom: undefined,
      mailSenderName: '广西专业技术人才知识更新工程',
      mailSignature: ['广西壮族自治区人力资源和社会保障厅', '专业技术人才知识更新工程办公室'],
      mailerFunctionName: undefined,
      mailTransport: undefined,
      smtp: { host: undefined, port: 465, secretArn: undefined, username: undefined, password: undefined },
      reportsDir: undefined,
      reportsBucket: undefined,
      deadLetterQueues: undefined,
      claimNames: {
        userId: 'sub',
        roles: 'cognito:groups',
        orgId: 'custom:orgId',
        name: 'name',
        email: 'email',
      },
      oidc: undefined,
    } satisfies Config);
  });

  it('reads every variable a function of the cloud is given', () => {
    const settings = loadConfig({
      SERVICE_NAME: 'certificates',
      LOG_LEVEL: 'warn',
      CORS_ALLOWED_ORIGINS: 'https://app.example.gov.cn, https://m.example.gov.cn',
      APP_URL: 'https://jxjy.example.gov.cn/',
      VERIFY_PAGE_ORIGIN: 'https://d1234abcd.cloudfront.net',
      ADMIN_EMAIL: 'office@hrss.example.gov.cn',
      CREDIT_REQUIRED_HOURS: '72',
      CREDIT_PROFESSIONAL_SHARE: '3/4',
      BASE_MINIMUM_NATIONAL: '2500',
      BASE_MINIMUM_REGIONAL: '1200',
      SEMINAR_TARGET_SESSIONS: '24',
      SEMINAR_TARGET_TRAINEES: '1200',
      AWS_REGION: 'ap-east-1',
      TABLE_PLANS: 'KnowledgeRenewal-Data-Plans1A2B3C',
      TABLE_CERTIFICATES: 'KnowledgeRenewal-Data-Certificates4D5E6F',
      SIGNING_KEY_ID: CURRENT_ARN,
      SIGNING_PREVIOUS_KEY_IDS: `${PREVIOUS_ARN},`,
      MAIL_FROM: 'noreply@example.gov.cn',
      MAILER_FUNCTION_NAME: 'KnowledgeRenewal-Service-Fnmailer-AbC123',
      REPORTS_BUCKET: 'knowledgerenewal-data-reportsbucket-1a2b3c',
      DEAD_LETTER_QUEUES: JSON.stringify({ mail: DLQ }),
    });
    expect(settings).toMatchObject({
      functionName: 'certificates',
      serviceName: 'certificates',
      logLevel: 'WARN',
      corsAllowedOrigins: ['https://app.example.gov.cn', 'https://m.example.gov.cn'],
      appUrl: 'https://jxjy.example.gov.cn',
      verifyPageOrigin: 'https://d1234abcd.cloudfront.net',
      adminEmail: 'office@hrss.example.gov.cn',
      creditRequirement: { totalHours: 72, professionalShare: 0.75 },
      baseMinimums: { national: 2_500, regional: 1_200 },
      seminarTargets: { sessions: 24, trainees: 1_200 },
      awsRegion: 'ap-east-1',
      dynamodbEndpoint: undefined,
      tableNames: {
        TABLE_PLANS: 'KnowledgeRenewal-Data-Plans1A2B3C',
        TABLE_CERTIFICATES: 'KnowledgeRenewal-Data-Certificates4D5E6F',
      },
      signingKeyId: CURRENT_ARN,
      signingPreviousKeyIds: [PREVIOUS_ARN],
      mailFrom: 'noreply@example.gov.cn',
      mailerFunctionName: 'KnowledgeRenewal-Service-Fnmailer-AbC123',
      reportsBucket: 'knowledgerenewal-data-reportsbucket-1a2b3c',
      deadLetterQueues: { mail: DLQ },
    });
  });

  it('reads what the local runtime gives its handlers, every variable at once', () => {
    const env: NodeJS.ProcessEnv = {};
    applyHandlerEnvironment(readLocalConfig({ DATA_DIR: '/tmp/gx-config-unit' }), env);
    const settings = loadConfig(env);
    for (const table of Object.values(TABLES)) expect(settings.tableNames[table.envVar]).toBe(table.name);
    expect(settings).toMatchObject({
      dynamodbEndpoint: 'http://127.0.0.1:8000',
      awsRegion: 'local',
      localKeysDir: '/tmp/gx-config-unit/keys',
      mailOutboxDir: '/tmp/gx-config-unit/outbox',
      reportsDir: '/tmp/gx-config-unit/reports',
      deadLetterQueues: {},
    });
  });

  it('counts empty and blank values as unset, but an empty CORS_ALLOWED_ORIGINS as no origin', () => {
    const blank = loadConfig({
      LOG_LEVEL: '',
      APP_URL: ' ',
      ADMIN_EMAIL: '',
      TABLE_PLANS: '',
      SIGNING_KEY_ID: '',
      MAIL_FROM: ' ',
      REPORTS_BUCKET: '',
      DEAD_LETTER_QUEUES: '',
      CORS_ALLOWED_ORIGINS: '',
    });
    expect(blank).toEqual({ ...loadConfig({}), corsAllowedOrigins: [] });
  });

  it('reads the sender name and the signature, its lines split at newlines or a literal \\n', () => {
    expect(
      loadConfig({
        MAIL_SENDER_NAME: ' 知识更新工程 ',
        MAIL_SIGNATURE: '人社厅\\n 项目办公室 \n\n电话 0771-0000000',
      }),
    ).toMatchObject({
      mailSenderName: '知识更新工程',
      mailSignature: ['人社厅', '项目办公室', '电话 0771-0000000'],
    });
  });

  it('refuses a sender name that would break the From header, and an overlong signature', () => {
    for (const name of ['项目<办公室>', '"引号"', '两行\n名称', '名'.repeat(61)]) {
      expect(errorOf(() => loadConfig({ MAIL_SENDER_NAME: name }))).toMatch(
        /^MAIL_SENDER_NAME is .*one line/,
      );
    }
    expect(errorOf(() => loadConfig({ MAIL_SIGNATURE: Array(11).fill('一行').join('\\n') }))).toMatch(
      /^MAIL_SIGNATURE is .*at most 10 lines/,
    );
  });

  it('takes VERIFY_PAGE_ORIGIN from APP_URL when unset, without trailing slashes', () => {
    expect(loadConfig({ APP_URL: 'https://jxjy.example.gov.cn//' })).toMatchObject({
      appUrl: 'https://jxjy.example.gov.cn',
      verifyPageOrigin: 'https://jxjy.example.gov.cn',
    });
  });

  it("takes LOG_LEVEL before Lambda's application log level, and Lambda's levels as ours", () => {
    expect(loadConfig({ LOG_LEVEL: 'error', AWS_LAMBDA_LOG_LEVEL: 'DEBUG' }).logLevel).toBe('ERROR');
    expect(loadConfig({ AWS_LAMBDA_LOG_LEVEL: 'TRACE' }).logLevel).toBe('DEBUG');
    expect(loadConfig({ AWS_LAMBDA_LOG_LEVEL: 'FATAL' }).logLevel).toBe('ERROR');
    expect(loadConfig({ AWS_LAMBDA_LOG_LEVEL: 'WARN' }).logLevel).toBe('WARN');
    expect(loadConfig({ LOG_LEVEL: 'SILENT' }).logLevel).toBe('SILENT');
  });

  it.each([
    ['LOG_LEVEL', 'verbose'],
    ['AWS_LAMBDA_LOG_LEVEL', 'LOUD'],
    ['CORS_ALLOWED_ORIGINS', 'https://app.example.gov.cn/'],
    ['CORS_ALLOWED_ORIGINS', 'https://a.example.gov.cn, app.example.gov.cn'],
    ['APP_URL', 'jxjy.example.gov.cn'],
    ['APP_URL', 'https://jxjy.example.gov.cn/?x=1'],
    ['APP_URL', 'ftp://jxjy.example.gov.cn'],
    ['VERIFY_PAGE_ORIGIN', 'cloudfront'],
    ['ADMIN_EMAIL', 'office'],
    ['CREDIT_REQUIRED_HOURS', 'ninety'],
    ['CREDIT_REQUIRED_HOURS', '0'],
    ['CREDIT_PROFESSIONAL_SHARE', 'abc'],
    ['CREDIT_PROFESSIONAL_SHARE', '4/3'],
    ['BASE_MINIMUM_NATIONAL', '2e3'],
    ['BASE_MINIMUM_REGIONAL', '-1'],
    ['SEMINAR_TARGET_SESSIONS', 'twenty'],
    ['SEMINAR_TARGET_TRAINEES', '0'],
    ['DYNAMODB_ENDPOINT', '127.0.0.1:8000'],
    ['TABLE_PLANS', 'p'],
    ['TABLE_REGISTRATIONS', 'registrations table'],
    ['REPORTS_BUCKET', 'Reports_Bucket'],
    ['DEAD_LETTER_QUEUES', 'not json'],
    ['DEAD_LETTER_QUEUES', '{"mail": "http://sqs.example"}'],
  ])('refuses %s=%j with one sentence naming it and its value', (name, value) => {
    const message = errorOf(() => loadConfig({ [name]: value }));
    expect(message.startsWith(`${name} is ${JSON.stringify(value)}: `)).toBe(true);
    expect(message).toMatch(ONE_SENTENCE);
  });

  it('reads the claim names and the OpenID Connect provider', () => {
    expect(
      loadConfig({
        CLAIM_USER_ID: 'uid',
        CLAIM_ROLES: ' roles ',
        CLAIM_ORG_ID: 'https://sso.example.gov.cn/org_id',
        CLAIM_NAME: 'display_name',
        CLAIM_EMAIL: 'mail',
        OIDC_ISSUER: 'https://sso.example.gov.cn/realms/gx/',
        OIDC_AUDIENCE: 'gx-web, gx-app,gx-web',
      }),
    ).toMatchObject({
      claimNames: {
        userId: 'uid',
        roles: 'roles',
        orgId: 'https://sso.example.gov.cn/org_id',
        name: 'display_name',
        email: 'mail',
      },
      // The issuer as given, its trailing slash included: it must equal the tokens' `iss`.
      oidc: { issuer: 'https://sso.example.gov.cn/realms/gx/', audiences: ['gx-web', 'gx-app'] },
    });
  });

  it("keeps Cognito's claim names for those not set", () => {
    expect(loadConfig({ CLAIM_ROLES: 'groups', CLAIM_EMAIL: '' }).claimNames).toEqual({
      userId: 'sub',
      roles: 'groups',
      orgId: 'custom:orgId',
      name: 'name',
      email: 'email',
    });
  });

  it('takes a plain-http issuer only on this machine', () => {
    expect(loadConfig({ OIDC_ISSUER: 'http://127.0.0.1:4444', OIDC_AUDIENCE: 'a' }).oidc?.issuer).toBe(
      'http://127.0.0.1:4444',
    );
    expect(
      errorOf(() => loadConfig({ OIDC_ISSUER: 'http://sso.example.gov.cn', OIDC_AUDIENCE: 'a' })),
    ).toMatch(/^OIDC_ISSUER is "http:\/\/sso.example.gov.cn": give .*https/);
  });

  it('wants OIDC_ISSUER and OIDC_AUDIENCE together', () => {
    expect(errorOf(() => loadConfig({ OIDC_ISSUER: 'https://sso.example.gov.cn' }))).toMatch(
      /^OIDC_AUDIENCE is "": give .*together with OIDC_ISSUER\.$/,
    );
    expect(errorOf(() => loadConfig({ OIDC_AUDIENCE: 'gx-web' }))).toMatch(
      /^OIDC_AUDIENCE is "gx-web": give it together with OIDC_ISSUER, or neither\.$/,
    );
  });

  it.each([
    ['CLAIM_ROLES', 'realm roles'],
    ['CLAIM_USER_ID', 'x'.repeat(129)],
    ['CLAIM_EMAIL', '邮箱'],
  ])('refuses the claim name %s=%j with one sentence', (name, value) => {
    const message = errorOf(() => loadConfig({ [name]: value }));
    expect(message.startsWith(`${name} is ${JSON.stringify(value)}: `)).toBe(true);
    expect(message).toMatch(ONE_SENTENCE);
  });

  it.each([
    'sso.example.gov.cn',
    'ftp://sso.example.gov.cn',
    'https://sso.example.gov.cn/realms/gx?x=1',
    'https://sso.example.gov.cn/#top',
  ])('refuses OIDC_ISSUER=%j with one sentence', (issuer) => {
    const message = errorOf(() => loadConfig({ OIDC_ISSUER: issuer, OIDC_AUDIENCE: 'gx-web' }));
    expect(message.startsWith(`OIDC_ISSUER is ${JSON.stringify(issuer)}: `)).toBe(true);
    expect(message).toMatch(ONE_SENTENCE);
  });

  it('says what to give for the share, as the README writes it', () => {
    expect(errorOf(() => loadConfig({ CREDIT_PROFESSIONAL_SHARE: 'abc' }))).toBe(
      'CREDIT_PROFESSIONAL_SHARE is "abc": give a share from 0 to 1, as a fraction such as 2/3 or a decimal such as 0.6667.',
    );
  });

  it('names the origin that is not one', () => {
    expect(errorOf(() => loadConfig({ CORS_ALLOWED_ORIGINS: '*, https://a.example.cn/app' }))).toContain(
      '"https://a.example.cn/app" is not an origin',
    );
  });

  it('is frozen, through and through', () => {
    const settings = loadConfig({
      TABLE_PLANS: 'plans',
      SIGNING_PREVIOUS_KEY_IDS: PREVIOUS_ARN,
      DEAD_LETTER_QUEUES: JSON.stringify({ mail: DLQ }),
    });
    expect(Object.isFrozen(settings)).toBe(true);
    for (const part of [
      settings.corsAllowedOrigins,
      settings.creditRequirement,
      settings.baseMinimums,
      settings.tableNames,
      settings.signingPreviousKeyIds,
      settings.deadLetterQueues,
      settings.claimNames,
    ])
      expect(Object.isFrozen(part)).toBe(true);
    expect(() => {
      (settings as { appUrl: string }).appUrl = 'https://elsewhere.example';
    }).toThrow(TypeError);
  });
});

describe('missing', () => {
  it('names the variable, the function that needs it and what for, in one sentence', () => {
    const message = missing(
      loadConfig({ SERVICE_NAME: 'reports' }),
      'REPORTS_BUCKET',
      'the report files',
    ).message;
    expect(message).toBe(
      'Missing environment variable REPORTS_BUCKET: the reports function needs it for the report files.',
    );
    expect(missing(loadConfig({}), 'MAIL_FROM', 'its mail').message).toBe(
      'Missing environment variable MAIL_FROM: this process needs it for its mail.',
    );
  });

  it('is what a store says of a table its function was not given', () => {
    const settings = loadConfig({ SERVICE_NAME: 'verification', TABLE_CERTIFICATES: 'certificates-unit' });
    expect(tableName('certificates', settings)).toBe('certificates-unit');
    expect(errorOf(() => tableName('plans', settings))).toBe(
      'Missing environment variable TABLE_PLANS: the verification function needs it for the name of the plans table.',
    );
  });
});

describe("the process's configuration", () => {
  it('is read from process.env on first use, not at import, and fails there naming a malformed variable', async () => {
    vi.resetModules();
    vi.stubEnv('LOG_LEVEL', 'loud');
    const fresh = await import('#shared/config/env');
    expect(() => fresh.config()).toThrow('LOG_LEVEL is "loud": give DEBUG, INFO, WARN, ERROR or SILENT.');
  });

  it('is read once: the same frozen object, whatever the environment says later', async () => {
    vi.resetModules();
    vi.stubEnv('CREDIT_REQUIRED_HOURS', '100');
    const fresh = await import('#shared/config/env');
    const first = fresh.config();
    vi.stubEnv('CREDIT_REQUIRED_HOURS', '10');
    expect(fresh.config()).toBe(first);
    expect(fresh.config().creditRequirement.totalHours).toBe(100);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('is the one handed over with useConfig, from then on', () => {
    const settings = loadConfig({ APP_URL: 'https://handed.example.gov.cn' });
    useConfig(settings);
    expect(config()).toBe(settings);
  });
});
