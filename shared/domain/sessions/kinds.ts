/** The kinds of session: what a pass counts towards, and how it is taught. */
export const SUBJECT_TYPES = ['public-compulsory', 'public-elective', 'professional'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];
export const SESSION_MODES = ['online', 'offline', 'blended'] as const;
export type SessionMode = (typeof SESSION_MODES)[number];
