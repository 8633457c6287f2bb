import { ROLES, isRole, roleAllows, rolesAllow } from './roles.js';

describe('roles', () => {
  it.each([
    ['Viewer', 'Viewer', true],
    ['Viewer', 'Deployer', false],
    ['Viewer', 'Admin', false],
    ['Deployer', 'Viewer', true],
    ['Deployer', 'Deployer', true],
    ['Deployer', 'Admin', false],
    ['Admin', 'Viewer', true],
    ['Admin', 'Deployer', true],
    ['Admin', 'Admin', true],
  ] as const)('%s may do what needs %s: %s', (role, required, allowed) => {
    expect(roleAllows(role, required)).toBe(allowed);
  });

  it('are Viewer, Deployer and Admin, and nothing else', () => {
    expect(ROLES).toEqual(['Viewer', 'Deployer', 'Admin']);
    expect(isRole('admin')).toBe(false);
    expect(isRole('Admin')).toBe(true);
  });

  it('a user with several roles is allowed by the strongest', () => {
    expect(rolesAllow(['Viewer', 'Deployer'], 'Deployer')).toBe(true);
    expect(rolesAllow(['Viewer'], 'Deployer')).toBe(false);
    expect(rolesAllow([], 'Viewer')).toBe(false);
  });
});
