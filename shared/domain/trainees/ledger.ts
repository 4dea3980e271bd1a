/**
 * The credit-hour ledger (学时): one entry per passed registration, in the year of the session's
 * end date, split by subject type, against the yearly requirement of the national regulation
 * (人社部令第25号: at least 90 hours a year, professional subjects at least two thirds of them).
 */
import type { SubjectType } from '../sessions/kinds';
import type { Credits, LedgerEntry } from './schemas';

export interface CreditRequirement {
  totalHours: number;
  /** Share of the total that must be professional subjects. */
  professionalShare: number;
}

export const DEFAULT_CREDIT_REQUIREMENT: CreditRequirement = { totalHours: 90, professionalShare: 2 / 3 };

const FIELD_OF: Record<SubjectType, 'publicCompulsory' | 'publicElective' | 'professional'> = {
  'public-compulsory': 'publicCompulsory',
  'public-elective': 'publicElective',
  professional: 'professional',
};

/** Half hours are the finest unit, so sums are exact after rounding away float noise. */
const roundHours = (hours: number) => Math.round(hours * 100) / 100;

export function summarizeCredits(
  year: number,
  entries: readonly LedgerEntry[],
  requirement: CreditRequirement,
): Credits {
  const sums = { publicCompulsory: 0, publicElective: 0, professional: 0 };
  for (const entry of entries) sums[FIELD_OF[entry.subjectType]] += entry.hours;
  const total = roundHours(sums.publicCompulsory + sums.publicElective + sums.professional);
  const requiredProfessional = roundHours(requirement.totalHours * requirement.professionalShare);
  return {
    year,
    publicCompulsory: roundHours(sums.publicCompulsory),
    publicElective: roundHours(sums.publicElective),
    professional: roundHours(sums.professional),
    total,
    requiredTotal: requirement.totalHours,
    requiredProfessional,
    met: total >= requirement.totalHours && roundHours(sums.professional) >= requiredProfessional,
  };
}
