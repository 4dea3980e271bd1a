/** The program's projects, levels, categories and digital fields (docs/domain-rules.md, "Annual plans"). */
export const PROJECTS = ['seminar', 'capability', 'digital-engineer', 'base-training'] as const;
export type Project = (typeof PROJECTS)[number];

export const PLAN_LEVELS = ['national', 'regional'] as const;
export type PlanLevel = (typeof PLAN_LEVELS)[number];

export const CATEGORIES = [
  'advanced',
  'shortage',
  'on-the-job',
  'public-compulsory',
  'public-elective',
  'professional',
  'digital',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** The ten fields of the digital technology engineer program. */
export const DIGITAL_FIELDS = [
  'artificial-intelligence',
  'internet-of-things',
  'big-data',
  'cloud-computing',
  'digital-management',
  'smart-manufacturing',
  'industrial-internet',
  'virtual-reality',
  'blockchain',
  'integrated-circuits',
] as const;

/**
 * Which categories each project admits: seminars are advanced seminars, shortage-skills training
 * or on-the-job training; the capability program has public (compulsory, elective) and
 * professional subjects; digital engineers are trained in one of the digital fields; bases give
 * continuing education in public and professional subjects.
 */
export const CATEGORIES_BY_PROJECT: Record<Project, readonly Category[]> = {
  seminar: ['advanced', 'shortage', 'on-the-job'],
  capability: ['public-compulsory', 'public-elective', 'professional'],
  'digital-engineer': ['digital'],
  'base-training': ['public-compulsory', 'public-elective', 'professional'],
};

/** National seminars are advanced seminars (国家级高级研修); the three categories are regional ones. */
export const NATIONAL_SEMINAR_CATEGORY: Category = 'advanced';
