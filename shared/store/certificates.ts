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
 *   sk = COMPLETION, written with the certificate in one transaction, conditional: issued once
 *   (BatchGet for the passes of a trainee's ledger page).
 * - the technical level certificate a holder holds in a field at a level: guard
 *   pk = TECHNICAL#<level>#<holderId, URI-encoded>#<field, folded>, sk = HELD, written with the
 *   certificate in one transaction, conditional (one per holder, field and level, however many
 *   assessors race), and deleted with its revocation (the holder may be certified again).
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { withIssuerName } from '#shared/domain/certificates/certificate';
import { technicalCertificateSlot } from '#shared/domain/certificates/holder';
import type { CertificateType } from '#shared/domain/certificates/kinds';
import { type Certificate, StoredCertificate } from '#shared/domain/certificates/schemas';
import type { Page } from '#shared/domain/common';
import { conflict } from '#shared/domain/errors';
import * as MESSAGES from '#shared/i18n/messages';
import { batchGet } from './batch-get';
import { db } from './client';
import { type CounterChange, type CounterDeltas, counterChanges } from './counters';
import { VersionConflict } from './optimistic';
import { queryPage } from './query-page';
import { sessionPk } from './sessions';
import { tableName } from './tables';
import { type TransactItem, transact } from './transact';

export const certificateKey = (number: string) => ({ pk: `CERT#${number}`, sk: 'CERT' });
export const completionGuardKey = (registrationId: string) => ({
  pk: `REGISTRATION#${registrationId}`,
  sk: 'COMPLETION',
});

type SlotOf = Pick<Certificate, 'holderId' | 'title' | 'level'>;

const technicalGuardKey = (certificate: SlotOf) => {
  const slot = technicalCertificateSlot(certificate);
  // The holder id is encoded so that no `#` in it can make two slots share a key.
  return { pk: `TECHNICAL#${slot.level}#${encodeURIComponent(slot.holderId)}#${slot.field}`, sk: 'HELD' };
};

/** The guard that lets one certificate in: of its registration, or of its holder, field and level. */
function onceGuard(certificate: Certificate): TransactItem[] {
  const key = certificate.registrationId
    ? completionGuardKey(certificate.registrationId)
    : certificate.type === 'technical-level'
      ? technicalGuardKey(certificate)
      : undefined;
  if (!key) return [];
  return [
    {
      Put: {
        TableName: tableName('certificates'),
        Item: { ...key, number: certificate.number },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ];
}

function certificateItem(certificate: Certificate) {
  return {
    ...certificateKey(certificate.number),
    gsi1pk: `HOLDER#${certificate.holderId}`,
    gsi1sk: `${certificate.issuedOn}#${certificate.number}`,
    ...(certificate.sessionId
      ? { gsi2pk: sessionPk(certificate.sessionId), gsi2sk: certificate.number }
      : {}),
    gsi3pk: `ISSUER#${certificate.issuerOrgId}`,
    gsi3sk: `${certificate.issuedOn}#${certificate.number}`,
    entity: 'certificate',
    ...certificate,
  };
}

const fromItem = (item: Record<string, unknown>): Certificate =>
  withIssuerName(StoredCertificate.parse(item));

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
function countsFor(certificate: Certificate, deltas: CounterDeltas): CounterChange[] {
  return [
    { owner: { kind: 'org', id: certificate.issuerOrgId }, year: yearOfIssue(certificate), deltas },
    ...(certificate.planId
      ? [
          {
            owner: { kind: 'plan', id: certificate.planId } as const,
            year: certificate.planYear ?? yearOfIssue(certificate),
            deltas,
          },
        ]
      : []),
  ];
}

const countedFor = (certificate: Certificate, deltas: CounterDeltas): TransactItem[] =>
  counterChanges(countsFor(certificate, deltas));

/** What a revocation changes beyond the certificate, written in its transaction. */
export interface RevocationConsequences {
  /** Items of other entities (a notice, a ledger entry). */
  items: readonly TransactItem[];
  /** Counts taken back (a pass), merged with the certificate's own: the same counters, one item. */
  counts: readonly CounterChange[];
}

/**
 * Stores a new certificate with its counters; a completion certificate only if its registration
 * has none yet, a technical level certificate only if its holder has none of that field and
 * level (else false). Throws VersionConflict on a transaction conflict.
 */
export async function putNewCertificate(certificate: Certificate): Promise<boolean> {
  const outcome = await transact([
    ...onceGuard(certificate),
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

/** The numbers of the completion certificates issued for these registrations, by registration id. */
export async function completionNumbersOf(registrationIds: readonly string[]): Promise<Map<string, string>> {
  const ids = [...new Set(registrationIds)];
  const guards = await batchGet('certificates', ids.map(completionGuardKey), { consistentRead: true });
  const numberOf = new Map(guards.map((guard) => [guard.pk, guard.number as string]));
  const found = new Map<string, string>();
  for (const id of ids) {
    const number = numberOf.get(completionGuardKey(id).pk);
    if (number !== undefined) found.set(id, number);
  }
  return found;
}

/** The number of the technical level certificate its holder holds in this field at this level, if any. */
export async function heldTechnicalNumber(certificate: SlotOf): Promise<string | undefined> {
  const { Item } = await db.send(
    new GetCommand({
      TableName: tableName('certificates'),
      Key: technicalGuardKey(certificate),
      ConsistentRead: true,
    }),
  );
  return Item?.number as string | undefined;
}

/** Frees the field and level of a revoked technical level certificate, if its guard names it. */
async function guardRelease(certificate: Certificate): Promise<TransactItem[]> {
  if (certificate.type !== 'technical-level') return [];
  // Certificates issued before the guard existed have none; another's guard is not this one's to free.
  if ((await heldTechnicalNumber(certificate)) !== certificate.number) return [];
  return [
    {
      Delete: {
        TableName: tableName('certificates'),
        Key: technicalGuardKey(certificate),
        ConditionExpression: '#number = :number',
        ExpressionAttributeNames: { '#number': 'number' },
        ExpressionAttributeValues: { ':number': certificate.number },
      },
    },
  ];
}

/**
 * Marks a valid certificate revoked, keeping the record and counting it, together with `consequences`
 * (what the revocation changes elsewhere: the holder's notice, the credits it takes back), all or
 * nothing; 409 if it already was revoked. Throws VersionConflict when something else changed.
 */
export async function putRevocation(
  certificate: Certificate,
  consequences: RevocationConsequences = { items: [], counts: [] },
): Promise<void> {
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
    ...counterChanges([...countsFor(certificate, { revoked: 1 }), ...consequences.counts]),
    ...(await guardRelease(certificate)),
    ...consequences.items,
  ]);
  if (outcome.ok) return;
  if (outcome.failedConditions.includes(0)) {
    throw conflict('ALREADY_REVOKED', MESSAGES.certificates.revokedMeanwhile(certificate.number));
  }
  throw new VersionConflict(`What the revocation of ${certificate.number} changes has changed meanwhile`);
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
  listBy('gsi2', { gsi2pk: sessionPk(sessionId) }, limit, cursor);
