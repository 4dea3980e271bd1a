/**
 * The one catalogue of what the API says to people: every refusal's message, in every language
 * it answers in, grouped by the part of the program it belongs to. Code refers to an entry, never
 * writes the words itself.
 */
import { annualReports } from './messages/annual-reports';
import { certificates } from './messages/certificates';
import { organizations } from './messages/organizations';
import { plans } from './messages/plans';
import { registrations } from './messages/registrations';
import { reports } from './messages/reports';
import { requests } from './messages/requests';
import { rosters } from './messages/rosters';
import { sessions } from './messages/sessions';
import { trainees } from './messages/trainees';
import { validation } from './messages/validation';
import { verification } from './messages/verification';

export const MESSAGES = {
  requests,
  validation,
  organizations,
  annualReports,
  trainees,
  reports,
  rosters,
  verification,
  plans,
  sessions,
  registrations,
  certificates,
};
