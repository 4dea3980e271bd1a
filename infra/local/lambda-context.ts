/** The Lambda context a local invocation gets: the fields the logger reads, shaped as in the cloud. */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

// Built like every ARN of infra/ (no literal partition prefix): the local system poses as the
// global partition, whatever the profile the cloud stacks are synthesized for.
const LOCAL_PARTITION = 'aws';

export function localLambdaContext(functionName: string, timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:${LOCAL_PARTITION}:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
