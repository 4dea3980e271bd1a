/**
 * Sessions and registrations stored before names were kept beside ids are named on reading:
 * one BatchGet of the organizations a whole page lacks (#shared/domain/host-names); a page
 * written with names costs no read at all.
 */
import { type HostNamed, unnamedHostIds, withHostName } from '#shared/domain/host-names';
import { getOrganizations } from './organizations';

export async function withHostNames<T extends HostNamed>(
  items: readonly T[],
): Promise<(T & { hostName: string })[]> {
  const missing = unnamedHostIds(items);
  const organizations = missing.length > 0 ? await getOrganizations(missing) : new Map();
  return items.map((item) => withHostName(item, organizations));
}
