/** The routes of the `sessions` function: its part of the route table (`#shared/routes`). */
import { PlanIdPath } from '#shared/domain/plans/schemas';
import {
  CreateSessionInput,
  ListSessionsQuery,
  Session,
  SessionIdPath,
  SessionPage,
  UpdateSessionInput,
} from '#shared/domain/sessions/schemas';
import type { RouteDef } from './types';

export const SESSIONS_ROUTES = [
  {
    operationId: 'createSession',
    method: 'POST',
    path: '/plans/{planId}/sessions',
    function: 'sessions',
    access: ['host', 'department', 'admin'],
    summary: 'Add a session to a published plan (its host organization only)',
    status: 201,
    params: PlanIdPath,
    body: CreateSessionInput,
    response: Session,
    idempotent: true,
  },
  {
    operationId: 'listSessions',
    method: 'GET',
    path: '/sessions',
    function: 'sessions',
    access: 'signed-in',
    summary: 'Sessions, by year or plan; open=true for those still taking registrations',
    status: 200,
    query: ListSessionsQuery,
    response: SessionPage,
  },
  {
    operationId: 'getSession',
    method: 'GET',
    path: '/sessions/{sessionId}',
    function: 'sessions',
    access: 'signed-in',
    summary: 'One session, with seats taken and waitlist length',
    status: 200,
    params: SessionIdPath,
    response: Session,
  },
  {
    operationId: 'updateSession',
    method: 'PATCH',
    path: '/sessions/{sessionId}',
    function: 'sessions',
    access: ['host', 'department', 'admin'],
    summary: 'Change a session (its host organization only); capacity never below seats taken',
    status: 200,
    params: SessionIdPath,
    body: UpdateSessionInput,
    response: Session,
  },
] as const satisfies readonly RouteDef[];
