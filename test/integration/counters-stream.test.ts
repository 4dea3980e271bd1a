/**
 * The counters aggregator against DynamoDB Local: whatever way the stream hands a shard's records
 * over — the same batch twice, batches cut at other boundaries overlapping the last, two shards
 * on one counter item, a batch cut short after some counter items were written and then handed
 * over whole, two deliveries at once, a write that fails — the counters equal a recount of the
 * registrations. And, end to end through the table's own stream, registrations, cancellations,
 * promotions and results counted as the registrations stand.
 */
import { randomUUID } from 'node:crypto';
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, DynamoDBRecord } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { countRegistrations } from '#functions/counters/handler';
import {
  COUNTED_BY_STREAM,
  type CountedRegistration,
  registrationCountChanges,
} from '#shared/domain/counters/registration-counts';
import {
  type CountedRecord,
  itemShares,
  WATERMARK_RETENTION_SECONDS,
} from '#shared/domain/counters/stream-batch';
import { yearOf } from '#shared/domain/dates';
import type { Registration } from '#shared/domain/registrations/schemas';
import { db } from '#shared/store/client';
import { applyItemShare, counterWatermarks, ownerKey, readCounters } from '#shared/store/counters';
import { countedRegistrationOf, type StreamImage } from '#shared/store/registration-images';
import { listRoster } from '#shared/store/registrations';
import { startCounters } from '../support/counters';
import { hostWithPublishedPlan, sessionOf, trainees } from '../support/fixtures';
import { claimsFor, httpEvent, jsonBody, lambdaContext } from '../support/http-event';
import { registrationsOrResults } from '../support/route-handlers';

afterEach(() => vi.restoreAllMocks());

/** A plan and a host of this test alone, and registrations of them as the stream shows them. */
function owners() {
  const suffix = randomUUID().slice(0, 8);
  const planId = `pln_stream_${suffix}`;
  const hostOrgId = `org_stream_${suffix}`;
  const image = (status: CountedRegistration['status'], extra: Partial<CountedRegistration> = {}) => ({
    entity: 'registration',
    countedBy: COUNTED_BY_STREAM,
    status,
    sessionId: `ses_stream_${suffix}`,
    planId,
    hostOrgId,
    year: 2031,
    planYear: 2031,
    creditHours: 8,
    ...extra,
  });
  return { planId, hostOrgId, image };
}

type Image = ReturnType<ReturnType<typeof owners>['image']>;

let sequence = 990;
/** A stream record of a change from `before` to `after`; sequence numbers cross 999 → 1000. */
function record(before: Image | undefined, after: Image): DynamoDBRecord {
  sequence += 1;
  return {
    eventName: before ? 'MODIFY' : 'INSERT',
    dynamodb: {
      SequenceNumber: String(sequence),
      ApproximateCreationDateTime: 1_900_000_000 + sequence,
      ...(before ? { OldImage: marshall(before) as Record<string, AttributeValue> } : {}),
      NewImage: marshall(after) as Record<string, AttributeValue>,
    },
  };
}

/** A history of 8 registrations of one plan and host, as 13 stream records in order. */
function history() {
  const { planId, hostOrgId, image } = owners();
  const records: DynamoDBRecord[] = [];
  const finals: Image[] = [];
  // What becomes of each: 1 cancelled, 2 passed (its result marked the session held), 3 passed,
  // 4 failed, 6 promoted from the waitlist, 7 still waiting; the rest keep their seats.
  const later: Partial<Record<number, Image>> = {
    1: image('cancelled'),
    2: image('completed', { sessionHeld: { planYear: 2031, hostYear: 2031 } }),
    3: image('completed'),
    4: image('failed'),
    6: image('confirmed'),
  };
  for (let n = 0; n < 8; n++) {
    const first = image(n < 6 ? 'confirmed' : 'waitlisted');
    records.push(record(undefined, first));
    const next = later[n];
    if (next) records.push(record(first, next));
    finals.push(next ?? first);
  }
  return { planId, hostOrgId, records, finals };
}

/** The registration counters as a recount of the registrations as they stand. */
function recount(finals: readonly Image[]) {
  const holding = finals.filter((image) => ['confirmed', 'completed', 'failed'].includes(image.status));
  const completed = finals.filter((image) => image.status === 'completed');
  return {
    confirmed: holding.length,
    completed: completed.length,
    failed: finals.filter((image) => image.status === 'failed').length,
    hours: completed.reduce((sum, image) => sum + image.creditHours, 0),
    held: finals.filter((image) => 'sessionHeld' in image).length,
  };
}

async function countersOf(planId: string, hostOrgId: string, year = 2031) {
  const pick = ({ confirmed, completed, failed, hours, held }: Awaited<ReturnType<typeof readCounters>>) => ({
    confirmed,
    completed,
    failed,
    hours,
    held,
  });
  return {
    plan: pick(await readCounters({ kind: 'plan', id: planId }, year)),
    host: pick(await readCounters({ kind: 'org', id: hostOrgId }, year)),
  };
}

const deliver = (shardId: string, records: DynamoDBRecord[]) =>
  countRegistrations({ Records: records, shardId });

/**
 * Delivers as the event source does: a batch that reports a failure (its watermark kept moving
 * under another delivery) is handed over again from the record it names, until it goes in.
 */
async function deliverUntilTaken(shardId: string, records: DynamoDBRecord[]): Promise<number> {
  let pending = records;
  for (let delivery = 1; delivery <= 10; delivery++) {
    const failed = (await deliver(shardId, pending)).batchItemFailures[0]?.itemIdentifier;
    if (failed === undefined) return delivery;
    pending = pending.slice(pending.findIndex((record) => record.dynamodb?.SequenceNumber === failed));
  }
  throw new Error('The batch was still refused after ten deliveries');
}

describe('the counters aggregator, handed records again', () => {
  it('counts a batch delivered twice once', async () => {
    const { planId, hostOrgId, records, finals } = history();
    expect(await deliver('shard-a', records)).toEqual({ state: {}, batchItemFailures: [] });
    expect(await deliver('shard-a', records)).toEqual({ state: {}, batchItemFailures: [] });
    const expected = recount(finals);
    expect(expected).toEqual({ confirmed: 6, completed: 2, failed: 1, hours: 16, held: 1 });
    expect(await countersOf(planId, hostOrgId)).toEqual({ plan: expected, host: expected });
  });

  it('counts batches cut at other boundaries, overlapping what was applied, once', async () => {
    const { planId, hostOrgId, records, finals } = history();
    await deliver('shard-a', records.slice(0, 6));
    await deliver('shard-a', records.slice(3, 11));
    await deliver('shard-a', records.slice(2, 9));
    await deliver('shard-a', records.slice(9));
    const expected = recount(finals);
    expect(await countersOf(planId, hostOrgId)).toEqual({ plan: expected, host: expected });
  });

  it('keeps a watermark per shard: two shards on one counter item both count, each once', async () => {
    const { planId, hostOrgId, records, finals } = history();
    // The registrations of the first four on one shard, the rest on another.
    const onA = records.slice(0, 7);
    const onB = records.slice(7);
    await deliver('shard-b', onB);
    await deliver('shard-a', onA);
    await deliver('shard-b', onB);
    await deliver('shard-a', onA.slice(2));
    const expected = recount(finals);
    expect(await countersOf(planId, hostOrgId)).toEqual({ plan: expected, host: expected });
    expect(Object.keys(await counterWatermarks({ kind: 'plan', id: planId }, 2031)).sort()).toEqual([
      'shard-a',
      'shard-b',
    ]);
  });

  it('finishes a batch cut short after some counter items were written, when it comes again', async () => {
    const { planId, hostOrgId, records, finals } = history();
    // The crash: the plan's counters were written, the host's not.
    const planShare = itemShares(records.map(countedRecord)).find((share) => share.owner.kind === 'plan');
    if (!planShare) throw new Error('no share of the plan');
    await applyItemShare('shard-a', planShare);
    const halfway = await countersOf(planId, hostOrgId);
    expect(halfway.plan).toEqual(recount(finals));
    expect(halfway.host.confirmed).toBe(0);

    await deliver('shard-a', records);
    const expected = recount(finals);
    expect(await countersOf(planId, hostOrgId)).toEqual({ plan: expected, host: expected });
  });

  it('counts a batch once when two deliveries of it run at the same time', async () => {
    const { planId, hostOrgId, records, finals } = history();
    await Promise.all([deliverUntilTaken('shard-a', records), deliverUntilTaken('shard-a', records)]);
    // A delivery from the middle of a batch is a retry once its start went in: a shard's batches come
    // in order, so one starting past records never applied does not happen (the watermark relies on it).
    await deliverUntilTaken('shard-a', records.slice(4));
    const expected = recount(finals);
    expect(await countersOf(planId, hostOrgId)).toEqual({ plan: expected, host: expected });
  });

  it('reports the first record of a counter item it could not write, and counts exactly once handed over from there', async () => {
    const { planId, hostOrgId, records, finals } = history();
    const send = db.send.bind(db);
    let refused = 0;
    vi.spyOn(db, 'send').mockImplementation(((command: { input?: { Key?: { pk?: string } } }) => {
      if (command.input?.Key?.pk === ownerKey({ kind: 'org', id: hostOrgId }) && refused === 0) {
        refused += 1;
        return Promise.reject(
          new ProvisionedThroughputExceededException({ message: 'throttled', $metadata: {} }),
        );
      }
      return send(command as never);
    }) as typeof db.send);
    const answer = await deliver('shard-a', records);
    expect(answer.batchItemFailures).toEqual([{ itemIdentifier: records[0]?.dynamodb?.SequenceNumber }]);
    vi.restoreAllMocks();
    // The event source hands the batch over again from the record named.
    expect(await deliver('shard-a', records)).toEqual({ state: {}, batchItemFailures: [] });
    const expected = recount(finals);
    expect(await countersOf(planId, hostOrgId)).toEqual({ plan: expected, host: expected });
  });

  it('lets go of the watermark of a shard not heard from for longer than the stream keeps records', async () => {
    const { planId, image } = owners();
    const old: DynamoDBRecord = { ...record(undefined, image('confirmed')) };
    if (old.dynamodb) old.dynamodb.ApproximateCreationDateTime = 1_700_000_000;
    await deliver('shard-old', [old]);
    const recent = record(undefined, image('confirmed'));
    if (recent.dynamodb)
      recent.dynamodb.ApproximateCreationDateTime = 1_700_000_000 + WATERMARK_RETENTION_SECONDS + 60;
    await deliver('shard-new', [recent]);
    expect(Object.keys(await counterWatermarks({ kind: 'plan', id: planId }, 2031))).toEqual(['shard-new']);
    expect((await readCounters({ kind: 'plan', id: planId }, 2031)).confirmed).toBe(2);
  });

  it('leaves alone the changes written before the counters moved to the stream', async () => {
    const { planId, hostOrgId, image } = owners();
    const { countedBy: _, ...legacy } = image('confirmed');
    await deliver('shard-a', [record(undefined, legacy as Image)]);
    expect((await countersOf(planId, hostOrgId)).plan.confirmed).toBe(0);
  });
});

/** A record as the aggregator reads it (shared/use-cases/counters/aggregate.ts). */
function countedRecord(each: DynamoDBRecord): CountedRecord {
  const read = (image: Record<string, AttributeValue> | undefined) =>
    image ? countedRegistrationOf(image as StreamImage) : undefined;
  return {
    sequenceNumber: each.dynamodb?.SequenceNumber as string,
    writtenAt: Number(each.dynamodb?.ApproximateCreationDateTime),
    changes: registrationCountChanges(read(each.dynamodb?.OldImage), read(each.dynamodb?.NewImage)),
  };
}

describe('the counters aggregator on the table’s stream', () => {
  const aggregator = startCounters();
  beforeAll(() => aggregator.ready);
  afterAll(() => aggregator.stop());

  const call = async (
    routeKey: string,
    claims: Record<string, string>,
    pathParameters: Record<string, string>,
    body?: unknown,
  ) => {
    const result = await registrationsOrResults(routeKey)(
      httpEvent({
        routeKey,
        claims,
        pathParameters,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      }),
      lambdaContext('registrations'),
    );
    return { status: result.statusCode, body: jsonBody(result) as unknown as Registration };
  };

  it('counts registrations, cancellations, promotions and results as the registrations stand', async () => {
    const { plan, host } = await hostWithPublishedPlan();
    const session = await sessionOf(plan, { capacity: 4 });
    const people = await trainees(7);
    const registered = await Promise.all(
      people.map((person) =>
        call('POST /sessions/{sessionId}/registrations', claimsFor('trainee', person.traineeId), {
          sessionId: session.id,
        }),
      ),
    );
    expect(registered.map((answer) => answer.status)).toEqual(Array(7).fill(201));
    const seated = registered.filter((answer) => answer.body.status === 'confirmed');
    // Two seats given up: the first two in the queue move up into them.
    for (const answer of seated.slice(0, 2)) {
      const cancelled = await call(
        'POST /registrations/{registrationId}/cancel',
        claimsFor('trainee', answer.body.traineeId),
        { registrationId: answer.body.id },
      );
      expect(cancelled.status).toBe(200);
    }
    await aggregator.caughtUp();
    const roster = await listRoster(session.id, 100);
    const recounted = {
      confirmed: roster.items.filter((registration) => registration.status === 'confirmed').length,
    };
    expect(recounted.confirmed).toBe(4);
    const year = yearOf(session.endDate);
    expect((await readCounters({ kind: 'plan', id: plan.id }, year)).confirmed).toBe(recounted.confirmed);
    expect((await readCounters({ kind: 'org', id: host.id }, year)).confirmed).toBe(recounted.confirmed);
  });
});
