/**
 * The tables of docs/load-model.md, from the load model of opening-day.ts: `npm run load-model`
 * prints them, and test/infra/load-model.test.ts fails when the document shows other figures.
 */
import { readUnits, writeUnits } from './item-size';
import {
  API_GATEWAY_ACCOUNT_RPS,
  type Concurrency,
  claimsInFlight,
  concurrencyAt,
  conflictsPerSecond,
  type DayCost,
  dayCost,
  HOT_CAPPED_SESSION,
  HOT_SEMINARS_AT_ONCE,
  hotWaitlistReadUnits,
  hotWriteUnits,
  ITEMS,
  NEW_ON_DEMAND_TABLE_WRITE_UNITS,
  PARTITION_READ_UNITS,
  PARTITION_WRITE_UNITS,
  PATHS,
  type PathName,
  type PeakRates,
  PUBLIC_ROUTE_THROTTLE,
  pathWriteUnits,
  peakRates,
  REGISTRANT_REQUESTS,
  ROUTE_THROTTLE,
  SCENARIOS,
  serialCeiling,
  type Table,
  TRANSACTION_HOLD_SECONDS,
  tableWriteUnits,
  writeUnitsOf,
} from './opening-day';

const format = (value: number) => value.toLocaleString('en-US', { maximumFractionDigits: 1 });
const usd = (value: number) => (value > 0 && value < 0.01 ? '<0.01' : value.toFixed(2));
const percent = (value: number) => `${Math.round(value * 100)}%`;
const markdown = (rows: string[][]) =>
  rows
    .map((row, i) => `| ${row.join(' | ')} |${i === 0 ? `\n|${row.map(() => '---').join('|')}|` : ''}`)
    .join('\n');

export function peaksTable(): string {
  const [expected, stress] = [peakRates(SCENARIOS.expected), peakRates(SCENARIOS.stress)];
  const row = (label: string, pick: (rates: PeakRates) => number) => [
    label,
    format(pick(expected)),
    format(pick(stress)),
  ];
  return markdown([
    ['registrations', 'expected', 'stress'],
    [
      'opening day',
      `${format(expected.day)} (${percent(SCENARIOS.expected.openingDayShare)} of the year)`,
      `${format(stress.day)} (${percent(SCENARIOS.stress.openingDayShare)})`,
    ],
    [
      'busiest hour',
      `${format(expected.hour)} (${percent(SCENARIOS.expected.peakHourShare)} of the day)`,
      `${format(stress.hour)} (${percent(SCENARIOS.stress.peakHourShare)})`,
    ],
    [
      'busiest minute',
      `${format(expected.minute)} (${percent(SCENARIOS.expected.peakMinuteShare)} of the hour)`,
      `${format(stress.minute)} (${percent(SCENARIOS.stress.peakMinuteShare)})`,
    ],
    row('a second, mean of that minute', (rates) => rates.minuteMeanPerSecond),
    [
      '**a second, at the peak** (burst factor)',
      `**${format(expected.peakSecond)}** (×${SCENARIOS.expected.burstFactor})`,
      `**${format(stress.peakSecond)}** (×${SCENARIOS.stress.burstFactor})`,
    ],
  ]);
}

export function itemsTable(): string {
  const rows: [string, number][] = [
    ['registration (confirmed)', ITEMS.registration],
    ['registration (waitlisted)', ITEMS.waitlistedRegistration],
    ['guard', ITEMS.guard],
    ['session, the public course', ITEMS.publicCourseSession],
    ['session, a capped seminar, no claim in flight', ITEMS.cappedSessionAtRest],
    [
      `session, the same with ${claimsInFlight()} claims in flight (a ticket counter, \`pendingClaims\`)`,
      ITEMS.cappedSession,
    ],
    ['idempotency record with its 201', ITEMS.idempotencyRecord],
    ['yearly counters with four shard watermarks', ITEMS.counters],
  ];
  return markdown([
    ['item', 'bytes', 'write units (single / in a transaction)'],
    ...rows.map(([name, bytes]) => [
      name,
      format(bytes),
      `${writeUnits(bytes)} / ${writeUnits(bytes, true)}`,
    ]),
  ]);
}

export function writesTable(path: PathName): string {
  return markdown([
    ['write', 'bytes', 'transaction', 'index entries', 'write units'],
    ...PATHS[path].map((write) => [
      write.what,
      format(write.bytes),
      write.transactional ? 'yes' : '',
      String(write.indexes),
      String(writeUnitsOf(write)),
    ]),
    ['**one registration**', '', '', '', `**${pathWriteUnits(path)}**`],
  ]);
}

/**
 * Shared partition keys: write units a registration puts on each, and a second at its rate, against
 * 1,000 a partition. The public course's keys at both peaks; a hot seminar's at its own rate.
 */
export function partitionsTable(): string {
  const peaks = [peakRates(SCENARIOS.expected).peakSecond, peakRates(SCENARIOS.stress).peakSecond];
  const hotRate = HOT_CAPPED_SESSION.registrants / HOT_CAPPED_SESSION.seconds;
  const load = (rate: number, units: number) =>
    `${format(rate * units)} (${percent((rate * units) / PARTITION_WRITE_UNITS)})`;
  const row = (label: string, units: number, rates: number[], keys = 1) => [
    label,
    String(units),
    rates.map((rate) => `${format(keys * rate)}/s`).join(' · '),
    rates.map((rate) => load(keys * rate, units)).join(' · '),
    format(PARTITION_WRITE_UNITS / units / keys),
  ];
  const sessionUnits = hotWriteUnits('cappedSeat', 'session');
  return markdown([
    [
      'shared partition key',
      'write units a registration',
      'registrations',
      'units/s (share of 1,000)',
      'registrations/s it takes',
    ],
    row('today: host counters `ORG#<host>/COUNTERS#<year>`', hotWriteUnits('today', 'host counters'), peaks),
    row('today: plan counters `PLAN#<plan>/COUNTERS#<year>`', hotWriteUnits('today', 'plan counters'), peaks),
    row("today: the public course's session item", hotWriteUnits('today', 'session'), peaks),
    row(
      "design: the public course's roster, index `gsi1` `ROSTER#<session>`",
      hotWriteUnits('uncapped', 'roster'),
      peaks,
    ),
    row(
      "design, if the public course's seat count were an ADD on its session item (and on each of its 3 index entries)",
      writeUnits(ITEMS.publicCourseSession),
      peaks,
    ),
    [
      'design: yearly counters, fed by the stream',
      `${writeUnits(ITEMS.counters)} a batch`,
      'any',
      'a few a second',
      'any',
    ],
    row("design: a hot capped seminar's session item (and each of its 3 index entries)", sessionUnits, [
      hotRate,
    ]),
    row(
      `design: index \`gsi3\` \`SESSIONS\` and \`gsi2\` \`SESSIONS#<year>\` (every session has its entry there), ${HOT_SEMINARS_AT_ONCE} hot seminars at once`,
      sessionUnits,
      [hotRate],
      HOT_SEMINARS_AT_ONCE,
    ),
    row(
      "design: a hot capped seminar's waitlist, index `gsi3` `WAITLIST#<session>`",
      hotWriteUnits('cappedWaitlisted', 'waitlist'),
      [hotRate],
    ),
  ]);
}

/** Each table's writes a second at the stress peak, against a new on-demand table's warm throughput. */
export function tablesTable(): string {
  const stress = peakRates(SCENARIOS.stress).peakSecond;
  const tables: Table[] = ['plans', 'registrations', 'idempotency'];
  const cell = (path: PathName, table: Table, part: 'table' | 'indexes') => {
    const units = stress * tableWriteUnits(path, table, part);
    return `${format(units)} (${percent(units / NEW_ON_DEMAND_TABLE_WRITE_UNITS)})`;
  };
  return markdown([
    [
      `write units a second at the stress peak (share of ${format(NEW_ON_DEMAND_TABLE_WRITE_UNITS)})`,
      'today',
      'design, uncapped',
    ],
    ...tables.flatMap((table) => [
      [table, cell('today', table, 'table'), cell('uncapped', table, 'table')],
      // The idempotency table has no index.
      ...(table === 'idempotency'
        ? []
        : [[`${table}, its indexes`, cell('today', table, 'indexes'), cell('uncapped', table, 'indexes')]]),
    ]),
  ]);
}

/** Reads on shared partition keys a second, against 3,000 read units. */
export function readsTable(): string {
  const stress = peakRates(SCENARIOS.stress).peakSecond;
  const hotRate = HOT_CAPPED_SESSION.registrants / HOT_CAPPED_SESSION.seconds;
  // A registrant reads the session twice, strongly consistent: GET /sessions/{id}, and registering.
  const sessionReads = 2 * readUnits(ITEMS.publicCourseSession, 'strong');
  const waitlist = hotWaitlistReadUnits() / HOT_CAPPED_SESSION.seconds;
  const share = (units: number) => `${format(units)} (${percent(units / PARTITION_READ_UNITS)})`;
  return markdown([
    ['shared partition key', 'read units a second', 'at'],
    ["the public course's session item", share(stress * sessionReads), `stress peak, ${format(stress)}/s`],
    ["hot capped seminar's session item", share(hotRate * sessionReads), `${format(hotRate)}/s`],
    [
      "hot capped seminar's waitlist places, index `gsi3` `WAITLIST#<session>`",
      share(waitlist),
      `${format(HOT_CAPPED_SESSION.registrants - HOT_CAPPED_SESSION.seats)} waitlisted in ${HOT_CAPPED_SESSION.seconds} s (${format(hotWaitlistReadUnits())} units)`,
    ],
  ]);
}

export function conflictsTable(): string {
  const rates = [peakRates(SCENARIOS.expected).peakSecond, peakRates(SCENARIOS.stress).peakSecond];
  const utilisation = (rate: number) => rate * TRANSACTION_HOLD_SECONDS;
  return markdown([
    ['', 'expected peak', 'stress peak'],
    ['registrations a second', ...rates.map(format)],
    [
      'today: each shared item busy (rate × hold time)',
      ...rates.map((rate) => `${percent(utilisation(rate))}`),
    ],
    [
      'today: first attempts cancelled a second, per shared item',
      ...rates.map((rate) => format(conflictsPerSecond(rate))),
    ],
    [
      'today: registrations a second that can complete',
      ...rates.map((rate) => format(Math.min(rate, serialCeiling()))),
    ],
    ['design: transactions on an item two registrants share', '0', '0'],
  ]);
}

export function concurrencyTable(): string {
  const [expected, stress] = [peakRates(SCENARIOS.expected), peakRates(SCENARIOS.stress)];
  const e = concurrencyAt(expected.peakSecond);
  const s = concurrencyAt(stress.peakSecond);
  const total = (rows: Concurrency[], pick: (row: Concurrency) => number) =>
    rows.reduce((sum, row) => sum + pick(row), 0);
  return markdown([
    ['function', 'expected, warm', 'expected, cold burst', 'stress, warm', 'stress, cold burst'],
    ...e.map((row, i) => [
      row.fn,
      format(row.warm),
      format(row.cold),
      format(s[i]?.warm ?? 0),
      format(s[i]?.cold ?? 0),
    ]),
    [
      '**all**',
      `**${format(total(e, (row) => row.warm))}**`,
      `**${format(total(e, (row) => row.cold))}**`,
      `**${format(total(s, (row) => row.warm))}**`,
      `**${format(total(s, (row) => row.cold))}**`,
    ],
  ]);
}

export function routesTable(): string {
  const rates = [peakRates(SCENARIOS.expected).peakSecond, peakRates(SCENARIOS.stress).peakSecond];
  return markdown([
    ['route', 'throttle (rate / burst)', 'expected peak', 'stress peak'],
    ...REGISTRANT_REQUESTS.map((request) => [
      `${request.method} ${request.path}${request.note ? ` (${request.note})` : ''}`,
      request.public
        ? `${PUBLIC_ROUTE_THROTTLE.rateLimit} / ${PUBLIC_ROUTE_THROTTLE.burstLimit} (\`PUBLIC_THROTTLE\`)`
        : `${ROUTE_THROTTLE.rateLimit} / ${ROUTE_THROTTLE.burstLimit} (\`THROTTLE\`)`,
      ...rates.map((rate) => `${format(rate)}/s`),
    ]),
    [
      'all routes, the account',
      format(API_GATEWAY_ACCOUNT_RPS),
      ...rates.map((rate) => `${format(rate * REGISTRANT_REQUESTS.length)}/s`),
    ],
  ]);
}

export function costTable(): string {
  const expected = dayCost('expected');
  const stress = dayCost('stress');
  const total = (rows: DayCost[]) => rows.reduce((sum, row) => sum + row.usd, 0);
  return markdown([
    ['the day (USD, list prices of prices.ts)', 'expected', 'USD', 'stress', 'USD'],
    ...expected.map((row, i) => [
      row.row,
      row.volume,
      usd(row.usd),
      stress[i]?.volume ?? '',
      usd(stress[i]?.usd ?? 0),
    ]),
    ['**total**', '', `**${usd(total(expected))}**`, '', `**${usd(total(stress))}**`],
  ]);
}

/** Every table of docs/load-model.md, in its order. */
export function loadModelTables(): Record<string, string> {
  return {
    peaks: peaksTable(),
    items: itemsTable(),
    writesToday: writesTable('today'),
    writesCappedSeat: writesTable('cappedSeat'),
    writesUncapped: writesTable('uncapped'),
    partitions: partitionsTable(),
    reads: readsTable(),
    tables: tablesTable(),
    conflicts: conflictsTable(),
    concurrency: concurrencyTable(),
    routes: routesTable(),
    cost: costTable(),
  };
}
