import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { DirectoryAction } from '../../authorization/index.js';
import {
  claimsMappingPolicyView,
  createClaimsMappingPolicySchema,
  createExtensionSchema,
  createListenerSchema,
  type ExtensionService,
  extensionView,
  listenerView,
  policyReferenceSchema,
  updateClaimsMappingPolicySchema,
  updateExtensionSchema,
  updateListenerSchema,
} from '../../extensions/index.js';
import type { AuditTarget } from '../../insights/index.js';
import { tenantIdSchema } from '../../tenants/index.js';
import { type AdminAudit, modifiedProperties } from './admin-audit.js';
import type { RouteTable } from './routes.js';
import { tenantParams } from './tenants.js';

const guid = z.uuid({ message: 'must be a GUID' });
const idParams = z.strictObject({ tenantId: tenantIdSchema, id: guid });
const refParams = z.strictObject({ tenantId: tenantIdSchema, id: guid, policyId: guid });

type Operation = 'Add' | 'Update' | 'Delete' | 'Assign' | 'Unassign';
type View = Record<string, unknown>;

/** One Graph collection's routes: what they read and write, how an object shows and is audited. */
interface Collection<T extends { id: string; displayName: string | null }, C, U> {
  url: string;
  tag: string;
  /** In words, for summaries and audit activities: "custom authentication extension". */
  noun: string;
  plural: string;
  auditType: AuditTarget['type'];
  category: string;
  read: DirectoryAction;
  manage: DirectoryAction;
  view: (item: T) => View;
  createSchema: z.ZodType<C>;
  updateSchema: z.ZodType<U>;
  docs: { create: string; update: string; delete: string };
  list: (tenantId: string) => Promise<T[]>;
  get: (tenantId: string, id: string) => Promise<T>;
  create: (tenantId: string, input: C) => Promise<T>;
  update: (tenantId: string, id: string, input: U) => Promise<{ before: T; after: T }>;
  remove: (tenantId: string, id: string) => Promise<T>;
}

/**
 * Custom authentication extensions as Microsoft Graph's `identity/customAuthenticationExtensions`
 * and `identity/authenticationEventListeners`, and the claims-mapping policies that let an
 * extension's claims into tokens (`policies/claimsMappingPolicies`, assigned to service
 * principals with `$ref`), under the tenant. Every change is audited with what it changed.
 */
export function extensionRoutes(
  app: FastifyInstance,
  table: RouteTable,
  deps: { extensions: ExtensionService; audit: AdminAudit },
) {
  const { extensions, audit } = deps;

  const audited = (
    request: Parameters<AdminAudit>[0],
    tenantId: string,
    entry: { activity: string; operation: Operation; category: string; target: AuditTarget },
    before?: View,
    after?: View,
  ) =>
    audit(request, tenantId, {
      category: entry.category,
      activityDisplayName: entry.activity,
      operationType: entry.operation,
      targetResources: [
        {
          ...entry.target,
          modifiedProperties: modifiedProperties(before, after, Object.keys(after ?? before ?? {})),
        },
      ],
    });

  /** List, get, create, update and delete of one collection, each change audited. */
  function collection<T extends { id: string; displayName: string | null }, C, U>(c: Collection<T, C, U>) {
    const target = (item: T): AuditTarget => ({
      id: item.id,
      displayName: item.displayName,
      type: c.auditType,
    });
    const change = (operation: Operation, activity: string, item: T) => ({
      activity,
      operation,
      category: c.category,
      target: target(item),
    });
    const { plural } = c;
    table.add(
      app,
      {
        method: 'GET',
        url: c.url,
        summary: `List ${plural}`,
        tag: c.tag,
        params: tenantParams,
        status: 200,
        description: `The ${plural} of the tenant`,
        action: c.read,
      },
      async ({ params }) => ({ value: (await c.list(params.tenantId)).map(c.view) }),
    );
    table.add(
      app,
      {
        method: 'GET',
        url: `${c.url}/:id`,
        summary: `Get a ${c.noun}`,
        tag: c.tag,
        params: idParams,
        status: 200,
        description: `The ${c.noun}`,
        action: c.read,
      },
      async ({ params }) => c.view(await c.get(params.tenantId, params.id)),
    );
    table.add(
      app,
      {
        method: 'POST',
        url: c.url,
        summary: `Create a ${c.noun}`,
        tag: c.tag,
        params: tenantParams,
        body: c.createSchema,
        status: 201,
        description: c.docs.create,
        action: c.manage,
      },
      async ({ params, body, request }) => {
        const created = await c.create(params.tenantId, body);
        const view = c.view(created);
        await audited(request, params.tenantId, change('Add', `Add ${c.noun}`, created), undefined, view);
        return view;
      },
    );
    table.add(
      app,
      {
        method: 'PATCH',
        url: `${c.url}/:id`,
        summary: `Update a ${c.noun}`,
        tag: c.tag,
        params: idParams,
        body: c.updateSchema,
        status: 204,
        description: c.docs.update,
        action: c.manage,
      },
      async ({ params, body, request }) => {
        const { before, after } = await c.update(params.tenantId, params.id, body);
        await audited(
          request,
          params.tenantId,
          change('Update', `Update ${c.noun}`, after),
          c.view(before),
          c.view(after),
        );
      },
    );
    table.add(
      app,
      {
        method: 'DELETE',
        url: `${c.url}/:id`,
        summary: `Delete a ${c.noun}`,
        tag: c.tag,
        params: idParams,
        status: 204,
        description: c.docs.delete,
        action: c.manage,
      },
      async ({ params, request }) => {
        const deleted = await c.remove(params.tenantId, params.id);
        await audited(
          request,
          params.tenantId,
          change('Delete', `Delete ${c.noun}`, deleted),
          c.view(deleted),
        );
      },
    );
  }

  collection({
    url: '/tenants/:tenantId/identity/customAuthenticationExtensions',
    tag: 'customAuthenticationExtensions',
    noun: 'custom authentication extension',
    plural: 'custom authentication extensions',
    auditType: 'CustomAuthenticationExtension',
    category: 'ApplicationManagement',
    read: 'microsoft.directory/customAuthenticationExtensions/allProperties/read',
    manage: 'microsoft.directory/customAuthenticationExtensions/allProperties/allTasks',
    view: extensionView,
    createSchema: createExtensionSchema,
    updateSchema: updateExtensionSchema,
    docs: {
      create:
        "Graph's body: @odata.type (#microsoft.graph.onTokenIssuanceStartCustomExtension, onAttributeCollectionStart…, onAttributeCollectionSubmit…, onOtpSend…, onPasswordSubmit…), displayName, endpointConfiguration.targetUrl, authenticationConfiguration.resourceId (the appId or an identifierUri of the extension's API app in this tenant), clientConfiguration (timeoutInMilliseconds 200–2000, maximumRetries 0–1), behaviorOnError (OTP send), claimsForTokenConfiguration (token issuance)",
      update: 'The properties given change; the type cannot',
      delete: 'Refused (409) while a listener uses it',
    },
    list: extensions.listExtensions,
    get: extensions.getExtension,
    create: extensions.createExtension,
    update: extensions.updateExtension,
    remove: extensions.deleteExtension,
  });

  collection({
    url: '/tenants/:tenantId/identity/authenticationEventListeners',
    tag: 'customAuthenticationExtensions',
    noun: 'authentication event listener',
    plural: 'authentication event listeners',
    auditType: 'AuthenticationEventListener',
    category: 'ApplicationManagement',
    read: 'microsoft.directory/authenticationEventListeners/allProperties/read',
    manage: 'microsoft.directory/authenticationEventListeners/allProperties/allTasks',
    view: listenerView,
    createSchema: createListenerSchema,
    updateSchema: updateListenerSchema,
    docs: {
      create:
        "Graph's body: @odata.type (#microsoft.graph.onTokenIssuanceStartListener, onAttributeCollectionStartListener, onAttributeCollectionSubmitListener, onEmailOtpSendListener, onPasswordSubmitListener), priority (0–1000, default 500; the highest runs when several match), conditions.applications.includeApplications [{appId}], handler {@odata.type, customExtension {id} of the same event, configuration {clientConfiguration, behaviorOnError}, migrationPropertyId (password submit: a boolean custom attribute)}",
      update: 'The properties given change (conditions replace the applications); the type cannot',
      delete: 'Its extension is no longer called for its apps',
    },
    list: extensions.listListeners,
    get: extensions.getListener,
    create: extensions.createListener,
    update: extensions.updateListener,
    remove: extensions.deleteListener,
  });

  const POLICIES_READ = 'microsoft.directory/applicationPolicies/allProperties/read';
  const POLICIES_MANAGE = 'microsoft.directory/applicationPolicies/allProperties/allTasks';
  collection({
    url: '/tenants/:tenantId/policies/claimsMappingPolicies',
    tag: 'claimsMappingPolicies',
    noun: 'claims mapping policy',
    plural: 'claims mapping policies',
    auditType: 'Policy',
    category: 'Policy',
    read: POLICIES_READ,
    manage: POLICIES_MANAGE,
    view: claimsMappingPolicyView,
    createSchema: createClaimsMappingPolicySchema,
    updateSchema: updateClaimsMappingPolicySchema,
    docs: {
      create:
        'definition: one JSON text {"ClaimsMappingPolicy":{"Version":1,"ClaimsSchema":[{"Source":"CustomClaimsProvider","ID":"…","JwtClaimType":"…"}|{"Value":"…","JwtClaimType":"…"}]}}. Claims that carry identity (sub, iss, aud, roles…) cannot be mapped.',
      update: 'displayName and definition',
      delete: 'Also takes it off every service principal',
    },
    list: extensions.listPolicies,
    get: extensions.getPolicy,
    create: extensions.createPolicy,
    update: extensions.updatePolicy,
    remove: extensions.deletePolicy,
  });

  // A service principal's claims-mapping policy (Graph's `$ref` navigation).
  const spPolicies = '/tenants/:tenantId/servicePrincipals/:id/claimsMappingPolicies';
  const assignment = (operation: 'Assign' | 'Unassign', id: string) => ({
    activity:
      operation === 'Assign'
        ? 'Assign claims mapping policy to service principal'
        : 'Remove claims mapping policy from service principal',
    operation,
    category: 'Policy',
    target: { id, displayName: null, type: 'ServicePrincipal' as const },
  });
  table.add(
    app,
    {
      method: 'GET',
      url: spPolicies,
      summary: "List a service principal's claims mapping policies",
      tag: 'claimsMappingPolicies',
      params: idParams,
      status: 200,
      description: 'None or one claimsMappingPolicy',
      action: POLICIES_READ,
    },
    async ({ params }) => ({
      value: (await extensions.policiesOf(params.tenantId, params.id)).map(claimsMappingPolicyView),
    }),
  );
  table.add(
    app,
    {
      method: 'POST',
      url: `${spPolicies}/$ref`,
      summary: 'Assign a claims mapping policy to a service principal',
      tag: 'claimsMappingPolicies',
      params: idParams,
      body: policyReferenceSchema,
      status: 204,
      description:
        '{"@odata.id": "…/policies/claimsMappingPolicies/{id}"} (or the id). One policy per service principal: its claims reach the tokens issued for its app.',
      action: POLICIES_MANAGE,
    },
    async ({ params, body, request }) => {
      const policy = await extensions.assignPolicy(params.tenantId, params.id, body['@odata.id']);
      await audited(request, params.tenantId, assignment('Assign', params.id), undefined, {
        claimsMappingPolicy: policy.id,
      });
    },
  );
  table.add(
    app,
    {
      method: 'DELETE',
      url: `${spPolicies}/:policyId/$ref`,
      summary: 'Remove a claims mapping policy from a service principal',
      tag: 'claimsMappingPolicies',
      params: refParams,
      status: 204,
      description: "The app's tokens no longer carry the policy's claims",
      action: POLICIES_MANAGE,
    },
    async ({ params, request }) => {
      const policy = await extensions.unassignPolicy(params.tenantId, params.id, params.policyId);
      await audited(request, params.tenantId, assignment('Unassign', params.id), {
        claimsMappingPolicy: policy.id,
      });
    },
  );
}
