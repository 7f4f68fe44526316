import { AppError } from '../platform/index.js';

/**
 * Gatehouse's catalogue of admin actions, in Entra's `microsoft.directory/<resource>/<property>/<verb>`
 * style. Every admin API route declares the one action it needs; a role definition is the set of
 * actions it allows. Reads end in `/read` (Global Reader holds every one of them).
 */
export const DIRECTORY_ACTIONS = {
  // -- tenants (the organization) ----------------------------------------------------------
  'microsoft.directory/tenants/create': 'Create tenants',
  'microsoft.directory/tenants/delete': 'Delete tenants with everything in them',
  'microsoft.directory/organization/allProperties/read': 'Read the properties of tenants',
  'microsoft.directory/organization/basic/update': "Update a tenant's display name and default language",
  'microsoft.directory/organization/branding/allProperties/read': 'Read the branding and its localizations',
  'microsoft.directory/organization/branding/allProperties/allTasks':
    'Manage the branding of the hosted pages and its localizations',
  'microsoft.directory/signingKeys/allProperties/read': 'Read the signing keys (public parts)',
  'microsoft.directory/signingKeys/rotate': 'Rotate the signing keys',
  'microsoft.directory/messaging/allProperties/read':
    'Read the email settings and the email and SMS outboxes',
  'microsoft.directory/messaging/allProperties/update': 'Update the email settings',

  // -- users and groups --------------------------------------------------------------------
  'microsoft.directory/users/allProperties/read': 'Read all properties of users',
  'microsoft.directory/users/create': 'Create users',
  'microsoft.directory/users/allProperties/update': 'Update users, their identities, passwords and state',
  'microsoft.directory/users/delete': 'Delete users',
  'microsoft.directory/users/password/update': 'Reset the passwords of users',
  'microsoft.directory/users/disable': 'Block the sign-in of users',
  'microsoft.directory/users/invalidateAllRefreshTokens': 'Force sign-out by revoking sessions and tokens',
  'microsoft.directory/users/lockout/update': 'Unlock users locked out by smart lockout',
  'microsoft.directory/users/authenticationMethods/allProperties/read': "Read users' authentication methods",
  'microsoft.directory/users/authenticationMethods/delete': "Delete users' authentication methods",
  'microsoft.directory/groups/allProperties/read': 'Read all properties and members of groups',
  'microsoft.directory/groups/create': 'Create security groups',
  'microsoft.directory/groups/basic/update': 'Update basic properties of groups',
  'microsoft.directory/groups/delete': 'Delete groups',
  'microsoft.directory/groups/members/update': 'Add and remove members of groups',
  'microsoft.directory/customAttributes/allProperties/read': 'Read the custom attribute definitions',
  'microsoft.directory/customAttributes/allProperties/allTasks': 'Manage the custom attribute definitions',
  'microsoft.directory/passwordPolicies/allProperties/read': 'Read the password policy',
  'microsoft.directory/passwordPolicies/allProperties/update': 'Update the password policy',
  'microsoft.directory/authenticationMethodsPolicy/allProperties/read':
    'Read the authentication methods policy',
  'microsoft.directory/authenticationMethodsPolicy/allProperties/update':
    'Update the authentication methods policy',

  // -- applications ------------------------------------------------------------------------
  'microsoft.directory/applications/allProperties/read': 'Read all properties of app registrations',
  'microsoft.directory/applications/create': 'Register applications',
  'microsoft.directory/applications/allProperties/update': 'Update all properties of app registrations',
  'microsoft.directory/applications/delete': 'Delete app registrations',
  'microsoft.directory/applications/credentials/update': 'Add and remove client secrets of applications',
  'microsoft.directory/servicePrincipals/allProperties/read': 'Read all properties of service principals',
  'microsoft.directory/servicePrincipals/create': 'Create service principals',
  'microsoft.directory/servicePrincipals/allProperties/update': 'Update service principals',
  'microsoft.directory/servicePrincipals/delete': 'Delete service principals',
  'microsoft.directory/oAuth2PermissionGrants/allProperties/read': 'Read delegated permission grants',
  'microsoft.directory/oAuth2PermissionGrants/allProperties/allTasks':
    'Grant and revoke delegated permissions (consent on behalf of users)',
  'microsoft.directory/appRoleAssignments/allProperties/read': 'Read app role assignments',
  'microsoft.directory/appRoleAssignments/allProperties/allTasks':
    'Assign app roles to users, groups and service principals',

  // -- sign-in experience ------------------------------------------------------------------
  'microsoft.directory/b2cUserFlow/allProperties/read': 'Read user flows',
  'microsoft.directory/b2cUserFlow/allProperties/allTasks': 'Manage all aspects of user flows',
  'microsoft.directory/identityProviders/allProperties/read': 'Read the identity providers',
  'microsoft.directory/identityProviders/allProperties/allTasks': 'Manage the identity providers',
  'microsoft.directory/customAuthenticationExtensions/allProperties/read':
    'Read custom authentication extensions',
  'microsoft.directory/customAuthenticationExtensions/allProperties/allTasks':
    'Manage custom authentication extensions',
  'microsoft.directory/authenticationEventListeners/allProperties/read':
    'Read authentication event listeners',
  'microsoft.directory/authenticationEventListeners/allProperties/allTasks':
    'Manage authentication event listeners',
  'microsoft.directory/applicationPolicies/allProperties/read':
    'Read claims mapping policies and the service principals they are assigned to',
  'microsoft.directory/applicationPolicies/allProperties/allTasks':
    'Manage claims mapping policies and assign them to service principals',

  // Event webhooks send sign-ins, audit entries, risk detections and users out of Gatehouse.
  'microsoft.directory/webhooks/allProperties/read': 'Read event webhooks and their delivery logs',
  'microsoft.directory/webhooks/allProperties/allTasks':
    'Manage event webhooks: create, change, delete, rotate secrets, send test events',

  // -- security ----------------------------------------------------------------------------
  'microsoft.directory/conditionalAccessPolicies/allProperties/read':
    'Read Conditional Access policies and templates, run What If and impact analysis',
  'microsoft.directory/conditionalAccessPolicies/allProperties/allTasks':
    'Manage Conditional Access policies',
  'microsoft.directory/namedLocations/allProperties/read': 'Read named locations',
  'microsoft.directory/namedLocations/allProperties/allTasks': 'Manage named locations',
  'microsoft.directory/identityProtection/allProperties/read':
    'Read risky users, risk detections, risky sign-ins and threat lists',
  'microsoft.directory/identityProtection/riskyUsers/update': "Dismiss or confirm compromised users' risk",
  'microsoft.directory/identityProtection/riskySignIns/update':
    'Dismiss, confirm compromised or confirm safe risky sign-ins',
  'microsoft.directory/identityProtection/threatIntelligence/update':
    'Upload and delete threat lists, import leaked credential hashes',

  // -- logs --------------------------------------------------------------------------------
  'microsoft.directory/signInReports/allProperties/read': 'Read the sign-in logs',
  'microsoft.directory/auditLogs/allProperties/read': 'Read the audit logs',

  // -- role management ---------------------------------------------------------------------
  'microsoft.directory/roleDefinitions/allProperties/read': 'Read the role definitions',
  'microsoft.directory/roleAssignments/allProperties/read': 'Read role assignments',
  'microsoft.directory/roleAssignments/allProperties/allTasks': 'Assign and remove directory roles',
} as const satisfies Record<string, string>;

export type DirectoryAction = keyof typeof DIRECTORY_ACTIONS;

const ALL_ACTIONS = Object.keys(DIRECTORY_ACTIONS) as DirectoryAction[];
const READ_ACTIONS = ALL_ACTIONS.filter((action) => action.endsWith('/read'));
type PathOf<A> = A extends `microsoft.directory/${infer P}` ? P : never;
type ActionPath = PathOf<DirectoryAction>;
/** An action by its path after `microsoft.directory/` (checked against the catalogue at compile time). */
const d = (path: ActionPath) => `microsoft.directory/${path}` as DirectoryAction;

/** What every built-in role may read: the tenants it covers, and what the roles are. */
const BASELINE = [d('organization/allProperties/read'), d('roleDefinitions/allProperties/read')];
const ROLE_ASSIGNMENT_TASKS = d('roleAssignments/allProperties/allTasks');

interface BuiltInRole {
  /** Entra's role template id: the id of the definition, and what `wids` carries. */
  id: string;
  displayName: string;
  description: string;
  actions: DirectoryAction[];
}

/**
 * The built-in roles, with Entra's template ids and descriptions; each allows the actions its
 * description implies in Gatehouse (and reads what it needs to do so). Data, not code: one row each.
 */
const BUILT_IN_ROLES: BuiltInRole[] = [
  {
    id: '62e90394-69f5-4237-9190-012177145e10',
    displayName: 'Global Administrator',
    description: 'Can manage all aspects of Gatehouse and every tenant in it.',
    actions: ALL_ACTIONS,
  },
  {
    id: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
    displayName: 'Global Reader',
    description: 'Can read everything that a Global Administrator can, but not update anything.',
    actions: READ_ACTIONS,
  },
  {
    id: 'e8611ab8-c189-46e8-94e1-60213ab1f814',
    displayName: 'Privileged Role Administrator',
    description: 'Can manage role assignments, and grant permissions and app roles to applications.',
    actions: [
      ROLE_ASSIGNMENT_TASKS,
      d('roleAssignments/allProperties/read'),
      d('oAuth2PermissionGrants/allProperties/allTasks'),
      d('oAuth2PermissionGrants/allProperties/read'),
      d('appRoleAssignments/allProperties/allTasks'),
      d('appRoleAssignments/allProperties/read'),
      d('users/allProperties/read'),
      d('applications/allProperties/read'),
      d('servicePrincipals/allProperties/read'),
    ],
  },
  {
    id: 'fe930be7-5e62-47db-91af-98c3a49a38b1',
    displayName: 'User Administrator',
    description: 'Can manage all aspects of users and groups, including resetting passwords.',
    actions: [
      d('users/allProperties/read'),
      d('users/create'),
      d('users/allProperties/update'),
      d('users/delete'),
      d('users/password/update'),
      d('users/disable'),
      d('users/invalidateAllRefreshTokens'),
      d('users/lockout/update'),
      d('groups/allProperties/read'),
      d('groups/create'),
      d('groups/basic/update'),
      d('groups/delete'),
      d('groups/members/update'),
      d('customAttributes/allProperties/read'),
      d('passwordPolicies/allProperties/read'),
    ],
  },
  {
    id: 'fdd7a751-b60b-444a-984c-02652fe8fa1c',
    displayName: 'Groups Administrator',
    description: 'Can create and manage groups and their members.',
    actions: [
      d('groups/allProperties/read'),
      d('groups/create'),
      d('groups/basic/update'),
      d('groups/delete'),
      d('groups/members/update'),
      d('users/allProperties/read'),
    ],
  },
  {
    id: '729827e3-9c14-49f7-bb1b-9608f156bbb8',
    displayName: 'Helpdesk Administrator',
    description: 'Can reset passwords, revoke sessions and unlock users.',
    actions: [
      d('users/allProperties/read'),
      d('users/password/update'),
      d('users/invalidateAllRefreshTokens'),
      d('users/lockout/update'),
    ],
  },
  {
    id: 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
    displayName: 'Authentication Administrator',
    description: "Can view, set and reset users' authentication method information and passwords.",
    actions: [
      d('users/allProperties/read'),
      d('users/password/update'),
      d('users/invalidateAllRefreshTokens'),
      d('users/lockout/update'),
      d('users/authenticationMethods/allProperties/read'),
      d('users/authenticationMethods/delete'),
    ],
  },
  {
    id: '0526716b-113d-4c15-b2c8-68e3c22b9f80',
    displayName: 'Authentication Policy Administrator',
    description: 'Can create and manage the authentication methods policy and the password policy.',
    actions: [
      d('authenticationMethodsPolicy/allProperties/read'),
      d('authenticationMethodsPolicy/allProperties/update'),
      d('passwordPolicies/allProperties/read'),
      d('passwordPolicies/allProperties/update'),
    ],
  },
  {
    id: '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
    displayName: 'Application Administrator',
    description:
      'Can create and manage all aspects of app registrations and enterprise apps, and consent for them.',
    actions: [
      d('applications/allProperties/read'),
      d('applications/create'),
      d('applications/allProperties/update'),
      d('applications/delete'),
      d('applications/credentials/update'),
      d('servicePrincipals/allProperties/read'),
      d('servicePrincipals/create'),
      d('servicePrincipals/allProperties/update'),
      d('servicePrincipals/delete'),
      d('oAuth2PermissionGrants/allProperties/read'),
      d('oAuth2PermissionGrants/allProperties/allTasks'),
      d('appRoleAssignments/allProperties/read'),
      d('appRoleAssignments/allProperties/allTasks'),
      d('customAuthenticationExtensions/allProperties/read'),
      d('customAuthenticationExtensions/allProperties/allTasks'),
      d('applicationPolicies/allProperties/read'),
      d('applicationPolicies/allProperties/allTasks'),
      d('users/allProperties/read'),
      d('groups/allProperties/read'),
      d('signInReports/allProperties/read'),
      d('auditLogs/allProperties/read'),
    ],
  },
  {
    id: 'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9',
    displayName: 'Conditional Access Administrator',
    description: 'Can manage Conditional Access policies and named locations.',
    actions: [
      d('conditionalAccessPolicies/allProperties/read'),
      d('conditionalAccessPolicies/allProperties/allTasks'),
      d('namedLocations/allProperties/read'),
      d('namedLocations/allProperties/allTasks'),
      d('users/allProperties/read'),
      d('groups/allProperties/read'),
      d('applications/allProperties/read'),
    ],
  },
  {
    id: '194ae4cb-b126-40b2-bd5b-6091b380977d',
    displayName: 'Security Administrator',
    description: 'Can read security information and reports, and manage security configuration.',
    actions: [
      // Webhooks stream what this role reads anyway (sign-ins, audits, risk, users) to a SIEM.
      d('webhooks/allProperties/read'),
      d('webhooks/allProperties/allTasks'),
      d('identityProtection/allProperties/read'),
      d('identityProtection/riskyUsers/update'),
      d('identityProtection/riskySignIns/update'),
      d('identityProtection/threatIntelligence/update'),
      d('conditionalAccessPolicies/allProperties/read'),
      d('conditionalAccessPolicies/allProperties/allTasks'),
      d('namedLocations/allProperties/read'),
      d('namedLocations/allProperties/allTasks'),
      d('signInReports/allProperties/read'),
      d('auditLogs/allProperties/read'),
      d('authenticationMethodsPolicy/allProperties/read'),
      d('passwordPolicies/allProperties/read'),
      d('signingKeys/allProperties/read'),
      d('signingKeys/rotate'),
      d('identityProviders/allProperties/read'),
      d('users/allProperties/read'),
      d('groups/allProperties/read'),
      d('applications/allProperties/read'),
    ],
  },
  {
    id: '5d6b6bb7-de71-4623-b4af-96380a352509',
    displayName: 'Security Reader',
    description: 'Can read security information and reports: Identity Protection, Conditional Access, logs.',
    actions: [
      d('webhooks/allProperties/read'),
      d('identityProtection/allProperties/read'),
      d('conditionalAccessPolicies/allProperties/read'),
      d('namedLocations/allProperties/read'),
      d('signInReports/allProperties/read'),
      d('auditLogs/allProperties/read'),
      d('authenticationMethodsPolicy/allProperties/read'),
      d('passwordPolicies/allProperties/read'),
      d('signingKeys/allProperties/read'),
    ],
  },
  {
    id: '5f2222b1-57c3-48ba-8ad5-d4759f1fde6f',
    displayName: 'Security Operator',
    description: 'Security Reader, and can dismiss or confirm the risk of users and sign-ins.',
    actions: [
      d('webhooks/allProperties/read'),
      d('identityProtection/allProperties/read'),
      d('identityProtection/riskyUsers/update'),
      d('identityProtection/riskySignIns/update'),
      d('conditionalAccessPolicies/allProperties/read'),
      d('namedLocations/allProperties/read'),
      d('signInReports/allProperties/read'),
      d('auditLogs/allProperties/read'),
      d('authenticationMethodsPolicy/allProperties/read'),
      d('passwordPolicies/allProperties/read'),
      d('signingKeys/allProperties/read'),
    ],
  },
  {
    id: '4a5d8f65-41da-4de4-8968-e035b65339cf',
    displayName: 'Reports Reader',
    description: 'Can read sign-in and audit reports.',
    actions: [d('signInReports/allProperties/read'), d('auditLogs/allProperties/read')],
  },
  {
    id: '6e591065-9bad-43ed-90f3-e9424366d2f0',
    displayName: 'External ID User Flow Administrator',
    description: 'Can create and manage all aspects of user flows.',
    actions: [
      d('b2cUserFlow/allProperties/read'),
      d('b2cUserFlow/allProperties/allTasks'),
      d('customAttributes/allProperties/read'),
      d('identityProviders/allProperties/read'),
      d('applications/allProperties/read'),
    ],
  },
  {
    id: '0f971eea-41eb-4569-a71e-57bb8a3eff1e',
    displayName: 'External ID User Flow Attribute Administrator',
    description: 'Can create and manage the attribute schema available to all user flows.',
    actions: [d('customAttributes/allProperties/read'), d('customAttributes/allProperties/allTasks')],
  },
  {
    id: 'be2f45a1-457d-42af-a067-6ec1fa63bc45',
    displayName: 'External Identity Provider Administrator',
    description: 'Can configure identity providers for use in direct federation.',
    actions: [d('identityProviders/allProperties/read'), d('identityProviders/allProperties/allTasks')],
  },
  {
    id: '92ed04bf-c94a-4b82-9729-b799a7a4c178',
    displayName: 'Organizational Branding Administrator',
    description: 'Can manage all aspects of organizational branding in a tenant.',
    actions: [
      d('organization/branding/allProperties/read'),
      d('organization/branding/allProperties/allTasks'),
    ],
  },
  {
    id: '25a516ed-2fa0-40ea-a2d0-12923a21473a',
    displayName: 'Authentication Extensibility Administrator',
    description:
      'Customize sign-in and sign-up experiences by creating and managing custom authentication extensions.',
    actions: [
      d('customAuthenticationExtensions/allProperties/read'),
      d('customAuthenticationExtensions/allProperties/allTasks'),
      d('authenticationEventListeners/allProperties/read'),
      d('authenticationEventListeners/allProperties/allTasks'),
      d('applications/allProperties/read'),
      d('servicePrincipals/allProperties/read'),
      d('applicationPolicies/allProperties/read'),
      d('applicationPolicies/allProperties/allTasks'),
    ],
  },
];

/** Graph `unifiedRoleDefinition`. */
export interface UnifiedRoleDefinition {
  id: string;
  templateId: string;
  displayName: string;
  description: string;
  isBuiltIn: true;
  isEnabled: true;
  resourceScopes: ['/'];
  rolePermissions: [{ allowedResourceActions: DirectoryAction[]; condition: null }];
  version: '1';
}

/** Every built-in role definition, in the catalogue's order of actions. */
export const ROLE_DEFINITIONS: readonly UnifiedRoleDefinition[] = BUILT_IN_ROLES.map((role) => {
  const allowed = new Set<DirectoryAction>([...role.actions, ...BASELINE]);
  for (const action of allowed)
    if (!(action in DIRECTORY_ACTIONS)) throw new Error(`unknown action ${action} in ${role.displayName}`);
  return {
    id: role.id,
    templateId: role.id,
    displayName: role.displayName,
    description: role.description,
    isBuiltIn: true,
    isEnabled: true,
    resourceScopes: ['/'],
    rolePermissions: [{ allowedResourceActions: ALL_ACTIONS.filter((a) => allowed.has(a)), condition: null }],
    version: '1',
  };
});

const definitionsById = new Map(ROLE_DEFINITIONS.map((definition) => [definition.id, definition]));
const allowedById = new Map(
  ROLE_DEFINITIONS.map((definition) => [
    definition.id,
    new Set<string>(definition.rolePermissions[0].allowedResourceActions),
  ]),
);

const roleId = (displayName: string): string => {
  const found = ROLE_DEFINITIONS.find((definition) => definition.displayName === displayName);
  if (!found) throw new Error(`no built-in role ${displayName}`);
  return found.id;
};

/** The ids of the roles code refers to by name. */
export const DIRECTORY_ROLES = {
  globalAdministrator: { id: roleId('Global Administrator'), displayName: 'Global Administrator' },
  globalReader: { id: roleId('Global Reader'), displayName: 'Global Reader' },
  privilegedRoleAdministrator: {
    id: roleId('Privileged Role Administrator'),
    displayName: 'Privileged Role Administrator',
  },
} as const;

/** The action that creating or deleting a role assignment needs (Privileged Role or Global Administrator). */
export const ROLE_ASSIGNMENT_ACTION: DirectoryAction = ROLE_ASSIGNMENT_TASKS;

export const roleDefinitionOf = (id: string): UnifiedRoleDefinition | undefined => definitionsById.get(id);

/** Whether the role allows the action (false for an unknown role). */
export const roleAllows = (roleDefinitionId: string, action: string): boolean =>
  allowedById.get(roleDefinitionId)?.has(action) ?? false;

/** The built-in roles that allow an action, by display name. */
export const rolesAllowing = (action: string): string[] =>
  ROLE_DEFINITIONS.filter((definition) => roleAllows(definition.id, action)).map((d) => d.displayName);

export const isDirectoryAction = (value: string): value is DirectoryAction => value in DIRECTORY_ACTIONS;

// -- scopes ------------------------------------------------------------------------------------

/** `directoryScopeId` of an assignment: `/` (every tenant) or `/tenants/{tenantId}` (one tenant). */
export const ROOT_SCOPE = '/';
export const tenantScope = (tenantId: string): string => `/tenants/${tenantId}`;

/** The tenant a scope names, or null for `/`; undefined when it is neither. */
export function tenantOfScope(scope: string): string | null | undefined {
  if (scope === ROOT_SCOPE) return null;
  const match = /^\/tenants\/([^/]+)$/.exec(scope);
  return match ? match[1] : undefined;
}

/**
 * The `admin` tenant holds the principals behind every role at `/` (the admin CLI, the admins):
 * whoever manages it can become any of them, so it is administered at `/` only, never by an
 * assignment scoped to it.
 */
export const ADMIN_TENANT_SCOPE = '/tenants/admin';

/** Whether an assignment at `held` reaches `target` (a scope): `/` reaches every scope. */
export const scopeCovers = (held: string, target: string): boolean =>
  held === ROOT_SCOPE || (held === target && target !== ADMIN_TENANT_SCOPE);

export const roleErrors = {
  definitionNotFound: (id: string) =>
    new AppError(
      'role_definition_not_found',
      'notFound',
      `Role definition '${id}' does not exist.`,
      'roleDefinitionId',
    ),
  assignmentNotFound: (id: string) =>
    new AppError('role_assignment_not_found', 'notFound', `Role assignment '${id}' does not exist.`, 'id'),
  assignmentExists: () =>
    new AppError(
      'role_assignment_exists',
      'conflict',
      'The principal already holds this role at this scope.',
      'roleDefinitionId',
    ),
  principalNotFound: (id: string) =>
    new AppError(
      'principal_not_found',
      'notFound',
      `Principal '${id}' is neither a user nor a service principal of the admin tenant.`,
      'principalId',
    ),
  invalidScope: () =>
    new AppError(
      'invalid_directory_scope',
      'invalid',
      "directoryScopeId must be '/' (every tenant) or '/tenants/{tenantId}' (one tenant other than 'admin', which is administered at '/' only).",
      'directoryScopeId',
    ),
  /** The caller's roles do not allow the action (at the scope, when one is given). */
  forbidden: (action: string, scope?: string) =>
    new AppError(
      'forbidden',
      'forbidden',
      `This needs the action '${action}'${scope ? ` at scope '${scope}'` : ''}, which no role assigned to the caller allows.`,
      undefined,
      [{ code: 'missing_action', message: action, ...(scope && { target: scope }) }],
    ),
  lastGlobalAdministrator: () =>
    new AppError(
      'last_global_administrator',
      'conflict',
      'This is the last enabled user holding Global Administrator for every tenant; assign the role to another user first.',
    ),
};
