/**
 * The function that prints certificates: it alone carries the CJK font, copied beside its bundle
 * by the build; it reads the certificates table and nothing else, holds no key, and is told where
 * the verification page is so its QR codes lead there.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeRenewalApp } from '#infra/cloud/app';
import { HouseFunction } from '#infra/cloud/house-function';
import { CERTIFICATE_FONT, installedCertificateFont } from '#shared/certificates/pdf/font';
import { FUNCTIONS } from '#shared/functions';
import { CLOUD_ROUTES, routeKey } from '#shared/routes';
import { TABLES } from '#shared/store/tables';
import { asArray, buildUnbundled, logicalId, type Resource, statementsOfRole } from '../support/cdk';

const NAME = 'certificate-pdf';
let built: KnowledgeRenewalApp;
let service: Template;

beforeAll(() => {
  delete process.env.CDK_DEFAULT_ACCOUNT;
  delete process.env.CDK_DEFAULT_REGION;
  built = buildUnbundled();
  built.app.synth();
  service = Template.fromStack(built.service);
});

const printer = () => {
  const fn = built.service.functions.get(NAME);
  if (!fn) throw new Error(`no function ${NAME}`);
  return fn;
};

describe('the certificate-pdf function', () => {
  it('serves the certificate.pdf route', () => {
    const routes = CLOUD_ROUTES.filter((route) => route.function === NAME).map(routeKey);
    expect(routes).toEqual(['GET /certificates/{number}/certificate.pdf']);
    expect(FUNCTIONS[NAME].printsCertificates).toBe(true);
  });

  it('reads the certificates table and nothing else: no write, no other table, no key', () => {
    const statements = statementsOfRole(service, logicalId(printer().role));
    const dynamodb = statements.filter((statement) =>
      asArray(statement.Action).some((action) => action.startsWith('dynamodb:')),
    );
    expect(dynamodb).toHaveLength(1);
    const [reads] = dynamodb;
    for (const action of asArray(reads?.Action ?? [])) {
      expect(action).toMatch(/^dynamodb:(BatchGetItem|GetItem|Query|ConditionCheckItem|DescribeTable)$/);
    }
    expect(JSON.stringify(reads?.Resource)).toContain(logicalId(built.data.tables.certificates));
    for (const other of Object.keys(TABLES).filter((table) => table !== 'certificates')) {
      const table = built.data.tables[other as keyof typeof TABLES];
      expect(JSON.stringify(reads?.Resource), other).not.toContain(logicalId(table));
    }
    const actions = statements.flatMap((statement) => asArray(statement.Action));
    expect(actions.filter((action) => action.startsWith('kms:'))).toEqual([]);
  });

  it('is told the certificates table and the verification page, and no signing key', () => {
    const fn = service.findResources('AWS::Lambda::Function')[logicalId(printer().function)] as Resource;
    const environment = fn.Properties?.Environment as { Variables: Record<string, unknown> } | undefined;
    const variables = environment?.Variables ?? {};
    expect(Object.keys(variables).filter((name) => name.startsWith('TABLE_'))).toEqual([
      TABLES.certificates.envVar,
    ]);
    expect(variables.VERIFY_PAGE_ORIGIN).toBeDefined();
    expect(variables.SIGNING_KEY_ID).toBeUndefined();
  });
});

describe('files beside a bundle', () => {
  it('are copied into the asset Lambda runs, beside index.mjs', () => {
    const app = new App();
    const stack = new Stack(app, 'Printer');
    const fn = new HouseFunction(stack, 'Fn', {
      name: NAME,
      entry: FUNCTIONS[NAME].entry,
      description: 'test',
      besideBundle: { [CERTIFICATE_FONT.besideBundle]: installedCertificateFont() },
    });
    const assembly = app.synth();
    const code = Template.fromStack(stack).findResources('AWS::Lambda::Function')[logicalId(fn.function)]
      ?.Properties?.Code as { S3Key: string };
    const assetDir = join(assembly.directory, `asset.${code.S3Key.replace(/\.zip$/, '')}`);
    expect(readdirSync(assetDir).sort()).toEqual(['NotoSansSC-Regular.ttf', 'index.mjs', 'index.mjs.map']);
    expect(statSync(join(assetDir, CERTIFICATE_FONT.besideBundle)).size).toBe(
      statSync(installedCertificateFont()).size,
    );
  });
});
