import type { Tenant as TenantSummary } from '../../api/tenants';

/** GET /api/v1/tenants/{tenantId}: the tenant with its token issuer (src/tenants/model.ts, admin-api/tenants.ts). */
export interface Tenant extends TenantSummary {
  issuer: string;
}

/** The hosted pages' languages: a tenant's default language is one of them. */
export const LANGUAGES = ['en', 'de', 'es', 'fr', 'ar', 'ja'] as const;

export type SigningAlgorithm = 'RS256' | 'ES256';
export const SIGNING_ALGORITHMS: SigningAlgorithm[] = ['RS256', 'ES256'];

/** A published signing key, public metadata only (src/keys/model.ts `SigningKeyView`). */
export interface SigningKey {
  kid: string;
  alg: SigningAlgorithm;
  use: 'sig';
  status: 'pending' | 'active' | 'retired';
  createdDateTime: string;
  activatesDateTime: string;
  retiredDateTime?: string;
  removalDateTime?: string;
}

/** Directory actions the pages check (src/authorization/directory-roles.ts). */
export const ACTIONS = {
  read: 'microsoft.directory/organization/allProperties/read',
  create: 'microsoft.directory/tenants/create',
  delete: 'microsoft.directory/tenants/delete',
  update: 'microsoft.directory/organization/basic/update',
  keysRead: 'microsoft.directory/signingKeys/allProperties/read',
  keysRotate: 'microsoft.directory/signingKeys/rotate',
} as const;
