/**
 * `npm run bench:catalogue`: the course catalogue benchmark alone, its section of BENCHMARKS.md
 * written in place (./benchmarks-section.ts).
 */
import { writeSection } from './benchmarks-section';
import { catalogueBenchmark } from './catalogue';
import { catalogueSection, checkCatalogue } from './catalogue-report';

const result = await catalogueBenchmark();
writeSection(catalogueSection(result), 'npm run bench:catalogue');
checkCatalogue(result);
