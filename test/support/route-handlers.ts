/**
 * Registrations and results are two functions behind one part of the API; tests that drive both
 * call the one API Gateway would, chosen by the route table.
 */
import { handler as registrations } from '#functions/registrations/handler';
import { handler as results } from '#functions/results/handler';
import { RESULTS_ROUTES } from '#shared/routes/results';
import { routeKey } from '#shared/routes/types';

const RESULTS_KEYS = new Set<string>(RESULTS_ROUTES.map(routeKey));

export const registrationsOrResults = (key: string) => (RESULTS_KEYS.has(key) ? results : registrations);
