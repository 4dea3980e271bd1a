/**
 * Annual plans and their expenses, in the `plans` table. This module alone knows their keys.
 *
 * Access patterns:
 * - one plan:                         GetItem pk = PLAN#<id>, sk = PLAN
 * - a host's plans [of a year]:        Query gsi1 gsi1pk = PLAN#HOST#<hostOrgId> [begins_with(gsi1sk, <year>#)]
 * - a department's plans [of a year]:  Query gsi3 gsi3pk = PLAN#DEPT#<departmentId> [begins_with(gsi3sk, <year>#)]
 *   (sparse: only plans with a co-organizing department)
 * - all plans [of a year [and status]]: Query gsi2 gsi2pk = PLANS [begins_with(gsi2sk, <year>#[<status>#])]
 *   (admin's view; published plans of a year for everyone else)
 * - a city's plans [of a year [and status]]: the same Query, filtered on `hostOrgId IN` the city's
 *   organizations (a city bureau's view; see cityHostsFilter below)
 * - the ids of a year's published plans in a field: the same Query, begins_with(gsi2sk,
 *   <year>#published#), filtered on `field` (the course catalogue's field filter)
 * - a plan's expenses:                 Query pk = PLAN#<id>, begins_with(sk, EXPENSE#)
 *   (sk = EXPENSE#<date>#<expenseId>: read backwards, the newest date first, and within a date
 *   the last recorded first, as ids sort by creation)
 * A review or publication writes its notice (./notices.ts) in the plan's transaction.
 * Status and project filters outside the key are applied as filters within one host, department
 * or year, which holds tens to hundreds of plans.
 * Plans stored before names were kept beside ids are named on reading, with one BatchGet of the
 * organizations a whole page lacks (#shared/domain/plans/names), never one read per plan.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Page } from '#shared/domain/common';
import type { Project } from '#shared/domain/plans/catalog';
import { completeNames, unnamedPartyIds } from '#shared/domain/plans/names';
import { Expense, type Plan, StoredPlan } from '#shared/domain/plans/schemas';
import type { PlanListScope as PlanScope } from '#shared/domain/plans/scope';
import type { PlanStatus } from '#shared/domain/plans/statuses';
import { db } from './client';
import { type FilterPart, oneOf } from './one-of';
import { VersionConflict } from './optimistic';
import { getOrganizations, organizationIdsInCity } from './organizations';
import { type PageQuery, queryPage } from './query-page';
import { tableName } from './tables';
import { type TransactItem, transact } from './transact';

const ALL_PLANS = 'PLANS';

/** The partition of a plan: the plan, its expenses, and its yearly counters (./counters). */
export const planPk = (id: string) => `PLAN#${id}`;
export const planKey = (id: string) => ({ pk: planPk(id), sk: 'PLAN' });

function planItem(plan: Plan) {
  return {
    ...planKey(plan.id),
    gsi1pk: `PLAN#HOST#${plan.hostOrgId}`,
    gsi1sk: `${plan.year}#${plan.id}`,
    gsi2pk: ALL_PLANS,
    gsi2sk: `${plan.year}#${plan.status}#${plan.id}`,
    ...(plan.departmentId
      ? { gsi3pk: `PLAN#DEPT#${plan.departmentId}`, gsi3sk: `${plan.year}#${plan.id}` }
      : {}),
    entity: 'plan',
    ...plan,
  };
}

/** Stored items as plans, each with its names: one BatchGet for the names any of them lacks. */
async function fromItems(items: readonly Record<string, unknown>[]): Promise<Plan[]> {
  const stored = items.map((item) => StoredPlan.parse(item));
  const missing = unnamedPartyIds(stored);
  const organizations = missing.length > 0 ? await getOrganizations(missing) : new Map();
  return stored.map((plan) => completeNames(plan, organizations));
}

export async function putNewPlan(plan: Plan): Promise<void> {
  await db.send(
    new PutCommand({
      TableName: tableName('plans'),
      Item: planItem(plan),
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function getPlan(id: string): Promise<Plan | undefined> {
  const { Item } = await db.send(
    new GetCommand({ TableName: tableName('plans'), Key: planKey(id), ConsistentRead: true }),
  );
  return Item ? (await fromItems([Item]))[0] : undefined;
}

const sameVersion = (previousVersion: number) => ({
  ConditionExpression: 'version = :previousVersion',
  ExpressionAttributeValues: { ':previousVersion': previousVersion },
});

/**
 * Writes `plan` over the version read before; throws VersionConflict if someone wrote in between.
 * With `alsoWrite` (the notice of a review or publication), in one transaction: the host is told
 * of exactly the moves that were made.
 */
export async function replacePlan(
  plan: Plan,
  previousVersion: number,
  alsoWrite: readonly TransactItem[] = [],
): Promise<void> {
  if (alsoWrite.length > 0) {
    const outcome = await transact([
      { Put: { TableName: tableName('plans'), Item: planItem(plan), ...sameVersion(previousVersion) } },
      ...alsoWrite,
    ]);
    if (!outcome.ok && outcome.failedConditions.includes(0))
      throw new VersionConflict(`Plan ${plan.id} changed`);
    if (!outcome.ok) throw new Error(`Unexpected refusal: ${outcome.failedConditions}`);
    return;
  }
  try {
    await db.send(
      new PutCommand({
        TableName: tableName('plans'),
        Item: planItem(plan),
        ...sameVersion(previousVersion),
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException)
      throw new VersionConflict(`Plan ${plan.id} changed`);
    throw error;
  }
}

/** The expense and the plan's new totals, in one transaction: totals never drift from the expenses. */
export async function putExpenseWithPlan(
  expense: Expense,
  plan: Plan,
  previousVersion: number,
): Promise<void> {
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: tableName('plans'), Item: planItem(plan), ...sameVersion(previousVersion) } },
          {
            Put: {
              TableName: tableName('plans'),
              Item: {
                pk: planPk(expense.planId),
                sk: `EXPENSE#${expense.date}#${expense.id}`,
                entity: 'expense',
                ...expense,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      throw new VersionConflict(`Plan ${plan.id} changed while recording an expense`);
    }
    throw error;
  }
}

export interface PlanFilters {
  year?: number | undefined;
  status?: PlanStatus | undefined;
  project?: Project | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** The index and partition that hold a scope's plans; each sorts by `<year>#...`. */
function indexOf(scope: PlanScope): { index: string; partition: Record<string, string>; sortName: string } {
  switch (scope.kind) {
    case 'host':
      return { index: 'gsi1', partition: { gsi1pk: `PLAN#HOST#${scope.orgId}` }, sortName: 'gsi1sk' };
    case 'department':
      return { index: 'gsi3', partition: { gsi3pk: `PLAN#DEPT#${scope.orgId}` }, sortName: 'gsi3sk' };
    default:
      return { index: 'gsi2', partition: { gsi2pk: ALL_PLANS }, sortName: 'gsi2sk' };
  }
}

/**
 * A city bureau's plans: the all-plans index, kept to the hosts of its city by a filter. Chosen
 * over a Query per host because the list keeps one order and one cursor as the admin's does, and
 * over an index by city because a plan's host can move city and old plans carry no city; the
 * filter reads through a year's plans (tens to hundreds) when the bureau names the year, and the
 * program's plans of all its years when it does not.
 */
async function cityHostsFilter(city: string): Promise<FilterPart | undefined> {
  const hosts = await organizationIdsInCity(city);
  return hosts.length > 0 ? oneOf('hostOrgId', hosts, 'host') : undefined;
}

function scopedQuery(scope: PlanScope, filters: PlanFilters, hostFilter?: FilterPart): PageQuery {
  const status = scope.kind === 'published' ? 'published' : filters.status;
  const { index, partition, sortName } = indexOf(scope);
  // The all-plans index sorts by `<year>#<status>#`, so a year and status together are a key prefix.
  const statusInKey = index === 'gsi2' && filters.year !== undefined && status !== undefined;
  const values: Record<string, unknown> = {};
  const names: Record<string, string> = {};
  const conditions: string[] = [];
  const equals = (attribute: string, value: string) => {
    conditions.push(`#${attribute} = :${attribute}`);
    names[`#${attribute}`] = attribute;
    values[`:${attribute}`] = value;
  };
  if (filters.year !== undefined)
    values[':prefix'] = statusInKey ? `${filters.year}#${status}#` : `${filters.year}#`;
  if (status && !statusInKey) equals('status', status);
  if (filters.project) equals('project', filters.project);
  if (hostFilter) {
    conditions.push(hostFilter.expression);
    Object.assign(names, hostFilter.names);
    Object.assign(values, hostFilter.values);
  }
  return {
    table: 'plans',
    index,
    partition,
    limit: filters.limit,
    cursor: filters.cursor,
    ...(filters.year !== undefined ? { sortCondition: `begins_with(${sortName}, :prefix)` } : {}),
    ...(conditions.length > 0 ? { filter: conditions.join(' AND '), names } : {}),
    ...(Object.keys(values).length > 0 ? { values } : {}),
  };
}

export async function listPlans(scope: PlanScope, filters: PlanFilters): Promise<Page<Plan>> {
  const hostFilter = scope.kind === 'city' ? await cityHostsFilter(scope.city) : undefined;
  // A city with no organization registered has no plans: nothing to read.
  if (scope.kind === 'city' && !hostFilter) return { items: [], nextCursor: null };
  const page = await queryPage(scopedQuery(scope, filters, hostFilter));
  return { items: await fromItems(page.items), nextCursor: page.nextCursor };
}

/**
 * The ids of the published plans of `year` whose field is `field`, every page: the course
 * catalogue finds a field's sessions by their plan. Reads the year's published plans (tens to
 * hundreds), keys and ids only.
 */
export async function publishedPlanIdsInField(year: number, field: string): Promise<string[]> {
  const ids: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const { Items, LastEvaluatedKey } = await db.send(
      new QueryCommand({
        TableName: tableName('plans'),
        IndexName: 'gsi2',
        KeyConditionExpression: 'gsi2pk = :plans AND begins_with(gsi2sk, :prefix)',
        FilterExpression: '#field = :field',
        ProjectionExpression: '#id',
        ExpressionAttributeNames: { '#field': 'field', '#id': 'id' },
        ExpressionAttributeValues: { ':plans': ALL_PLANS, ':prefix': `${year}#published#`, ':field': field },
        ExclusiveStartKey: startKey,
      }),
    );
    ids.push(...(Items ?? []).map((item) => String(item.id)));
    startKey = LastEvaluatedKey;
  } while (startKey);
  return ids;
}

/** One page of a plan's expenses, newest first; a cursor of another plan's expenses is a 400. */
export async function listExpenses(
  planId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<Page<Expense>> {
  const found = await queryPage({
    table: 'plans',
    partition: { pk: planPk(planId) },
    sortCondition: 'begins_with(sk, :prefix)',
    values: { ':prefix': 'EXPENSE#' },
    limit: page.limit,
    cursor: page.cursor,
    descending: true,
  });
  return { items: found.items.map((item) => Expense.parse(item)), nextCursor: found.nextCursor };
}
