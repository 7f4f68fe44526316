import { type Migration, type MigrationProvider, Migrator } from 'kysely';
import type { Db } from './database.js';
import * as foundation from './migrations/001_foundation.js';
import * as directory from './migrations/002_directory.js';
import * as insights from './migrations/003_insights.js';
import * as oidcAccounts from './migrations/004_oidc_accounts.js';
import * as messaging from './migrations/005_messaging.js';
import * as userFlows from './migrations/006_user_flows.js';
import * as branding from './migrations/007_branding.js';
import * as outboxDelivery from './migrations/008_outbox_delivery.js';
import * as mfa from './migrations/009_mfa.js';
import * as passkeys from './migrations/010_passkeys.js';
import * as sms from './migrations/011_sms.js';
import * as conditionalAccess from './migrations/012_conditional_access.js';
import * as identityProtection from './migrations/013_identity_protection.js';
import * as directoryAudits from './migrations/014_directory_audits.js';
import * as identityProviders from './migrations/015_identity_providers.js';
import * as hashedProtocolIds from './migrations/016_hashed_protocol_ids.js';
import * as configVersions from './migrations/017_config_versions.js';
import * as authorization from './migrations/018_authorization.js';
import * as roleAssignments from './migrations/019_role_assignments.js';
import * as usageInsights from './migrations/020_usage_insights.js';
import * as logFilters from './migrations/021_log_filters.js';
import * as directorySettings from './migrations/022_directory_settings.js';
import * as extensions from './migrations/023_extensions.js';
import * as webhooks from './migrations/024_webhooks.js';

/** Migrations are code, listed in order, so the compiled bundle carries them. */
const MIGRATIONS: Record<string, Migration> = {
  '001_foundation': foundation,
  '002_directory': directory,
  '003_insights': insights,
  '004_oidc_accounts': oidcAccounts,
  '005_messaging': messaging,
  '006_user_flows': userFlows,
  '007_branding': branding,
  '008_outbox_delivery': outboxDelivery,
  '009_mfa': mfa,
  '010_passkeys': passkeys,
  '011_sms': sms,
  '012_conditional_access': conditionalAccess,
  '013_identity_protection': identityProtection,
  '014_directory_audits': directoryAudits,
  '015_identity_providers': identityProviders,
  '016_hashed_protocol_ids': hashedProtocolIds,
  '017_config_versions': configVersions,
  '018_authorization': authorization,
  '019_role_assignments': roleAssignments,
  '020_usage_insights': usageInsights,
  '021_log_filters': logFilters,
  '022_directory_settings': directorySettings,
  '023_extensions': extensions,
  '024_webhooks': webhooks,
};

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** Brings the schema up to date; throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${(error as Error).message ?? error}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
