import type { Clock, SecretBox } from '../platform/index.js';
import { newId } from '../platform/index.js';
import { type Db, decodeCursor, type Page } from '../storage/index.js';
import {
  APPLE_TYPE,
  HIDDEN_SECRET,
  type IdentityProvider,
  type IdentityProviderSecrets,
  OIDC_TYPE,
  type ResolvedIdentityProvider,
  SAML_TYPE,
  SOCIAL_TYPE,
} from './model.js';
import { parseSamlIdpMetadata } from './saml-connector.js';
import {
  type CreateIdentityProviderInput,
  createIdentityProviderSchema,
  federationErrors,
  IDENTITY_PROVIDER_FIELDS,
  type IdentityProviderFields,
  type UpdateIdentityProviderInput,
  updateIdentityProviderSchema,
} from './schemas.js';
import {
  type IdentityProviderRow,
  identityProviderStore,
  toIdentityProvider,
  toIdentityProviderRow,
} from './store.js';

export interface IdentityProviderServiceDeps {
  db: Db;
  clock: Clock;
  /** Seals the client secrets and private keys at rest. */
  box: SecretBox;
  /** The user flows that offer a provider (the user flows module owns them). */
  flowsUsing?: (tenantId: string, id: string) => Promise<{ id: string; displayName: string }[]>;
}

export type IdentityProviderService = ReturnType<typeof createIdentityProviderService>;

/** The associated data of a provider's sealed secrets: they cannot be moved to another row. */
const sealedWith = (tenantId: string, id: string) => `identity-provider:${tenantId}:${id}`;

/** A valid body as the stored resource (secrets hidden) and the secrets to seal. */
function build(
  fields: IdentityProviderFields,
  id: string,
): { provider: IdentityProvider; secrets: IdentityProviderSecrets } {
  const common = { id, displayName: fields.displayName };
  switch (fields['@odata.type']) {
    case SOCIAL_TYPE:
      return {
        provider: {
          '@odata.type': SOCIAL_TYPE,
          ...common,
          identityProviderType: fields.identityProviderType,
          clientId: fields.clientId,
          clientSecret: HIDDEN_SECRET,
        },
        secrets: { clientSecret: fields.clientSecret },
      };
    case APPLE_TYPE:
      return {
        provider: {
          '@odata.type': APPLE_TYPE,
          ...common,
          developerId: fields.developerId,
          serviceId: fields.serviceId,
          keyId: fields.keyId,
          certificateData: HIDDEN_SECRET,
        },
        secrets: { privateKeyPem: fields.certificateData.trim() },
      };
    case OIDC_TYPE: {
      // private_key_jwt signs with a key, not a secret: none is kept.
      const secret =
        fields.clientAuthentication.clientAuthenticationMethod === 'private_key_jwt'
          ? undefined
          : (fields.clientSecret ?? undefined);
      return {
        provider: {
          '@odata.type': OIDC_TYPE,
          ...common,
          clientId: fields.clientId,
          clientSecret: secret ? HIDDEN_SECRET : null,
          issuer: fields.issuer ?? null,
          metadataUrl: fields.metadataUrl,
          scope: fields.scope,
          responseType: fields.responseType,
          clientAuthentication: fields.clientAuthentication,
          claimsMapping: fields.claimsMapping,
          domainHint: fields.domainHint ?? null,
          usePkce: fields.usePkce,
        },
        secrets: secret ? { clientSecret: secret } : {},
      };
    }
    case SAML_TYPE:
      return {
        provider: {
          '@odata.type': SAML_TYPE,
          ...common,
          metadataXml: fields.metadataXml ?? null,
          metadataUrl: fields.metadataUrl ?? null,
          preferredAuthenticationProtocol: fields.preferredAuthenticationProtocol,
        },
        secrets: {},
      };
  }
}

/** SAML metadata given inline must be usable now (entity id, SSO URL, signing certificate), not at the first sign-in. */
async function checkSamlMetadata(fields: {
  '@odata.type': string;
  metadataXml?: string | null;
}): Promise<void> {
  if (fields['@odata.type'] === SAML_TYPE && fields.metadataXml)
    await parseSamlIdpMetadata(fields.metadataXml);
}

/**
 * The identity providers each tenant federates with (Graph's identityProviderBase family).
 * Secrets are write-only: sealed at rest, shown as '******', opened only by `resolve`.
 */
export function createIdentityProviderService(deps: IdentityProviderServiceDeps) {
  const { db, clock, box, flowsUsing } = deps;
  const nowIso = () => clock.now().toISOString();

  function seal(tenantId: string, id: string, secrets: IdentityProviderSecrets): string | null {
    if (secrets.clientSecret === undefined && secrets.privateKeyPem === undefined) return null;
    return box.seal(JSON.stringify(secrets), sealedWith(tenantId, id));
  }

  function openSecrets(row: IdentityProviderRow): IdentityProviderSecrets {
    if (!row.secrets_sealed) return {};
    try {
      return JSON.parse(
        box.open(row.secrets_sealed, sealedWith(row.tenant_id, row.id)),
      ) as IdentityProviderSecrets;
    } catch {
      throw federationErrors.secretsUnreadable(row.id);
    }
  }

  async function load(tenantId: string, id: string): Promise<IdentityProviderRow> {
    const row = await identityProviderStore.find(db, tenantId, id);
    if (!row) throw federationErrors.identityProviderNotFound(id);
    return row;
  }

  return {
    async create(tenantId: string, input: CreateIdentityProviderInput): Promise<IdentityProvider> {
      const fields = createIdentityProviderSchema.parse(input);
      await checkSamlMetadata(fields);
      const id = newId();
      const { provider, secrets } = build(fields, id);
      await identityProviderStore.insert(
        db,
        toIdentityProviderRow(tenantId, provider, seal(tenantId, id, secrets), {
          createdAt: nowIso(),
          modifiedAt: null,
        }),
      );
      return provider;
    },

    async get(tenantId: string, id: string): Promise<IdentityProvider> {
      return toIdentityProvider(await load(tenantId, id));
    },

    list(tenantId: string, options: { top: number; skipToken?: string }): Promise<Page<IdentityProvider>> {
      const after = options.skipToken ? decodeCursor(options.skipToken) : undefined;
      return identityProviderStore.list(db, tenantId, options.top, after);
    },

    /**
     * PATCH: the given fields replace the stored ones and the result is checked whole; a secret
     * left out (or given as '******') is kept; the @odata.type cannot change.
     */
    async update(
      tenantId: string,
      id: string,
      input: UpdateIdentityProviderInput,
    ): Promise<IdentityProvider> {
      const patch = updateIdentityProviderSchema.parse(input);
      const row = await load(tenantId, id);
      const current = toIdentityProvider(row);
      const type = current['@odata.type'];
      if (patch['@odata.type'] !== undefined && patch['@odata.type'] !== type)
        throw federationErrors.typeChange();
      for (const field of Object.keys(patch)) {
        if (field === '@odata.type' || field === 'displayName') continue;
        if (!IDENTITY_PROVIDER_FIELDS[type].includes(field)) throw federationErrors.unknownField(field, type);
      }
      const stored = openSecrets(row);
      const {
        id: _id,
        clientSecret: _secret,
        certificateData: _key,
        ...body
      } = current as IdentityProvider & { clientSecret?: unknown; certificateData?: unknown };
      const merged: Record<string, unknown> = { ...body, ...patch, '@odata.type': type };
      const keeps = (value: unknown) => value === undefined || value === HIDDEN_SECRET;
      if (type === SOCIAL_TYPE || type === OIDC_TYPE) {
        if (keeps(patch.clientSecret)) merged.clientSecret = stored.clientSecret ?? null;
        if (type === SOCIAL_TYPE && merged.clientSecret === null) delete merged.clientSecret;
      }
      if (type === APPLE_TYPE && keeps(patch.certificateData)) merged.certificateData = stored.privateKeyPem;
      // One metadata source: giving one drops the other.
      if (type === SAML_TYPE) {
        if (patch.metadataUrl != null && patch.metadataXml === undefined) merged.metadataXml = null;
        if (patch.metadataXml != null && patch.metadataUrl === undefined) merged.metadataUrl = null;
      }
      const fields = createIdentityProviderSchema.parse(merged);
      await checkSamlMetadata(fields);
      const { provider, secrets } = build(fields, id);
      const updated = await identityProviderStore.update(
        db,
        toIdentityProviderRow(tenantId, provider, seal(tenantId, id, secrets), {
          createdAt: row.created_at,
          modifiedAt: nowIso(),
        }),
      );
      if (!updated) throw federationErrors.identityProviderNotFound(id);
      return provider;
    },

    /** Deletes a provider no user flow lists (409 naming the flows that do). */
    async delete(tenantId: string, id: string): Promise<void> {
      await load(tenantId, id);
      const flows = (await flowsUsing?.(tenantId, id)) ?? [];
      if (flows.length > 0) throw federationErrors.inUse(id, flows);
      if (!(await identityProviderStore.delete(db, tenantId, id)))
        throw federationErrors.identityProviderNotFound(id);
    },

    /** A provider with its secrets decrypted, for the connectors (never for the admin API). */
    async resolve(tenantId: string, id: string): Promise<ResolvedIdentityProvider | undefined> {
      const row = await identityProviderStore.find(db, tenantId, id);
      if (!row) return undefined;
      return { ...toIdentityProvider(row), secrets: openSecrets(row) };
    },
  };
}
