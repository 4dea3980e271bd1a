/**
 * The dead-letters job (issue 8): counts every dead-letter queue with GetQueueAttributes (no
 * receive), returns quietly when all are empty, and fails with a readable summary when any holds
 * messages: that failure is what Lambda's on-failure destination publishes to operators.
 */
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as job from '#functions/dead-letters/handler';
import { applyHandlerEnvironment, readLocalConfig } from '#infra/local/config';
import { type Env, loadConfig, useConfig } from '#shared/config/env';
import { JOBS } from '#shared/jobs';

const sqs = mockClient(SQSClient);
const MAIL_DLQ =
  'https://sqs.ap-east-1.amazonaws.com/123456789012/KnowledgeRenewal-Service-MailDeadLetterQueue';
const JOBS_DLQ =
  'https://sqs.ap-east-1.amazonaws.com/123456789012/KnowledgeRenewal-Service-JobsDeadLetterQueue';
const EVENT = { job: 'dead-letters', now: '2026-12-07T02:00:00Z' };
const TEST_ENV: Env = {
  AWS_REGION: 'ap-east-1',
  LOG_LEVEL: 'SILENT',
  SERVICE_NAME: 'dead-letters',
  DEAD_LETTER_QUEUES: JSON.stringify({ mail: MAIL_DLQ, jobs: JOBS_DLQ }),
};
useConfig(loadConfig(TEST_ENV));

const depths = (byUrl: Record<string, [visible: number, notVisible: number]>) =>
  sqs.on(GetQueueAttributesCommand).callsFake((input: { QueueUrl: string }) => {
    const [visible, notVisible] = byUrl[input.QueueUrl] ?? [0, 0];
    return {
      Attributes: {
        ApproximateNumberOfMessages: String(visible),
        ApproximateNumberOfMessagesNotVisible: String(notVisible),
      },
    };
  });

afterEach(() => {
  sqs.reset();
  useConfig(loadConfig(TEST_ENV));
});
afterAll(() => sqs.restore());

describe('the dead-letters job', () => {
  it('is in the job table, daily, after the reminders have had their retries', () => {
    const deadLetters = JOBS.find((candidate) => candidate.name === 'dead-letters');
    expect(deadLetters).toMatchObject({ function: 'dead-letters', cron: '0 10 * * ? *' });
    expect(JOBS.find((candidate) => candidate.name === 'reminders')?.cron).toBe('0 9 * * ? *');
  });

  it('reads the message counts of every queue, and reports nothing when all are empty', async () => {
    depths({});
    expect(await job.runDeadLetters(EVENT)).toEqual({ checked: ['mail', 'jobs'], waiting: {} });
    const inputs = sqs.commandCalls(GetQueueAttributesCommand).map((call) => call.args[0].input);
    expect(inputs.map((input) => input.QueueUrl).sort()).toEqual([JOBS_DLQ, MAIL_DLQ]);
    for (const input of inputs) {
      expect(input.AttributeNames).toEqual([
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
      ]);
    }
  });

  it('fails with one summary naming each queue that holds messages and how many', async () => {
    depths({ [MAIL_DLQ]: [3, 1] });
    const error = (await job.runDeadLetters(EVENT).catch((thrown: unknown) => thrown)) as Error;
    expect(error).toBeInstanceOf(job.DeadLettersWaiting);
    expect(error.name).toBe('DeadLettersWaiting');
    expect(error.message).toMatch(/^4 messages wait in dead-letter queues:/);
    expect(error.message).toContain(`- mail: 4 (${MAIL_DLQ})`);
    expect(error.message).not.toContain('jobs:');
    expect(error.message).toMatch(/redrive/);
  });

  it('says "message" for one', async () => {
    depths({ [JOBS_DLQ]: [1, 0] });
    await expect(job.runDeadLetters(EVENT)).rejects.toThrow(/^1 message wait/);
  });

  it('lets an SQS error propagate: a job that cannot look reaches operators the same way', async () => {
    sqs.on(GetQueueAttributesCommand).rejects(new Error('AccessDenied'));
    await expect(job.runDeadLetters(EVENT)).rejects.toThrow(/AccessDenied/);
  });

  it('fails loudly without its configuration, or with a malformed one', async () => {
    useConfig(loadConfig({ ...TEST_ENV, DEAD_LETTER_QUEUES: undefined }));
    await expect(job.runDeadLetters(EVENT)).rejects.toThrow(
      'Missing environment variable DEAD_LETTER_QUEUES: the dead-letters function needs it',
    );
    for (const bad of ['not json', '[]', '{"mail": 3}', '{"mail": "http://x"}']) {
      expect(() => loadConfig({ ...TEST_ENV, DEAD_LETTER_QUEUES: bad }), bad).toThrow(
        `DEAD_LETTER_QUEUES is ${JSON.stringify(bad)}: give a JSON object of queue name -> https:// queue URL`,
      );
    }
  });

  it('runs locally (npm run job -- dead-letters) with no queue to count and reports nothing', async () => {
    const env: NodeJS.ProcessEnv = {};
    applyHandlerEnvironment(readLocalConfig({ DATA_DIR: '/tmp/never' }), env);
    useConfig(loadConfig({ ...TEST_ENV, DEAD_LETTER_QUEUES: env.DEAD_LETTER_QUEUES }));
    expect(await job.runDeadLetters(EVENT)).toEqual({ checked: [], waiting: {} });
    expect(sqs.commandCalls(GetQueueAttributesCommand)).toHaveLength(0);
  });
});
