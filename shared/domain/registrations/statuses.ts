/**
 * The statuses of a registration. No rule here, so the labels and messages (shared/i18n) name them
 * without importing the schemas that speak in them.
 */
export const REGISTRATION_STATUSES = ['confirmed', 'waitlisted', 'cancelled', 'completed', 'failed'] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];
