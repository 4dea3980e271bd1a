/**
 * Bases' annual reports, kept in the `plans` table beside their organization's profile item
 * (`ORG#<id>` / `PROFILE`, see ./organizations). This module alone knows their keys.
 *
 * Access patterns:
 * - one report by base and year:    GetItem  pk = ORG#<orgId>, sk = ANNUAL_REPORT#<year>
 * - whether a base filed for a year: the same GetItem, projecting the key only
 * - a base's reports, all years:     Query    pk = ORG#<orgId>, begins_with(sk, ANNUAL_REPORT#)
 *   (when the base changes managing department, its reports move with it)
 * - every report [of a year [and status]]: Query gsi2 gsi2pk = ANNUAL_REPORTS
 *   [begins_with(gsi2sk, <year>#[<status>#])] (the program office's list)
 * - the reports of the bases a department manages [of a year [and status]]: Query gsi3
 *   gsi3pk = ANNUAL_REPORT#DEPT#<departmentId> [begins_with(gsi3sk, <year>#[<status>#])]
 *   (sparse: only reports of bases with a managing department)
 * Without a year, a status filters within the partition (a few hundred reports at most).
 *
 * One item per base and year: the conditional put is what makes a second filing a 409, so two
 * concurrent filings cannot both succeed. Every later write is conditional on the version read
 * (optimistic locking), so two reviewers cannot both decide; each write carries its notices.
 * Reports filed before the review lack its fields and keys until their next write
 * (#shared/domain/annual-reports/legacy).
 */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type AnnualReport, StoredAnnualReport } from '#shared/domain/annual-reports/schemas';
import type { AnnualReportListScope } from '#shared/domain/annual-reports/scope';
import type { AnnualReportStatus } from '#shared/domain/annual-reports/statuses';
import { type Page, PROGRAM_YEARS } from '#shared/domain/common';
import { conflict } from '#shared/domain/errors';
import * as MESSAGES from '#shared/i18n/messages';
import { db } from './client';
import { VersionConflict } from './optimistic';
import { orgPk } from './organizations';
import { type PageQuery, queryPage } from './query-page';
import { tableName } from './tables';
import { type TransactItem, transact } from './transact';

const ALL_REPORTS = 'ANNUAL_REPORTS';
const REPORT_PREFIX = 'ANNUAL_REPORT#';

export const annualReportKey = (orgId: string, year: number) => ({
  pk: orgPk(orgId),
  sk: `${REPORT_PREFIX}${year}`,
});
const departmentPartition = (departmentId: string) => `${REPORT_PREFIX}DEPT#${departmentId}`;

function toItem(report: AnnualReport) {
  const listed = `${report.year}#${report.status}#${report.orgId}`;
  return {
    ...annualReportKey(report.orgId, report.year),
    gsi2pk: ALL_REPORTS,
    gsi2sk: listed,
    ...(report.managingDepartmentId
      ? { gsi3pk: departmentPartition(report.managingDepartmentId), gsi3sk: listed }
      : {}),
    entity: 'annual-report',
    ...report,
  };
}

/**
 * The stored item as the API shows it: keys dropped, fields in their documented order (a report
 * filed before names were kept lacks `orgName`: #shared/domain/annual-reports/names).
 */
function fromItem(item: Record<string, unknown>): StoredAnnualReport {
  return StoredAnnualReport.parse(item);
}

/** The write of `report` over the version read (0: a report stored before versions were kept). */
function replacement(report: AnnualReport, previousVersion: number): TransactItem {
  return {
    Put: {
      TableName: tableName('plans'),
      Item: toItem(report),
      ...(previousVersion === 0
        ? { ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(version)' }
        : {
            ConditionExpression: 'version = :previousVersion',
            ExpressionAttributeValues: { ':previousVersion': previousVersion },
          }),
    },
  };
}

/**
 * Store `report` unless that base already filed for that year (409 ALREADY_FILED), with
 * `alsoWrite` (the check that the base is as read, the notices) in the same transaction. A lost
 * race with another write to those items is a VersionConflict, to be retried.
 */
export async function putNewAnnualReport(
  report: AnnualReport,
  alsoWrite: readonly TransactItem[] = [],
): Promise<void> {
  const outcome = await transact([
    {
      Put: {
        TableName: tableName('plans'),
        Item: toItem(report),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...alsoWrite,
  ]);
  if (outcome.ok) return;
  if (outcome.failedConditions.includes(0)) {
    throw conflict('ALREADY_FILED', MESSAGES.annualReports.alreadyFiled(report.orgId, report.year));
  }
  throw new VersionConflict(`The base of annual report ${report.orgId}/${report.year} changed`);
}

/**
 * Writes `report` over the version read before, with `alsoWrite` in the same transaction; throws
 * VersionConflict if the report (or an item `alsoWrite` checks) changed in between.
 */
export async function replaceAnnualReport(
  report: AnnualReport,
  previousVersion: number,
  alsoWrite: readonly TransactItem[] = [],
): Promise<void> {
  const outcome = await transact([replacement(report, previousVersion), ...alsoWrite]);
  if (!outcome.ok) throw new VersionConflict(`Annual report ${report.orgId}/${report.year} changed`);
}

/** The report as stored; read strongly, as every change reads it before its conditional write. */
export async function getAnnualReport(orgId: string, year: number): Promise<StoredAnnualReport | undefined> {
  const { Item } = await db.send(
    new GetCommand({
      TableName: tableName('plans'),
      Key: annualReportKey(orgId, year),
      ConsistentRead: true,
    }),
  );
  return Item ? fromItem(Item) : undefined;
}

/** Whether the base filed for `year` (for reminders), reading the key only. */
export async function annualReportFiled(orgId: string, year: number): Promise<boolean> {
  const { Item } = await db.send(
    new GetCommand({
      TableName: tableName('plans'),
      Key: annualReportKey(orgId, year),
      ProjectionExpression: 'pk',
    }),
  );
  return Item !== undefined;
}

/** Every report the base filed, all years (a base files one a year). */
export async function baseAnnualReports(orgId: string): Promise<StoredAnnualReport[]> {
  const reports: StoredAnnualReport[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await db.send(
      new QueryCommand({
        TableName: tableName('plans'),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': orgPk(orgId), ':prefix': REPORT_PREFIX },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    reports.push(...(page.Items ?? []).map(fromItem));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return reports;
}

/**
 * The writes that move a base's reports to its new managing department, for the transaction of
 * the base's change: each report `moved` over the version read, and, for every program year with
 * no report, the condition that none appears meanwhile. So no report filed while the base
 * changes is left with the department it had before.
 */
export function annualReportsMove(
  orgId: string,
  moved: readonly { report: AnnualReport; previousVersion: number }[],
): TransactItem[] {
  const years = new Set(moved.map(({ report }) => report.year));
  const absent: TransactItem[] = [];
  for (let year = PROGRAM_YEARS.min; year <= PROGRAM_YEARS.max; year++) {
    if (years.has(year)) continue;
    absent.push({
      ConditionCheck: {
        TableName: tableName('plans'),
        Key: annualReportKey(orgId, year),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
  }
  return [...moved.map(({ report, previousVersion }) => replacement(report, previousVersion)), ...absent];
}

export interface AnnualReportFilters {
  year?: number | undefined;
  status?: AnnualReportStatus | undefined;
  limit: number;
  cursor?: string | undefined;
}

function scopedQuery(scope: AnnualReportListScope, filters: AnnualReportFilters): PageQuery {
  const { index, partition, sortName } =
    scope.kind === 'department'
      ? { index: 'gsi3', partition: { gsi3pk: departmentPartition(scope.orgId) }, sortName: 'gsi3sk' }
      : { index: 'gsi2', partition: { gsi2pk: ALL_REPORTS }, sortName: 'gsi2sk' };
  const base: PageQuery = { table: 'plans', index, partition, limit: filters.limit, cursor: filters.cursor };
  if (filters.year !== undefined) {
    // The sort key is `<year>#<status>#<orgId>`: a year, and a year with its status, are prefixes.
    const prefix = filters.status ? `${filters.year}#${filters.status}#` : `${filters.year}#`;
    return { ...base, sortCondition: `begins_with(${sortName}, :prefix)`, values: { ':prefix': prefix } };
  }
  if (filters.status) {
    return {
      ...base,
      filter: '#status = :status',
      names: { '#status': 'status' },
      values: { ':status': filters.status },
    };
  }
  return base;
}

export async function listAnnualReports(
  scope: AnnualReportListScope,
  filters: AnnualReportFilters,
): Promise<Page<StoredAnnualReport>> {
  const page = await queryPage(scopedQuery(scope, filters));
  return { items: page.items.map(fromItem), nextCursor: page.nextCursor };
}
