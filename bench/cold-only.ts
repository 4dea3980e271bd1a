/**
 * `npm run bench:cold`: the cold-start benchmark alone (no BENCHMARKS.md written), for a second
 * look at its ratios, which move by up to a tenth between runs on a shared machine.
 * `BENCH_LOAD_RUNS` sets the rounds (80 by default, as `npm run bench`).
 */
import { coldStart } from './cold-start';

const result = await coldStart();
for (const figure of [result.reference, ...result.functions]) {
  if (figure.answeredRatio === undefined) continue;
  console.log(
    `${figure.name.padEnd(44)} start → first answer ${figure.answeredMedianMs?.toFixed(1)} ms, ${figure.answeredRatio.toFixed(2)}×`,
  );
}
