/** The city a city bureau's sign-in oversees, read from the store (#shared/domain/cities/city-scope). */
import type { Actor } from '#shared/domain/actor';
import { bureauCity } from '#shared/domain/cities/city-scope';
import { getOrganization } from '#shared/store/organizations';

/** The bureau's city; 403 when the sign-in names no registered city bureau. */
export async function bureauCityOf(actor: Actor): Promise<string> {
  return bureauCity(actor, actor.orgId ? await getOrganization(actor.orgId) : undefined);
}
