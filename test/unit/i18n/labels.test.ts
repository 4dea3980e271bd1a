/** One table of Chinese labels, complete for every enumerated value the API shows. */
import { describe, expect, it } from 'vitest';
import { ANNUAL_REPORT_STATUSES } from '#shared/domain/annual-reports/statuses';
import { CERTIFICATE_STATUSES, CERTIFICATE_TYPES, TECHNICAL_LEVELS } from '#shared/domain/certificates/kinds';
import { ORGANIZATION_KINDS, ORGANIZATION_STATUSES } from '#shared/domain/organizations/kinds';
import { CATEGORIES, DIGITAL_FIELDS, PLAN_LEVELS, PROJECTS } from '#shared/domain/plans/catalog';
import { PLAN_STATUSES } from '#shared/domain/plans/statuses';
import { REGISTRATION_STATUSES } from '#shared/domain/registrations/statuses';
import { ROLES } from '#shared/domain/roles';
import { SESSION_MODES, SUBJECT_TYPES } from '#shared/domain/sessions/kinds';
import { ALL_LABELS, ROLE_LABELS } from '#shared/i18n/labels';

const CHINESE = /^[\u4e00-\u9fff（）、]+$/;

describe('the labels of GET /public/labels', () => {
  it.each([
    ['projects', PROJECTS],
    ['categories', CATEGORIES],
    ['levels', [...PLAN_LEVELS, ...TECHNICAL_LEVELS]],
    ['fields', DIGITAL_FIELDS],
    ['subjectTypes', SUBJECT_TYPES],
    ['modes', SESSION_MODES],
    [
      'statuses',
      [
        ...PLAN_STATUSES,
        ...ANNUAL_REPORT_STATUSES,
        ...REGISTRATION_STATUSES,
        ...ORGANIZATION_STATUSES,
        ...CERTIFICATE_STATUSES,
      ],
    ],
    ['organizationKinds', ORGANIZATION_KINDS],
    ['certificateTypes', CERTIFICATE_TYPES],
  ] as const)('%s label exactly the domain values, in Chinese', (table, values) => {
    const labels = ALL_LABELS[table] as Record<string, string>;
    expect(Object.keys(labels).sort()).toEqual([...new Set(values)].sort());
    for (const value of values) expect(labels[value], value).toMatch(CHINESE);
  });

  it('name every role in Chinese', () => {
    expect(Object.keys(ROLE_LABELS).sort()).toEqual([...ROLES].sort());
    for (const role of ROLES) expect(ROLE_LABELS[role]).toMatch(CHINESE);
  });
});
