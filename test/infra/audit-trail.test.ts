/**
 * The audit trail of personal data in the cloud: the functions that append to it may put items
 * under its partitions and nothing else there (no update, no delete, no other key), and the
 * function that reads it is granted only the trail's table, which holds no ID numbers. The default
 * app, synthesized without bundling.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeRenewalApp } from '#infra/cloud/app';
import { FUNCTIONS, type FunctionDef, type FunctionName } from '#shared/functions';
import { ROUTES, type RouteDef } from '#shared/routes';
import { AUDIT_TRAIL, TABLES, type TableName } from '#shared/store/tables';
import { asArray, buildUnbundled, logicalId, type Statement, statementsOfRole } from '../support/cdk';

let built: KnowledgeRenewalApp;
let service: Template;

beforeAll(() => {
  built = buildUnbundled();
  built.app.synth();
  service = Template.fromStack(built.service);
});

const statementsOf = (name: FunctionName): Statement[] => {
  const fn = built.service.functions.get(name);
  if (!fn) throw new Error(`no function ${name}`);
  return statementsOfRole(service, logicalId(fn.role));
};

const appendStatements = (name: FunctionName) =>
  statementsOf(name).filter((statement) =>
    JSON.stringify(statement.Condition ?? {}).includes('dynamodb:LeadingKeys'),
  );

const cloud = (Object.entries(FUNCTIONS) as [FunctionName, FunctionDef][]).filter(
  ([, def]) => !def.localOnly,
);

describe('appending to the audit trail', () => {
  it('is what the rosters function does, the one that exports full ID numbers', () => {
    expect(cloud.filter(([, def]) => def.appendsAudit).map(([name]) => name)).toEqual(['rosters']);
  });

  it('grants PutItem alone, on the trail table, for audit partitions only', () => {
    const [append, ...more] = appendStatements('rosters');
    expect(more).toEqual([]);
    expect(asArray(append?.Action ?? [])).toEqual(['dynamodb:PutItem']);
    // One resource: the table itself, no index (the index is written through the table).
    expect(asArray(append?.Resource)).toHaveLength(1);
    expect(JSON.stringify(append?.Resource)).toContain(logicalId(built.data.tables[AUDIT_TRAIL.table]));
    for (const other of Object.keys(TABLES).filter((t) => t !== AUDIT_TRAIL.table) as TableName[]) {
      expect(JSON.stringify(append?.Resource)).not.toContain(logicalId(built.data.tables[other]));
    }
    expect(append?.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${AUDIT_TRAIL.partitionPrefix}*`] },
    });
  });

  it('leaves the rosters function reading every table, writing none outside the trail', () => {
    const writes = statementsOf('rosters')
      .filter((statement) => !appendStatements('rosters').includes(statement))
      .flatMap((statement) => asArray(statement.Action))
      .filter((action) => /^dynamodb:.*(Put|Update|Delete|Write)/.test(action));
    expect(writes).toEqual([]);
  });

  it('is granted to no other function', () => {
    for (const [name] of cloud.filter(([, def]) => !def.appendsAudit)) {
      expect(appendStatements(name), name).toEqual([]);
    }
  });
});

describe('reading the audit trail', () => {
  it('is the audit function, behind admin-only routes', () => {
    const routes = (ROUTES as readonly RouteDef[]).filter((route) => route.function === 'audit');
    expect(routes.map((route) => `${route.method} ${route.path}`)).toEqual(['GET /audit']);
    for (const route of routes) expect(route.access).toEqual(['admin']);
  });

  it('reads the trail table and no table that holds ID numbers', () => {
    expect(FUNCTIONS.audit.tables).toEqual({ [AUDIT_TRAIL.table]: 'read' });
    const named = (Object.keys(TABLES) as TableName[]).filter((table) =>
      JSON.stringify(statementsOf('audit')).includes(logicalId(built.data.tables[table])),
    );
    expect(named).toEqual([AUDIT_TRAIL.table]);
    const actions = statementsOf('audit').flatMap((statement) => asArray(statement.Action));
    expect(actions.filter((action) => /^dynamodb:.*(Put|Update|Delete|Write)/.test(action))).toEqual([]);
  });
});
