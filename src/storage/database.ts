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
  // Added by 002_directory:
  given_name: string | null;
  surname: string | null;
  /** NFKC lower-case display name, for case-insensitive prefix search. */
  display_name_key: string;
  force_change_password: number;
  last_password_change_at: string | null;
  last_sign_in_at: string | null;
}

/** 019_role_assignments: directory role assignments (Graph unifiedRoleAssignment). */
export interface RoleAssignmentsTable {
  id: string;
  /** A user or service principal of the admin tenant. */
  principal_id: string;
  role_definition_id: string;
  /** '/' (every tenant) or '/tenants/{tenantId}'. */
  directory_scope_id: string;
  /** The tenant of a '/tenants/{id}' scope (its deletion takes the assignment); null for '/'. */
  scope_tenant_id: string | null;
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
  account_id: string | null;
  expires_at: number | null;
  consumed_at: number | null;
}

export interface InsightsSignInsTable {
  id: string;
  tenant_id: string;
  created_at: string;
  user_id: string | null;
  app_id: string;
  ip_address: string;
  /** 0 for a successful sign-in. */
  error_code: number;
  /** JSON: the rest of the Graph signIn (status, deviceDetail, location, …). */
  details: string;
  /** riskLevelDuringSignIn, also a column so risky sign-ins filter in SQL (014). */
  risk_level: string;
  /** conditionalAccessStatus, also a column so the log filters on it in SQL (021). */
  ca_status: string;
}

/** A sign-in log entry the usage roll-up has not counted yet (020). */
export interface UsagePendingTable {
  sign_in_id: string;
}

/** The breakdown of a usage fact; '' where its metric has none (020). */
interface UsageDimensions {
  app_id: string;
  country: string;
  os: string;
  identity_provider: string;
  mfa_method: string;
}

/** One counter of usage & insights: a metric of a tenant for a day or a month, by breakdown. */
export interface UsageFactsTable extends UsageDimensions {
  tenant_id: string;
  metric: string;
  /** 'day' | 'month' */
  period: string;
  /** The breakdown columns the row is counted by, e.g. 'appId,os' ('' for the total). */
  grain: string;
  /** YYYY-MM-DD (UTC); a month's first day for monthly facts. */
  fact_date: string;
  /** Attempts, or the distinct users or the count the metric counts. bigint: pg returns text. */
  total: number | string;
  succeeded: number | string;
}

/** A user already counted among the active users of a period (app '' for every app). */
export interface UsageMembersTable {
  tenant_id: string;
  period: string;
  app_id: string;
  fact_date: string;
  user_id: string;
}

/** A user's last sign-in day in an app ('' for any app). */
export interface UsageLastSeenTable {
  tenant_id: string;
  app_id: string;
  user_id: string;
  last_date: string;
}

export interface DirectoryIdentitiesTable {
  tenant_id: string;
  /** `local\n{NFKC lower-case email or username}`, or `federated\n{issuer}\n{subject}`. */
  lookup_key: string;
  user_id: string;
  position: number;
  sign_in_type: 'emailAddress' | 'userName' | 'federated';
  issuer: string;
  issuer_assigned_id: string;
}

export interface DirectoryGroupsTable {
  id: string;
  tenant_id: string;
  display_name: string;
  description: string | null;
  mail_nickname: string | null;
  created_at: string;
  updated_at: string;
}

export interface DirectoryGroupMembersTable {
  tenant_id: string;
  group_id: string;
  user_id: string;
  created_at: string;
}

export interface DirectoryPasswordPoliciesTable {
  tenant_id: string;
  min_length: number;
  max_length: number;
  min_score: number;
  updated_at: string;
}

export interface MessagingOutboxTable {
  id: string;
  tenant_id: string;
  created_at: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  /** `stored`: kept in the dev outbox, never sent. Else (008) `pending` | `sending` | `sent` | `failed`. */
  status: OutboxStatus;
  // Added by 008_outbox_delivery:
  /** The template the message was rendered from (`verificationCode`, …); null before 008. */
  template: string | null;
  /** The language it was rendered in (`en`, `ar`, …). */
  lang: string | null;
  /** How many times delivery was tried (each claim counts one). */
  attempts: number;
  /** When a `pending` message is due; null once it is no longer pending. */
  next_attempt_at: string | null;
  last_attempt_at: string | null;
  /** The mail server's answer (or the network error) of the last failed attempt. */
  last_error: string | null;
  sent_at: string | null;
  /** A `sending` row belongs to the node that claimed it until then; after, anyone may retry it. */
  claimed_until: string | null;
}

export interface MessagingSettingsTable {
  tenant_id: string;
  /** The tenant's from-address; null for the server default (`GATEHOUSE_MAIL_FROM`). */
  from_address: string | null;
  updated_at: string;
}

// --- 006_user_flows: user flows, custom attributes, user attribute columns -----------------

/** Columns 006_user_flows adds to `directory_users` (merged into the interface above). */
export interface DirectoryUsersTable {
  city: string | null;
  country: string | null;
  postal_code: string | null;
  state: string | null;
  street_address: string | null;
  job_title: string | null;
  /** When the user proved they receive mail at `mail` (self-service sign-up); null: never. */
  mail_verified_at: string | null;
}

export interface DirectoryCustomAttributesTable {
  id: string;
  tenant_id: string;
  name: string;
  /** Lower-case name, unique per tenant. */
  name_key: string;
  data_type: 'string' | 'boolean' | 'int' | 'dateTime';
  description: string | null;
  claim_name: string;
  created_at: string;
  updated_at: string;
}

export interface DirectoryUserAttributesTable {
  tenant_id: string;
  user_id: string;
  attribute_id: string;
  /** The value as text: strings as they are, `true`/`false`, decimal integers, ISO 8601. */
  value: string;
}

export interface UserFlowsTable {
  id: string;
  tenant_id: string;
  display_name: string;
  is_default: number;
  /** JSON: isSignUpAllowed, signInMethods, identityProviders, attributes. */
  definition: string;
  created_at: string;
  updated_at: string;
}

export interface UserFlowApplicationsTable {
  tenant_id: string;
  app_id: string;
  flow_id: string;
  position: number;
}

// --- 007_branding: branding and localizations -----------------------------------------------

export interface BrandingTable {
  tenant_id: string;
  /** `0` for the default branding, else a lower-case BCP 47 tag (`fr`, `pt-br`). */
  locale: string;
  /** JSON: colours, texts, URLs and the layout configuration. */
  settings: string;
  custom_css: string | null;
  /** JSON: hosted-page string overrides by message key (localizations only). */
  strings: string;
  /** Random; new on every change of the row or its images (the asset URLs' version). */
  revision: string;
  updated_at: string;
}

export interface BrandingImagesTable {
  tenant_id: string;
  locale: string;
  /** bannerLogo, squareLogo, favicon or backgroundImage. */
  name: string;
  content_type: string;
  data: Buffer;
  sha256: string;
  size: number;
  width: number;
  height: number;
  updated_at: string;
}

// --- 008_outbox_delivery: outbox delivery state --------------------------------------------

/** The delivery state of a `messaging_outbox` row (its columns are in MessagingOutboxTable). */
export type OutboxStatus = 'stored' | 'pending' | 'sending' | 'sent' | 'failed';

// --- 009_mfa: authentication methods and the methods policy --------------------------------

export interface MfaMethodsTable {
  id: string;
  tenant_id: string;
  user_id: string;
  type: 'email' | 'phone' | 'totp' | 'recoveryCodes';
  display_name: string;
  /** The TOTP secret (base32), sealed with the row identity as associated data. */
  secret_sealed: string | null;
  /** E.164, for a phone method. */
  phone_number: string | null;
  /** 0 while a TOTP enrollment waits for its first valid code. */
  confirmed: number;
  /** When a pending enrollment lapses; null once confirmed. */
  expires_at: string | null;
  created_at: string;
  last_used_at: string | null;
  /** The last accepted TOTP time step: a code of this step or an earlier one is refused. */
  last_totp_step: number | null;
}

export interface MfaRecoveryCodesTable {
  method_id: string;
  /** HMAC-SHA256 (hex) of the normalised code under a key derived from the master key. */
  hash: string;
  used_at: string | null;
}

export interface MfaPoliciesTable {
  tenant_id: string;
  /** JSON: state by method configuration id (`Email`, `Sms`, …); missing ones take the default. */
  configurations: string;
  updated_at: string;
}

// --- 010_passkeys: WebAuthn credentials --------------------------------------------------------

export interface MfaPasskeysTable {
  id: string;
  tenant_id: string;
  user_id: string;
  /** base64url, unique per tenant. */
  credential_id: string;
  /** The COSE public key, base64url. */
  public_key: string;
  /** The authenticator's signature counter (0 for authenticators that keep none). */
  counter: number;
  /** JSON array of transports (`internal`, `hybrid`, `usb`, …). */
  transports: string;
  device_type: 'singleDevice' | 'multiDevice';
  backed_up: number;
  display_name: string;
  aaguid: string;
  created_at: string;
  last_used_at: string | null;
}

// --- 011_sms: text messages ---------------------------------------------------------------------

export interface MessagingSmsOutboxTable {
  id: string;
  tenant_id: string;
  created_at: string;
  /** E.164. */
  to: string;
  /** The message; null once a message sent through a gateway is sent or failed. */
  text: string | null;
  lang: string;
  /** `gateway`: handed to the SMS gateway; `outbox`: kept in the dev outbox. */
  delivery: 'gateway' | 'outbox';
  /** `stored`: not (yet) sent; `sent`: accepted by the gateway; `failed`: refused or unreachable. */
  status: 'stored' | 'sent' | 'failed';
  last_error: string | null;
  sent_at: string | null;
}

export interface AccessNamedLocationsTable {
  id: string;
  tenant_id: string;
  kind: 'ip' | 'country';
  display_name: string;
  /** JSON: the fields of its kind (see src/access/store.ts). */
  definition: string;
  created_at: string;
  modified_at: string | null;
}

export interface AccessPoliciesTable {
  id: string;
  tenant_id: string;
  display_name: string;
  state: 'enabled' | 'disabled' | 'enabledForReportingButNotEnforced';
  template_id: string | null;
  /** JSON: conditions, grantControls, sessionControls. */
  definition: string;
  created_at: string;
  modified_at: string | null;
}

export interface AccessPolicyLocationsTable {
  tenant_id: string;
  policy_id: string;
  location_id: string;
}

// --- 013_identity_protection: risk detections, risky users, threat lists, sign-in profiles ---

export interface ProtectionDetectionsTable {
  id: string;
  tenant_id: string;
  user_id: string | null;
  risk_event_type: string;
  risk_level: string;
  risk_state: string;
  risk_detail: string;
  detection_timing_type: string;
  activity: string;
  correlation_id: string | null;
  ip_address: string | null;
  /** JSON RiskLocation, or null. */
  location: string | null;
  activity_at: string;
  detected_at: string;
  last_updated_at: string;
  user_principal_name: string | null;
  user_display_name: string | null;
  /** JSON array of {Key, Value}. */
  additional_info: string;
}

export interface ProtectionRiskyUsersTable {
  tenant_id: string;
  user_id: string;
  risk_level: string;
  risk_state: string;
  risk_detail: string;
  risk_last_updated_at: string;
  user_principal_name: string | null;
  user_display_name: string | null;
  is_deleted: number;
}

export interface ProtectionRiskyUserHistoryTable {
  id: string;
  tenant_id: string;
  user_id: string;
  at: string;
  risk_level: string;
  risk_state: string;
  risk_detail: string;
  initiated_by: string;
  /** JSON array of RiskEventType. */
  event_types: string;
  user_principal_name: string | null;
  user_display_name: string | null;
}

export interface ProtectionThreatListsTable {
  id: string;
  /** Null for a global list. */
  tenant_id: string | null;
  /** tenant_id, or '*' for a global list (unique with category). */
  scope: string;
  category: string;
  display_name: string;
  /** JSON array of normalised IPs and CIDR ranges. */
  entries: string;
  created_at: string;
  modified_at: string | null;
}

export interface ProtectionLeakedCredentialsTable {
  tenant_id: string | null;
  /** tenant_id, or '*' for the global set. */
  scope: string;
  hash: string;
}

export interface ProtectionSignInProfilesTable {
  tenant_id: string;
  user_id: string;
  /** JSON SignInProfile. */
  profile: string;
  updated_at: string;
}

// --- 022_directory_settings: a tenant's values of system setting templates (Graph directorySetting)

export interface DirectorySettingsTable {
  id: string;
  tenant_id: string;
  template_id: string;
  /** JSON: [{name, value}]. */
  setting_values: string;
  updated_at: string;
}

// --- 023_extensions: custom authentication extensions, their listeners, claims mapping, callouts

export interface ExtensionsCustomTable {
  id: string;
  tenant_id: string;
  kind: string;
  display_name: string;
  description: string | null;
  /** JSON: endpointConfiguration, authenticationConfiguration, clientConfiguration, … */
  settings: string;
  created_at: string;
  updated_at: string;
}

export interface ExtensionsListenersTable {
  id: string;
  tenant_id: string;
  kind: string;
  priority: number;
  extension_id: string;
  /** JSON: [appId]. */
  include_applications: string;
  /** JSON: the handler's configuration. */
  handler: string;
  created_at: string;
}

export interface ExtensionsClaimsMappingPoliciesTable {
  id: string;
  tenant_id: string;
  display_name: string;
  definition: string;
  created_at: string;
}

export interface ExtensionsClaimsMappingAssignmentsTable {
  tenant_id: string;
  service_principal_id: string;
  policy_id: string;
}

export interface ExtensionsCallsTable {
  id: string;
  tenant_id: string;
  correlation_id: string;
  created_at: string;
  /** JSON: the call's record. */
  call: string;
}

// --- 024_webhooks: event webhooks, their outbox and delivery log ----------------------------

export interface WebhooksTable {
  id: string;
  tenant_id: string;
  display_name: string;
  url: string;
  /** JSON: the event types it wants. */
  events: string;
  enabled: number;
  /** `whsec_…`, sealed (SecretBox) with the row identity as associated data. */
  secret_sealed: string;
  secret_hint: string;
  /** The secret before the last rotation: it signs too until `previous_secret_expires_at`. */
  previous_secret_sealed: string | null;
  previous_secret_expires_at: string | null;
  /** Why Gatehouse disabled it; null when an admin did, or it is enabled. */
  disabled_reason: string | null;
  disabled_at: string | null;
  created_at: string;
  modified_at: string | null;
}

/** The delivery state of a webhook message. */
export type WebhookMessageStatus = 'pending' | 'sending' | 'delivered' | 'failed';

export interface WebhookMessagesTable {
  /** `msg_` and hex that sorts by creation (the `webhook-id` header). */
  id: string;
  tenant_id: string;
  webhook_id: string;
  event_type: string;
  /** The user the event is about; one user's messages are delivered in order. */
  user_id: string | null;
  /** The body, exactly as signed and sent. */
  payload: string;
  status: WebhookMessageStatus;
  attempts: number;
  next_attempt_at: string | null;
  claimed_until: string | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

export interface WebhookDeliveriesTable {
  id: string;
  tenant_id: string;
  webhook_id: string;
  message_id: string;
  event_type: string;
  attempt: number;
  created_at: string;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  outcome: 'delivered' | 'failed';
  next_attempt_at: string | null;
}

// --- 014_directory_audits: the audit trail (Graph directoryAudit) ----------------------------

export interface DirectoryAuditsTable {
  id: string;
  tenant_id: string;
  /** activityDateTime. */
  created_at: string;
  category: string;
  activity_display_name: string;
  operation_type: string;
  result: 'success' | 'failure';
  result_reason: string;
  /** JSON: {user: {id, userPrincipalName}} or {app: {appId, displayName}}. */
  initiated_by: string;
  /** JSON: [{id, type, userPrincipalName}]. */
  target_resources: string;
  correlation_id: string;
}

// --- 015_identity_providers: federation with social, OpenID Connect and SAML providers -------

export interface FederationIdentityProvidersTable {
  id: string;
  tenant_id: string;
  /** 'social' | 'apple' | 'oidc' | 'saml' */
  kind: string;
  display_name: string;
  /** JSON: the settings of its kind, secrets left out. */
  definition: string;
  /** Sealed JSON {clientSecret?, privateKeyPem?} (SecretBox); null when it has none. */
  secrets_sealed: string | null;
  created_at: string;
  modified_at: string | null;
}

// --- 018_authorization: service principals, delegated permission grants, app role assignments

export interface ServicePrincipalsTable {
  id: string;
  tenant_id: string;
  /** The app registration (applications.id); one service principal each. */
  application_id: string;
  app_role_assignment_required: number;
  created_at: string;
}

export interface Oauth2PermissionGrantsTable {
  id: string;
  tenant_id: string;
  /** The client's service principal. */
  client_id: string;
  consent_type: 'AllPrincipals' | 'Principal';
  principal_id: string | null;
  /** The API's service principal. */
  resource_id: string;
  /** Space-separated scope values. */
  scope: string;
  created_at: string;
}

export interface AppRoleAssignmentsTable {
  id: string;
  tenant_id: string;
  /** An app role id of the resource, or the default access role (all zeros). */
  app_role_id: string;
  principal_id: string;
  principal_type: 'User' | 'Group' | 'ServicePrincipal';
  /** The API's (or app's) service principal. */
  resource_id: string;
  created_at: string;
}

/** A tenant's configuration version ('*': what concerns every tenant); see config-versions.ts. */
export interface ConfigVersionsTable {
  scope: string;
  version: number;
}

export interface Database {
  tenants: TenantsTable;
  signing_keys: SigningKeysTable;
  applications: ApplicationsTable;
  application_identifier_uris: ApplicationIdentifierUrisTable;
  application_passwords: ApplicationPasswordsTable;
  directory_users: DirectoryUsersTable;
  directory_identities: DirectoryIdentitiesTable;
  directory_groups: DirectoryGroupsTable;
  directory_group_members: DirectoryGroupMembersTable;
  directory_password_policies: DirectoryPasswordPoliciesTable;
  oidc_models: OidcModelsTable;
  insights_sign_ins: InsightsSignInsTable;
  usage_pending: UsagePendingTable;
  usage_facts: UsageFactsTable;
  usage_members: UsageMembersTable;
  usage_last_seen: UsageLastSeenTable;
  messaging_outbox: MessagingOutboxTable;
  messaging_settings: MessagingSettingsTable;
  // 006_user_flows tables
  directory_custom_attributes: DirectoryCustomAttributesTable;
  directory_user_attributes: DirectoryUserAttributesTable;
  user_flows: UserFlowsTable;
  user_flow_applications: UserFlowApplicationsTable;

  // 007_branding tables
  branding: BrandingTable;
  branding_images: BrandingImagesTable;

  // 008_outbox_delivery tables

  // 009_mfa tables
  mfa_methods: MfaMethodsTable;
  mfa_recovery_codes: MfaRecoveryCodesTable;
  mfa_policies: MfaPoliciesTable;

  // 010_passkeys tables
  mfa_passkeys: MfaPasskeysTable;

  // 011_sms tables
  messaging_sms_outbox: MessagingSmsOutboxTable;

  // 012_conditional_access tables
  access_named_locations: AccessNamedLocationsTable;
  access_policies: AccessPoliciesTable;
  access_policy_locations: AccessPolicyLocationsTable;

  // 013_identity_protection tables
  protection_detections: ProtectionDetectionsTable;
  protection_risky_users: ProtectionRiskyUsersTable;
  protection_risky_user_history: ProtectionRiskyUserHistoryTable;
  protection_threat_lists: ProtectionThreatListsTable;
  protection_leaked_credentials: ProtectionLeakedCredentialsTable;
  protection_sign_in_profiles: ProtectionSignInProfilesTable;

  // 015_identity_providers tables
  federation_identity_providers: FederationIdentityProvidersTable;

  // 014_directory_audits tables
  directory_audits: DirectoryAuditsTable;

  // 022_directory_settings
  directory_settings: DirectorySettingsTable;

  // 023_extensions
  extensions_custom: ExtensionsCustomTable;
  extensions_listeners: ExtensionsListenersTable;
  extensions_claims_mapping_policies: ExtensionsClaimsMappingPoliciesTable;
  extensions_claims_mapping_assignments: ExtensionsClaimsMappingAssignmentsTable;
  extensions_calls: ExtensionsCallsTable;

  // 024_webhooks
  webhooks: WebhooksTable;
  webhook_messages: WebhookMessagesTable;
  webhook_deliveries: WebhookDeliveriesTable;

  // 017_config_versions
  config_versions: ConfigVersionsTable;

  // 018_authorization
  service_principals: ServicePrincipalsTable;
  oauth2_permission_grants: Oauth2PermissionGrantsTable;
  app_role_assignments: AppRoleAssignmentsTable;

  // 019_role_assignments
  role_assignments: RoleAssignmentsTable;
}

export type Db = Kysely<Database>;
