/**
 * The one catalogue of what the API says to people: every refusal's message, in every language
 * it answers in, grouped by the part of the program it belongs to. Code refers to an entry, never
 * writes the words itself.
 */
// Re-exported one area each, imported as a namespace (`import * as MESSAGES`): a function's
// bundle then carries the areas it refers to, not the whole catalogue.
export { annualReports } from './messages/annual-reports';
export { audit } from './messages/audit';
export { certificates } from './messages/certificates';
export { cities } from './messages/cities';
export { evaluation } from './messages/evaluation';
export { organizations } from './messages/organizations';
export { plans } from './messages/plans';
export { printouts } from './messages/printouts';
export { registrations } from './messages/registrations';
export { reports } from './messages/reports';
export { requests } from './messages/requests';
export { rosters } from './messages/rosters';
export { sessions } from './messages/sessions';
export { trainees } from './messages/trainees';
export { validation } from './messages/validation';
export { verification } from './messages/verification';
