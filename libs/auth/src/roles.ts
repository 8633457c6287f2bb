/**
 * The three roles, weakest first. Each includes the ones before it: a Deployer may do what a
 * Viewer may, an Admin what a Deployer may (issue 5).
 */
export const ROLES = ['Viewer', 'Deployer', 'Admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Whether `role` may do what needs `required`. */
export function roleAllows(role: Role, required: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(required);
}

/** Whether any of a user's roles allows `required`. */
export function rolesAllow(roles: readonly Role[], required: Role): boolean {
  return roles.some((role) => roleAllows(role, required));
}
