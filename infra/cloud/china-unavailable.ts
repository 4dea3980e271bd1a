/**
 * THE list of CloudFormation resource types the China profile declares unavailable: a template
 * synthesized for the China regions must contain none of them (test/infra/china-profile.test.ts
 * lists every type of those templates and fails on any of these). Each entry names the AWS page
 * it rests on and when it was read: the pages change, so read them again before relying on an
 * entry (the stored copies read showed no date of their own). A service missing from the list of
 * China services counts as unavailable; a service that is there but cannot work as the global
 * profile uses it counts too, with the reason.
 */

export interface UnavailableType {
  /** A resource type, or a whole service as `AWS::<Service>::*`. */
  readonly type: string;
  readonly why: string;
  /** The page that says so. */
  readonly source: string;
  /** When the page was read (YYYY-MM-DD). */
  readonly read: string;
}

const GETTING_STARTED = 'https://docs.amazonaws.cn/en_us/aws/latest/userguide';

export const CHINA_UNAVAILABLE: readonly UnavailableType[] = [
  {
    type: 'AWS::Cognito::UserPool',
    why: 'Cognito is listed for Beijing only, and "Amazon Cognito User Pools are not currently available in the Beijing Region"',
    source: `${GETTING_STARTED}/cognito.html`,
    read: '2026-12-02',
  },
  ...[
    'AWS::Cognito::UserPoolClient',
    'AWS::Cognito::UserPoolGroup',
    'AWS::Cognito::UserPoolDomain',
    'AWS::Cognito::UserPoolUser',
    'AWS::Cognito::UserPoolIdentityProvider',
    'AWS::Cognito::UserPoolResourceServer',
  ].map((type) => ({
    type,
    why: 'part of a Cognito user pool, which the China regions do not offer',
    source: `${GETTING_STARTED}/cognito.html`,
    read: '2026-12-02',
  })),
  {
    type: 'AWS::SES::*',
    why: 'Amazon SES has no page among the services of the China regions (Documentation by Service)',
    source: `${GETTING_STARTED}/services.html`,
    read: '2026-12-02',
  },
  {
    type: 'AWS::Scheduler::Schedule',
    why:
      'EventBridge Scheduler is not confirmed for the China regions by the Getting Started pages (only a dual-stack ' +
      'endpoint name appears in the EventBridge guide); jobs run from EventBridge rules, whose event buses are listed ' +
      'for both China regions',
    source: 'https://docs.amazonaws.cn/en_us/eventbridge/latest/userguide/feature-availability.html',
    read: '2026-12-02',
  },
  {
    type: 'AWS::Scheduler::ScheduleGroup',
    why: 'EventBridge Scheduler, as above',
    source: 'https://docs.amazonaws.cn/en_us/eventbridge/latest/userguide/feature-availability.html',
    read: '2026-12-02',
  },
  {
    type: 'AWS::CloudFront::Distribution',
    why:
      'CloudFront in China cannot serve its default *.cloudfront.cn domain: it needs an ICP-filed alternate domain and ' +
      'a third-party certificate uploaded to IAM (no ACM); the verification page is served by the API instead',
    source: `${GETTING_STARTED}/cloudfront.html`,
    read: '2026-12-02',
  },
  {
    type: 'AWS::Lambda::Url',
    why: 'Lambda function URLs are not available in the China regions',
    source: `${GETTING_STARTED}/lambda.html`,
    read: '2026-12-02',
  },
];

/** Whether `type` is one the China profile declares unavailable (`AWS::X::*` covers the service). */
export function unavailableInChina(type: string): UnavailableType | undefined {
  return CHINA_UNAVAILABLE.find((entry) =>
    entry.type.endsWith('::*') ? type.startsWith(entry.type.slice(0, -1)) : entry.type === type,
  );
}
