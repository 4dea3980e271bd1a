/** The routes of the `trainees` function: its part of the route table (`#shared/routes`). */
import { Credits, CreditsQuery, TraineeProfile, TraineeProfileInput } from '#shared/domain/trainees/schemas';
import type { RouteDef } from './types';

export const TRAINEES_ROUTES = [
  {
    operationId: 'putMyProfile',
    method: 'PUT',
    path: '/trainees/me',
    function: 'trainees',
    access: ['trainee'],
    summary: "Create or replace the caller's trainee profile (ID number checked)",
    status: 200,
    body: TraineeProfileInput,
    response: TraineeProfile,
  },
  {
    operationId: 'getMyProfile',
    method: 'GET',
    path: '/trainees/me',
    function: 'trainees',
    access: ['trainee'],
    summary: "The caller's own profile, the only place the ID number is shown in full",
    status: 200,
    response: TraineeProfile,
  },
  {
    operationId: 'getMyCredits',
    method: 'GET',
    path: '/trainees/me/credits',
    function: 'trainees',
    access: ['trainee'],
    summary: "The caller's credit hours of a year by subject type, against the yearly requirement",
    status: 200,
    query: CreditsQuery,
    response: Credits,
  },
] as const satisfies readonly RouteDef[];
