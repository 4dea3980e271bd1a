/** The yearly credit-hour summary against the requirement, and the requirement's configuration. */
import { describe, expect, it } from 'vitest';
import { creditRequirement } from '#shared/config/credits';
import { type Env, loadConfig, useConfig } from '#shared/config/env';
import type { SubjectType } from '#shared/domain/sessions/kinds';
import {
  type CreditRequirement,
  DEFAULT_CREDIT_REQUIREMENT,
  summarizeCredits,
} from '#shared/domain/trainees/ledger';
import type { LedgerEntry } from '#shared/domain/trainees/schemas';

let sequence = 0;
function entry(subjectType: SubjectType, hours: number): LedgerEntry {
  sequence += 1;
  return {
    traineeId: 'trainee-1',
    year: 2026,
    registrationId: `reg_${sequence}`,
    sessionId: `ses_${sequence}`,
    sessionTitle: `研修班 ${sequence}`,
    subjectType,
    hours,
    recordedAt: '2026-12-11T09:00:00.000Z',
  };
}

const summarize = (entries: LedgerEntry[], requirement = DEFAULT_CREDIT_REQUIREMENT) =>
  summarizeCredits(2026, entries, requirement);

describe('summarizeCredits', () => {
  it('is all zeros and not met for a year with no entries', () => {
    expect(summarize([])).toEqual({
      year: 2026,
      publicCompulsory: 0,
      publicElective: 0,
      professional: 0,
      total: 0,
      requiredTotal: 90,
      requiredProfessional: 60,
      met: false,
    });
  });

  it('sums hours per subject type and overall', () => {
    const credits = summarize([
      entry('professional', 24),
      entry('public-compulsory', 12),
      entry('professional', 16),
      entry('public-elective', 8),
      entry('public-compulsory', 6),
    ]);
    expect(credits).toMatchObject({ publicCompulsory: 18, publicElective: 8, professional: 40, total: 66 });
  });

  it('keeps half hours exact', () => {
    const credits = summarize([
      entry('professional', 7.5),
      entry('professional', 0.5),
      entry('public-elective', 2.5),
      entry('public-compulsory', 0.5),
    ]);
    expect(credits).toMatchObject({ publicCompulsory: 0.5, publicElective: 2.5, professional: 8, total: 11 });
  });

  it('rounds away float noise from uneven hours', () => {
    const credits = summarize([entry('professional', 0.1), entry('professional', 0.2)]);
    expect(credits.professional).toBe(0.3);
    expect(credits.total).toBe(0.3);
  });

  it('is met exactly on both thresholds: 90 in all, 60 of them professional', () => {
    const credits = summarize([entry('professional', 60), entry('public-compulsory', 30)]);
    expect(credits).toMatchObject({ total: 90, professional: 60, met: true });
  });

  it('is met exactly on the thresholds when the professional hours arrive in thirds of a total', () => {
    const credits = summarize([
      entry('professional', 20),
      entry('professional', 20),
      entry('professional', 20),
      entry('public-elective', 30),
    ]);
    expect(credits.met).toBe(true);
  });

  it('is not met with 90 hours but half an hour short of 60 professional', () => {
    const credits = summarize([entry('professional', 59.5), entry('public-compulsory', 30.5)]);
    expect(credits).toMatchObject({ total: 90, professional: 59.5, met: false });
  });

  it('is not met with all hours professional but half an hour short of 90', () => {
    const credits = summarize([entry('professional', 89.5)]);
    expect(credits).toMatchObject({ total: 89.5, professional: 89.5, met: false });
  });

  it('is met beyond both thresholds', () => {
    expect(summarize([entry('professional', 100)]).met).toBe(true);
  });

  it('follows a custom requirement', () => {
    const requirement: CreditRequirement = { totalHours: 72, professionalShare: 0.5 };
    const entries = [entry('professional', 36), entry('public-elective', 36)];
    expect(summarize(entries, requirement)).toMatchObject({
      requiredTotal: 72,
      requiredProfessional: 36,
      met: true,
    });
    expect(summarize([entry('professional', 35.5), entry('public-elective', 36.5)], requirement).met).toBe(
      false,
    );
    // Under the default rule the same 72 hours fall short.
    expect(summarize(entries).met).toBe(false);
  });

  it('rounds a required professional share given as a decimal to whole hundredths', () => {
    const credits = summarize([], { totalHours: 90, professionalShare: 0.6667 });
    expect(credits.requiredProfessional).toBe(60);
  });
});

describe('credit requirement configuration', () => {
  const load = (env: Env) => loadConfig(env).creditRequirement;
  const loadError = (env: Env) => {
    try {
      load(env);
    } catch (error) {
      return error as Error;
    }
    throw new Error('expected loading the configuration to throw');
  };

  it('defaults to 90 hours, two thirds professional', () => {
    expect(load({})).toEqual({ totalHours: 90, professionalShare: 2 / 3 });
  });

  it('treats empty values as unset', () => {
    expect(load({ CREDIT_REQUIRED_HOURS: '', CREDIT_PROFESSIONAL_SHARE: ' ' })).toEqual(
      DEFAULT_CREDIT_REQUIREMENT,
    );
  });

  it.each([
    ['2/3', 2 / 3],
    [' 3 / 4 ', 0.75],
    ['0.5', 0.5],
    ['0.6667', 0.6667],
    ['1', 1],
    ['0', 0],
  ])('reads the professional share %j', (value, share) => {
    expect(load({ CREDIT_PROFESSIONAL_SHARE: value }).professionalShare).toBe(share);
  });

  it.each([
    ['120', 120],
    ['72.5', 72.5],
  ])('reads the required hours %j', (value, hours) => {
    expect(load({ CREDIT_REQUIRED_HOURS: value }).totalHours).toBe(hours);
  });

  it.each([
    ['CREDIT_REQUIRED_HOURS', 'ninety'],
    ['CREDIT_REQUIRED_HOURS', '0'],
    ['CREDIT_REQUIRED_HOURS', '-90'],
    ['CREDIT_REQUIRED_HOURS', '90h'],
    ['CREDIT_REQUIRED_HOURS', '1e2'],
    ['CREDIT_PROFESSIONAL_SHARE', 'two thirds'],
    ['CREDIT_PROFESSIONAL_SHARE', '1.5'],
    ['CREDIT_PROFESSIONAL_SHARE', '4/3'],
    ['CREDIT_PROFESSIONAL_SHARE', '2/0'],
    ['CREDIT_PROFESSIONAL_SHARE', '0/0'],
    ['CREDIT_PROFESSIONAL_SHARE', '66%'],
    ['CREDIT_PROFESSIONAL_SHARE', '-0.5'],
  ])('fails loudly at load on %s=%j, naming the variable', (name, value) => {
    const error = loadError({ [name]: value });
    expect(error.message).toContain(name);
    expect(error.message).toContain(JSON.stringify(value));
  });

  it('hands out one frozen requirement per load', () => {
    useConfig(loadConfig({ CREDIT_REQUIRED_HOURS: '100' }));
    expect(creditRequirement()).toBe(creditRequirement());
    expect(Object.isFrozen(creditRequirement())).toBe(true);
    expect(creditRequirement().totalHours).toBe(100);
  });
});
