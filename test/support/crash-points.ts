/**
 * A process dying at a chosen point of a request, as DynamoDB sees it: the write the point names
 * reaches the table, its answer is lost, and from then on every call fails until `restart` (the
 * function or DynamoDB Local is gone), so nothing after it is written, not even a middleware's
 * clean-up. A client middleware outside the SDK's retry loop: the SDK never retries the crash.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** Which command a point names, from the command's name and its (marshalled) input. */
export type CommandMatch = (commandName: string, input: Record<string, unknown>) => boolean;

export class Crash extends Error {
  override name = 'Crash';
}

const updateExpression = (input: Record<string, unknown>) => String(input.UpdateExpression ?? '');

/** The steps of a registration (shared/store/registering.ts), each named by the call it makes. */
export const REGISTRATION_STEPS = {
  /** The reads: the profile, the registration under the trainee's id, a legacy guard. */
  reads: (command) => command === 'BatchGetItemCommand',
  /** (b) the seat or ticket taken on the session, the claim marked pending. */
  'seat or ticket taken': (command, input) =>
    command === 'UpdateItemCommand' && updateExpression(input).includes('#claim ='),
  /** (c) the registration put: all written, only the idempotency record's answer missing. */
  'registration written': (command, input) =>
    command === 'PutItemCommand' && JSON.stringify(input).includes('"registration"'),
} satisfies Record<string, CommandMatch>;
export type RegistrationStep = keyof typeof REGISTRATION_STEPS;

export interface CrashPoints {
  /** Dies right after the next command `match` names has been written. */
  crashAfter(match: CommandMatch): void;
  /** Up again: calls reach DynamoDB as before. */
  restart(): void;
  remove(): void;
}

let installed = 0;

export function crashPoints(client: DynamoDBClient): CrashPoints {
  let armed: CommandMatch | undefined;
  let down = false;
  const name = `crashPoints${++installed}`;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (down) throw new Crash('The process is down');
      const result = await next(args);
      const input = (args as { input: Record<string, unknown> }).input;
      if (armed?.(context.commandName ?? '', input)) {
        armed = undefined;
        down = true;
        throw new Crash(`Crashed after ${context.commandName}`);
      }
      return result;
    },
    // After the document client's marshalling (initialize, high priority), before the retries.
    { step: 'initialize', priority: 'low', name },
  );
  return {
    crashAfter: (match) => {
      armed = match;
    },
    restart: () => {
      down = false;
      armed = undefined;
    },
    remove: () => {
      client.middlewareStack.remove(name);
    },
  };
}
