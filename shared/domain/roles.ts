/** The roles of API.md, carried in the `cognito:groups` claim. */
export const ROLES = ['admin', 'department', 'host', 'assessor', 'trainee'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
