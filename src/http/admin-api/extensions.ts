import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  type ClaimsMappingPolicy,
  type CustomExtension,
  claimsMappingPolicyView,
  createClaimsMappingPolicySchema,
  createExtensionSchema,
  createListenerSchema,
  type ExtensionService,
  extensionView,
  type Listener,
  listenerView,
  policyReferenceSchema,
  updateClaimsMappingPolicySchema,
  updateExtensionSchema,
  updateListenerSchema,
} from '../../extensions/index.js';
import { tenantIdSchema } from '../../tenants/index.js';
import { type AdminAudit, modifiedProperties } from './admin-audit.js';
import type { RouteTable } from './routes.js';
import { tenantParams } from './tenants.js';

const idParams = z.strictObject({ tenantId: tenantIdSchema, id: z.uuid({ message: 'must be a GUID' }) });
const refParams = z.strictObject({
  tenantId: tenantIdSchema,
  id: z.uuid({ message: 'must be a GUID' }),
  policyId: z.uuid({ message: 'must be a GUID' }),
});

const EXTENSIONS_READ = 'microsoft.directory/customAuthenticationExtensions/allProperties/read';
const EXTENSIONS_MANAGE = 'microsoft.directory/customAuthenticationExtensions/allProperties/allTasks';
const LISTENERS_READ = 'microsoft.directory/authenticationEventListeners/allProperties/read';
const LISTENERS_MANAGE = 'microsoft.directory/authenticationEventListeners/allProperties/allTasks';
const POLICIES_READ = 'microsoft.directory/applicationPolicies/allProperties/read';
const POLICIES_MANAGE = 'microsoft.directory/applicationPolicies/allProperties/allTasks';

type Operation = 'Add' | 'Update' | 'Delete' | 'Assign' | 'Unassign';

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
  const tag = 'customAuthenticationExtensions';

  const audited = (
    request: Parameters<AdminAudit>[0],
    tenantId: string,
    activity: string,
    operationType: Operation,
    target: {
      id: string;
      displayName: string | null;
      type: 'CustomAuthenticationExtension' | 'AuthenticationEventListener' | 'Policy' | 'ServicePrincipal';
    },
    before?: Record<string, unknown>,
    after?: Record<string, unknown>,
  ) =>
    audit(request, tenantId, {
      category: activity.includes('claims mapping') ? 'Policy' : 'ApplicationManagement',
      activityDisplayName: activity,
      operationType,
      targetResources: [
        {
          ...target,
          modifiedProperties: modifiedProperties(before, after, Object.keys(after ?? before ?? {})),
        },
      ],
    });
  const extensionTarget = (e: CustomExtension) => ({
    id: e.id,
    displayName: e.displayName,
    type: 'CustomAuthenticationExtension' as const,
  });
  const listenerTarget = (l: Listener) => ({
    id: l.id,
    displayName: l.displayName,
    type: 'AuthenticationEventListener' as const,
  });
  const policyTarget = (p: ClaimsMappingPolicy) => ({
    id: p.id,
    displayName: p.displayName,
    type: 'Policy' as const,
  });

  // --- customAuthenticationExtensions ------------------------------------------------------
  const extensionsUrl = '/tenants/:tenantId/identity/customAuthenticationExtensions';
  table.add(
    app,
    {
      method: 'GET',
      url: extensionsUrl,
      summary: 'List custom authentication extensions',
      tag,
      params: tenantParams,
      status: 200,
      description:
        'The customAuthenticationExtension objects of the tenant (each with the @odata.type of its event)',
      action: EXTENSIONS_READ,
    },
    async ({ params }) => ({ value: (await extensions.listExtensions(params.tenantId)).map(extensionView) }),
  );
  table.add(
    app,
    {
      method: 'GET',
      url: `${extensionsUrl}/:id`,
      summary: 'Get a custom authentication extension',
      tag,
      params: idParams,
      status: 200,
      description: 'The customAuthenticationExtension',
      action: EXTENSIONS_READ,
    },
    async ({ params }) => extensionView(await extensions.getExtension(params.tenantId, params.id)),
  );
  table.add(
    app,
    {
      method: 'POST',
      url: extensionsUrl,
      summary: 'Create a custom authentication extension',
      tag,
      params: tenantParams,
      body: createExtensionSchema,
      status: 201,
      description:
        "Graph's body: @odata.type (#microsoft.graph.onTokenIssuanceStartCustomExtension, onAttributeCollectionStart…, onAttributeCollectionSubmit…, onOtpSend…, onPasswordSubmit…), displayName, endpointConfiguration.targetUrl, authenticationConfiguration.resourceId (the appId or an identifierUri of the extension's API app in this tenant), clientConfiguration (timeoutInMilliseconds 200–2000, maximumRetries 0–1), behaviorOnError (OTP send), claimsForTokenConfiguration (token issuance)",
      action: EXTENSIONS_MANAGE,
    },
    async ({ params, body, request }) => {
      const created = await extensions.createExtension(params.tenantId, body);
      const view = extensionView(created);
      await audited(
        request,
        params.tenantId,
        'Add custom authentication extension',
        'Add',
        extensionTarget(created),
        undefined,
        view,
      );
      return view;
    },
  );
  table.add(
    app,
    {
      method: 'PATCH',
      url: `${extensionsUrl}/:id`,
      summary: 'Update a custom authentication extension',
      tag,
      params: idParams,
      body: updateExtensionSchema,
      status: 204,
      description: 'The properties given change; the type cannot',
      action: EXTENSIONS_MANAGE,
    },
    async ({ params, body, request }) => {
      const { before, after } = await extensions.updateExtension(params.tenantId, params.id, body);
      await audited(
        request,
        params.tenantId,
        'Update custom authentication extension',
        'Update',
        extensionTarget(after),
        extensionView(before),
        extensionView(after),
      );
    },
  );
  table.add(
    app,
    {
      method: 'DELETE',
      url: `${extensionsUrl}/:id`,
      summary: 'Delete a custom authentication extension',
      tag,
      params: idParams,
      status: 204,
      description: 'Refused (409) while a listener uses it',
      action: EXTENSIONS_MANAGE,
    },
    async ({ params, request }) => {
      const deleted = await extensions.deleteExtension(params.tenantId, params.id);
      await audited(
        request,
        params.tenantId,
        'Delete custom authentication extension',
        'Delete',
        extensionTarget(deleted),
        extensionView(deleted),
      );
    },
  );

  // --- authenticationEventListeners --------------------------------------------------------
  const listenersUrl = '/tenants/:tenantId/identity/authenticationEventListeners';
  table.add(
    app,
    {
      method: 'GET',
      url: listenersUrl,
      summary: 'List authentication event listeners',
      tag,
      params: tenantParams,
      status: 200,
      description: 'The authenticationEventListener objects of the tenant',
      action: LISTENERS_READ,
    },
    async ({ params }) => ({ value: (await extensions.listListeners(params.tenantId)).map(listenerView) }),
  );
  table.add(
    app,
    {
      method: 'GET',
      url: `${listenersUrl}/:id`,
      summary: 'Get an authentication event listener',
      tag,
      params: idParams,
      status: 200,
      description: 'The authenticationEventListener',
      action: LISTENERS_READ,
    },
    async ({ params }) => listenerView(await extensions.getListener(params.tenantId, params.id)),
  );
  table.add(
    app,
    {
      method: 'POST',
      url: listenersUrl,
      summary: 'Create an authentication event listener',
      tag,
      params: tenantParams,
      body: createListenerSchema,
      status: 201,
      description:
        "Graph's body: @odata.type (#microsoft.graph.onTokenIssuanceStartListener, onAttributeCollectionStartListener, onAttributeCollectionSubmitListener, onEmailOtpSendListener, onPasswordSubmitListener), priority (0–1000, default 500; the highest runs when several match), conditions.applications.includeApplications [{appId}], handler {@odata.type, customExtension {id} of the same event, configuration {clientConfiguration, behaviorOnError}, migrationPropertyId (password submit)}",
      action: LISTENERS_MANAGE,
    },
    async ({ params, body, request }) => {
      const created = await extensions.createListener(params.tenantId, body);
      const view = listenerView(created);
      await audited(
        request,
        params.tenantId,
        'Add authentication event listener',
        'Add',
        listenerTarget(created),
        undefined,
        view,
      );
      return view;
    },
  );
  table.add(
    app,
    {
      method: 'PATCH',
      url: `${listenersUrl}/:id`,
      summary: 'Update an authentication event listener',
      tag,
      params: idParams,
      body: updateListenerSchema,
      status: 204,
      description: 'The properties given change (conditions replace the applications); the type cannot',
      action: LISTENERS_MANAGE,
    },
    async ({ params, body, request }) => {
      const { before, after } = await extensions.updateListener(params.tenantId, params.id, body);
      await audited(
        request,
        params.tenantId,
        'Update authentication event listener',
        'Update',
        listenerTarget(after),
        listenerView(before),
        listenerView(after),
      );
    },
  );
  table.add(
    app,
    {
      method: 'DELETE',
      url: `${listenersUrl}/:id`,
      summary: 'Delete an authentication event listener',
      tag,
      params: idParams,
      status: 204,
      description: 'Its extension is no longer called for its apps',
      action: LISTENERS_MANAGE,
    },
    async ({ params, request }) => {
      const deleted = await extensions.deleteListener(params.tenantId, params.id);
      await audited(
        request,
        params.tenantId,
        'Delete authentication event listener',
        'Delete',
        listenerTarget(deleted),
        listenerView(deleted),
      );
    },
  );

  // --- claimsMappingPolicies ---------------------------------------------------------------
  const policiesUrl = '/tenants/:tenantId/policies/claimsMappingPolicies';
  const policyTag = 'claimsMappingPolicies';
  table.add(
    app,
    {
      method: 'GET',
      url: policiesUrl,
      summary: 'List claims mapping policies',
      tag: policyTag,
      params: tenantParams,
      status: 200,
      description: 'The claimsMappingPolicy objects of the tenant',
      action: POLICIES_READ,
    },
    async ({ params }) => ({
      value: (await extensions.listPolicies(params.tenantId)).map(claimsMappingPolicyView),
    }),
  );
  table.add(
    app,
    {
      method: 'GET',
      url: `${policiesUrl}/:id`,
      summary: 'Get a claims mapping policy',
      tag: policyTag,
      params: idParams,
      status: 200,
      description: 'The claimsMappingPolicy',
      action: POLICIES_READ,
    },
    async ({ params }) => claimsMappingPolicyView(await extensions.getPolicy(params.tenantId, params.id)),
  );
  table.add(
    app,
    {
      method: 'POST',
      url: policiesUrl,
      summary: 'Create a claims mapping policy',
      tag: policyTag,
      params: tenantParams,
      body: createClaimsMappingPolicySchema,
      status: 201,
      description:
        'definition: one JSON text {"ClaimsMappingPolicy":{"Version":1,"ClaimsSchema":[{"Source":"CustomClaimsProvider","ID":"…","JwtClaimType":"…"}|{"Value":"…","JwtClaimType":"…"}]}}. Claims that carry identity (sub, iss, aud, roles…) cannot be mapped.',
      action: POLICIES_MANAGE,
    },
    async ({ params, body, request }) => {
      const created = await extensions.createPolicy(params.tenantId, body);
      const view = claimsMappingPolicyView(created);
      await audited(
        request,
        params.tenantId,
        'Add claims mapping policy',
        'Add',
        policyTarget(created),
        undefined,
        view,
      );
      return view;
    },
  );
  table.add(
    app,
    {
      method: 'PATCH',
      url: `${policiesUrl}/:id`,
      summary: 'Update a claims mapping policy',
      tag: policyTag,
      params: idParams,
      body: updateClaimsMappingPolicySchema,
      status: 204,
      description: 'displayName and definition',
      action: POLICIES_MANAGE,
    },
    async ({ params, body, request }) => {
      const { before, after } = await extensions.updatePolicy(params.tenantId, params.id, body);
      await audited(
        request,
        params.tenantId,
        'Update claims mapping policy',
        'Update',
        policyTarget(after),
        claimsMappingPolicyView(before),
        claimsMappingPolicyView(after),
      );
    },
  );
  table.add(
    app,
    {
      method: 'DELETE',
      url: `${policiesUrl}/:id`,
      summary: 'Delete a claims mapping policy',
      tag: policyTag,
      params: idParams,
      status: 204,
      description: 'Also takes it off every service principal',
      action: POLICIES_MANAGE,
    },
    async ({ params, request }) => {
      const deleted = await extensions.deletePolicy(params.tenantId, params.id);
      await audited(
        request,
        params.tenantId,
        'Delete claims mapping policy',
        'Delete',
        policyTarget(deleted),
        claimsMappingPolicyView(deleted),
      );
    },
  );
  const spPolicies = '/tenants/:tenantId/servicePrincipals/:id/claimsMappingPolicies';
  table.add(
    app,
    {
      method: 'GET',
      url: spPolicies,
      summary: "List a service principal's claims mapping policies",
      tag: policyTag,
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
      tag: policyTag,
      params: idParams,
      body: policyReferenceSchema,
      status: 204,
      description:
        '{"@odata.id": "…/policies/claimsMappingPolicies/{id}"} (or the id). One policy per service principal: its claims reach the tokens issued for its app.',
      action: POLICIES_MANAGE,
    },
    async ({ params, body, request }) => {
      const policy = await extensions.assignPolicy(params.tenantId, params.id, body['@odata.id']);
      await audited(
        request,
        params.tenantId,
        'Assign claims mapping policy to service principal',
        'Assign',
        { id: params.id, displayName: null, type: 'ServicePrincipal' },
        undefined,
        { claimsMappingPolicy: policy.id },
      );
    },
  );
  table.add(
    app,
    {
      method: 'DELETE',
      url: `${spPolicies}/:policyId/$ref`,
      summary: 'Remove a claims mapping policy from a service principal',
      tag: policyTag,
      params: refParams,
      status: 204,
      description: "The app's tokens no longer carry the policy's claims",
      action: POLICIES_MANAGE,
    },
    async ({ params, request }) => {
      const policy = await extensions.unassignPolicy(params.tenantId, params.id, params.policyId);
      await audited(
        request,
        params.tenantId,
        'Remove claims mapping policy from service principal',
        'Unassign',
        { id: params.id, displayName: null, type: 'ServicePrincipal' },
        { claimsMappingPolicy: policy.id },
      );
    },
  );
}
