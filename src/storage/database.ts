import type { Kysely } from 'kysely';

/**
 * The typed schema. Each domain owns its tables (named by prefix) and is the only code that
 * queries them. Date-times are ISO-8601 UTC strings; structured fields are JSON text; both
 * work the same on SQLite and PostgreSQL.
 */
export interface TenantsTable {
  id: string;
  display_name: string;
  type: 'customer' | 'workforce';
  default_language: string;
  created_at: string;
  updated_at: string;
}

export interface SigningKeysTable {
  tenant_id: string;
  kid: string;
  alg: string;
  public_jwk: string;
  private_jwk_sealed: string;
  created_at: string;
  activates_at: string;
}

export interface ApplicationsTable {
  id: string;
  tenant_id: string;
  app_id: string;
  display_name: string;
  /** JSON: web, spa, publicClient, identifierUris, api, keyCredentials, … */
  definition: string;
  created_at: string;
  updated_at: string;
}

export interface ApplicationIdentifierUrisTable {
  tenant_id: string;
  uri: string;
  application_id: string;
}

export interface ApplicationPasswordsTable {
  key_id: string;
  application_id: string;
  tenant_id: string;
  display_name: string | null;
  hint: string;
  secret_hash: string;
  start_at: string;
  end_at: string;
}

export interface DirectoryUsersTable {
  id: string;
  tenant_id: string;
  display_name: string;
  mail: string | null;
  mail_key: string | null;
  password_hash: string | null;
  account_enabled: number;
  created_at: string;
  updated_at: string;
}

export interface DirectoryRoleAssignmentsTable {
  id: string;
  tenant_id: string;
  principal_id: string;
  role_definition_id: string;
  created_at: string;
}

export interface OidcModelsTable {
  tenant_id: string;
  model: string;
  id: string;
  payload: string;
  grant_id: string | null;
  user_code: string | null;
  uid: string | null;
  expires_at: number | null;
  consumed_at: number | null;
}

export interface Database {
  tenants: TenantsTable;
  signing_keys: SigningKeysTable;
  applications: ApplicationsTable;
  application_identifier_uris: ApplicationIdentifierUrisTable;
  application_passwords: ApplicationPasswordsTable;
  directory_users: DirectoryUsersTable;
  directory_role_assignments: DirectoryRoleAssignmentsTable;
  oidc_models: OidcModelsTable;
}

export type Db = Kysely<Database>;
