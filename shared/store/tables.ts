/**
 * Table definitions: the one description of every DynamoDB table, used by the CDK data stack
 * and by the local runtime to create the same tables in DynamoDB Local. Data only.
 *
 * Every table uses the single-table key names `pk`/`sk`; entity modules own what goes in them.
 */
import { type Config, config, missing } from '#shared/config/env';

export interface IndexDef {
  name: string;
  partitionKey: string;
  sortKey: string;
}

export interface TableDef {
  /** The table's name locally; in the cloud CloudFormation names it and passes it in `envVar`. */
  name: string;
  envVar: string;
  partitionKey: string;
  sortKey: string;
  indexes: readonly IndexDef[];
  /** Attribute holding an epoch-seconds expiry, if items expire. */
  timeToLive?: string;
  /**
   * A DynamoDB stream of item images, for the transactional outbox (an item written in the same
   * transaction as a change is picked up by a stream-triggered function, shared/store/notices.ts)
   * and, with the old image beside the new, for counting what a change changed (functions/counters).
   */
  stream?: 'NEW_IMAGE' | 'NEW_AND_OLD_IMAGES';
}

export const TABLES = {
  plans: {
    name: 'plans',
    envVar: 'TABLE_PLANS',
    partitionKey: 'pk',
    sortKey: 'sk',
    // Overloaded indexes; the entity modules (organizations, plans, sessions) document their use.
    indexes: [
      { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
      { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
      { name: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
    ],
  },
  registrations: {
    name: 'registrations',
    envVar: 'TABLE_REGISTRATIONS',
    partitionKey: 'pk',
    sortKey: 'sk',
    // Overloaded indexes; shared/store/registrations.ts documents their use.
    indexes: [
      { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
      { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
      { name: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
    ],
    // Notices (a waitlisted trainee moved up) leave through the stream, not from the request; the
    // yearly counters are kept from it, each change's old image against its new one.
    stream: 'NEW_AND_OLD_IMAGES',
  },
  certificates: {
    name: 'certificates',
    envVar: 'TABLE_CERTIFICATES',
    partitionKey: 'pk',
    sortKey: 'sk',
    // Overloaded indexes; shared/store/certificates.ts documents their use.
    indexes: [
      { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
      { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
      { name: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
    ],
  },
  /** Responses remembered for `Idempotency-Key` replays; expire after 24 hours. */
  idempotency: {
    name: 'idempotency',
    envVar: 'TABLE_IDEMPOTENCY',
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: [],
    timeToLive: 'expiresAt',
  },
} as const satisfies Record<string, TableDef>;

export type TableName = keyof typeof TABLES;

/**
 * Where the audit trail of personal data is kept (shared/store/audit.ts): a table and the prefix
 * of every partition key of its items. Writers of the trail are granted PutItem there, on those
 * partitions alone (infra/cloud/function-grants.ts); the table holds no ID numbers, so its readers
 * see none.
 */
export const AUDIT_TRAIL = { table: 'plans', partitionPrefix: 'AUDIT#' } as const satisfies {
  table: TableName;
  partitionPrefix: string;
};

/**
 * The physical name of a table, from its environment variable (set by CDK in the cloud, each
 * function given the tables it uses, and by the local runtime on one machine). Missing
 * configuration fails loudly instead of hitting a wrong table.
 */
export function tableName(table: TableName, settings: Config = config()): string {
  const { envVar } = TABLES[table];
  const name = settings.tableNames[envVar];
  if (!name) throw missing(settings, envVar, `the name of the ${table} table`);
  return name;
}
