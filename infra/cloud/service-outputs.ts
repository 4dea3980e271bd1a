/**
 * What the service stack tells whoever deploys it (`cdk deploy` prints these): where the API is,
 * the user pool its clients sign in with (global profile), the operators' topic to subscribe to,
 * and what resending a parked mail batch needs.
 */
import { CfnOutput, type Stack } from 'aws-cdk-lib';
import type { HttpStage } from 'aws-cdk-lib/aws-apigatewayv2';
import type { AlarmTopic } from './alarms';
import type { DataResources } from './data-stack';
import type { HouseFunction } from './house-function';
import type { MailDispatch } from './mail-dispatch';

export interface ServiceOutputsProps {
  readonly stage: HttpStage;
  readonly data: DataResources;
  readonly alarms: AlarmTopic;
  readonly mailDispatch: MailDispatch | undefined;
  /** The function that sends queued mail, if any. */
  readonly mailer: HouseFunction | undefined;
}

export function addServiceOutputs(stack: Stack, props: ServiceOutputsProps): void {
  new CfnOutput(stack, 'ApiUrl', { value: props.stage.url });
  const { userPool, userPoolClient } = props.data;
  if (userPool) new CfnOutput(stack, 'UserPoolId', { value: userPool.userPoolId });
  if (userPoolClient) new CfnOutput(stack, 'UserPoolClientId', { value: userPoolClient.userPoolClientId });
  new CfnOutput(stack, 'AlarmTopicArn', {
    description: 'Daily dead-letter reports of jobs and mail: subscribe an on-call address or chat channel',
    value: props.alarms.topic.topicArn,
  });
  if (props.mailDispatch && props.mailer) {
    // What resending a parked mail batch needs (docs/operations.md, "Dead letters and redrive").
    new CfnOutput(stack, 'MailerFunctionName', { value: props.mailer.function.functionName });
    new CfnOutput(stack, 'MailDeadLetterQueueUrl', { value: props.mailDispatch.deadLetterQueue.queueUrl });
  }
}
