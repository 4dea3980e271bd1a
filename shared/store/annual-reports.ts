/**
 * Bases' annual reports, kept in the `plans` table beside their organization's profile item
 * (`ORG#<id>` / `PROFILE`, see ./organizations). This module alone knows their keys.
 *
 * Access patterns:
 * - one report by base and year:    GetItem  pk = ORG#<orgId>, sk = ANNUAL_REPORT#<year>
 * - whether a base filed for a year: the same GetItem, projecting the key only
 * - a base's reports, all years:     Query    pk = ORG#<orgId>, begins_with(sk, ANNUAL_REPORT#)
 *   (not used yet; the key shape allows it without an index)
 *
 * One item per base and year: the conditional put is what makes a second filing a 409, so two
 * concurrent filings cannot both succeed.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type AnnualReport, StoredAnnualReport } from '#shared/domain/annual-reports/schemas';
import { conflict } from '#shared/domain/errors';
import * as MESSAGES from '#shared/i18n/messages';
import { db } from './client';
import { tableName } from './tables';

const primaryKey = (orgId: string, year: number) => ({ pk: `ORG#${orgId}`, sk: `ANNUAL_REPORT#${year}` });

function toItem(report: AnnualReport) {
  return { ...primaryKey(report.orgId, report.year), entity: 'annual-report', ...report };
}

/**
 * The stored item as the API shows it: keys dropped, fields in their documented order (a report
 * filed before names were kept lacks `orgName`: #shared/domain/annual-reports/names).
 */
function fromItem(item: Record<string, unknown>): StoredAnnualReport {
  return StoredAnnualReport.parse(item);
}

/** Store `report` unless that base already filed for that year (409 ALREADY_FILED). */
export async function putNewAnnualReport(report: AnnualReport): Promise<void> {
  try {
    await db.send(
      new PutCommand({
        TableName: tableName('plans'),
        Item: toItem(report),
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) {
      throw conflict('ALREADY_FILED', MESSAGES.annualReports.alreadyFiled(report.orgId, report.year));
    }
    throw error;
  }
}

export async function getAnnualReport(orgId: string, year: number): Promise<StoredAnnualReport | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName('plans'), Key: primaryKey(orgId, year) }),
  );
  return Item ? fromItem(Item) : undefined;
}

/** Whether the base filed for `year` (for reminders), reading the key only. */
export async function annualReportFiled(orgId: string, year: number): Promise<boolean> {
  const { Item } = await db.send(
    new GetCommand({
      TableName: tableName('plans'),
      Key: primaryKey(orgId, year),
      ProjectionExpression: 'pk',
    }),
  );
  return Item !== undefined;
}
