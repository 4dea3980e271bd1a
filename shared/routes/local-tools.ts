/** The routes of the `local-tools` function: its part of the route table (`#shared/routes`). */
import {
  LocalOutbox,
  LocalStreamsCaughtUp,
  LocalToken,
  MintLocalTokenInput,
} from '#shared/domain/meta/schemas';
import type { RouteDef } from './types';

export const LOCAL_TOOLS_ROUTES = [
  {
    operationId: 'mintLocalToken',
    method: 'POST',
    path: '/local/tokens',
    function: 'local-tools',
    access: 'public',
    summary: 'Local only: a sign-in token for any role, signed by the local key',
    status: 201,
    body: MintLocalTokenInput,
    response: LocalToken,
    localOnly: true,
  },
  {
    operationId: 'listLocalOutbox',
    method: 'GET',
    path: '/local/outbox',
    function: 'local-tools',
    access: 'public',
    summary: 'Local only: the mail the system has sent',
    status: 200,
    response: LocalOutbox,
    localOnly: true,
  },
  {
    operationId: 'localStreamsCaughtUp',
    method: 'GET',
    path: '/local/streams/caught-up',
    function: 'local-tools',
    access: 'public',
    summary:
      'Local only: answers once the stream-triggered functions (notifier, counters) have had every change written before the request',
    status: 200,
    response: LocalStreamsCaughtUp,
    localOnly: true,
  },
] as const satisfies readonly RouteDef[];
