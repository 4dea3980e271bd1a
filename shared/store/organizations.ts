/**
 * Organizations, kept in the `plans` table. This module alone knows their keys.
 *
 * Access patterns:
 * - one organization by id:        GetItem  pk = ORG#<id>, sk = PROFILE
 * - all organizations, by kind:    Query gsi1 gsi1pk = ORGS [, begins_with(gsi1sk, <kind>#)]
 *   (gsi1sk = <kind>#<createdAt>#<id>: a kind's organizations in creation order)
 * - the ids of a city's organizations: the same Query, filtered on `city` (see organizationIdsInCity)
 */
import { BatchGetCommand, type BatchGetCommandOutput, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Page } from '#shared/domain/common';
import { conflict } from '#shared/domain/errors';
import { Organization } from '#shared/domain/organizations/schemas';
import * as MESSAGES from '#shared/i18n/messages';
import { db } from './client';
import { VersionConflict } from './optimistic';
import { queryPage } from './query-page';
import { tableName } from './tables';
import { type TransactItem, transact } from './transact';

const LIST_PARTITION = 'ORGS';

/**
 * The partition of an organization: its profile, and beside it its yearly counters (./counters)
 * and annual reports (./annual-reports), which key theirs with this.
 */
export const orgPk = (id: string) => `ORG#${id}`;
export const orgKey = (id: string) => ({ pk: orgPk(id), sk: 'PROFILE' });
const listKey = (org: Organization) => ({
  gsi1pk: LIST_PARTITION,
  gsi1sk: `${org.kind}#${org.createdAt}#${org.id}`,
});

function toItem(org: Organization) {
  return { ...orgKey(org.id), ...listKey(org), entity: 'organization', ...org };
}

/** The stored item as the API shows it: keys dropped, fields in their documented order. */
function fromItem(item: Record<string, unknown>): Organization {
  return Organization.parse(item);
}

export async function putNewOrganization(org: Organization): Promise<void> {
  await db.send(
    new PutCommand({
      TableName: tableName('plans'),
      Item: toItem(org),
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function getOrganization(id: string): Promise<Organization | undefined> {
  const { Item } = await db.send(new GetCommand({ TableName: tableName('plans'), Key: orgKey(id) }));
  return Item ? fromItem(Item) : undefined;
}

/**
 * The condition, for a transaction about the organization, that it is still as `org` was read: a
 * base's annual report takes its managing department from it.
 */
export const organizationUnchanged = (org: Organization): TransactItem => ({
  ConditionCheck: {
    TableName: tableName('plans'),
    Key: orgKey(org.id),
    ConditionExpression: 'updatedAt = :previous',
    ExpressionAttributeValues: { ':previous': org.updatedAt },
  },
});

/**
 * Replace `org`, provided nobody changed it since `previous` was read (optimistic lock), in one
 * transaction with `alsoWrite` (the notice of a status change, a base's annual reports moving to
 * its new managing department: they commit with the change or not at all). Any of their
 * conditions failing means something changed meanwhile.
 */
export async function replaceOrganization(
  org: Organization,
  previous: Organization,
  alsoWrite: readonly TransactItem[] = [],
): Promise<void> {
  const changedMeanwhile = () => conflict('CHANGED_MEANWHILE', MESSAGES.organizations.changedMeanwhile());
  let outcome: Awaited<ReturnType<typeof transact>>;
  try {
    outcome = await transact([
      {
        Put: {
          TableName: tableName('plans'),
          Item: toItem(org),
          ConditionExpression: 'updatedAt = :previous',
          ExpressionAttributeValues: { ':previous': previous.updatedAt },
        },
      },
      ...alsoWrite,
    ]);
  } catch (error) {
    // Another write to the organization was in flight: the same answer as a lost lock.
    if (error instanceof VersionConflict) throw changedMeanwhile();
    throw error;
  }
  if (!outcome.ok) throw changedMeanwhile();
}

export async function listOrganizations(options: {
  kind?: Organization['kind'] | undefined;
  limit: number;
  cursor?: string | undefined;
}): Promise<Page<Organization>> {
  const page = await queryPage({
    table: 'plans',
    index: 'gsi1',
    partition: { gsi1pk: LIST_PARTITION },
    ...(options.kind
      ? { sortCondition: 'begins_with(gsi1sk, :kind)', values: { ':kind': `${options.kind}#` } }
      : {}),
    limit: options.limit,
    cursor: options.cursor,
  });
  return { items: page.items.map(fromItem), nextCursor: page.nextCursor };
}

/** Page size of the whole-partition read below: a handful of Query calls at most. */
const CITY_READ_PAGE = 500;

/**
 * The ids of every organization of `city` (a city bureau's scope, #shared/domain/cities). The
 * program's registered units number in the hundreds, all in the one ORGS partition the admin's
 * list reads, so reading it through with a filter on `city` costs a few Query calls and needs no
 * index of its own; an index by city would also need every organization stored before it
 * rewritten, or they would silently fall out of their city.
 */
export async function organizationIdsInCity(city: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await queryPage({
      table: 'plans',
      index: 'gsi1',
      partition: { gsi1pk: LIST_PARTITION },
      filter: '#city = :city',
      names: { '#city': 'city' },
      values: { ':city': city },
      limit: CITY_READ_PAGE,
      cursor,
    });
    ids.push(...page.items.map((item) => String(item.id)));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids;
}

/** Organizations by id (BatchGet, 100 keys a call): the report's hosts and bases. */
export async function getOrganizations(ids: readonly string[]): Promise<Map<string, Organization>> {
  const found = new Map<string, Organization>();
  const unique = [...new Set(ids)];
  for (let start = 0; start < unique.length; start += 100) {
    let keys: Record<string, unknown>[] | undefined = unique.slice(start, start + 100).map(orgKey);
    for (let round = 0; keys && keys.length > 0 && round < 10; round++) {
      const answer: BatchGetCommandOutput = await db.send(
        new BatchGetCommand({ RequestItems: { [tableName('plans')]: { Keys: keys } } }),
      );
      for (const item of answer.Responses?.[tableName('plans')] ?? []) {
        const org = fromItem(item);
        found.set(org.id, org);
      }
      keys = answer.UnprocessedKeys?.[tableName('plans')]?.Keys;
    }
    // Still throttled after ten rounds: fail loudly rather than answer with rows missing.
    if (keys && keys.length > 0) throw new Error(`${keys.length} items could not be read (unprocessed keys)`);
  }
  return found;
}
