/**
 * Slow DynamoDB requests on purpose, for fault tests and demonstrations on one machine only:
 * `DYNAMODB_DELAY=<Operation>:<table>:<milliseconds>` holds every such request the handlers send
 * for that long before it goes out, e.g. `UpdateItem:idempotency:8000` makes a first request slow
 * to record its answer, so a replay meets it still running and a kill meanwhile leaves the work
 * done and the answer unrecorded. Each hold is announced on stderr (HELD_MARK), so a test waits
 * for the moment instead of guessing it with a sleep. Never installed in the cloud.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export interface DynamoDbDelay {
  /** The API operation, as in `UpdateItem` (the SDK's command name without `Command`). */
  operation: string;
  table: string;
  ms: number;
}

/** The line a held request writes to stderr, followed by the operation and the table. */
export const HELD_MARK = 'dynamodb delay: holding';

/** The delay `DYNAMODB_DELAY` asks for; undefined when unset, an error naming the form when malformed. */
export function parseDynamoDbDelay(raw: string | undefined): DynamoDbDelay | undefined {
  if (raw === undefined || raw === '') return undefined;
  const match = /^([A-Za-z]+):([A-Za-z0-9_.-]+):(\d+)$/.exec(raw);
  const ms = Number(match?.[3]);
  if (!match || !Number.isSafeInteger(ms) || ms < 1) {
    throw new Error(
      `DYNAMODB_DELAY=${raw} is not <Operation>:<table>:<milliseconds>, e.g. UpdateItem:idempotency:8000.`,
    );
  }
  return { operation: match[1] as string, table: match[2] as string, ms };
}

/** Holds `client`'s requests that match `delay` (the document client built on it shares its stack). */
export function delayDynamoDbRequests(client: DynamoDBClient, delay: DynamoDbDelay): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { TableName?: unknown };
      if (context.commandName === `${delay.operation}Command` && input.TableName === delay.table) {
        console.error(`${HELD_MARK} ${delay.operation} ${delay.table} ${delay.ms}`);
        await new Promise((resolve) => setTimeout(resolve, delay.ms));
      }
      return next(args);
    },
    { step: 'initialize', name: 'localDynamoDbDelay' },
  );
}
