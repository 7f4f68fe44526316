import { describe, expect, it } from 'vitest';
import {
  DIRECTORY_ACTIONS,
  DIRECTORY_ROLES,
  ROLE_DEFINITIONS,
  roleAllows,
  rolesAllowing,
  scopeCovers,
  tenantOfScope,
} from './directory-roles.js';

const actions = Object.keys(DIRECTORY_ACTIONS);
const allowed = (name: string) =>
  ROLE_DEFINITIONS.find((d) => d.displayName === name)?.rolePermissions[0].allowedResourceActions ?? [];

describe('built-in directory roles', () => {
  it('are unique, use catalogue actions only, and read as Graph unifiedRoleDefinitions', () => {
    expect(new Set(ROLE_DEFINITIONS.map((d) => d.id)).size).toBe(ROLE_DEFINITIONS.length);
    for (const definition of ROLE_DEFINITIONS) {
      expect(definition.templateId).toBe(definition.id);
      expect(definition.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      for (const action of definition.rolePermissions[0].allowedResourceActions)
        expect(actions, definition.displayName).toContain(action);
    }
  });

  it('give Global Administrator everything, Global Reader every read and nothing else', () => {
    expect(allowed('Global Administrator')).toEqual(actions);
    expect(allowed('Global Reader')).toEqual(actions.filter((a) => a.endsWith('/read')));
    expect(DIRECTORY_ROLES.globalAdministrator.id).toBe('62e90394-69f5-4237-9190-012177145e10');
  });

  it('keep readers read-only and role assignments to Privileged Role and Global Administrators', () => {
    for (const reader of ['Global Reader', 'Security Reader', 'Reports Reader'])
      expect(
        allowed(reader).every((a) => a.endsWith('/read')),
        reader,
      ).toBe(true);
    expect(rolesAllowing('microsoft.directory/roleAssignments/allProperties/allTasks')).toEqual([
      'Global Administrator',
      'Privileged Role Administrator',
    ]);
    expect(allowed('Security Operator')).toEqual(
      expect.arrayContaining([
        ...allowed('Security Reader'),
        'microsoft.directory/identityProtection/riskyUsers/update',
      ]),
    );
    expect(roleAllows(DIRECTORY_ROLES.globalReader.id, 'microsoft.directory/users/create')).toBe(false);
    expect(
      roleAllows('00000000-0000-0000-0000-000000000000', 'microsoft.directory/users/allProperties/read'),
    ).toBe(false);
  });

  it('scope / reaches every tenant, /tenants/x only x', () => {
    expect(scopeCovers('/', '/tenants/x')).toBe(true);
    expect(scopeCovers('/', '/')).toBe(true);
    expect(scopeCovers('/tenants/x', '/tenants/x')).toBe(true);
    expect(scopeCovers('/tenants/x', '/')).toBe(false);
    expect(scopeCovers('/tenants/x', '/tenants/y')).toBe(false);
    expect(tenantOfScope('/')).toBeNull();
    expect(tenantOfScope('/tenants/contoso')).toBe('contoso');
    expect(tenantOfScope('/tenants/')).toBeUndefined();
    expect(tenantOfScope('/tenants/a/b')).toBeUndefined();
    expect(tenantOfScope('tenants/a')).toBeUndefined();
  });
});
