/**
 * The deployment profile as the CLI's context and environment choose it (infra/cloud/profile.ts):
 * the partition from `-c partition` or the region, the China regions' replacements, what may and
 * may not be chosen there, and the values a deployment supplies.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CLAIMS, deploymentProfile } from '#infra/cloud/profile';

const profile = (context: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = {}) =>
  deploymentProfile((key) => context[key], env);

const GLOBAL = {
  identity: { kind: 'cognito' },
  mail: { kind: 'ses' },
  schedules: 'scheduler',
  verifyPage: 'cloudfront',
};
const CHINA = { identity: { kind: 'oidc' }, mail: { kind: 'smtp' }, schedules: 'rules', verifyPage: 'api' };

describe('deploymentProfile', () => {
  it('is the global one without a region or partition, and in any region outside China', () => {
    expect(profile()).toMatchObject({ partition: 'aws', ...GLOBAL });
    expect(profile({}, { AWS_REGION: 'us-west-2' })).toMatchObject({ partition: 'aws', ...GLOBAL });
    expect(profile({}, { CDK_DEFAULT_REGION: 'ap-east-1' })).toMatchObject({ partition: 'aws', ...GLOBAL });
  });

  it('is the China one with -c partition=aws-cn, or in cn-north-1 and cn-northwest-1', () => {
    expect(profile({ partition: 'aws-cn' })).toMatchObject({ partition: 'aws-cn', ...CHINA });
    expect(profile({}, { AWS_REGION: 'cn-north-1' })).toMatchObject({ partition: 'aws-cn', ...CHINA });
    expect(profile({}, { CDK_DEFAULT_REGION: 'cn-northwest-1', AWS_REGION: 'us-west-2' })).toMatchObject({
      partition: 'aws-cn',
    });
    expect(profile({ partition: 'aws-cn' }, { AWS_REGION: 'cn-northwest-1' }).partition).toBe('aws-cn');
  });

  it('refuses a partition that contradicts the region, or is none', () => {
    expect(() => profile({ partition: 'aws-cn' }, { AWS_REGION: 'us-west-2' })).toThrow(
      /does not match region/,
    );
    expect(() => profile({ partition: 'aws' }, { AWS_REGION: 'cn-northwest-1' })).toThrow(
      /does not match region/,
    );
    expect(() => profile({ partition: 'aws-us-gov' })).toThrow(/aws or aws-cn/);
  });

  it('refuses in China what the China regions do not offer', () => {
    expect(() => profile({ partition: 'aws-cn', identity: 'cognito' })).toThrow(
      /identity=cognito.*user pools/,
    );
    expect(() => profile({ partition: 'aws-cn', mail: 'ses' })).toThrow(/mail=ses/);
    expect(() => profile({ partition: 'aws-cn', verifyPage: 'cloudfront' })).toThrow(/ICP/);
    expect(() => profile({ partition: 'aws-cn', schedules: 'scheduler' })).toThrow(/Scheduler/);
  });

  it("lets a global deployment choose the China profile's replacements one by one", () => {
    expect(profile({ identity: 'oidc', mail: 'smtp', schedules: 'rules', verifyPage: 'api' })).toMatchObject({
      partition: 'aws',
      ...CHINA,
    });
    expect(() => profile({ mail: 'pigeon' })).toThrow(/mail must be one of ses, smtp/);
  });

  it('takes the issuer, client id and claim names from context, with standard claims by default', () => {
    expect(profile({ partition: 'aws-cn' }).identity).toEqual({
      kind: 'oidc',
      issuer: undefined,
      audience: undefined,
      claims: DEFAULT_CLAIMS,
    });
    expect(
      profile({
        partition: 'aws-cn',
        oidcIssuer: 'https://sso.gxzf.gov.cn/realms/rst',
        oidcAudience: 'knowledge-renewal',
        claimRoles: 'realm_roles',
        claimOrgId: 'unit_code',
      }).identity,
    ).toEqual({
      kind: 'oidc',
      issuer: 'https://sso.gxzf.gov.cn/realms/rst',
      audience: 'knowledge-renewal',
      claims: { ...DEFAULT_CLAIMS, roles: 'realm_roles', orgId: 'unit_code' },
    });
    expect(() => profile({ partition: 'aws-cn', oidcIssuer: 'http://sso.example' })).toThrow(/https URL/);
  });

  it('takes the SMTP server, port and secret from context, checking each', () => {
    const secret = 'arn:aws-cn:secretsmanager:cn-northwest-1:123456789012:secret:smtp/noreply-AbC123';
    expect(
      profile({
        partition: 'aws-cn',
        smtpHost: 'smtp.example.gov.cn',
        smtpPort: '465',
        smtpSecretArn: secret,
      }).mail,
    ).toEqual({ kind: 'smtp', host: 'smtp.example.gov.cn', port: 465, secretArn: secret });
    expect(() => profile({ partition: 'aws-cn', smtpPort: '70000' })).toThrow(/port number/);
    // A secret of the other partition, or without its suffix, could never be read.
    expect(() => profile({ partition: 'aws-cn', smtpSecretArn: secret.replace('aws-cn', 'aws') })).toThrow(
      /partition aws-cn/,
    );
    expect(() => profile({ partition: 'aws-cn', smtpSecretArn: secret.replace('-AbC123', '') })).toThrow(
      /complete ARN/,
    );
  });
});
