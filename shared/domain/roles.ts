/** The roles of docs/api.md, carried in the `cognito:groups` claim. */
/** `city` is a city bureau (市级人社部门): it reads its city's part of the program and writes nothing. */
export const ROLES = ['admin', 'department', 'host', 'assessor', 'trainee', 'city'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
