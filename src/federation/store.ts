import type { Selectable } from 'kysely';
import type { Db, FederationIdentityProvidersTable } from '../storage/index.js';
import { type Cursor, fetchPage, type Page } from '../storage/index.js';
import {
  APPLE_TYPE,
  type AppleManagedIdentityProvider,
  HIDDEN_SECRET,
  type IdentityProvider,
  type IdentityProviderType,
  OIDC_TYPE,
  type OpenIdConnectIdentityProvider,
  SAML_TYPE,
  type SamlIdentityProvider,
  SOCIAL_TYPE,
  type SocialIdentityProvider,
} from './model.js';

export type IdentityProviderRow = Selectable<FederationIdentityProvidersTable>;

const KIND_OF: Record<IdentityProviderType, string> = {
  [SOCIAL_TYPE]: 'social',
  [APPLE_TYPE]: 'apple',
  [OIDC_TYPE]: 'oidc',
  [SAML_TYPE]: 'saml',
};
const TYPE_OF = Object.fromEntries(Object.entries(KIND_OF).map(([type, kind]) => [kind, type])) as Record<
  string,
  IdentityProviderType
>;

/** The fields stored in `definition`: everything but identity, name and the write-only secrets. */
type Definition<T> = Omit<T, '@odata.type' | 'id' | 'displayName' | 'clientSecret' | 'certificateData'>;

/** The row of a provider; `secretsSealed` is already sealed by the caller. */
export function toIdentityProviderRow(
  tenantId: string,
  provider: IdentityProvider,
  secretsSealed: string | null,
  meta: { createdAt: string; modifiedAt: string | null },
): IdentityProviderRow {
  const {
    '@odata.type': type,
    id,
    displayName,
    clientSecret: _secret,
    certificateData: _key,
    ...definition
  } = provider as IdentityProvider & { clientSecret?: unknown; certificateData?: unknown };
  return {
    id,
    tenant_id: tenantId,
    kind: KIND_OF[type],
    display_name: displayName,
    definition: JSON.stringify(definition),
    secrets_sealed: secretsSealed,
    created_at: meta.createdAt,
    modified_at: meta.modifiedAt,
  };
}

/** The provider a row holds, its secrets shown as Graph does ('******'). */
export function toIdentityProvider(row: IdentityProviderRow): IdentityProvider {
  const type = TYPE_OF[row.kind];
  const common = { id: row.id, displayName: row.display_name };
  switch (type) {
    case SOCIAL_TYPE: {
      const d = JSON.parse(row.definition) as Definition<SocialIdentityProvider>;
      return { '@odata.type': type, ...common, ...d, clientSecret: HIDDEN_SECRET };
    }
    case APPLE_TYPE: {
      const d = JSON.parse(row.definition) as Definition<AppleManagedIdentityProvider>;
      return { '@odata.type': type, ...common, ...d, certificateData: HIDDEN_SECRET };
    }
    case OIDC_TYPE: {
      const d = JSON.parse(row.definition) as Definition<OpenIdConnectIdentityProvider>;
      return {
        '@odata.type': type,
        ...common,
        clientId: d.clientId,
        clientSecret: row.secrets_sealed ? HIDDEN_SECRET : null,
        issuer: d.issuer,
        metadataUrl: d.metadataUrl,
        scope: d.scope,
        responseType: d.responseType,
        clientAuthentication: d.clientAuthentication,
        claimsMapping: d.claimsMapping,
        domainHint: d.domainHint,
        usePkce: d.usePkce,
      };
    }
    case SAML_TYPE: {
      const d = JSON.parse(row.definition) as Definition<SamlIdentityProvider>;
      return { '@odata.type': type, ...common, ...d };
    }
    default:
      throw new Error(`unknown identity provider kind '${row.kind}'`);
  }
}

export const identityProviderStore = {
  async insert(db: Db, row: IdentityProviderRow): Promise<void> {
    await db.insertInto('federation_identity_providers').values(row).execute();
  },

  async update(db: Db, row: IdentityProviderRow): Promise<boolean> {
    const result = await db
      .updateTable('federation_identity_providers')
      .set({
        display_name: row.display_name,
        definition: row.definition,
        secrets_sealed: row.secrets_sealed,
        modified_at: row.modified_at,
      })
      .where('tenant_id', '=', row.tenant_id)
      .where('id', '=', row.id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },

  find(db: Db, tenantId: string, id: string): Promise<IdentityProviderRow | undefined> {
    return db
      .selectFrom('federation_identity_providers')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  list(db: Db, tenantId: string, limit: number, after?: Cursor): Promise<Page<IdentityProvider>> {
    const query = db
      .selectFrom('federation_identity_providers')
      .selectAll()
      .where('tenant_id', '=', tenantId);
    return fetchPage(query, limit, after, toIdentityProvider);
  },

  async delete(db: Db, tenantId: string, id: string): Promise<boolean> {
    const result = await db
      .deleteFrom('federation_identity_providers')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },
};
