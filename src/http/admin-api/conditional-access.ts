import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  type ConditionalAccessAnalysis,
  type ConditionalAccessService,
  createFromTemplateSchema,
  createNamedLocationSchema,
  createPolicySchema,
  impactRequestSchema,
  templateIdSchema,
  updateNamedLocationSchema,
  updatePolicySchema,
  whatIfRequestSchema,
} from '../../access/index.js';
import { tenantIdSchema } from '../../tenants/index.js';
import { type AdminAudit, modifiedProperties } from './admin-audit.js';
import { nextLink, pageQuery, type RouteTable } from './routes.js';
import { tenantParams } from './tenants.js';

const policyParams = z.strictObject({
  tenantId: tenantIdSchema,
  id: z.uuid({ message: 'must be a policy id' }),
});
const locationParams = z.strictObject({
  tenantId: tenantIdSchema,
  id: z.uuid({ message: 'must be a named location id' }),
});
/** 2000 IPv6 ranges (Entra's maximum) need more than the server's default body limit. */
const NAMED_LOCATION_BODY_LIMIT = 512 * 1024;

const templateParams = z.strictObject({ tenantId: tenantIdSchema, id: templateIdSchema });

/** The properties an audit entry compares (Graph's top-level ones). */
const POLICY_PROPERTIES = ['displayName', 'state', 'conditions', 'grantControls', 'sessionControls'];
const LOCATION_PROPERTIES = [
  'displayName',
  'isTrusted',
  'ipRanges',
  'countriesAndRegions',
  'includeUnknownCountriesAndRegions',
];

/**
 * Conditional Access (Graph's identity/conditionalAccess): policies, named locations,
 * templates, What If and impact analysis. Every change is in the audit trail.
 */
export function conditionalAccessRoutes(
  app: FastifyInstance,
  table: RouteTable,
  deps: {
    conditionalAccess: ConditionalAccessService;
    analysis: ConditionalAccessAnalysis;
    baseUrl: string;
    audit: AdminAudit;
  },
) {
  const { conditionalAccess: access, analysis, baseUrl } = deps;

  /** Every change of a policy or a named location goes in the audit trail (Entra's activities). */
  const audited = async <T extends { id: string; displayName: string }>(
    request: FastifyRequest,
    tenantId: string,
    what: 'conditional access policy' | 'named location',
    operationType: 'Add' | 'Update' | 'Delete',
    before: T | undefined,
    after: T | undefined,
  ) => {
    const object = (after ?? before) as T;
    await deps.audit(request, tenantId, {
      category: 'Policy',
      activityDisplayName: `${operationType} ${what}`,
      operationType,
      targetResources: [
        {
          id: object.id,
          type: 'Policy',
          displayName: object.displayName,
          modifiedProperties: modifiedProperties(
            before as Record<string, unknown> | undefined,
            after as Record<string, unknown> | undefined,
            what === 'named location' ? LOCATION_PROPERTIES : POLICY_PROPERTIES,
          ),
        },
      ],
    });
    return after;
  };
  const base = '/tenants/:tenantId/conditionalAccess';
  const tag = 'conditionalAccess';

  const pageRequest = (query: { $top: number; $skiptoken?: string }) => ({
    top: query.$top,
    skipToken: query.$skiptoken,
  });
  /** A Graph collection page, with the link to the next one. */
  const pageOf = <T>(
    tenantId: string,
    collection: 'policies' | 'namedLocations',
    query: { $top: number },
    page: { items: T[]; next?: string },
  ) => ({
    value: page.items,
    '@odata.nextLink': nextLink(
      baseUrl,
      `/tenants/${tenantId}/conditionalAccess/${collection}`,
      query.$top,
      page.next,
    ),
  });

  // --- policies

  table.add(
    app,
    {
      method: 'POST',
      url: `${base}/policies`,
      summary: 'Create a Conditional Access policy',
      tag,
      params: tenantParams,
      body: createPolicySchema,
      status: 201,
      description:
        "The new policy, every field present. Checked as Entra does: a user policy needs users and applications; at least one grant or session control; 'block' alone; passwordChange needs mfa with AND, userRiskLevels and All applications; ids must exist in the tenant.",
      action: 'microsoft.directory/conditionalAccessPolicies/allProperties/allTasks',
    },
    async ({ params, body, request }) =>
      audited(
        request,
        params.tenantId,
        'conditional access policy',
        'Add',
        undefined,
        await access.createPolicy(params.tenantId, body),
      ),
  );
  table.add(
    app,
    {
      method: 'GET',
      url: `${base}/policies`,
      summary: 'List Conditional Access policies',
      tag,
      params: tenantParams,
      query: pageQuery,
      status: 200,
      description: 'A page of policies, oldest first',
      action: 'microsoft.directory/conditionalAccessPolicies/allProperties/read',
    },
    async ({ params, query }) =>
      pageOf(
        params.tenantId,
        'policies',
        query,
        await access.listPolicies(params.tenantId, pageRequest(query)),
      ),
  );
  table.add(
    app,
    {
      method: 'GET',
      url: `${base}/policies/:id`,
      summary: 'Get a Conditional Access policy',
      tag,
      params: policyParams,
      status: 200,
      description: 'The policy',
      action: 'microsoft.directory/conditionalAccessPolicies/allProperties/read',
    },
    ({ params }) => access.getPolicy(params.tenantId, params.id),
  );
  table.add(
    app,
    {
      method: 'PATCH',
      url: `${base}/policies/:id`,
      summary: 'Update a Conditional Access policy',
      tag,
      params: policyParams,
      body: updatePolicySchema,
      status: 200,
      description:
        'The updated policy. Each given top-level property (displayName, state, conditions, grantControls, sessionControls) replaces the stored one whole, as in Graph; the result is checked whole.',
      action: 'microsoft.directory/conditionalAccessPolicies/allProperties/allTasks',
    },
    async ({ params, body, request }) => {
      const before = await access.getPolicy(params.tenantId, params.id);
      const after = await access.updatePolicy(params.tenantId, params.id, body);
      return audited(request, params.tenantId, 'conditional access policy', 'Update', before, after);
    },
  );
  table.add(
    app,
    {
      method: 'DELETE',
      url: `${base}/policies/:id`,
      summary: 'Delete a Conditional Access policy',
      tag,
      params: policyParams,
      status: 204,
      description: 'Deleted; the next sign-in no longer sees it',
      action: 'microsoft.directory/conditionalAccessPolicies/allProperties/allTasks',
    },
    async ({ params, request }) => {
      const before = await access.getPolicy(params.tenantId, params.id);
      await access.deletePolicy(params.tenantId, params.id);
      await audited(request, params.tenantId, 'conditional access policy', 'Delete', before, undefined);
    },
  );

  // --- named locations

  table.add(
    app,
    {
      method: 'POST',
      url: `${base}/namedLocations`,
      summary: 'Create a named location',
      tag,
      params: tenantParams,
      body: createNamedLocationSchema,
      bodyLimit: NAMED_LOCATION_BODY_LIMIT,
      status: 201,
      description:
        "An ipNamedLocation (CIDR ranges, stored in network form; isTrusted) or a countryNamedLocation (ISO 3166-1 alpha-2 codes), by '@odata.type'",
      action: 'microsoft.directory/namedLocations/allProperties/allTasks',
    },
    async ({ params, body, request }) =>
      audited(
        request,
        params.tenantId,
        'named location',
        'Add',
        undefined,
        await access.createNamedLocation(params.tenantId, body),
      ),
  );
  table.add(
    app,
    {
      method: 'GET',
      url: `${base}/namedLocations`,
      summary: 'List named locations',
      tag,
      params: tenantParams,
      query: pageQuery,
      status: 200,
      description: 'A page of named locations, oldest first',
      action: 'microsoft.directory/namedLocations/allProperties/read',
    },
    async ({ params, query }) =>
      pageOf(
        params.tenantId,
        'namedLocations',
        query,
        await access.listNamedLocations(params.tenantId, pageRequest(query)),
      ),
  );
  table.add(
    app,
    {
      method: 'GET',
      url: `${base}/namedLocations/:id`,
      summary: 'Get a named location',
      tag,
      params: locationParams,
      status: 200,
      description: 'The named location',
      action: 'microsoft.directory/namedLocations/allProperties/read',
    },
    ({ params }) => access.getNamedLocation(params.tenantId, params.id),
  );
  table.add(
    app,
    {
      method: 'PATCH',
      url: `${base}/namedLocations/:id`,
      summary: 'Update a named location',
      tag,
      params: locationParams,
      body: updateNamedLocationSchema,
      bodyLimit: NAMED_LOCATION_BODY_LIMIT,
      status: 200,
      description:
        'The updated named location; given fields replace the stored ones; @odata.type cannot change',
      action: 'microsoft.directory/namedLocations/allProperties/allTasks',
    },
    async ({ params, body, request }) => {
      const before = await access.getNamedLocation(params.tenantId, params.id);
      const after = await access.updateNamedLocation(params.tenantId, params.id, body);
      return audited(request, params.tenantId, 'named location', 'Update', before, after);
    },
  );
  table.add(
    app,
    {
      method: 'DELETE',
      url: `${base}/namedLocations/:id`,
      summary: 'Delete a named location',
      tag,
      params: locationParams,
      status: 204,
      description: 'Deleted; 409 named_location_in_use (naming the policies) while a policy uses it',
      action: 'microsoft.directory/namedLocations/allProperties/allTasks',
    },
    async ({ params, request }) => {
      const before = await access.getNamedLocation(params.tenantId, params.id);
      await access.deleteNamedLocation(params.tenantId, params.id);
      await audited(request, params.tenantId, 'named location', 'Delete', before, undefined);
    },
  );

  // --- templates

  table.add(
    app,
    {
      method: 'GET',
      url: `${base}/templates`,
      summary: 'List Conditional Access templates',
      tag,
      params: tenantParams,
      status: 200,
      description:
        'Every template (Graph conditionalAccessTemplate): id, name, description, scenarios, details',
      action: 'microsoft.directory/conditionalAccessPolicies/allProperties/read',
    },
    async () => ({ value: access.listTemplates() }),
  );
  table.add(
    app,
    {
      method: 'GET',
      url: `${base}/templates/:id`,
      summary: 'Get a Conditional Access template',
      tag,
      params: templateParams,
      status: 200,
      description: 'The template',
      action: 'microsoft.directory/conditionalAccessPolicies/allProperties/read',
    },
    async ({ params }) => access.getTemplate(params.id),
  );
  table.add(
    app,
    {
      method: 'POST',
      url: `${base}/templates/:id/policies`,
      summary: 'Create a policy from a template',
      tag,
      params: templateParams,
      body: createFromTemplateSchema,
      bodyOptional: true,
      status: 201,
      description:
        'The new policy (templateId set), report-only unless state is given. The chosen-apps template needs includeApplications; the country template needs countriesAndRegions and creates a country named location.',
      action: 'microsoft.directory/conditionalAccessPolicies/allProperties/allTasks',
    },
    async ({ params, body, request }) =>
      audited(
        request,
        params.tenantId,
        'conditional access policy',
        'Add',
        undefined,
        await access.createPolicyFromTemplate(params.tenantId, params.id, body),
      ),
  );

  // --- analysis

  table.add(
    app,
    {
      method: 'POST',
      url: `${base}/evaluate`,
      summary: 'What If: evaluate the policies for one sign-in',
      tag,
      params: tenantParams,
      body: whatIfRequestSchema,
      status: 200,
      description:
        'Every policy with policyApplies and, where it does not apply, the first unmet condition in analysisReasons; and the combined decision',
      action: 'microsoft.directory/conditionalAccessPolicies/allProperties/read',
    },
    ({ params, body }) => analysis.whatIf(params.tenantId, body),
  );
  table.add(
    app,
    {
      method: 'POST',
      url: `${base}/impact`,
      summary: 'Impact: what a policy would have done to recent sign-ins',
      tag,
      params: tenantParams,
      body: impactRequestSchema,
      status: 200,
      description:
        'A stored policy (policyId) or a draft (policy) against the last days (1–90, default 30) of sign-ins: sign-ins and distinct users it would have blocked or challenged, per application',
      action: 'microsoft.directory/conditionalAccessPolicies/allProperties/read',
    },
    ({ params, body }) => analysis.impact(params.tenantId, body),
  );
}
