/**
 * `npm run cost [-- --from cdk.out]`: what the app costs while no request arrives, stack by stack,
 * and what it costs a month at 10 thousand, 1 million and 10 million requests.
 *
 * Synthesizes the app in process (or reads the templates of an existing cloud assembly), lists
 * every resource that costs while idle with its class and monthly estimate, and exits 1 when one
 * is billed by the hour or month (`idle-charge`) or of a type it does not know (`unknown`):
 * nothing but storage and the KMS key may cost money while idle.
 */
import { resolve } from 'node:path';
import { readAssemblyTemplates, type StackTemplate } from './assembly';
import { type Classified, classifyTemplate, failures, idleMonthlyUsd } from './idle';
import { PRICE_DATE, REGION } from './prices';
import { assumptions, costTableMarkdown } from './requests';

const USAGE = 'usage: npm run cost [-- --from <cloud assembly directory, e.g. cdk.out>]';

function parseArgs(argv: string[]): { from?: string } {
  const args: { from?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--from') {
      const value = argv[++i];
      if (!value) throw new Error(`--from needs a directory\n${USAGE}`);
      args.from = value;
    } else if (arg?.startsWith('--from=')) {
      args.from = arg.slice('--from='.length);
    } else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else {
      throw new Error(`unknown argument ${arg}\n${USAGE}`);
    }
  }
  return args;
}

function usd(resource: Classified): string {
  if (resource.monthlyUsd === null) return '?';
  const amount =
    resource.monthlyUsd < 0.01 && resource.monthlyUsd > 0 ? '<0.01' : resource.monthlyUsd.toFixed(2);
  return resource.idle === 'storage' ? `${amount} + data` : amount;
}

function table(rows: string[][]): string {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, column) =>
          column === 3 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function reportStack({ stackName, template }: StackTemplate): Classified[] {
  const classified = classifyTemplate(template);
  const costing = classified.filter((resource) => resource.idle !== 'none');
  const counts = new Map<string, number>();
  for (const resource of classified) counts.set(resource.idle, (counts.get(resource.idle) ?? 0) + 1);
  const summary = [...counts].map(([idle, count]) => `${count} ${idle}`).join(', ');
  console.log(`\n${stackName}: ${classified.length} resources (${summary})`);
  if (costing.length === 0) {
    console.log('  nothing costs money while idle');
  } else {
    const rows = [
      ['class', 'type', 'logical id', 'USD/month', 'why'],
      ...costing.map((r) => [r.idle, r.type, r.logicalId, usd(r), r.reason]),
    ];
    console.log(
      table(rows)
        .split('\n')
        .map((line) => `  ${line}`)
        .join('\n'),
    );
  }
  console.log(`  idle: $${idleMonthlyUsd(classified).toFixed(2)} a month + storage`);
  return classified;
}

async function main(): Promise<number> {
  const { from } = parseArgs(process.argv.slice(2));
  // Loaded only to synthesize: reading an assembly needs no CDK app.
  const stacks = from
    ? readAssemblyTemplates(resolve(from))
    : (await import('./synth')).synthesizeTemplates();
  console.log(
    `What costs money while no request arrives (list prices, ${REGION}, ${PRICE_DATE}; ` +
      `${from ? `templates of ${from}` : 'synthesized now, without bundling'})`,
  );
  const all = stacks.flatMap(reportStack);
  const total = idleMonthlyUsd(all);
  console.log(
    `\nIdle total, all stacks: $${total.toFixed(2)} a month + storage (tables with PITR, buckets, logs)`,
  );

  console.log('\nMonthly cost by API requests a month (USD, list prices, no free tier):\n');
  console.log(costTableMarkdown());
  console.log('\nAssumptions:');
  for (const line of assumptions()) console.log(`- ${line}`);

  const failed = failures(all);
  if (failed.length > 0) {
    console.error(`\nFAIL: ${failed.length} resource(s) cost money while idle or are not classified:`);
    for (const r of failed) console.error(`  ${r.idle}  ${r.type}  ${r.logicalId}: ${r.reason}`);
    return 1;
  }
  console.log('\nOK: only storage, keys and schedules cost anything while idle.');
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
