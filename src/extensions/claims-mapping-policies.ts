import type { ServicePrincipal } from '../applications/index.js';
import { AppError, type Clock, newId } from '../platform/index.js';
import type { Db } from '../storage/index.js';
import { readClaimsMappingDefinition } from './claims-mapping.js';
import { extensionErrors } from './errors.js';
import type { ClaimsMappingPolicy, CreateClaimsMappingPolicyInput } from './model.js';
import { claimsMappingStore } from './store.js';

export interface ClaimsMappingPolicyDeps {
  db: Db;
  clock: Clock;
  /** Runs a change in a transaction that bumps the tenant's configuration version, then publishes it. */
  changing: <T>(tenantId: string, work: (trx: Db) => Promise<T>) => Promise<T>;
  servicePrincipals: { find(tenantId: string, id: string): Promise<ServicePrincipal | undefined> };
}

/**
 * Claims-mapping policies (Graph `claimsMappingPolicy`) and their assignment to service
 * principals (`$ref`, one policy each): which of an extension's claims reach an app's tokens.
 */
export function createClaimsMappingPolicies(deps: ClaimsMappingPolicyDeps) {
  const { db, changing } = deps;
  const nowIso = () => deps.clock.now().toISOString();

  async function servicePrincipalOrThrow(tenantId: string, id: string): Promise<ServicePrincipal> {
    const sp = await deps.servicePrincipals.find(tenantId, id);
    if (!sp)
      throw new AppError(
        'service_principal_not_found',
        'notFound',
        `Service principal '${id}' does not exist in this tenant.`,
        'id',
      );
    return sp;
  }

  return {
    async createPolicy(
      tenantId: string,
      input: CreateClaimsMappingPolicyInput,
    ): Promise<ClaimsMappingPolicy> {
      const definition = input.definition[0] as string;
      const policy = {
        id: newId(),
        tenantId,
        displayName: input.displayName,
        definition,
        claims: claimsOf(definition),
      };
      await changing(tenantId, (trx) => claimsMappingStore.insert(trx, policy, nowIso()));
      return policy;
    },
    async getPolicy(tenantId: string, id: string): Promise<ClaimsMappingPolicy> {
      const row = await claimsMappingStore.find(db, tenantId, id);
      if (!row) throw extensionErrors.policyNotFound(id);
      return toPolicy(row);
    },
    listPolicies: async (tenantId: string) => (await claimsMappingStore.list(db, tenantId)).map(toPolicy),
    async updatePolicy(tenantId: string, id: string, input: Partial<CreateClaimsMappingPolicyInput>) {
      return changing(tenantId, async (trx) => {
        const row = await claimsMappingStore.find(trx, tenantId, id);
        if (!row) throw extensionErrors.policyNotFound(id);
        const before = toPolicy(row);
        const definition = input.definition?.[0] ?? before.definition;
        const after = {
          ...before,
          displayName: input.displayName ?? before.displayName,
          definition,
          claims: claimsOf(definition),
        };
        await claimsMappingStore.update(trx, after);
        return { before, after };
      });
    },
    async deletePolicy(tenantId: string, id: string): Promise<ClaimsMappingPolicy> {
      return changing(tenantId, async (trx) => {
        const row = await claimsMappingStore.find(trx, tenantId, id);
        if (!row) throw extensionErrors.policyNotFound(id);
        await claimsMappingStore.delete(trx, tenantId, id);
        return toPolicy(row);
      });
    },
    /** The policies assigned to a service principal (none or one). */
    async policiesOf(tenantId: string, servicePrincipalId: string): Promise<ClaimsMappingPolicy[]> {
      await servicePrincipalOrThrow(tenantId, servicePrincipalId);
      const assigned = (await claimsMappingStore.assignments(db, tenantId)).filter(
        (a) => a.service_principal_id === servicePrincipalId,
      );
      const policies = await claimsMappingStore.list(db, tenantId);
      return policies.filter((p) => assigned.some((a) => a.policy_id === p.id)).map(toPolicy);
    },
    async assignPolicy(
      tenantId: string,
      servicePrincipalId: string,
      reference: string,
    ): Promise<ClaimsMappingPolicy> {
      const sp = await servicePrincipalOrThrow(tenantId, servicePrincipalId);
      const policyId = /claimsMappingPolicies\/([^/?#]+)\/?$/.exec(reference)?.[1] ?? reference;
      return changing(tenantId, async (trx) => {
        const row = await claimsMappingStore.find(trx, tenantId, policyId);
        if (!row)
          throw extensionErrors.invalid(
            `'${reference}' names no claims mapping policy of this tenant.`,
            '@odata.id',
          );
        if (
          (await claimsMappingStore.assignments(trx, tenantId)).some((a) => a.service_principal_id === sp.id)
        )
          throw new AppError(
            'claims_mapping_policy_assigned',
            'conflict',
            `The service principal '${sp.displayName}' already has a claims mapping policy: remove it first (one policy per service principal).`,
            '@odata.id',
          );
        await claimsMappingStore.assign(trx, tenantId, sp.id, row.id);
        return toPolicy(row);
      });
    },
    async unassignPolicy(
      tenantId: string,
      servicePrincipalId: string,
      policyId: string,
    ): Promise<ClaimsMappingPolicy> {
      await servicePrincipalOrThrow(tenantId, servicePrincipalId);
      return changing(tenantId, async (trx) => {
        const row = await claimsMappingStore.find(trx, tenantId, policyId);
        if (!row || (await claimsMappingStore.unassign(trx, tenantId, servicePrincipalId, policyId)) === 0)
          throw extensionErrors.policyNotFound(policyId);
        return toPolicy(row);
      });
    },
  };
}

export function claimsOf(definition: string) {
  const read = readClaimsMappingDefinition(definition);
  if (!read.ok) throw extensionErrors.invalid(read.message, 'definition.0');
  return read.claims;
}

export function toPolicy(row: {
  id: string;
  tenant_id: string;
  display_name: string;
  definition: string;
}): ClaimsMappingPolicy {
  const read = readClaimsMappingDefinition(row.definition);
  return {
    id: row.id,
    tenantId: row.tenant_id,
    displayName: row.display_name,
    definition: row.definition,
    claims: read.ok ? read.claims : [],
  };
}
