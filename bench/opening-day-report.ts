/**
 * The opening-day section of BENCHMARKS.md (bench/opening-day.ts) and what must hold for its
 * figures to mean anything. The throughput ratios are reported against their target, not enforced
 * (this machine is shared and noisy); failed registrants, overbooking, shared items and counters
 * that never equal the recount fail the run.
 */
import type { Answers, OpeningDayResult } from './opening-day';
import { RATIO_TARGET } from './opening-day';

const count = (value: number) => value.toLocaleString('en-US');
const fixed = (value: number) => value.toFixed(2);
const mark = (ok: boolean) => (ok ? '✓' : '✗');

const failuresText = (answers: Answers) =>
  Object.entries(answers.failures)
    .map(([what, times]) => `${count(times)} × ${what}`)
    .join(', ') || 'none';

/** The section's heading, by which a run of the bursts alone finds its place in BENCHMARKS.md. */
export const OPENING_DAY_HEADING = '## Opening day at DynamoDB rules (issue 21)';

export function openingDaySection(result: OpeningDayResult): string[] {
  const { hot, spread, counters, sizes } = result;
  const answered = (answers: Answers) =>
    `${count(answers.statuses['201'] ?? 0)} of ${count(answers.registrants)} (409: ${answers.conflicts409}, 5xx: ${answers.serverErrors5xx})`;
  return [
    OPENING_DAY_HEADING,
    '',
    'The local system (`npm start`) started with `DYNAMODB_RULES=cloud`: its DynamoDB client cancels a',
    'transaction that touches an item another in-flight transaction holds, and refuses a single write on such',
    'an item, as DynamoDB does (`infra/local/dynamodb-rules.ts`); every write is logged with the request that',
    `made it. Trainees with profiles are seeded in bulk (${result.setupSeconds} s with the hosts, plans and sessions).`,
    'Each bare measurement runs just before its burst, through a client of its own under the same rules, at',
    'the same concurrency (everyone at once) on the same DynamoDB Local. Ratios: API throughput over bare',
    `(target ≥ ${fixed(RATIO_TARGET)}, reported, not enforced).`,
    '',
    `### (a) ${count(sizes.hot.registrants)} registrants at once on one ${sizes.hot.capacity}-seat session`,
    '',
    '| measure | value |',
    '|---|---|',
    `| **answered 201** | **${answered(hot)}** |`,
    `| answers other than 201 | ${failuresText(hot)} |`,
    `| confirmed / waitlisted | ${hot.confirmed} / ${hot.waitlisted} (places distinct: ${hot.placesDistinct}, 1..${hot.waitlisted}: ${hot.placesInOrder}) |`,
    `| latency p50 / p99 | ${Math.round(hot.p50Ms)} ms / ${Math.round(hot.p99Ms)} ms |`,
    `| HTTP API | ${hot.perSecond} registrations/s (${hot.seconds} s) |`,
    `| bare seat claim (conditional UpdateItem: a seat, else a waitlist ticket) | ${hot.bare.perSecond}/s (${hot.bare.seconds} s) |`,
    `| **ratio API / bare** | **${fixed(hot.ratio)}** ${mark(hot.ratio >= RATIO_TARGET)} |`,
    '',
    `### (b) ${count(sizes.spread.registrants)} registrants at once across ${sizes.spread.sessions} uncapped online sessions of one host`,
    '',
    '| measure | value |',
    '|---|---|',
    `| **answered 201** | **${answered(spread)}** |`,
    `| answers other than 201 | ${failuresText(spread)} |`,
    `| confirmed | ${spread.confirmed} |`,
    `| latency p50 / p99 | ${Math.round(spread.p50Ms)} ms / ${Math.round(spread.p99Ms)} ms |`,
    `| HTTP API | ${spread.perSecond} registrations/s (${spread.seconds} s) |`,
    `| bare PutItem | ${spread.bare.perSecond}/s (${spread.bare.seconds} s) |`,
    `| **ratio API / bare** | **${fixed(spread.ratio)}** ${mark(spread.ratio >= RATIO_TARGET)} |`,
    `| registration writes logged | ${count(spread.writesLogged)} |`,
    `| **items written for two sessions or more** | **${spread.sharedItems.length}**${spread.sharedItems.length ? `: ${spread.sharedItems.map((shared) => `${shared.item} (${shared.sessions} sessions)`).join('; ')}` : ''} |`,
    '',
    '### (c) The counters against a recount of the registrations',
    '',
    'The yearly counters (`readManyCounters`) and the seats taken of the sessions without a capacity, both',
    "kept by the counters aggregator from the registrations table's stream, read every 200 ms from the last",
    `answer of (b) until they equal the confirmed registrations stored: **${counters.agreed ? `equal after ${counters.seconds} s` : `not equal after ${counters.seconds} s`}**`,
    '(the aggregator gathers records for its batching window first, as its event source does in the cloud).',
    '',
    '| counter (`confirmed`) | counted | recounted |',
    '|---|---|---|',
    ...counters.rows.map((row) => `| ${row.owner} | ${row.counted} | ${row.recounted} |`),
    '',
    result.conflictedItems.length
      ? `Registration writes the rules refused (TransactionConflict), by kind of item: ${result.conflictedItems
          .map((item) => `${item.kind} ${count(item.refused)}`)
          .join('; ')}.`
      : 'The rules refused no registration write (no transaction met another on an item).',
    '',
    Object.keys(result.faults).length
      ? `The local system logged errors: ${Object.entries(result.faults)
          .map(([what, times]) => `${count(times)} × ${what}`)
          .join('; ')}.`
      : 'The local system logged no error.',
    '',
    ...RATIO_NOTE,
  ];
}

/**
 * What the ratios measure on one machine, and what they do not: written once here so a rerun keeps
 * it beside its figures.
 */
const RATIO_NOTE = [
  "**Why the ratios stay under the target here.** Both sides share the machine's two cores. Sampled with",
  '`top` every 3 s during a hot burst (2026-12-02, 400 registrants), DynamoDB Local used about 0.8 of a',
  "core and the local server about 0.7, much of it in the AWS SDK's per-request work (signing,",
  "serializing, its middleware); the bench's own client about 0.1. So throughput follows the number of",
  'DynamoDB requests a registration makes, paid twice, where the bare side makes one from a light client.',
  'A registration makes five: two reads (the session; the trainee profile with the registration under its',
  'derived id, one BatchGet) and three writes (the seat or ticket claim, the registration, the claim mark',
  'removed, `shared/store/registering.ts`). The latency includes the wait behind `LOCAL_CONCURRENCY` (16',
  'at once), where Lambda would start more environments. On DynamoDB a hot capped session is bound by its',
  "item's write rate instead: a registrant writes the session item twice (claim and mark removed) where",
  "the bare claim writes it once, which puts the design's ceiling at 0.5× the bare claim on the hot item;",
  "and no item is written for two sessions' registrations (`docs/load-model.md`).",
  '',
];

/** Not timings: what must hold for the figures to mean anything. */
export function checkOpeningDay(result: OpeningDayResult): void {
  const { hot, spread, counters, sizes } = result;
  const failed = [hot, spread].filter((answers) => Object.keys(answers.failures).length > 0);
  if (failed.length > 0)
    throw new Error(`Opening day: registrants failed: ${failed.map(failuresText).join('; ')}`);
  if (hot.confirmed !== Math.min(sizes.hot.capacity, sizes.hot.registrants))
    throw new Error(`Opening day: ${hot.confirmed} confirmed on ${sizes.hot.capacity} seats`);
  if (!hot.placesDistinct || !hot.placesInOrder)
    throw new Error('Opening day: waitlist places are not 1..n, each once');
  if (spread.sharedItems.length > 0)
    throw new Error(`Opening day: ${spread.sharedItems.length} items written for two sessions or more`);
  if (!counters.agreed) throw new Error('Opening day: the counters did not come to equal the recount');
}
