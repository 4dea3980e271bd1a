/**
 * Certificates, their number sequences and the once-per-registration guard, in the
 * `certificates` table. This module alone knows their keys.
 *
 * Access patterns:
 * - one certificate by number:      GetItem pk = CERT#<number>, sk = CERT
 * - a holder's certificates:        Query gsi1 gsi1pk = HOLDER#<holderId> (gsi1sk = <issuedOn>#<number>)
 * - a session's certificates:       Query gsi2 gsi2pk = SESSION#<sessionId> (gsi2sk = <number>; sparse)
 * - an issuer's certificates:       Query gsi3 gsi3pk = ISSUER#<orgId> (gsi3sk = <issuedOn>#<number>)
 * - the next sequence of a year and type: UpdateItem ADD on pk = SEQUENCE#<year>#<type>, sk = SEQUENCE
 *   (atomic, only ever increases, so a number is never given twice)
 * - the completion certificate of a registration: guard pk = REGISTRATION#<registrationId>,
 *   sk = COMPLETION, written with the certificate in one transaction, conditional: issued once.
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CertificateType } from '#shared/domain/certificates/numbering';
import { Certificate } from '#shared/domain/certificates/schemas';
import type { Page } from '#shared/domain/common';
import { conflict } from '#shared/domain/errors';
import { db } from './client';
import { type CounterDeltas, counterUpdates } from './counters';
import { queryPage } from './query-page';
import { tableName } from './tables';
import { type TransactItem, transact } from './transact';

const certificateKey = (number: string) => ({ pk: `CERT#${number}`, sk: 'CERT' });
const completionGuardKey = (registrationId: string) => ({
  pk: `REGISTRATION#${registrationId}`,
  sk: 'COMPLETION',
});

function certificateItem(certificate: Certificate) {
  return {
    ...certificateKey(certificate.number),
    gsi1pk: `HOLDER#${certificate.holderId}`,
    gsi1sk: `${certificate.issuedOn}#${certificate.number}`,
    ...(certificate.sessionId
      ? { gsi2pk: `SESSION#${certificate.sessionId}`, gsi2sk: certificate.number }
      : {}),
    gsi3pk: `ISSUER#${certificate.issuerOrgId}`,
    gsi3sk: `${certificate.issuedOn}#${certificate.number}`,
    entity: 'certificate',
    ...certificate,
  };
}

const fromItem = (item: Record<string, unknown>): Certificate => Certificate.parse(item);

/** The next sequence number of `year` and `type`: 1, 2, 3, ... never the same twice. */
export async function nextSequence(year: number, type: CertificateType): Promise<number> {
  const { Attributes } = await db.send(
    new UpdateCommand({
      TableName: tableName('certificates'),
      Key: { pk: `SEQUENCE#${year}#${type}`, sk: 'SEQUENCE' },
      UpdateExpression: 'ADD #value :one',
      ExpressionAttributeNames: { '#value': 'value' },
      ExpressionAttributeValues: { ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Number(Attributes?.value);
}

const yearOfIssue = (certificate: Certificate) => Number(certificate.issuedOn.slice(0, 4));

/** A certificate counts for its issuer in the year issued, and for its plan in the plan's year. */
function countedFor(certificate: Certificate, deltas: CounterDeltas): TransactItem[] {
  return [
    ...counterUpdates([{ kind: 'org', id: certificate.issuerOrgId }], yearOfIssue(certificate), deltas),
    ...(certificate.planId
      ? counterUpdates(
          [{ kind: 'plan', id: certificate.planId }],
          certificate.planYear ?? yearOfIssue(certificate),
          deltas,
        )
      : []),
  ];
}

/**
 * Stores a new certificate with its counters; a completion certificate only if its registration
 * has none yet (else false). Throws VersionConflict on a transaction conflict.
 */
export async function putNewCertificate(certificate: Certificate): Promise<boolean> {
  const outcome = await transact([
    ...(certificate.registrationId
      ? [
          {
            Put: {
              TableName: tableName('certificates'),
              Item: { ...completionGuardKey(certificate.registrationId), number: certificate.number },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ]
      : []),
    {
      Put: {
        TableName: tableName('certificates'),
        Item: certificateItem(certificate),
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...countedFor(certificate, { certificates: 1 }),
  ]);
  return outcome.ok;
}

export async function getCertificate(number: string): Promise<Certificate | undefined> {
  const { Item } = await db.send(
    new GetCommand({
      TableName: tableName('certificates'),
      Key: certificateKey(number),
      ConsistentRead: true,
    }),
  );
  return Item ? fromItem(Item) : undefined;
}

/** The number of the completion certificate issued for a registration, if any. */
export async function completionNumberOf(registrationId: string): Promise<string | undefined> {
  const { Item } = await db.send(
    new GetCommand({
      TableName: tableName('certificates'),
      Key: completionGuardKey(registrationId),
      ConsistentRead: true,
    }),
  );
  return Item?.number as string | undefined;
}

/** Marks a valid certificate revoked, keeping the record and counting it; 409 if it already was. */
export async function putRevocation(certificate: Certificate): Promise<void> {
  const outcome = await transact([
    {
      Update: {
        TableName: tableName('certificates'),
        Key: certificateKey(certificate.number),
        UpdateExpression: 'SET #status = :revoked, revokedAt = :at, revocationReason = :reason',
        ConditionExpression: '#status = :valid',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':revoked': 'revoked',
          ':valid': 'valid',
          ':at': certificate.revokedAt,
          ':reason': certificate.revocationReason,
        },
      },
    },
    ...countedFor(certificate, { revoked: 1 }),
  ]);
  if (!outcome.ok) throw conflict('ALREADY_REVOKED', `Certificate ${certificate.number} is already revoked`);
}

async function listBy(
  index: 'gsi1' | 'gsi2',
  partition: Record<string, string>,
  limit: number,
  cursor?: string,
) {
  const page = await queryPage({
    table: 'certificates',
    index,
    partition,
    limit,
    cursor,
    descending: index === 'gsi1',
  });
  return { items: page.items.map(fromItem), nextCursor: page.nextCursor } satisfies Page<Certificate>;
}

export const listHolderCertificates = (holderId: string, limit: number, cursor?: string) =>
  listBy('gsi1', { gsi1pk: `HOLDER#${holderId}` }, limit, cursor);

export const listSessionCertificates = (sessionId: string, limit: number, cursor?: string) =>
  listBy('gsi2', { gsi2pk: `SESSION#${sessionId}` }, limit, cursor);
