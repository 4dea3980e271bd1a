import type { Role } from './roles';

/** Who acts, as the rules need to know it (the HTTP principal has this shape). */
export interface Actor {
  userId: string;
  roles: readonly Role[];
  orgId?: string | undefined;
  /** The sign-in's `name` claim, where it carries one. */
  name?: string | undefined;
}

export const actsAs = (actor: Actor, role: Role) => actor.roles.includes(role);
