import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type MfaService, type UserMethod, updateMethodsPolicySchema } from '../../mfa/index.js';
import { tenantIdSchema } from '../../tenants/index.js';
import type { RouteTable } from './routes.js';
import { tenantParams } from './tenants.js';

const userParams = z.strictObject({
  tenantId: tenantIdSchema,
  id: z.uuid({ message: 'must be a user object id' }),
});
const methodParams = userParams.extend({
  methodId: z
    .string()
    .max(64)
    .regex(/^[A-Za-z0-9-]+$/, 'must be an authentication method id'),
});

/** A method as Graph shows it (its `@odata.type`), never with a secret. */
export function graphMethod(method: UserMethod): Record<string, unknown> {
  switch (method.type) {
    case 'password':
      return {
        '@odata.type': '#microsoft.graph.passwordAuthenticationMethod',
        id: method.id,
        password: null,
        createdDateTime: method.createdDateTime,
      };
    case 'email':
      return {
        '@odata.type': '#microsoft.graph.emailAuthenticationMethod',
        id: method.id,
        emailAddress: method.emailAddress,
      };
    case 'phone':
      return {
        '@odata.type': '#microsoft.graph.phoneAuthenticationMethod',
        id: method.id,
        phoneNumber: method.phoneNumber,
        phoneType: 'mobile',
      };
    case 'totp':
      return {
        '@odata.type': '#microsoft.graph.softwareOathAuthenticationMethod',
        id: method.id,
        secretKey: null,
        createdDateTime: method.createdDateTime,
        lastUsedDateTime: method.lastUsedDateTime,
      };
    case 'recoveryCodes':
      return {
        '@odata.type': '#gatehouse.recoveryCodesAuthenticationMethod',
        id: method.id,
        remaining: method.remaining,
        createdDateTime: method.createdDateTime,
        lastUsedDateTime: method.lastUsedDateTime,
      };
  }
}

/** The tenant's authentication methods policy and each user's registered methods. */
export function authenticationMethodRoutes(
  app: FastifyInstance,
  table: RouteTable,
  deps: { mfa: MfaService },
) {
  const { mfa } = deps;
  const policy = '/tenants/:tenantId/authenticationMethodsPolicy';
  const methods = '/tenants/:tenantId/users/:id/authentication/methods';

  table.add(
    app,
    {
      method: 'GET',
      url: policy,
      summary: "Get the tenant's authentication methods policy",
      tag: 'authentication methods',
      params: tenantParams,
      status: 200,
      description:
        'The state (enabled or disabled) of each method: Email, Sms, SoftwareOath, Fido2, RecoveryCode',
      action: 'microsoft.directory/authenticationMethodsPolicy/allProperties/read',
    },
    ({ params }) => mfa.policy(params.tenantId),
  );
  table.add(
    app,
    {
      method: 'PATCH',
      url: policy,
      summary: "Update the tenant's authentication methods policy",
      tag: 'authentication methods',
      params: tenantParams,
      body: updateMethodsPolicySchema,
      status: 200,
      description: 'The updated policy; methods not listed keep their state',
      action: 'microsoft.directory/authenticationMethodsPolicy/allProperties/update',
    },
    ({ params, body }) => mfa.updatePolicy(params.tenantId, body),
  );
  table.add(
    app,
    {
      method: 'GET',
      url: methods,
      summary: "List a user's authentication methods",
      tag: 'authentication methods',
      params: userParams,
      status: 200,
      description: "The password, the email (the user's mail), authenticator apps, phone and recovery codes",
      action: 'microsoft.directory/users/authenticationMethods/allProperties/read',
    },
    async ({ params }) => ({ value: (await mfa.methodsOf(params.tenantId, params.id)).map(graphMethod) }),
  );
  table.add(
    app,
    {
      method: 'DELETE',
      url: `${methods}/:methodId`,
      summary: "Remove one of a user's authentication methods",
      tag: 'authentication methods',
      params: methodParams,
      status: 204,
      description: 'Removed; the user registers it again on their next sign-in that needs it',
      action: 'microsoft.directory/users/authenticationMethods/delete',
    },
    ({ params }) => mfa.removeMethod(params.tenantId, params.id, params.methodId),
  );
}
