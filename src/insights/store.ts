import type { Selectable } from 'kysely';
import type { Db, InsightsSignInsTable } from '../storage/index.js';
import { type Cursor, countRows, fetchPage, type Page } from '../storage/index.js';
import type { ConditionalAccessStatus, RiskLevel, SignIn, SignInEntry, SignInUsage } from './model.js';

export type SignInRow = Selectable<InsightsSignInsTable>;

/** The stored JSON: the sign-in without the fields that have columns of their own. */
type SignInDetails = Omit<SignIn, 'id' | 'createdDateTime' | 'userId' | 'appId' | 'ipAddress'> & {
  /** For usage & insights only; toSignIn leaves it out. */
  usage?: SignInUsage;
};

/** The sign-in log's error code of a wrong password (Entra's). */
const WRONG_PASSWORD = 50126;

/** Rows per INSERT stay under both databases' bound-parameter limits (SQLite: 32766). */
export const MAX_ROWS_PER_INSERT = Math.floor(30_000 / 10);

/** Caps a caller-supplied string and removes NUL, which PostgreSQL text refuses. */
function text(value: string, max: number): string {
  const capped = value.length > max ? value.slice(0, max) : value;
  return capped.includes('\0') ? capped.replaceAll('\0', '') : capped;
}
const optionalText = (value: string | null | undefined, max = 1024): string | null =>
  value === undefined || value === null ? null : text(value, max);

/** The usage facts of an entry, capped like every other caller-supplied text. */
function usageOf(usage: SignInUsage): SignInUsage {
  return {
    ...(usage.identityProvider !== undefined && { identityProvider: text(usage.identityProvider, 256) }),
    ...(usage.signUp && { signUp: true }),
    ...(usage.mfa && { mfa: { method: usage.mfa.method, succeeded: usage.mfa.succeeded } }),
  };
}

/** Builds the stored row of an entry. Synchronous and cheap: it runs on the sign-in path. */
export function toSignInRow(entry: SignInEntry, id: string, createdAt: string): SignInRow {
  const details: SignInDetails = {
    userPrincipalName: optionalText(entry.userPrincipalName),
    userDisplayName: optionalText(entry.userDisplayName),
    appDisplayName: text(entry.appDisplayName, 1024),
    servicePrincipalId: optionalText(entry.servicePrincipalId, 256),
    servicePrincipalName: optionalText(entry.servicePrincipalName),
    resourceId: optionalText(entry.resourceId),
    resourceDisplayName: optionalText(entry.resourceDisplayName),
    clientAppUsed: text(entry.clientAppUsed, 256),
    originalTransferMethod: entry.originalTransferMethod ?? 'none',
    isInteractive: entry.isInteractive,
    correlationId: text(entry.correlationId, 256),
    signInEventTypes: entry.signInEventTypes,
    status: {
      errorCode: entry.status.errorCode,
      failureReason: optionalText(entry.status.failureReason, 2048),
      additionalDetails: optionalText(entry.status.additionalDetails, 2048),
    },
    deviceDetail: {
      deviceId: optionalText(entry.deviceDetail?.deviceId, 256),
      browser: optionalText(entry.deviceDetail?.browser, 256),
      operatingSystem: optionalText(entry.deviceDetail?.operatingSystem, 256),
    },
    location: {
      city: optionalText(entry.location?.city, 256),
      state: optionalText(entry.location?.state, 256),
      countryOrRegion: optionalText(entry.location?.countryOrRegion, 256),
      geoCoordinates: entry.location?.geoCoordinates ?? null,
    },
    autonomousSystemNumber: entry.autonomousSystemNumber ?? null,
    authenticationRequirement: entry.authenticationRequirement,
    authenticationDetails: entry.authenticationDetails ?? [],
    conditionalAccessStatus: entry.conditionalAccessStatus ?? 'notApplied',
    appliedConditionalAccessPolicies: entry.appliedConditionalAccessPolicies ?? [],
    riskLevelDuringSignIn: entry.riskLevelDuringSignIn ?? 'none',
    riskState: entry.riskState ?? 'none',
    riskEventTypes_v2: entry.riskEventTypes_v2 ?? [],
    riskDetail: entry.riskDetail ?? 'none',
    ...(entry.usage && { usage: usageOf(entry.usage) }),
  };
  return {
    id,
    tenant_id: entry.tenantId,
    created_at: createdAt,
    user_id: optionalText(entry.userId, 256),
    app_id: text(entry.appId, 256),
    ip_address: text(entry.ipAddress, 64),
    error_code: entry.status.errorCode,
    details: JSON.stringify(details),
    risk_level: details.riskLevelDuringSignIn,
    ca_status: details.conditionalAccessStatus,
  };
}

export function toSignIn(row: SignInRow): SignIn {
  const details = JSON.parse(row.details) as SignInDetails;
  return {
    id: row.id,
    createdDateTime: row.created_at,
    userId: row.user_id,
    userPrincipalName: details.userPrincipalName,
    userDisplayName: details.userDisplayName,
    appId: row.app_id,
    appDisplayName: details.appDisplayName,
    servicePrincipalId: details.servicePrincipalId,
    servicePrincipalName: details.servicePrincipalName,
    resourceId: details.resourceId,
    resourceDisplayName: details.resourceDisplayName,
    ipAddress: row.ip_address,
    clientAppUsed: details.clientAppUsed,
    // Entries written before the device flow existed have none.
    originalTransferMethod: details.originalTransferMethod ?? 'none',
    isInteractive: details.isInteractive,
    correlationId: details.correlationId,
    signInEventTypes: details.signInEventTypes,
    status: details.status,
    deviceDetail: details.deviceDetail,
    location: details.location,
    autonomousSystemNumber: details.autonomousSystemNumber ?? null,
    authenticationRequirement: details.authenticationRequirement,
    authenticationDetails: details.authenticationDetails,
    conditionalAccessStatus: details.conditionalAccessStatus,
    // Entries written before Conditional Access existed have none.
    appliedConditionalAccessPolicies: details.appliedConditionalAccessPolicies ?? [],
    riskLevelDuringSignIn: details.riskLevelDuringSignIn,
    riskState: details.riskState,
    // Entries written before Identity Protection existed have neither.
    riskEventTypes_v2: details.riskEventTypes_v2 ?? [],
    riskDetail: details.riskDetail ?? 'none',
  };
}

/** Filters already validated and normalised (date-times as UTC ISO text). */
export interface SignInQuery {
  from?: string;
  to?: string;
  userId?: string;
  appId?: string;
  status?: 'success' | 'failure';
  ipAddress?: string;
  conditionalAccessStatus?: ConditionalAccessStatus;
  /** riskLevelDuringSignIn. */
  riskLevel?: RiskLevel;
  /** Only sign-ins whose riskLevelDuringSignIn is not none (Identity Protection's risky sign-ins). */
  riskyOnly?: boolean;
}

/** A tenant's sign-ins matching the filters: the conditions of the list and of its count, once. */
function signInsMatching(db: Db, tenantId: string, filters: SignInQuery) {
  let query = db.selectFrom('insights_sign_ins').where('tenant_id', '=', tenantId);
  if (filters.from) query = query.where('created_at', '>=', filters.from);
  if (filters.to) query = query.where('created_at', '<', filters.to);
  if (filters.userId) query = query.where('user_id', '=', filters.userId);
  if (filters.appId) query = query.where('app_id', '=', filters.appId);
  if (filters.status) query = query.where('error_code', filters.status === 'success' ? '=' : '<>', 0);
  if (filters.ipAddress) query = query.where('ip_address', '=', filters.ipAddress);
  if (filters.conditionalAccessStatus) query = query.where('ca_status', '=', filters.conditionalAccessStatus);
  if (filters.riskLevel) query = query.where('risk_level', '=', filters.riskLevel);
  if (filters.riskyOnly) query = query.where('risk_level', '<>', 'none');
  return query;
}

export const signInStore = {
  /** Wrong passwords of every tenant since `from`, newest first, at most `limit` (offline scans). */
  failedPasswordsSince(db: Db, from: string, limit: number): Promise<SignInRow[]> {
    return db
      .selectFrom('insights_sign_ins')
      .selectAll()
      .where('error_code', '=', WRONG_PASSWORD)
      .where('created_at', '>=', from)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
  },

  /** A tenant's successful user sign-ins from one address since `from`, oldest first. */
  userSuccessesFromIp(
    db: Db,
    tenantId: string,
    ipAddress: string,
    from: string,
    limit: number,
  ): Promise<SignInRow[]> {
    return db
      .selectFrom('insights_sign_ins')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('ip_address', '=', ipAddress)
      .where('error_code', '=', 0)
      .where('user_id', 'is not', null)
      .where('created_at', '>=', from)
      .orderBy('created_at', 'asc')
      .limit(limit)
      .execute();
  },

  /**
   * Writes rows in one multi-row INSERT inside a transaction, each pending for the usage
   * roll-up. Writing the same id twice is a no-op, so a batch whose commit was reported failed
   * can be retried safely. `written` runs in the transaction with the rows actually written.
   */
  async insertMany(
    db: Db,
    rows: SignInRow[],
    written?: (trx: Db, rows: SignInRow[]) => Promise<void>,
  ): Promise<void> {
    if (rows.length === 0) return;
    await db.transaction().execute(async (trx) => {
      for (let start = 0; start < rows.length; start += MAX_ROWS_PER_INSERT) {
        const part = rows.slice(start, start + MAX_ROWS_PER_INSERT);
        const inserted = await trx
          .insertInto('insights_sign_ins')
          .values(part)
          .onConflict((oc) => oc.column('id').doNothing())
          .returning('id')
          .execute();
        if (inserted.length > 0)
          await trx
            .insertInto('usage_pending')
            .values(inserted.map(({ id }) => ({ sign_in_id: id })))
            .execute();
        if (written && inserted.length > 0) {
          const ids = new Set(inserted.map(({ id }) => id));
          await written(
            trx,
            part.filter((row) => ids.has(row.id)),
          );
        }
      }
    });
  },

  find(db: Db, tenantId: string, id: string): Promise<SignInRow | undefined> {
    return db
      .selectFrom('insights_sign_ins')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  /**
   * Deletes up to `limit` entries (any tenant) written before `before` (ISO UTC text), in one
   * transaction; returns how many went. Batches keep each transaction and lock short.
   */
  async deleteBefore(db: Db, before: string, limit: number): Promise<number> {
    return db.transaction().execute(async (trx) => {
      const result = await trx
        .deleteFrom('insights_sign_ins')
        .where(
          'id',
          'in',
          trx.selectFrom('insights_sign_ins').select('id').where('created_at', '<', before).limit(limit),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  },

  /** Newest first: (created_at, id) descending, with the keyset condition for that order. */
  async list(
    db: Db,
    tenantId: string,
    filters: SignInQuery,
    limit: number,
    before?: Cursor,
  ): Promise<Page<SignIn>> {
    return fetchPage(signInsMatching(db, tenantId, filters).selectAll(), limit, before, toSignIn, 'desc');
  },

  /** How many entries match the filters (the list's `$count`). */
  async count(db: Db, tenantId: string, filters: SignInQuery): Promise<number> {
    return countRows(signInsMatching(db, tenantId, filters));
  },
};

/**
 * True when a write failed because of the rows themselves (a constraint, such as the tenant
 * having been deleted meanwhile, or a value the database refuses), not because the database
 * could not be reached: retrying such a batch as it is would fail forever.
 */
export function isRowError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  // PostgreSQL SQLSTATE classes 22 (data exception) and 23 (integrity constraint violation).
  if (/^2[23][0-9A-Z]{3}$/.test(code)) return true;
  return code.startsWith('SQLITE_CONSTRAINT') || code === 'SQLITE_MISMATCH' || code === 'SQLITE_TOOBIG';
}
