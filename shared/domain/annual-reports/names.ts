/**
 * Names beside ids (names beside ids: docs/api.md, Conventions): a report carries its base's name as the base was
 * called when it filed. A report filed before names were kept gets the base's current name when
 * it is read (one report per answer, so one read of its base).
 */
import type { Named } from '../plans/names';
import { withReviewFields } from './legacy';
import type { AnnualReport, StoredAnnualReport } from './schemas';

/** Whether the stored report needs its base read to be named. */
export const lacksOrgName = (report: StoredAnnualReport): boolean => report.orgName === undefined;

/**
 * The report with its base named (the name it was filed with, else `base`'s, else its id) and its
 * review fields (./legacy).
 */
export const withOrgName = (report: StoredAnnualReport, base: Named | undefined): AnnualReport => ({
  ...withReviewFields(report),
  orgName: report.orgName ?? base?.name ?? report.orgId,
});
