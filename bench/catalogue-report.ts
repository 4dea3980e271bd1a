/** The course catalogue benchmark's section of BENCHMARKS.md, and what must hold for it to mean anything. */
import type { CatalogueResult } from './catalogue';

const fixed = (value: number) => value.toFixed(2);
const count = (value: number) => value.toLocaleString('en-US');

export const CATALOGUE_HEADING = '## Public course catalogue (issue 20)';

export function catalogueSection(result: CatalogueResult): string[] {
  const row = (query: CatalogueResult['queries'][number]) => {
    const { firstPage: first, walk } = query;
    const shown = query.query === '' ? '(none)' : `\`${query.query}\``;
    return (
      `| ${shown} | ${query.what} | ${first.items} | **${count(first.itemsRead)}** | ${first.requests} | ` +
      `${fixed(first.medianMs)} | **${fixed(first.ratio)}** | ${walk.pages} | ${count(walk.items)} | ` +
      `${count(walk.itemsRead)} | ${count(walk.mostReadByAPage)} |`
    );
  };
  return [
    CATALOGUE_HEADING,
    '',
    `\`GET /public/sessions?year=${result.year}&limit=${result.page}&…\` (a phone's page) with ${count(result.sessions)} sessions of`,
    `${result.year} stored (100 published plans of 50 hosts, 14 cities, three modes, deadlines across the year), read on`,
    `${result.today}: the store's catalogue query and the entries the route makes of it, in process against DynamoDB`,
    'Local (the route minus the middy stack, whose cost "Warm request overhead" measures). Each request queries',
    "the year's index of sessions (`gsi2pk = SESSIONS#<year>`, by registration deadline; `open` is a key range),",
    "its filters in DynamoDB's FilterExpression, reading pages until its page is full, the year is exhausted or",
    `${count(result.readLimit)} sessions were read; then it answers with a cursor to read on. **Items read**: the`,
    "ScannedCount of every Query page of the request, summed, counted by a middleware on the store's client",
    '(with the Query of the published plans of the field for `field`). Times are medians of',
    `${result.runs} requests, each measured alternately with a plain GetItem of one session (median`,
    `${fixed(result.getItemMedianMs)} ms) in the same loop; **× GetItem** is the ratio of the two medians. **To the end**:`,
    'every page of the year, following the cursors.',
    '',
    '| query | what it asks | items on the first page | **items read** | DynamoDB requests | median (ms) | **× GetItem** | to the end: requests | sessions found | items read | most read by one request |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
    ...result.queries.map(row),
    '',
    `A filter that keeps much (no filter, \`open\`, a mode) reads about the page it shows. A selective one reads`,
    `on, each request asking for twice as many items as the one before at most (fewer when the rate kept so far`,
    `says so), until it has its page, and never more than ${count(result.readLimit)} sessions: one title in ${count(result.sessions)} is found by`,
    'reading the year a bounded request at a time, each answering with a cursor. To the end of the year the',
    'searches read the year about once, plus what a request read beyond its full page (read again by the next',
    "page); with `field` each request also reads the year's published plans for the ids of the field's (here",
    `100 plans a request). No request scans (${result.scans} Scans in all).`,
    `Seeding (BatchWrite, not measured): ${result.seedSeconds.toFixed(1)} s.`,
    '',
  ];
}

/** Not timings: the catalogue found what it should, read within its bound and never scanned. */
export function checkCatalogue(result: CatalogueResult): void {
  if (result.scans > 0) throw new Error('The catalogue scanned a table');
  for (const query of result.queries) {
    const { walk } = query;
    if (walk.items !== walk.expected)
      throw new Error(
        `Catalogue ${query.query || '(no filter)'}: found ${walk.items}, expected ${walk.expected}`,
      );
    // The field's plans are read beside the sessions: 100 plans at most in this store.
    const bound = result.readLimit + (query.query.includes('field=') ? 100 : 0);
    if (walk.mostReadByAPage > bound)
      throw new Error(
        `Catalogue ${query.query}: one request read ${walk.mostReadByAPage} items, bound ${bound}`,
      );
    // The year once, and again what requests read beyond a full page: less than the year again.
    if (walk.itemsRead > 2 * result.sessions + walk.pages * 100)
      throw new Error(`Catalogue ${query.query}: read ${walk.itemsRead} items to the end of the year`);
  }
}
