/**
 * `npm run load-model`: the tables of docs/load-model.md, from the load model, to paste into it
 * when an assumption or an item's shape changes (then `npx biome check --write docs/load-model.md`
 * pads them; test/infra/load-model.test.ts compares the cells).
 */
import { loadModelTables } from './load-model-tables';

for (const [name, table] of Object.entries(loadModelTables())) console.log(`<!-- ${name} -->\n${table}\n`);
