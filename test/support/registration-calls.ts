/**
 * A trainee registering and cancelling, and a host setting a session's capacity, through the
 * handlers as API Gateway would call them, each inside `runAsWriter` so that the cloud rules' write
 * log names the request that wrote (infra/local/dynamodb-rules.ts): for the tests that watch who
 * writes a session item.
 */
import { handler as sessionsHandler } from '#functions/sessions/handler';
import { runAsWriter } from '#infra/local/dynamodb-rules';
import type { Registration } from '#shared/domain/registrations/schemas';
import type { Session } from '#shared/domain/sessions/schemas';
import { claimsFor, httpEvent, jsonBody, lambdaContext } from './http-event';
import { registrationsOrResults } from './route-handlers';

export type Answer = { status: number; body: Record<string, unknown> };

async function callAsTrainee(routeKey: string, traineeId: string, pathParameters: Record<string, string>) {
  const result = await runAsWriter(routeKey, () =>
    registrationsOrResults(routeKey)(
      httpEvent({ routeKey, claims: claimsFor('trainee', traineeId), pathParameters }),
      lambdaContext('registrations'),
    ),
  );
  return { status: result.statusCode, body: jsonBody(result) } as Answer;
}

/** The route key registering is written under in the log. */
export const REGISTER = 'POST /sessions/{sessionId}/registrations';

export const register = (sessionId: string, traineeId: string) =>
  callAsTrainee(REGISTER, traineeId, { sessionId });

export const cancel = (registration: Registration) =>
  callAsTrainee('POST /registrations/{registrationId}/cancel', registration.traineeId, {
    registrationId: registration.id,
  });

/** PATCH /sessions/{sessionId} with a new capacity, as the session's host. */
export async function setCapacity(session: Session, capacity: number): Promise<Answer> {
  const result = await sessionsHandler(
    httpEvent({
      routeKey: 'PATCH /sessions/{sessionId}',
      pathParameters: { sessionId: session.id },
      body: JSON.stringify({ capacity }),
      claims: claimsFor('host', `host-user-${session.hostOrgId}`, { 'custom:orgId': session.hostOrgId }),
    }),
    lambdaContext('sessions'),
  );
  return { status: result.statusCode, body: jsonBody(result) } as Answer;
}
