/**
 * `npm run bench`: every benchmark in one run on this machine, written to BENCHMARKS.md with the
 * date and the machine. Figures are ratios measured side by side in the same run, because these
 * machines are shared and noisy; no test depends on them.
 */
import { writeFileSync } from 'node:fs';
import { startLocalSystem } from '../test/support/local-system';
import { describeMachine } from './machine';
import { registrationBurst } from './registration-burst';

const round = (value: number, digits = 1) => Number(value.toFixed(digits));

async function main(): Promise<void> {
  const system = await startLocalSystem();
  try {
    const burst = await registrationBurst(system);
    const lines = [
      '# Benchmarks',
      '',
      `Measured ${new Date().toISOString()} on ${describeMachine()}, by \`npm run bench\`.`,
      'Each figure is a ratio of two measurements taken side by side in the same run.',
      '',
      '## Registration burst (issue 4)',
      '',
      `${burst.registrants} trainees register at once for a ${burst.capacity}-seat session through the local HTTP API`,
      '(`npm start`: the handlers, middleware and DynamoDB Local transactions), beside the bare DynamoDB',
      'transaction that takes a seat (seat update + registration put, retried on conflict) against the same',
      'DynamoDB Local.',
      '',
      '| measure | value |',
      '|---|---|',
      `| confirmed / waitlisted | ${burst.confirmed} / ${burst.waitlisted} (positions distinct: ${burst.positionsDistinct}) |`,
      `| HTTP API | ${round(burst.httpPerSecond)} registrations/s (${round(burst.httpSeconds, 2)} s) |`,
      `| bare transaction | ${round(burst.barePerSecond)} transactions/s (${round(burst.bareSeconds, 2)} s) |`,
      `| **ratio API / bare** | **${round(burst.ratio, 2)}** |`,
      '',
      'Per registration the API does more than the bare transaction: it verifies the JWT, reads the session',
      "and the trainee's profile, and writes five items in the seat transaction (session, guard, registration,",
      'two yearly counters); each of the 450 who find the session full also reads its guard, takes a waitlist',
      'ticket and writes a second transaction. The bare side only takes seats and stops once the session is',
      'full. All of it contends for one hot item (the session), retried with jitter.',
      '',
    ];
    writeFileSync('BENCHMARKS.md', lines.join('\n'));
    console.log(lines.join('\n'));
    if (burst.confirmed !== burst.capacity)
      throw new Error(`Overbooked or underbooked: ${burst.confirmed} confirmed`);
  } catch (error) {
    console.error(system.output().slice(-3000));
    throw error;
  } finally {
    await system.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
