import { type Selectable, sql } from 'kysely';
import {
  type Cursor,
  countRows,
  type Db,
  encodeCursor,
  type Page,
  type ProtectionDetectionsTable,
  type ProtectionRiskyUserHistoryTable,
  type ProtectionRiskyUsersTable,
  type ProtectionThreatListsTable,
} from '../storage/index.js';
import type {
  RiskDetail,
  RiskDetection,
  RiskEventType,
  RiskLevel,
  RiskLocation,
  RiskState,
  RiskyUser,
  RiskyUserHistoryItem,
  SignInProfile,
  ThreatList,
  ThreatListCategory,
} from './risk-model.js';

export type DetectionRow = Selectable<ProtectionDetectionsTable>;
export type RiskyUserRow = Selectable<ProtectionRiskyUsersTable>;
export type HistoryRow = Selectable<ProtectionRiskyUserHistoryTable>;
export type ThreatListRow = Selectable<ProtectionThreatListsTable>;

/** The `scope` of global rows (threat lists, leaked credentials): no tenant id is `*`. */
export const GLOBAL_SCOPE = '*';
export const scopeOf = (tenantId: string | null): string => tenantId ?? GLOBAL_SCOPE;

export const toDetection = (row: DetectionRow): RiskDetection => ({
  id: row.id,
  riskEventType: row.risk_event_type as RiskEventType,
  riskLevel: row.risk_level as RiskDetection['riskLevel'],
  riskState: row.risk_state as RiskState,
  riskDetail: row.risk_detail as RiskDetail,
  detectionTimingType: row.detection_timing_type as RiskDetection['detectionTimingType'],
  activity: row.activity as RiskDetection['activity'],
  correlationId: row.correlation_id,
  ipAddress: row.ip_address,
  location: row.location ? (JSON.parse(row.location) as RiskLocation) : null,
  activityDateTime: row.activity_at,
  detectedDateTime: row.detected_at,
  lastUpdatedDateTime: row.last_updated_at,
  userId: row.user_id,
  userPrincipalName: row.user_principal_name,
  userDisplayName: row.user_display_name,
  additionalInfo: row.additional_info,
});

export const toDetectionRow = (tenantId: string, d: RiskDetection): DetectionRow => ({
  id: d.id,
  tenant_id: tenantId,
  user_id: d.userId,
  risk_event_type: d.riskEventType,
  risk_level: d.riskLevel,
  risk_state: d.riskState,
  risk_detail: d.riskDetail,
  detection_timing_type: d.detectionTimingType,
  activity: d.activity,
  correlation_id: d.correlationId,
  ip_address: d.ipAddress,
  location: d.location ? JSON.stringify(d.location) : null,
  activity_at: d.activityDateTime,
  detected_at: d.detectedDateTime,
  last_updated_at: d.lastUpdatedDateTime,
  user_principal_name: d.userPrincipalName,
  user_display_name: d.userDisplayName,
  additional_info: d.additionalInfo,
});

export const toRiskyUser = (row: RiskyUserRow): RiskyUser => ({
  id: row.user_id,
  userPrincipalName: row.user_principal_name,
  userDisplayName: row.user_display_name,
  riskLevel: row.risk_level as RiskLevel,
  riskState: row.risk_state as RiskState,
  riskDetail: row.risk_detail as RiskDetail,
  riskLastUpdatedDateTime: row.risk_last_updated_at,
  isDeleted: row.is_deleted !== 0,
  isProcessing: false,
});

export const toHistoryItem = (row: HistoryRow): RiskyUserHistoryItem => ({
  id: row.user_id,
  userId: row.user_id,
  userPrincipalName: row.user_principal_name,
  userDisplayName: row.user_display_name,
  riskLevel: row.risk_level as RiskLevel,
  riskState: row.risk_state as RiskState,
  riskDetail: row.risk_detail as RiskDetail,
  riskLastUpdatedDateTime: row.at,
  isDeleted: false,
  isProcessing: false,
  initiatedBy: row.initiated_by,
  activity: {
    eventTypes: JSON.parse(row.event_types) as RiskEventType[],
    detail: row.risk_detail as RiskDetail,
  },
});

export const toThreatList = (row: ThreatListRow): ThreatList => ({
  id: row.id,
  tenantId: row.tenant_id,
  category: row.category as ThreatListCategory,
  displayName: row.display_name,
  entries: JSON.parse(row.entries) as string[],
  createdDateTime: row.created_at,
  modifiedDateTime: row.modified_at,
});

export interface DetectionQuery {
  riskEventType?: RiskEventType;
  riskLevel?: RiskDetection['riskLevel'];
  /** ISO UTC; detectedDateTime at or after. */
  from?: string;
  /** ISO UTC; detectedDateTime before. */
  to?: string;
  userId?: string;
  ipAddress?: string;
  /** The sign-in the detections were raised in. */
  correlationId?: string;
}

export interface RiskyUserQuery {
  riskLevel?: RiskLevel;
  riskState?: RiskState;
  /** ISO UTC; riskLastUpdatedDateTime at or after. */
  updatedAfter?: string;
}

/** One row per (level, state, detail) of a user's detections that count, with how many. */
export interface ActiveSummary {
  risk_level: string;
  risk_state: string;
  risk_detail: string;
  risk_event_type: string;
}

const ACTIVE_STATES = ['atRisk', 'confirmedCompromised'];

/** Turns `limit + 1` rows into a page, the cursor made from each row's own sort key. */
function pageOf<R, T>(rows: R[], limit: number, key: (row: R) => Cursor, map: (row: R) => T): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(map),
    next: rows.length > limit && last ? encodeCursor(key(last)) : undefined,
  };
}

/** A tenant's risky users matching the filters: the conditions of the list and of its count, once. */
function riskyUsersMatching(db: Db, tenantId: string, filters: RiskyUserQuery) {
  let query = db.selectFrom('protection_risky_users').where('tenant_id', '=', tenantId);
  if (filters.riskLevel) query = query.where('risk_level', '=', filters.riskLevel);
  if (filters.riskState) query = query.where('risk_state', '=', filters.riskState);
  if (filters.updatedAfter) query = query.where('risk_last_updated_at', '>=', filters.updatedAfter);
  return query;
}

export const riskStore = {
  // --- detections

  async insertDetections(db: Db, tenantId: string, detections: RiskDetection[]): Promise<void> {
    if (detections.length === 0) return;
    await db
      .insertInto('protection_detections')
      .values(detections.map((d) => toDetectionRow(tenantId, d)))
      .execute();
  },

  findDetection(db: Db, tenantId: string, id: string): Promise<DetectionRow | undefined> {
    return db
      .selectFrom('protection_detections')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  /** Newest first, by (detected_at, id). */
  async listDetections(
    db: Db,
    tenantId: string,
    filters: DetectionQuery,
    limit: number,
    before?: Cursor,
  ): Promise<Page<RiskDetection>> {
    let query = db.selectFrom('protection_detections').selectAll().where('tenant_id', '=', tenantId);
    if (filters.riskEventType) query = query.where('risk_event_type', '=', filters.riskEventType);
    if (filters.riskLevel) query = query.where('risk_level', '=', filters.riskLevel);
    if (filters.from) query = query.where('detected_at', '>=', filters.from);
    if (filters.to) query = query.where('detected_at', '<', filters.to);
    if (filters.userId) query = query.where('user_id', '=', filters.userId);
    if (filters.ipAddress) query = query.where('ip_address', '=', filters.ipAddress);
    if (filters.correlationId) query = query.where('correlation_id', '=', filters.correlationId);
    if (before) query = query.where(sql<boolean>`(detected_at, id) < (${before.createdAt}, ${before.id})`);
    const rows = await query
      .orderBy('detected_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    return pageOf(rows, limit, (r) => ({ createdAt: r.detected_at, id: r.id }), toDetection);
  },

  /** Oldest first, strictly after the cursor. */
  detectionsAfter(
    db: Db,
    tenantId: string,
    after: Cursor | undefined,
    limit: number,
  ): Promise<DetectionRow[]> {
    let query = db.selectFrom('protection_detections').selectAll().where('tenant_id', '=', tenantId);
    if (after) query = query.where(sql<boolean>`(detected_at, id) > (${after.createdAt}, ${after.id})`);
    return query.orderBy('detected_at').orderBy('id').limit(limit).execute();
  },

  /**
   * What a user's counting detections add up to, grouped: active ones (atRisk or
   * confirmedCompromised), leaving out low ones detected before `lowCutoff` (aged out).
   */
  activeSummary(db: Db, tenantId: string, userId: string, lowCutoff: string): Promise<ActiveSummary[]> {
    return db
      .selectFrom('protection_detections')
      .select(['risk_level', 'risk_state', 'risk_detail', 'risk_event_type'])
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('risk_state', 'in', ACTIVE_STATES)
      .where((eb) => eb.or([eb('risk_level', '!=', 'low'), eb('detected_at', '>=', lowCutoff)]))
      .groupBy(['risk_level', 'risk_state', 'risk_detail', 'risk_event_type'])
      .execute();
  },

  /** A user's active detections (any age), for an action that closes them all. */
  activeDetectionsOfUser(db: Db, tenantId: string, userId: string): Promise<DetectionRow[]> {
    return db
      .selectFrom('protection_detections')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .where('risk_state', 'in', ACTIVE_STATES)
      .execute();
  },

  detectionsOfSignIn(db: Db, tenantId: string, correlationId: string): Promise<DetectionRow[]> {
    return db
      .selectFrom('protection_detections')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('correlation_id', '=', correlationId)
      .execute();
  },

  async updateDetections(
    db: Db,
    tenantId: string,
    ids: string[],
    changes: { risk_state: RiskState; risk_detail: RiskDetail; risk_level?: string; last_updated_at: string },
  ): Promise<void> {
    for (let i = 0; i < ids.length; i += 500) {
      await db
        .updateTable('protection_detections')
        .set(changes)
        .where('tenant_id', '=', tenantId)
        .where('id', 'in', ids.slice(i, i + 500))
        .execute();
    }
  },

  /** Deletes up to `limit` detections (any tenant) detected before `before`; how many went. */
  async deleteDetectionsBefore(db: Db, before: string, limit: number): Promise<number> {
    return db.transaction().execute(async (trx) => {
      const result = await trx
        .deleteFrom('protection_detections')
        .where(
          'id',
          'in',
          trx.selectFrom('protection_detections').select('id').where('detected_at', '<', before).limit(limit),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  },

  /** Up to `limit` low detections (any tenant) still active and detected before `before`. */
  lowActiveBefore(
    db: Db,
    before: string,
    limit: number,
  ): Promise<{ id: string; tenant_id: string; user_id: string | null; risk_event_type: string }[]> {
    return db
      .selectFrom('protection_detections')
      .select(['id', 'tenant_id', 'user_id', 'risk_event_type'])
      .where('detected_at', '<', before)
      .where('risk_level', '=', 'low')
      .where('risk_state', 'in', ACTIVE_STATES)
      .limit(limit)
      .execute();
  },

  // --- risky users

  findRiskyUser(db: Db, tenantId: string, userId: string): Promise<RiskyUserRow | undefined> {
    return db
      .selectFrom('protection_risky_users')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
  },

  async upsertRiskyUser(db: Db, row: RiskyUserRow): Promise<void> {
    const { tenant_id: _t, user_id: _u, ...changes } = row;
    await db
      .insertInto('protection_risky_users')
      .values(row)
      .onConflict((oc) => oc.columns(['tenant_id', 'user_id']).doUpdateSet(changes))
      .execute();
  },

  async markUserDeleted(db: Db, tenantId: string, userId: string): Promise<boolean> {
    const result = await db
      .updateTable('protection_risky_users')
      .set({ is_deleted: 1 })
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  },

  /** Most recently updated first, by (risk_last_updated_at, user_id). */
  async listRiskyUsers(
    db: Db,
    tenantId: string,
    filters: RiskyUserQuery,
    limit: number,
    before?: Cursor,
  ): Promise<Page<RiskyUser>> {
    let query = riskyUsersMatching(db, tenantId, filters).selectAll();
    if (before)
      query = query.where(
        sql<boolean>`(risk_last_updated_at, user_id) < (${before.createdAt}, ${before.id})`,
      );
    const rows = await query
      .orderBy('risk_last_updated_at', 'desc')
      .orderBy('user_id', 'desc')
      .limit(limit + 1)
      .execute();
    return pageOf(rows, limit, (r) => ({ createdAt: r.risk_last_updated_at, id: r.user_id }), toRiskyUser);
  },

  /** How many risky users match the filters (the list's `$count`). */
  async countRiskyUsers(db: Db, tenantId: string, filters: RiskyUserQuery): Promise<number> {
    return countRows(riskyUsersMatching(db, tenantId, filters));
  },

  async insertHistory(db: Db, row: HistoryRow): Promise<void> {
    await db.insertInto('protection_risky_user_history').values(row).execute();
  },

  /** Newest first, by (at, id). */
  async listHistory(
    db: Db,
    tenantId: string,
    userId: string,
    limit: number,
    before?: Cursor,
  ): Promise<Page<RiskyUserHistoryItem>> {
    let query = db
      .selectFrom('protection_risky_user_history')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId);
    if (before) query = query.where(sql<boolean>`(at, id) < (${before.createdAt}, ${before.id})`);
    const rows = await query
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
    return pageOf(rows, limit, (r) => ({ createdAt: r.at, id: r.id }), toHistoryItem);
  },

  // --- threat lists

  /** Inserts the list of (scope, category), or replaces its name and entries keeping id and created. */
  async upsertThreatList(db: Db, row: ThreatListRow): Promise<ThreatListRow> {
    await db
      .insertInto('protection_threat_lists')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['scope', 'category']).doUpdateSet({
          display_name: row.display_name,
          entries: row.entries,
          modified_at: row.created_at,
        }),
      )
      .execute();
    return db
      .selectFrom('protection_threat_lists')
      .selectAll()
      .where('scope', '=', row.scope)
      .where('category', '=', row.category)
      .executeTakeFirstOrThrow();
  },

  /** The tenant's lists and the global ones (tenant's first), by category. */
  threatListsFor(db: Db, tenantId: string): Promise<ThreatListRow[]> {
    return db
      .selectFrom('protection_threat_lists')
      .selectAll()
      .where('scope', 'in', [tenantId, GLOBAL_SCOPE])
      .orderBy(sql`case when scope = ${GLOBAL_SCOPE} then 1 else 0 end`)
      .orderBy('category')
      .execute();
  },

  async deleteThreatList(db: Db, scope: string, category: ThreatListCategory): Promise<boolean> {
    const result = await db
      .deleteFrom('protection_threat_lists')
      .where('scope', '=', scope)
      .where('category', '=', category)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },

  // --- leaked credentials

  /** Inserts the hashes not there yet; how many were new. */
  async insertLeakedCredentials(db: Db, tenantId: string | null, hashes: string[]): Promise<number> {
    const scope = scopeOf(tenantId);
    let inserted = 0;
    for (let i = 0; i < hashes.length; i += 1000) {
      const result = await db
        .insertInto('protection_leaked_credentials')
        .values(hashes.slice(i, i + 1000).map((hash) => ({ tenant_id: tenantId, scope, hash })))
        .onConflict((oc) => oc.columns(['scope', 'hash']).doNothing())
        .executeTakeFirst();
      inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
    return inserted;
  },

  async leakedCredentialExists(db: Db, tenantId: string, hash: string): Promise<boolean> {
    const row = await db
      .selectFrom('protection_leaked_credentials')
      .select('hash')
      .where('scope', 'in', [tenantId, GLOBAL_SCOPE])
      .where('hash', '=', hash)
      .executeTakeFirst();
    return row !== undefined;
  },

  // --- sign-in profiles

  async findProfile(db: Db, tenantId: string, userId: string): Promise<SignInProfile | undefined> {
    const row = await db
      .selectFrom('protection_sign_in_profiles')
      .select('profile')
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row ? (JSON.parse(row.profile) as SignInProfile) : undefined;
  },

  async upsertProfile(
    db: Db,
    tenantId: string,
    userId: string,
    profile: SignInProfile,
    at: string,
  ): Promise<void> {
    const text = JSON.stringify(profile);
    await db
      .insertInto('protection_sign_in_profiles')
      .values({ tenant_id: tenantId, user_id: userId, profile: text, updated_at: at })
      .onConflict((oc) => oc.columns(['tenant_id', 'user_id']).doUpdateSet({ profile: text, updated_at: at }))
      .execute();
  },
};
