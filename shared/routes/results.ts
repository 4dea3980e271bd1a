/** The routes of the `results` function: its part of the route table (`#shared/routes`). */
import {
  Attendance,
  AttendanceInput,
  ResultsInput,
  ResultsRecorded,
  SessionRegistrationsPath,
} from '#shared/domain/registrations/schemas';
import type { RouteDef } from './types';

export const RESULTS_ROUTES = [
  {
    operationId: 'recordAttendance',
    method: 'POST',
    path: '/sessions/{sessionId}/attendance',
    function: 'results',
    access: ['host', 'department', 'admin'],
    summary: 'Who was present on one day of the session',
    status: 200,
    params: SessionRegistrationsPath,
    body: AttendanceInput,
    response: Attendance,
  },
  {
    operationId: 'recordResults',
    method: 'POST',
    path: '/sessions/{sessionId}/results',
    function: 'results',
    access: ['host', 'department', 'admin'],
    summary: "Assessment results: a pass completes the registration and adds the session's hours",
    status: 200,
    params: SessionRegistrationsPath,
    body: ResultsInput,
    response: ResultsRecorded,
  },
] as const satisfies readonly RouteDef[];
