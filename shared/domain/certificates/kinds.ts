/**
 * The closed sets of certificates: their types, the levels of a technical certificate, and their
 * statuses. No rule here, so the labels and messages (shared/i18n) name them without importing the
 * numbering and schemas that speak in them.
 */
export const CERTIFICATE_TYPES = ['completion', 'technical-level'] as const;
export type CertificateType = (typeof CERTIFICATE_TYPES)[number];
export const TECHNICAL_LEVELS = ['junior', 'intermediate', 'senior'] as const;
export type TechnicalLevel = (typeof TECHNICAL_LEVELS)[number];

export const CERTIFICATE_STATUSES = ['valid', 'revoked'] as const;
