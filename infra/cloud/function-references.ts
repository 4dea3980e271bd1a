/**
 * The catalog, the route table and the job table checked against each other before the service
 * is built (bundling is the slow part), so that a mistake in one of them fails the synth with a
 * message that names it rather than deploying a route or a job to nothing.
 */
import type { FunctionDef, FunctionName } from '#shared/functions';
import type { JobDef } from '#shared/jobs';
import { type RouteDef, routeKey } from '#shared/routes';
import { AUDIT_TRAIL, TABLES, type TableDef } from '#shared/store/tables';

/**
 * Every route and job must name a function that is deployed to the cloud; a job's function must
 * be marked `job` (its timeout); mail handed over must have exactly one mailer.
 */
export function checkFunctionReferences(
  catalog: Readonly<Record<FunctionName, FunctionDef>>,
  routes: readonly RouteDef[],
  jobs: readonly JobDef[],
): void {
  const users = [
    ...routes.map((route) => ({ usedBy: routeKey(route), name: route.function })),
    ...jobs.map((job) => ({ usedBy: `Job "${job.name}"`, name: job.function })),
  ];
  for (const { usedBy, name } of users) {
    const def = catalog[name] as FunctionDef | undefined;
    if (!def || def.localOnly)
      throw new Error(`${usedBy} names function "${name}", which is missing or local only`);
  }
  for (const job of jobs) {
    if (!catalog[job.function].job)
      throw new Error(
        `Job "${job.name}" names function "${job.function}", which is not marked \`job: true\` (job timeout)`,
      );
  }

  const cloud = (Object.entries(catalog) as [FunctionName, FunctionDef][]).filter(
    ([, def]) => !def.localOnly,
  );
  const mailers = cloud.filter(([, def]) => def.sendsQueuedMail).map(([name]) => name);
  const enqueuers = cloud.filter(([, def]) => def.enqueuesMail).map(([name]) => name);
  if (mailers.length > 1)
    throw new Error(`There is one mailer; ${mailers.join(', ')} are all marked sendsQueuedMail`);
  if (enqueuers.length > 0 && mailers.length === 0)
    throw new Error(`${enqueuers.join(', ')} hand over mail, but no function is marked sendsQueuedMail`);
  for (const [name, def] of cloud) {
    // The trail's table name reaches a function through its tables (environment variables).
    if (def.appendsAudit && !def.tables[AUDIT_TRAIL.table])
      throw new Error(
        `Function "${name}" appends to the audit trail: it needs the ${AUDIT_TRAIL.table} table among its tables`,
      );
    if (def.tellsNotices && (!def.tables.registrations || !(TABLES.registrations as TableDef).stream))
      throw new Error(
        `Function "${name}" tells notices: it needs the registrations table, and that table a stream`,
      );
    if (def.countsRegistrations && (TABLES.registrations as TableDef).stream !== 'NEW_AND_OLD_IMAGES')
      throw new Error(
        `Function "${name}" counts registrations: the registrations table needs a stream of old and new images`,
      );
  }
}
