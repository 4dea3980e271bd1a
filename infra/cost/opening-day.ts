/**
 * A load model on paper (issue 21): the opening day of the public compulsory course (公需科目),
 * 800,000 registrations a year. Every assumption is a named constant here; the items are built by
 * the code that stores them, so their sizes follow the code. docs/load-model.md shows the figures
 * (./load-model-tables.ts renders them, `npm run load-model` prints them).
 */
import { createHash } from 'node:crypto';
import { COUNTS_BATCHING_WINDOW } from '#infra/cloud/counter-stream';
import { sequenceKey, WATERMARK_RETENTION_SECONDS } from '#shared/domain/counters/stream-batch';
import { claimKeyOf, seatMark, seatNonce, storedKeyHash } from '#shared/domain/registrations/claims';
import { newRegistration } from '#shared/domain/registrations/registration';
import type { Session } from '#shared/domain/sessions/schemas';
import { COUNTS_PROGRESS_KEY, counterKey } from '#shared/store/counters';
import {
  IDEMPOTENCY_LEASE_SECONDS,
  IDEMPOTENCY_TTL_SECONDS,
  idempotencyRecordKey,
} from '#shared/store/idempotency';
import { COUNTS_BATCH_SIZE } from '#shared/store/registration-filter';
import { guardKey, registrationItem, withSeatCountedByStream } from '#shared/store/registrations';
import { sessionItem } from '#shared/store/sessions';
import { itemBytes, readUnits, writeUnits } from './item-size';
import { PRICES } from './prices';
import { COLD_START_INIT_MS, COLD_START_SHARE, REQUEST_MIX } from './requests';

/** A request kind of the cost model: its duration sizes the marks on a hot session and the concurrency. */
const kind = (name: 'read' | 'registration') => {
  const found = REQUEST_MIX.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`No request kind ${name} in the cost model`);
  return found;
};

/** Seconds a request runs warm, and with a new execution environment's INIT before it. */
const warmSeconds = (name: 'read' | 'registration') => kind(name).lambdaMs / 1000;
const coldSeconds = (name: 'read' | 'registration') => warmSeconds(name) + COLD_START_INIT_MS / 1000;

// ---------------------------------------------------------------------------------------------
// The peaks assumed, and why (docs/load-model.md, "Peaks").

/** 能力提升项目: "每年培养培训各类专业技术人才80万人左右", each registering once for the 必修 course. */
export const YEARLY_REGISTRATIONS = 800_000;

export interface Peaks {
  /** Share of the year's registrations made on the day the course opens. */
  openingDayShare: number;
  /** Share of that day's registrations in its busiest hour (the notice goes out in the morning). */
  peakHourShare: number;
  /** Share of that hour's registrations in its busiest minute (the announced opening minute). */
  peakMinuteShare: number;
  /** The busiest second over the busiest minute's mean (clients released by one notice). */
  burstFactor: number;
}

export const SCENARIOS = {
  expected: { openingDayShare: 0.1, peakHourShare: 0.2, peakMinuteShare: 0.05, burstFactor: 3 },
  stress: { openingDayShare: 0.25, peakHourShare: 0.25, peakMinuteShare: 0.1, burstFactor: 5 },
} as const satisfies Record<string, Peaks>;
export type Scenario = keyof typeof SCENARIOS;

export interface PeakRates {
  day: number;
  hour: number;
  minute: number;
  /** Registrations a second, the busiest minute's mean. */
  minuteMeanPerSecond: number;
  /** Registrations a second, the busiest second. */
  peakSecond: number;
}

export function peakRates(peaks: Peaks): PeakRates {
  const day = YEARLY_REGISTRATIONS * peaks.openingDayShare;
  const hour = day * peaks.peakHourShare;
  const minute = hour * peaks.peakMinuteShare;
  const minuteMeanPerSecond = minute / 60;
  return { day, hour, minute, minuteMeanPerSecond, peakSecond: minuteMeanPerSecond * peaks.burstFactor };
}

/**
 * A capped session with far more registrants than seats: a 100-seat 研修 seminar that 1,000
 * registrants try within 5 s of its opening (the burst, spread over seconds).
 */
export const HOT_CAPPED_SESSION = { seats: 100, registrants: 1_000, seconds: 5 } as const;
/** Hot capped seminars opening in the same seconds (their index entries share two partition keys). */
export const HOT_SEMINARS_AT_ONCE = 2;

// ---------------------------------------------------------------------------------------------
// The items, as the code stores them.

const OPENING = new Date('2027-03-01T01:00:00.000Z'); // 09:00 Beijing
/** Ids as `newId` makes them: a prefix, 9 characters of time and 16 random (always 25). */
const id = (prefix: string, n: number) => `${prefix}_${'01jnq8m4v'}${String(n).padStart(16, 'k')}`;
/** A Cognito `sub` (a UUID), which is a trainee's id. */
const TRAINEE_ID = 'c8f1e2a4-6b3d-4f7e-9a1c-2d5e8f0b3a71';
/** A client's Idempotency-Key (a UUID, as clients make them). */
const IDEMPOTENCY_KEY = '5b0e3c9a-1f7d-4c2e-8a6b-9d3f1e7c2a40';

/** The online public compulsory course: uncapped, hosted by the program office. */
export const PUBLIC_COURSE: Session = {
  id: id('ses', 1),
  planId: id('plan', 1),
  hostOrgId: id('org', 1),
  hostName: '广西壮族自治区人力资源和社会保障厅',
  year: 2027,
  title: '2027年度广西专业技术人员继续教育公需科目（必修）：数字技术与人工智能应用',
  startDate: '2027-03-01',
  endDate: '2027-12-31',
  registrationDeadline: '2027-11-30',
  capacity: null,
  creditHours: 30,
  subjectType: 'public-compulsory',
  mode: 'online',
  city: '南宁',
  location: '广西专业技术人员继续教育信息管理系统（线上学习）',
  seatsTaken: 80_000,
  waitlistLength: 0,
  createdAt: '2027-02-20T02:00:00.000Z',
  updatedAt: '2027-02-20T02:00:00.000Z',
  version: 3,
};

/** A hot capped session: a 100-seat seminar, full, with its queue. */
export const CAPPED_SEMINAR: Session = {
  ...PUBLIC_COURSE,
  id: id('ses', 2),
  planId: id('plan', 2),
  hostOrgId: id('org', 2),
  hostName: '广西大学继续教育学院',
  title: '2027年自治区级高级研修项目：中国—东盟数字经济合作与创新',
  startDate: '2027-04-12',
  endDate: '2027-04-16',
  registrationDeadline: '2027-04-05',
  capacity: HOT_CAPPED_SESSION.seats,
  creditHours: 40,
  subjectType: 'professional',
  mode: 'offline',
  location: '广西大学继续教育学院学术报告厅',
  seatsTaken: HOT_CAPPED_SESSION.seats,
  waitlistLength: HOT_CAPPED_SESSION.registrants - HOT_CAPPED_SESSION.seats,
};

const PROFILE = {
  traineeId: TRAINEE_ID,
  name: '黄丽娟',
  idNumber: '450103198806152345',
  employer: '广西壮族自治区农业科学院经济作物研究所',
  city: '南宁',
  email: 'huang.lijuan@example.gov.cn',
  updatedAt: '2027-01-05T03:00:00.000Z',
};

/**
 * The public course's registration. The capped examples are the same registration with a claim:
 * the course's title and host name are longer than a seminar's, so their sizes are a bound.
 */
const registration = newRegistration(PUBLIC_COURSE, PROFILE, OPENING);
/** A seat's pending mark (claims.ts): the registration time and a nonce of 8 characters. */
const SEAT_MARK = seatMark(registration.registeredAt, 'n0nce-01');
/** What registering.ts stores beside a registration: a seat's nonce, what it keeps of the key's hash. */
const written = (seat: boolean) => ({
  ...(seat ? { claim: seatNonce(SEAT_MARK) } : {}),
  keyHash: storedKeyHash(claimKeyOf(TRAINEE_ID, IDEMPOTENCY_KEY)),
});
const sha256 = (text: string) => createHash('sha256').update(text).digest('base64url');
const epochSeconds = (at: Date) => Math.floor(at.getTime() / 1000);

/** The registrants a second of a hot capped seminar: 1,000 in 5 s. */
export const HOT_SEMINAR_RATE = HOT_CAPPED_SESSION.registrants / HOT_CAPPED_SESSION.seconds;

/**
 * Execution environments that hold a claim mark on a hot capped session, for each one busy
 * registering on it. Each holds one (shared/store/finished-claims.ts): its claim, pending, then
 * finished until its next claim on the session swaps it for the new one in the same update. An
 * environment gone to other requests keeps its mark until the counters aggregator takes it off
 * (its window, 2 s, and the stream's delay), and Lambda keeps idle environments warm beside the
 * busy ones: twice the busy ones (assumed; a burst on new environments makes more:
 * docs/load-model.md, section 3).
 */
export const MARKED_PER_BUSY_ENVIRONMENT = 2;

/** Environments registering on one session at once: registrations a second × a registration's duration. */
export const busyEnvironments = (perSecond: number) => (perSecond * kind('registration').lambdaMs) / 1000;

/** Claim marks on a hot capped session at `perSecond` registrations, at least one (the registrant's own). */
export const marksOnSession = (perSecond: number) =>
  Math.max(1, Math.ceil(MARKED_PER_BUSY_ENVIRONMENT * busyEnvironments(perSecond)));

/** The session attribute of a claim's mark, before its registration id (shared/store/registering.ts). */
export const PENDING_CLAIM_PREFIX = 'pendingClaim:';

/**
 * A capped session's item with claim marks on it, as registering.ts writes them: one attribute
 * `pendingClaim:<registrationId>` a claim, a seat's mark or the ticket's number.
 */
function sessionItemClaiming(session: Session, marks: number, claim: (n: number) => string | number) {
  return {
    ...sessionItem(session),
    waitlistCounter: session.waitlistLength,
    ...Object.fromEntries(
      Array.from({ length: marks }, (_, n) => [`${PENDING_CLAIM_PREFIX}${id('reg', 100 + n)}`, claim(n)]),
    ),
  };
}

const idempotencyRecord = () => ({
  ...idempotencyRecordKey(`${TRAINEE_ID}#register`, IDEMPOTENCY_KEY),
  state: 'in-progress',
  bodyHash: sha256(`/sessions/${PUBLIC_COURSE.id}/registrations\n{}`),
  leaseUntil: epochSeconds(OPENING) + IDEMPOTENCY_LEASE_SECONDS,
  expiresAt: epochSeconds(OPENING) + IDEMPOTENCY_TTL_SECONDS,
});

/**
 * DynamoDB Streams has a shard per partition of the table; a new on-demand table's 4,000 write
 * units are four partitions' worth (our reading: AWS publishes no partition count).
 */
export const STREAM_SHARDS = 4;
/** How long a stream shard takes records before a new one follows it (assumed: AWS publishes no figure). */
export const STREAM_SHARD_HOURS = 4;
/**
 * Watermarks a busy counter item carries: one for every shard it heard from within the retention
 * (a host's registrations land on every partition, so on every shard).
 */
export const WATERMARKS_ON_A_BUSY_COUNTER =
  STREAM_SHARDS * Math.ceil(WATERMARK_RETENTION_SECONDS / 3600 / STREAM_SHARD_HOURS);

/** A shard id and a sequence number as DynamoDB Streams makes them. */
const shardId = (n: number) =>
  `shardId-0000000177${String(n).padStart(10, '0')}-${(0x1a2b3c40 + n).toString(16)}`;
const sequenceNumber = (n: number) => `4900000000000${String(n).padStart(8, '0')}12345678901234567890`;

/**
 * The watermarks of a busy item the aggregator writes: per stream shard `stream:<shardId>` =
 * { sequence, writtenAt } (the sequence padded to compare as text).
 */
const watermarks = () =>
  Object.fromEntries(
    Array.from({ length: WATERMARKS_ON_A_BUSY_COUNTER }, (_, n) => [
      `stream:${shardId(n)}`,
      { sequence: sequenceKey(sequenceNumber(n)), writtenAt: epochSeconds(OPENING) + n },
    ]),
  );

/** A host's yearly counts. */
const COUNTS = {
  ...counterKey({ kind: 'org', id: PUBLIC_COURSE.hostOrgId }, 2027),
  year: 2027,
  sessions: 12,
  held: 0,
  confirmed: 80_000,
  completed: 0,
  failed: 0,
  hours: 0,
  certificates: 0,
  revoked: 0,
};

/** The items as stored, one of each kind a registration (and the aggregator) writes. */
export const EXAMPLES = {
  /** The public course's: no seat claimed, `seatCountedBy: 'stream'` for the aggregator. */
  registration: { ...registrationItem(withSeatCountedByStream(registration)), ...written(false) },
  /** A seat claimed on a capped session: the claim's nonce beside it. */
  cappedRegistration: { ...registrationItem(registration), ...written(true) },
  /** As the transaction before issue 21 put it: nothing beside it. */
  registrationBefore: registrationItem(registration),
  waitlistedRegistration: {
    ...registrationItem({ ...registration, status: 'waitlisted', waitlistPosition: 900 }),
    ...written(false),
  },
  /** Completed with its session's first result: the registration carries `sessionHeld` for the aggregator. */
  completedRegistration: {
    ...registrationItem({
      ...registration,
      id: id('reg', 2),
      status: 'completed',
      result: { passed: true, score: 86.5, recordedAt: '2027-12-20T02:00:00.000Z', recordedBy: id('usr', 1) },
      updatedAt: '2027-12-20T02:00:00.000Z',
    }),
    sessionHeld: { planYear: 2027, hostYear: 2027 },
  },
  /**
   * The guard the paths before derived ids put (the largest, of the claiming path); only read now,
   * and deleted when its registration is cancelled.
   */
  guard: {
    ...guardKey(registration.sessionId, TRAINEE_ID),
    registrationId: registration.id,
    state: 'claiming',
    claimedAt: OPENING.toISOString(),
    registeredAt: registration.registeredAt,
    keyHash: claimKeyOf(TRAINEE_ID, IDEMPOTENCY_KEY),
  },
  /** The public course's session as it was before issue 21: no watermarks. */
  publicCourseSessionBefore: sessionItem(PUBLIC_COURSE),
  /**
   * The public course's session now: the aggregator adds its seats (`seatsTaken`) with the shard's
   * watermark, as on a counter item, so it carries one for every shard it heard from.
   */
  publicCourseSession: { ...sessionItem(PUBLIC_COURSE), ...watermarks() },
  cappedSessionAtRest: { ...sessionItem(CAPPED_SEMINAR), waitlistCounter: CAPPED_SEMINAR.waitlistLength },
  /** The hot seminar with seats left, the seat marks of the environments registering on it. */
  cappedSessionSeating: sessionItemClaiming(
    { ...CAPPED_SEMINAR, seatsTaken: HOT_CAPPED_SESSION.seats / 2, waitlistLength: 0 },
    marksOnSession(HOT_SEMINAR_RATE),
    () => SEAT_MARK,
  ),
  /** The hot seminar, full, the ticket marks of the environments registering on it. */
  cappedSession: sessionItemClaiming(
    CAPPED_SEMINAR,
    marksOnSession(HOT_SEMINAR_RATE),
    (n) => CAPPED_SEMINAR.waitlistLength - n,
  ),
  /** The key claimed before the work runs (shared/store/idempotency.ts), leased for the API's timeout. */
  idempotencyClaim: idempotencyRecord(),
  /** The remembered answer: the 201 with the registration, as the idempotency middleware keeps it. */
  idempotencyRecord: {
    ...idempotencyRecord(),
    state: 'completed',
    response: { statusCode: 201, body: JSON.stringify(registration) },
  },
  /**
   * A busy yearly counter item (shared/store/counters.ts): the counts, and per stream shard a
   * watermark `stream:<shardId>` = { sequence, writtenAt } (the sequence padded to compare as text).
   */
  counters: { ...COUNTS, ...watermarks() },
  /** A counter item as the registering transaction kept it before issue 21: no watermarks. */
  countersBefore: COUNTS,
  /** The aggregator's progress (`appliedThrough`), which the report states as its freshness. */
  countsProgress: { ...COUNTS_PROGRESS_KEY, appliedThrough: epochSeconds(OPENING) },
};

/** Their sizes in bytes. */
export const ITEMS = Object.fromEntries(
  Object.entries(EXAMPLES).map(([name, item]) => [name, itemBytes(item)]),
) as Record<keyof typeof EXAMPLES, number>;

// ---------------------------------------------------------------------------------------------
// The writes of one registration.

/** The partition key a write lands on, when many registrations share it. */
export type Hot = 'session' | 'roster' | 'waitlist' | 'plan counters' | 'host counters';

export type Table = 'plans' | 'registrations' | 'idempotency';

/** The DynamoDB operation of a write (the old path's transaction counts as its items' writes). */
export type Operation = 'PutItem' | 'UpdateItem' | 'TransactWriteItems';

export interface Write {
  what: string;
  table: Table;
  operation: Operation;
  /**
   * The item's size; for an update the larger of the item before and after it, which is what
   * DynamoDB charges.
   */
  bytes: number;
  transactional: boolean;
  /** Global secondary indexes the item is in (each projects ALL: a write of the same size). */
  indexes: number;
  /** Shared partition keys it writes: the base item, or an index entry's key. */
  hot?: Hot[];
}

/** The session item is in all three indexes of the plans table (by plan, by year, all sessions). */
const SESSION_INDEXES = 3;

const idempotencyClaim: Write = {
  what: 'idempotency record claimed (conditional put)',
  table: 'idempotency',
  operation: 'PutItem',
  bytes: ITEMS.idempotencyClaim,
  transactional: false,
  indexes: 0,
};
const idempotencyDone: Write = {
  what: 'idempotency record completed with the 201',
  table: 'idempotency',
  operation: 'UpdateItem',
  bytes: ITEMS.idempotencyRecord,
  transactional: false,
  indexes: 0,
};
const registrationPut = (
  what: string,
  bytes: number,
  options: { waitlisted?: boolean; transactional?: boolean } = {},
): Write => ({
  what,
  table: 'registrations',
  operation: options.transactional ? 'TransactWriteItems' : 'PutItem',
  bytes,
  transactional: options.transactional ?? false,
  // Roster (gsi1) and trainee (gsi2); a waitlisted one also the waitlist (gsi3).
  indexes: options.waitlisted ? 3 : 2,
  hot: options.waitlisted ? ['roster', 'waitlist'] : ['roster'],
});

/**
 * A capped session's path (shared/store/registering.ts): one conditional update of the session
 * claiming a seat or a ticket, which also takes off the mark of this environment's previous claim
 * there, then the registration's put under its derived id (its key is the uniqueness: no guard).
 * Nothing removes the new mark afterwards: the environment's next claim does, or the aggregator.
 */
const claimingPath = (sessionBytes: number, claimed: string, put: Write): Write[] => [
  idempotencyClaim,
  {
    what: `(b) session: ${claimed} claimed, \`pendingClaim:<registrationId>\` set, the environment's previous mark removed`,
    table: 'plans',
    operation: 'UpdateItem',
    bytes: sessionBytes,
    transactional: false,
    indexes: SESSION_INDEXES,
    hot: ['session'],
  },
  put,
  idempotencyDone,
];

export const PATHS = {
  /**
   * Before issue 21 (registerOnce): one transaction of five items, two of them counters shared by
   * all the host's sessions; at today's item sizes.
   */
  before: [
    idempotencyClaim,
    {
      what: 'session seat (in the transaction)',
      table: 'plans',
      operation: 'TransactWriteItems',
      bytes: ITEMS.publicCourseSessionBefore,
      transactional: true,
      indexes: SESSION_INDEXES,
      hot: ['session'],
    },
    {
      what: 'guard put (in the transaction)',
      table: 'registrations',
      operation: 'TransactWriteItems',
      bytes: ITEMS.guard,
      transactional: true,
      indexes: 0,
    },
    registrationPut('registration put (in the transaction)', ITEMS.registrationBefore, {
      transactional: true,
    }),
    {
      what: 'plan counters (in the transaction)',
      table: 'plans',
      operation: 'TransactWriteItems',
      bytes: ITEMS.countersBefore,
      transactional: true,
      indexes: 0,
      hot: ['plan counters'],
    },
    {
      what: 'host counters (in the transaction)',
      table: 'plans',
      operation: 'TransactWriteItems',
      bytes: ITEMS.countersBefore,
      transactional: true,
      indexes: 0,
      hot: ['host counters'],
    },
    idempotencyDone,
  ],
  /**
   * Now, the public course (no capacity): no seat to claim, so the registration's put is the one
   * write of the store. Its seat is counted on the session by the aggregator, once a batch.
   */
  publicCourse: [
    idempotencyClaim,
    registrationPut('registration put, its seat counted by the stream (`seatCountedBy`)', ITEMS.registration),
    idempotencyDone,
  ],
  /** Now, a hot capped seminar with seats left. */
  cappedSeat: claimingPath(
    ITEMS.cappedSessionSeating,
    'seat',
    registrationPut('(c) registration put', ITEMS.cappedRegistration),
  ),
  /** The same, once the seminar is full: a waitlist ticket instead of a seat. */
  cappedWaitlisted: claimingPath(
    ITEMS.cappedSession,
    'waitlist ticket',
    registrationPut('(c) registration put, waitlisted', ITEMS.waitlistedRegistration, { waitlisted: true }),
  ),
} satisfies Record<string, Write[]>;
export type PathName = keyof typeof PATHS;
/** The paths that claim on the session item. */
export type CappedPath = 'cappedSeat' | 'cappedWaitlisted';

/** Write units of one write: the item (twice in a transaction) and each index entry once. */
export const writeUnitsOf = (write: Write) =>
  writeUnits(write.bytes, write.transactional) + write.indexes * writeUnits(write.bytes);

/**
 * Write units one registration spends in a table's own partitions, or in its busiest index (every
 * indexed write of a path is in that one: the session in all three, a registration in two or three).
 */
export const tableWriteUnits = (path: PathName, table: Table, part: 'table' | 'index') =>
  PATHS[path]
    .filter((write) => write.table === table && (part === 'table' || write.indexes > 0))
    .reduce(
      (sum, write) =>
        sum + (part === 'table' ? writeUnits(write.bytes, write.transactional) : writeUnits(write.bytes)),
      0,
    );

export const pathWriteUnits = (path: PathName) =>
  PATHS[path].reduce((sum, write) => sum + writeUnitsOf(write), 0);

/**
 * Write units one registration puts on a shared partition key: the item's (twice in a
 * transaction), or an index entry's (index entries are written outside the transaction).
 */
export function hotWriteUnits(path: PathName, hot: Hot): number {
  const onIndex: Hot[] = ['roster', 'waitlist'];
  return PATHS[path]
    .filter((write) => write.hot?.includes(hot))
    .reduce((sum, write) => sum + writeUnits(write.bytes, write.transactional && !onIndex.includes(hot)), 0);
}

/**
 * Reads of one registration on the public course, in one strongly consistent BatchGet across the
 * two tables (each item charged on its own): the session (over 4 KB with its watermarks), the
 * profile (smaller than a registration, under 4 KB), the registration under the trainee's derived
 * id and a legacy guard, both usually absent (an item not there costs the least a read can). The
 * claim reads nothing more: a ticket's place comes back from its update.
 */
export const REGISTRATION_READ_UNITS =
  readUnits(ITEMS.publicCourseSession, 'strong') +
  readUnits(ITEMS.registration, 'strong') +
  2 * readUnits(1, 'strong');

/**
 * Read units one registrant spends on a session item of `bytes`: GET /sessions/{sessionId} and
 * registering's BatchGet both read it strongly consistent.
 */
export const sessionReadUnits = (bytes: number) => 2 * readUnits(bytes, 'strong');

/**
 * A waitlisted registrant's place, when their registrations are listed (GET /registrations?mine=true),
 * counts those still waiting ahead: a query of the waitlist index that reads every entry ahead
 * (a projection does not make a read cheaper). Registering answers it from the ticket instead.
 */
export const waitlistPlaceReadUnits = (place: number) =>
  readUnits((place - 1) * ITEMS.waitlistedRegistration, 'eventual');

/** Read units the whole queue of the hot capped seminar spends listing its places, once each. */
export const hotWaitlistReadUnits = () =>
  Array.from({ length: HOT_CAPPED_SESSION.registrants - HOT_CAPPED_SESSION.seats }, (_, n) =>
    waitlistPlaceReadUnits(n + 1),
  ).reduce((sum, units) => sum + units, 0);

// ---------------------------------------------------------------------------------------------
// DynamoDB's limits (docs/load-model.md cites them).

export const PARTITION_WRITE_UNITS = 1_000;
export const PARTITION_READ_UNITS = 3_000;
/** A new on-demand table's warm throughput: writes a second it takes at once without throttling. */
export const NEW_ON_DEMAND_TABLE_WRITE_UNITS = 4_000;

/**
 * Registrations a second a capped session takes: its item's 1,000 write units over the one write
 * a registrant makes on it (each index entry the same, in its own partition).
 */
export const sessionCeiling = (path: CappedPath) => PARTITION_WRITE_UNITS / hotWriteUnits(path, 'session');

/**
 * Registrations a second the public course takes. No registrant writes an item another writes; the
 * keys they share are the roster's index partition (written) and the session item (read).
 */
export const publicCourseCeiling = () => ({
  roster: PARTITION_WRITE_UNITS / hotWriteUnits('publicCourse', 'roster'),
  sessionReads: PARTITION_READ_UNITS / sessionReadUnits(ITEMS.publicCourseSession),
});

// ---------------------------------------------------------------------------------------------
// The counters aggregator (functions/counters, shared/use-cases/counters/aggregate.ts).

/** Seconds the event source gathers a shard's records before invoking (COUNTS_BATCHING_WINDOW). */
export const AGGREGATOR_WINDOW_SECONDS = COUNTS_BATCHING_WINDOW.toSeconds();

export interface AggregatorWrite {
  what: string;
  bytes: number;
  /** Index entries the item has (an update rewrites each at the item's size). */
  indexes: number;
  hot?: Hot;
}

/**
 * The aggregator's writes for one batch of one shard's records of the public course: one
 * conditional update per item it counts on (the plan's and the host's counters, and the session's
 * `seatsTaken`, each with the shard's watermark), and the progress item's `appliedThrough`. A
 * batch of many sessions writes two counter items per plan and host it touches and the item of
 * each session without a capacity; a watermark gone stale is removed now and then (one more
 * update, rare). For a capped session with new claimed registrations it reads their marks, and
 * writes only when any is still there (not counted here: reads, and rare writes).
 */
export const AGGREGATOR_BATCH_WRITES: AggregatorWrite[] = [
  {
    what: "plan counters: ADD the batch's sums, SET the shard's watermark",
    bytes: ITEMS.counters,
    indexes: 0,
    hot: 'plan counters',
  },
  {
    what: "host counters: ADD the batch's sums, SET the shard's watermark",
    bytes: ITEMS.counters,
    indexes: 0,
    hot: 'host counters',
  },
  {
    what: "the public course's session: ADD `seatsTaken`, SET the shard's watermark",
    bytes: ITEMS.publicCourseSession,
    indexes: SESSION_INDEXES,
    hot: 'session',
  },
  { what: 'progress `COUNTERS#STREAM`: SET `appliedThrough`', bytes: ITEMS.countsProgress, indexes: 0 },
];

/** Write units of one of the aggregator's writes: the item and each index entry, at its size. */
export const aggregatorWriteUnits = (write: AggregatorWrite) => writeUnits(write.bytes) * (1 + write.indexes);

export const aggregatorBatchWriteUnits = () =>
  AGGREGATOR_BATCH_WRITES.reduce((sum, write) => sum + aggregatorWriteUnits(write), 0);

export interface AggregatorLoad {
  /** Records in one shard's batch: the window's worth, at most the batch size. */
  recordsPerBatch: number;
  /** Batches a second over all shards. */
  batchesPerSecond: number;
  /** Write units a second on the host's counter item. */
  hostCounterUnits: number;
  /** Write units a second on the public course's session item, and on each of its index entries. */
  sessionUnits: number;
  /** Write units a second the aggregator spends in the plans table's own partitions. */
  tableUnits: number;
  /** The same and its index entries: all it spends. */
  units: number;
}

/** The aggregator at `rate` registrations a second, spread over the shards. */
export function aggregatorAt(rate: number): AggregatorLoad {
  const perShard = rate / STREAM_SHARDS;
  const recordsPerBatch = Math.min(COUNTS_BATCH_SIZE, Math.max(1, perShard * AGGREGATOR_WINDOW_SECONDS));
  const batchesPerSecond = rate / recordsPerBatch;
  return {
    recordsPerBatch,
    batchesPerSecond,
    hostCounterUnits: batchesPerSecond * writeUnits(ITEMS.counters),
    sessionUnits: batchesPerSecond * writeUnits(ITEMS.publicCourseSession),
    tableUnits:
      batchesPerSecond * AGGREGATOR_BATCH_WRITES.reduce((sum, write) => sum + writeUnits(write.bytes), 0),
    units: batchesPerSecond * aggregatorBatchWriteUnits(),
  };
}

// ---------------------------------------------------------------------------------------------
// Transaction conflicts.

/**
 * How long a registering transaction holds its items: a five-item TransactWriteItems in the
 * region, prepare and commit. Assumed; DynamoDB publishes no figure.
 */
export const TRANSACTION_HOLD_SECONDS = 0.025;

/**
 * First attempts that meet an in-flight transaction on an item `rate` registrations a second
 * share: about rate × utilisation (rate × hold time), until the item is busy all the time.
 */
export function conflictsPerSecond(rate: number, hold = TRANSACTION_HOLD_SECONDS): number {
  return rate * Math.min(1, rate * hold);
}

/** At most this many transactions a second complete on one shared item, one after the other. */
export const serialCeiling = (hold = TRANSACTION_HOLD_SECONDS) => 1 / hold;

// ---------------------------------------------------------------------------------------------
// Lambda and API Gateway at the peak.

/** What a registrant calls on opening day, besides signing in (one each). */
export const REGISTRANT_REQUESTS = [
  {
    method: 'GET',
    path: '/public/sessions',
    note: 'the catalogue',
    fn: 'sessions',
    kind: 'read',
    public: true,
  },
  { method: 'GET', path: '/sessions/{sessionId}', note: '', fn: 'sessions', kind: 'read', public: false },
  { method: 'GET', path: '/trainees/me', note: '', fn: 'trainees', kind: 'read', public: false },
  {
    method: 'POST',
    path: '/sessions/{sessionId}/registrations',
    note: '',
    fn: 'registrations',
    kind: 'registration',
    public: false,
  },
  {
    method: 'GET',
    path: '/registrations',
    note: '?mine=true',
    fn: 'registrations',
    kind: 'read',
    public: false,
  },
] as const;

export interface Concurrency {
  fn: string;
  warm: number;
  /** The first second of a burst, every environment new. */
  cold: number;
}

/** Concurrent executions per function at `rate` registrants a second (each makes every request). */
export function concurrencyAt(rate: number): Concurrency[] {
  const byFunction = new Map<string, Concurrency>();
  for (const request of REGISTRANT_REQUESTS) {
    const row = byFunction.get(request.fn) ?? { fn: request.fn, warm: 0, cold: 0 };
    row.warm += rate * warmSeconds(request.kind);
    row.cold += rate * coldSeconds(request.kind);
    byFunction.set(request.fn, row);
  }
  return [...byFunction.values()];
}

/** API Gateway's account quota a region, requests a second (docs/load-model.md cites it). */
export const API_GATEWAY_ACCOUNT_RPS = 10_000;
/** The stage's throttles of each route (THROTTLE and PUBLIC_THROTTLE of infra/cloud/api-routes.ts). */
export const ROUTE_THROTTLE = { rateLimit: 100, burstLimit: 200 };
export const PUBLIC_ROUTE_THROTTLE = { rateLimit: 20, burstLimit: 40 };

// ---------------------------------------------------------------------------------------------
// The cost of the day.

/**
 * Stream records per aggregator invocation over the whole day: one, an upper bound on the batches.
 * Outside the peak hour a shard gets about a record per window (the day's registrations over a
 * working day are a few a second, over four shards); batches fill only at the peak.
 */
export const AGGREGATOR_RECORDS_PER_BATCH = 1;
/** An aggregator invocation: read the batch, sum deltas, one conditional update per item it counts on. */
export const AGGREGATOR_SECONDS = 0.1;
/** The aggregator's memory (the house default of infra/cloud/house-function.ts). */
export const AGGREGATOR_MEMORY_GB = 0.5;

export interface DayCost {
  row: string;
  /** What was counted, for the table's cell beside the price. */
  volume: string;
  usd: number;
}

const format = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 1 });

export function dayCost(scenario: Scenario): DayCost[] {
  const P = PRICES;
  const registrations = peakRates(SCENARIOS[scenario]).day;
  const reads = REGISTRANT_REQUESTS.filter((request) => request.kind === 'read').length;
  const requests = registrations * REGISTRANT_REQUESTS.length;
  const gbSeconds =
    registrations *
      (reads * warmSeconds('read') * (kind('read').memoryMb / 1024) +
        warmSeconds('registration') * (kind('registration').memoryMb / 1024)) +
    requests * COLD_START_SHARE * (COLD_START_INIT_MS / 1000) * (kind('read').memoryMb / 1024);
  const writeUnitsOfDay = registrations * pathWriteUnits('publicCourse');
  const readUnitsOfDay = registrations * (REGISTRATION_READ_UNITS + reads * kind('read').readUnits);
  const batches = registrations / AGGREGATOR_RECORDS_PER_BATCH;
  return [
    {
      row: 'API Gateway HTTP API',
      volume: `${format(requests)} requests`,
      usd: requests * P.apiGateway.httpRequest,
    },
    {
      row: 'Lambda, the API functions',
      volume: `${format(requests)} requests, ${format(gbSeconds)} GB-s`,
      usd: requests * P.lambda.request + gbSeconds * P.lambda.gbSecondArm,
    },
    {
      row: 'DynamoDB write request units',
      volume: format(writeUnitsOfDay),
      usd: writeUnitsOfDay * P.dynamodb.writeRequestUnit,
    },
    {
      row: 'DynamoDB read request units',
      volume: format(readUnitsOfDay),
      usd: readUnitsOfDay * P.dynamodb.readRequestUnit,
    },
    {
      row: 'counters aggregator: invocations, GB-s, its writes',
      volume: `${format(batches)} batches at most, ${format(batches * aggregatorBatchWriteUnits())} write units`,
      usd:
        batches *
        (P.lambda.request +
          AGGREGATOR_SECONDS * AGGREGATOR_MEMORY_GB * P.lambda.gbSecondArm +
          aggregatorBatchWriteUnits() * P.dynamodb.writeRequestUnit),
    },
    { row: 'DynamoDB Streams read by Lambda', volume: 'free', usd: 0 },
  ];
}
