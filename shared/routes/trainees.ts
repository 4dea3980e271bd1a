/** The routes of the `trainees` function: its part of the route table (`#shared/routes`). */
import {
  Credits,
  CreditsQuery,
  LedgerPage,
  LedgerQuery,
  TraineeProfile,
  TraineeProfileInput,
} from '#shared/domain/trainees/schemas';
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
  {
    operationId: 'getMyLedger',
    method: 'GET',
    path: '/trainees/me/ledger',
    function: 'trainees',
    access: ['trainee'],
    summary:
      "The entries behind the caller's credits of a year, oldest first (a reversal after the pass it takes back); their hours add up to the credits' total",
    status: 200,
    query: LedgerQuery,
    response: LedgerPage,
  },
] as const satisfies readonly RouteDef[];
