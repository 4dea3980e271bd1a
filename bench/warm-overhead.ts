/**
 * What the house stack adds to a warm request: `GET /sessions/{id}` through the sessions
 * function's handler, the middy stack of every HTTP function (shared/http/handler.ts: header
 * normalization, the log context, CORS, security headers, no-store, the error shape, the route
 * table's role check and zod validation of the path, idempotency, which lets a GET through), the
 * store's GetItem and zod parse of the record, JSON and the request's log line, in process against
 * DynamoDB Local, beside a bare GetItem of the same item through the same kind of client, the two
 * alternating call by call. The answer's headers are kept, to show the stack ran.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runInChild } from './child';
import { startChildTables } from './child-tables';
import { quantile } from './stats';

export const WARMUP_CALLS = 300;
export const MEASURED_CALLS = 2_000;
export const OVERHEAD_TARGET_MS = 2;

export interface WarmOverheadResult {
  calls: number;
  handlerMedianMs: number;
  bareMedianMs: number;
  handlerP90Ms: number;
  bareP90Ms: number;
  /** Median handler time minus median bare GetItem time. */
  overheadMs: number;
  statusCodes: number[];
  /** The header names of the handler's last answer (the middlewares' marks: CORS, nosniff, no-store). */
  answerHeaders: string[];
}

const CHILD_FLAG = '--warm-overhead-child';
const here = fileURLToPath(import.meta.url);

export function warmOverhead(): Promise<WarmOverheadResult> {
  return runInChild<WarmOverheadResult>({ script: here, flag: CHILD_FLAG, name: 'warm-overhead' });
}

// ---------------------------------------------------------------------------------------------
// The child: everything below runs with the environment set before the store modules load.

/** Swallows stdout while `work` runs: the request log lines are written (their cost counts), not shown. */
async function withoutStdout<T>(work: () => Promise<T>): Promise<T> {
  const write = process.stdout.write;
  process.stdout.write = ((_chunk: unknown, encoding?: unknown, callback?: unknown) => {
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') done();
    return true;
  }) as typeof process.stdout.write;
  try {
    return await work();
  } finally {
    process.stdout.write = write;
  }
}

async function child(resultFile: string): Promise<void> {
  const work = process.env.BENCH_WORK_DIR ?? mkdtempSync(join(tmpdir(), 'gx-bench-warm-'));
  const { dynamo, use } = await startChildTables(['warm']);
  try {
    process.env.LOCAL_KEYS_DIR = join(work, 'keys');
    // A log line per request, as in the cloud.
    process.env.LOG_LEVEL = 'INFO';
    use('warm');

    const [{ handler }, { db }, { GetCommand }, { sessionKey }, { tableName }, fixtures, events] =
      await Promise.all([
        import('#functions/sessions/handler'),
        import('#shared/store/client'),
        import('@aws-sdk/lib-dynamodb'),
        import('#shared/store/sessions'),
        import('#shared/store/tables'),
        import('../test/support/fixtures'),
        import('../test/support/http-event'),
      ]);
    const { plan } = await fixtures.hostWithPublishedPlan();
    const session = await fixtures.sessionOf(plan);

    const context = events.lambdaContext('sessions');
    const claims = events.claimsFor('trainee', 'bench-trainee');
    const viaHandler = async () => {
      const event = events.httpEvent({
        routeKey: 'GET /sessions/{sessionId}',
        pathParameters: { sessionId: session.id },
        claims,
      });
      const started = performance.now();
      const result = await handler(event, context);
      return {
        ms: performance.now() - started,
        status: result.statusCode ?? 0,
        headers: Object.keys(result.headers ?? {}),
      };
    };
    // The same read the store makes (strongly consistent), without anything around it.
    const bare = async () => {
      const started = performance.now();
      await db.send(
        new GetCommand({ TableName: tableName('plans'), Key: sessionKey(session.id), ConsistentRead: true }),
      );
      return performance.now() - started;
    };

    const handlerMs: number[] = [];
    const bareMs: number[] = [];
    const statusCodes = new Set<number>();
    let answerHeaders: string[] = [];
    await withoutStdout(async () => {
      for (let call = 0; call < WARMUP_CALLS + MEASURED_CALLS; call++) {
        const measured = call >= WARMUP_CALLS;
        // Alternating which goes first, so neither always follows the other.
        const first = call % 2 === 0;
        if (first) bareMs.push(await bare());
        const answer = await viaHandler();
        if (!first) bareMs.push(await bare());
        statusCodes.add(answer.status);
        answerHeaders = answer.headers;
        if (measured) handlerMs.push(answer.ms);
        else bareMs.pop();
      }
    });

    const handlerMedianMs = quantile(handlerMs, 0.5);
    const bareMedianMs = quantile(bareMs, 0.5);
    const result: WarmOverheadResult = {
      calls: MEASURED_CALLS,
      handlerMedianMs,
      bareMedianMs,
      handlerP90Ms: quantile(handlerMs, 0.9),
      bareP90Ms: quantile(bareMs, 0.9),
      overheadMs: handlerMedianMs - bareMedianMs,
      statusCodes: [...statusCodes],
      answerHeaders: answerHeaders.sort(),
    };
    writeFileSync(resultFile, JSON.stringify(result, null, 2));
    db.destroy();
  } finally {
    await dynamo.stop();
  }
}

if (
  process.argv[2] === CHILD_FLAG &&
  process.argv[1] &&
  import.meta.url === pathToFileURL(process.argv[1]).href
) {
  const resultFile = process.argv[3];
  if (!resultFile) throw new Error('Usage: warm-overhead.ts --warm-overhead-child <result.json>');
  child(resultFile).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
