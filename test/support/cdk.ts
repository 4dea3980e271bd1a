/** What the CDK tests share: resource shapes, building the app without bundling, logical ids. */
import { type CfnResource, Stack, Validations } from 'aws-cdk-lib';
import type { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { buildApp } from '#infra/cloud/app';

export type Resource = { Type: string; Properties?: Record<string, unknown>; [key: string]: unknown };
export type Statement = { Action: string | string[]; Resource: unknown; Effect: string; Condition?: unknown };

/** No bundling: the context key `cdk synth --exclusively` uses to skip other stacks' assets. */
export const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

/** The app as `buildApp` makes it, without bundling any function (the templates are the same). */
export const buildUnbundled = (options: Parameters<typeof buildApp>[0] = {}) =>
  buildApp({
    ...options,
    appProps: { ...options.appProps, context: { ...NO_BUNDLING, ...options.appProps?.context } },
  });

export const logicalId = (construct: IConstruct) =>
  Stack.of(construct).getLogicalId(construct.node.defaultChild as CfnResource);

export const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** A cdk-nag finding acknowledged on a construct (Validations.acknowledge). */
export interface Acknowledgement {
  construct: IConstruct;
  /** The finding as cdk-nag names it, e.g. `AwsSolutions-IAM5[Resource::*]`. */
  rule: string;
  reason: string;
}

/** Every acknowledgement on `scope` and the constructs under it. */
export const acknowledgementsUnder = (scope: IConstruct): Acknowledgement[] =>
  scope.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        // Recorded as `<prefix>::<rule id>`; the rule id may itself hold `::` (IAM5 resources).
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          construct,
          rule: id.replace(/^.*?::/, ''),
          reason,
        })),
      ),
  );

/** cdk-nag's AwsSolutions findings under `scope` that nothing acknowledges, as `rule paths`. */
export const unacknowledgedFindings = (scope: IConstruct): string[] =>
  new AwsSolutionsChecks()
    .validateScope(scope)
    .violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath)}`);

/** The statements of one inline policy. */
export const statementsIn = (policy: Resource | undefined): Statement[] =>
  ((policy?.Properties?.PolicyDocument ?? { Statement: [] }) as { Statement: Statement[] }).Statement;

/** Every statement of every inline policy of `template` attached to the role with this logical id. */
export const statementsOfRole = (template: Template, roleLogicalId: string): Statement[] =>
  Object.values(template.findResources('AWS::IAM::Policy') as Record<string, Resource>)
    .filter((policy) => JSON.stringify(policy.Properties?.Roles).includes(`"${roleLogicalId}"`))
    .flatMap(statementsIn);

/** The properties of an EventBridge Scheduler schedule, as the tests read them. */
export interface ScheduleProps {
  ScheduleExpression: string;
  ScheduleExpressionTimezone: string;
  FlexibleTimeWindow: { Mode: string };
  State?: string;
  Target: {
    Arn: unknown;
    RoleArn: { 'Fn::GetAtt': [string, string] };
    Input: string;
    RetryPolicy?: { MaximumRetryAttempts: number; MaximumEventAgeInSeconds: number };
    DeadLetterConfig?: { Arn: unknown };
  };
}
