import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  createGroupSchema,
  createUserSchema,
  type DirectoryService,
  type DirectoryUser,
  type Group,
  memberReferenceSchema,
  updateGroupSchema,
  updatePasswordPolicySchema,
  updateUserSchema,
} from '../../directory/index.js';
import { tenantIdSchema } from '../../tenants/index.js';
import { countField, nextLink, pageQuery, type RouteTable } from './routes.js';
import { tenantParams } from './tenants.js';

const objectId = (what: string) => z.uuid({ message: `must be a ${what} object id` });
const userParams = z.strictObject({ tenantId: tenantIdSchema, id: objectId('user') });
const groupParams = z.strictObject({ tenantId: tenantIdSchema, id: objectId('group') });
const memberParams = z.strictObject({
  tenantId: tenantIdSchema,
  id: objectId('group'),
  userId: objectId('user'),
});

const userListQuery = pageQuery.extend({
  ...countField,
  mailStartsWith: z
    .string()
    .max(254)
    .optional()
    .describe('Only users whose mail starts with this text (case-insensitive, Unicode NFKC).'),
  displayNameStartsWith: z
    .string()
    .max(256)
    .optional()
    .describe('Only users whose displayName starts with this text (case-insensitive, Unicode NFKC).'),
  $search: z
    .string()
    .max(256)
    .optional()
    .transform((v) => {
      const text = v?.replace(/^"(.*)"$/s, '$1').trim();
      return text ? text : undefined;
    })
    .describe(
      'Only users whose displayName, mail, or email or username sign-in name starts with this text (case-insensitive, Unicode NFKC). Surrounding double quotes are ignored.',
    ),
  accountEnabled: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true'))
    .describe('Only enabled (true) or disabled (false) accounts.'),
});

/** The Graph `user` representation: no tenant column; the password is never shown. */
function userView(user: DirectoryUser) {
  const { tenantId: _tenant, ...rest } = user;
  return rest;
}

function groupView(group: Group) {
  const { tenantId: _tenant, ...rest } = group;
  return rest;
}

/** A list path with its filters, so `@odata.nextLink` keeps them. */
function withQuery(path: string, filters: Record<string, string | boolean | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(filters))
    if (value !== undefined) search.set(name, String(value));
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

export function directoryRoutes(
  app: FastifyInstance,
  table: RouteTable,
  deps: { directory: DirectoryService; baseUrl: string },
) {
  const { directory, baseUrl } = deps;
  const users = '/tenants/:tenantId/users';
  const groups = '/tenants/:tenantId/groups';

  // -- users -------------------------------------------------------------------------------

  table.add(
    app,
    {
      method: 'POST',
      url: users,
      summary: 'Create a user',
      tag: 'users',
      params: tenantParams,
      body: createUserSchema,
      status: 201,
      description:
        'The new user. Without identities, the mail becomes an emailAddress identity. The password is held to the tenant password policy and never returned.',
      action: 'microsoft.directory/users/create',
    },
    async ({ params, body }) => userView(await directory.create(params.tenantId, body)),
  );
  table.add(
    app,
    {
      method: 'GET',
      url: users,
      summary: 'List users',
      tag: 'users',
      params: tenantParams,
      query: userListQuery,
      status: 200,
      description: 'A page of users, oldest first (with $count=true, @odata.count: how many match)',
      action: 'microsoft.directory/users/allProperties/read',
    },
    async ({ params, query }) => {
      const { $top: top, $skiptoken: skipToken, $search: search, $count: count, ...rest } = query;
      const filters = { ...rest, $search: search, $count: count || undefined };
      const [page, total] = await Promise.all([
        directory.list(params.tenantId, { top, skipToken, search, ...rest }),
        count ? directory.count(params.tenantId, { search, ...rest }) : undefined,
      ]);
      return {
        '@odata.count': total,
        value: page.items.map(userView),
        '@odata.nextLink': nextLink(
          baseUrl,
          withQuery(`/tenants/${params.tenantId}/users`, filters),
          top,
          page.next,
        ),
      };
    },
  );
  table.add(
    app,
    {
      method: 'GET',
      url: `${users}/:id`,
      summary: 'Get a user',
      tag: 'users',
      params: userParams,
      status: 200,
      description: 'The user',
      action: 'microsoft.directory/users/allProperties/read',
    },
    async ({ params }) => userView(await directory.get(params.tenantId, params.id)),
  );
  table.add(
    app,
    {
      method: 'GET',
      url: `${users}/:id/memberOf`,
      summary: 'List the groups a user is a member of',
      tag: 'users',
      params: userParams,
      query: pageQuery,
      status: 200,
      description: 'A page of the groups the user is a direct member of, oldest first',
      action: 'microsoft.directory/users/allProperties/read',
    },
    async ({ params, query }) => {
      const page = await directory.memberOf(params.tenantId, params.id, {
        top: query.$top,
        skipToken: query.$skiptoken,
      });
      return {
        value: page.items.map((group) => ({ '@odata.type': '#microsoft.graph.group', ...groupView(group) })),
        '@odata.nextLink': nextLink(
          baseUrl,
          `/tenants/${params.tenantId}/users/${params.id}/memberOf`,
          query.$top,
          page.next,
        ),
      };
    },
  );
  table.add(
    app,
    {
      method: 'PATCH',
      url: `${users}/:id`,
      summary: 'Update a user',
      tag: 'users',
      params: userParams,
      body: updateUserSchema,
      status: 200,
      description: 'The updated user. Disabling it, or setting passwordProfile.password, ends its sessions.',
      action: 'microsoft.directory/users/allProperties/update',
    },
    async ({ params, body }) => userView(await directory.update(params.tenantId, params.id, body)),
  );
  table.add(
    app,
    {
      method: 'DELETE',
      url: `${users}/:id`,
      summary: 'Delete a user',
      tag: 'users',
      params: userParams,
      status: 204,
      description: 'Deleted, with its identities and group memberships',
      action: 'microsoft.directory/users/delete',
    },
    async ({ params }) => directory.delete(params.tenantId, params.id),
  );

  // -- password policy -----------------------------------------------------------------------

  table.add(
    app,
    {
      method: 'GET',
      url: '/tenants/:tenantId/passwordPolicy',
      summary: 'Get the password policy',
      tag: 'users',
      params: tenantParams,
      status: 200,
      description:
        'minLength, maxLength and minScore (the lowest zxcvbn score, 0-4, a new password may have)',
      action: 'microsoft.directory/passwordPolicies/allProperties/read',
    },
    async ({ params }) => directory.getPasswordPolicy(params.tenantId),
  );
  table.add(
    app,
    {
      method: 'PATCH',
      url: '/tenants/:tenantId/passwordPolicy',
      summary: 'Update the password policy',
      tag: 'users',
      params: tenantParams,
      body: updatePasswordPolicySchema,
      status: 200,
      description: 'The updated policy; it applies to passwords set from now on',
      action: 'microsoft.directory/passwordPolicies/allProperties/update',
    },
    async ({ params, body }) => directory.updatePasswordPolicy(params.tenantId, body),
  );

  // -- groups ------------------------------------------------------------------------------

  table.add(
    app,
    {
      method: 'POST',
      url: groups,
      summary: 'Create a security group',
      tag: 'groups',
      params: tenantParams,
      body: createGroupSchema,
      status: 201,
      description: 'The new group',
      action: 'microsoft.directory/groups/create',
    },
    async ({ params, body }) => groupView(await directory.createGroup(params.tenantId, body)),
  );
  table.add(
    app,
    {
      method: 'GET',
      url: groups,
      summary: 'List groups',
      tag: 'groups',
      params: tenantParams,
      query: pageQuery,
      status: 200,
      description: 'A page of groups, oldest first',
      action: 'microsoft.directory/groups/allProperties/read',
    },
    async ({ params, query }) => {
      const page = await directory.listGroups(params.tenantId, {
        top: query.$top,
        skipToken: query.$skiptoken,
      });
      return {
        value: page.items.map(groupView),
        '@odata.nextLink': nextLink(baseUrl, `/tenants/${params.tenantId}/groups`, query.$top, page.next),
      };
    },
  );
  table.add(
    app,
    {
      method: 'GET',
      url: `${groups}/:id`,
      summary: 'Get a group',
      tag: 'groups',
      params: groupParams,
      status: 200,
      description: 'The group',
      action: 'microsoft.directory/groups/allProperties/read',
    },
    async ({ params }) => groupView(await directory.getGroup(params.tenantId, params.id)),
  );
  table.add(
    app,
    {
      method: 'PATCH',
      url: `${groups}/:id`,
      summary: 'Update a group',
      tag: 'groups',
      params: groupParams,
      body: updateGroupSchema,
      status: 200,
      description: 'The updated group',
      action: 'microsoft.directory/groups/basic/update',
    },
    async ({ params, body }) => groupView(await directory.updateGroup(params.tenantId, params.id, body)),
  );
  table.add(
    app,
    {
      method: 'DELETE',
      url: `${groups}/:id`,
      summary: 'Delete a group',
      tag: 'groups',
      params: groupParams,
      status: 204,
      description: 'Deleted, with its memberships',
      action: 'microsoft.directory/groups/delete',
    },
    async ({ params }) => directory.deleteGroup(params.tenantId, params.id),
  );
  table.add(
    app,
    {
      method: 'GET',
      url: `${groups}/:id/members`,
      summary: 'List the members of a group',
      tag: 'groups',
      params: groupParams,
      query: pageQuery,
      status: 200,
      description: 'A page of the users who are direct members',
      action: 'microsoft.directory/groups/allProperties/read',
    },
    async ({ params, query }) => {
      const page = await directory.listMembers(params.tenantId, params.id, {
        top: query.$top,
        skipToken: query.$skiptoken,
      });
      return {
        value: page.items.map((user) => ({ '@odata.type': '#microsoft.graph.user', ...userView(user) })),
        '@odata.nextLink': nextLink(
          baseUrl,
          `/tenants/${params.tenantId}/groups/${params.id}/members`,
          query.$top,
          page.next,
        ),
      };
    },
  );
  table.add(
    app,
    {
      method: 'POST',
      url: `${groups}/:id/members/$ref`,
      summary: 'Add a member to a group',
      tag: 'groups',
      params: groupParams,
      body: memberReferenceSchema,
      status: 204,
      description:
        'Added. The body names a user of the same tenant: {"@odata.id": "…/users/{id}"} or {"id": "{id}"}',
      action: 'microsoft.directory/groups/members/update',
    },
    async ({ params, body }) => directory.addMember(params.tenantId, params.id, body),
  );
  table.add(
    app,
    {
      method: 'DELETE',
      url: `${groups}/:id/members/:userId/$ref`,
      summary: 'Remove a member from a group',
      tag: 'groups',
      params: memberParams,
      status: 204,
      description: 'Removed',
      action: 'microsoft.directory/groups/members/update',
    },
    async ({ params }) => directory.removeMember(params.tenantId, params.id, params.userId),
  );
}
