/**
 * The templates of a cloud assembly (`npm run cost -- --from cdk.out`): every `*.template.json`
 * of the directory, nested stacks' `*.nested.template.json` included, named by its file (a nested
 * stack's name ends in `.nested`). No CDK app is loaded.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CfnTemplateJson } from './idle';

export interface StackTemplate {
  stackName: string;
  template: CfnTemplateJson;
}

export function readAssemblyTemplates(directory: string): StackTemplate[] {
  if (!existsSync(directory)) throw new Error(`${directory} does not exist: run \`npx cdk synth\` first`);
  const files = readdirSync(directory)
    .filter((file) => file.endsWith('.template.json'))
    .sort();
  if (files.length === 0) throw new Error(`${directory} holds no *.template.json`);
  return files.map((file) => ({
    stackName: file.replace(/\.template\.json$/, ''),
    template: JSON.parse(readFileSync(join(directory, file), 'utf8')) as CfnTemplateJson,
  }));
}
