import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { isForeignKeyViolation } from '../access/store.js';
import {
  AppError,
  CACHES_STALE,
  type Clock,
  type EventBus,
  newId,
  staleTenantOf,
} from '../platform/index.js';
import {
  bumpConfigVersion,
  type Cursor,
  type Db,
  decodeCursor,
  EVERY_TENANT,
  encodeCursor,
  type Page,
} from '../storage/index.js';
import type {
  DetectionDraft,
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
import {
  type RiskyUserRow,
  riskStore,
  scopeOf,
  toDetection,
  toRiskyUser,
  toThreatList,
} from './risk-store.js';
import { normalizeIp } from './signals.js';
import { createIpMatcher, MAX_THREAT_LIST_ENTRIES, normalizeThreatEntry } from './threat-lists.js';

/** Published ({tenantId}: a tenant id, or null for a global list) after a threat list changes. */
export const THREAT_LISTS_CHANGED = 'protection.threatListsChanged';

/** How long detections are kept. */
export const DETECTION_RETENTION_DAYS = 90;
/** Low detections stop counting (and are aged out) this long after they were detected (≈ 6 months). */
export const LOW_RISK_AGE_OUT_DAYS = 180;
/** Most leaked-credential hashes one import takes. */
export const MAX_LEAKED_CREDENTIALS_PER_IMPORT = 1_000_000;

const DAY_MS = 24 * 60 * 60_000;
const PURGE_BATCH = 5000;
const AGE_OUT_BATCH = 1000;

/** Detections detected before this instant are past retention. */
export const detectionRetentionCutoff = (now: Date): Date =>
  new Date(now.getTime() - DETECTION_RETENTION_DAYS * DAY_MS);

const lowCutoff = (now: Date): string =>
  new Date(now.getTime() - LOW_RISK_AGE_OUT_DAYS * DAY_MS).toISOString();

/**
 * The leaked-credential hash of a login and password: lower-case hex SHA-256 of
 * `${login}:${password}`, the login NFKC-normalised, trimmed and lower-cased (the password as is).
 */
export function leakedCredentialHash(login: string, password: string): string {
  const normalizedLogin = login.normalize('NFKC').trim().toLowerCase();
  return createHash('sha256').update(`${normalizedLogin}:${password}`, 'utf8').digest('hex');
}

export const protectionErrors = {
  detectionNotFound: (id: string) =>
    new AppError('risk_detection_not_found', 'notFound', `Risk detection '${id}' does not exist.`, 'id'),
  riskyUserNotFound: (id: string) =>
    new AppError('risky_user_not_found', 'notFound', `User '${id}' has no risk record in this tenant.`, 'id'),
  userNotFound: (id: string) =>
    new AppError('user_not_found', 'notFound', `User '${id}' does not exist in this tenant.`, 'userIds'),
  threatListNotFound: (category: string) =>
    new AppError('threat_list_not_found', 'notFound', `There is no '${category}' threat list.`, 'category'),
  tenantNotFound: (tenantId: string) =>
    new AppError('tenant_not_found', 'notFound', `Tenant '${tenantId}' does not exist.`, 'tenantId'),
  invalidThreatEntry: (entry: string, index: number) =>
    new AppError(
      'invalid_threat_list_entry',
      'invalid',
      `Entry ${index + 1} ('${entry.slice(0, 64)}') is not an IPv4/IPv6 address or CIDR range.`,
      `entries.${index}`,
    ),
  tooManyEntries: () =>
    new AppError(
      'too_many_threat_list_entries',
      'tooLarge',
      `A threat list holds at most ${MAX_THREAT_LIST_ENTRIES} entries.`,
      'entries',
    ),
  invalidLeakedHash: (index: number) =>
    new AppError(
      'invalid_leaked_credential_hash',
      'invalid',
      `Hash ${index + 1} is not a hex SHA-256 (64 hexadecimal characters).`,
      `hashes.${index}`,
    ),
  tooManyHashes: () =>
    new AppError(
      'too_many_leaked_credentials',
      'tooLarge',
      `One import takes at most ${MAX_LEAKED_CREDENTIALS_PER_IMPORT} hashes.`,
      'hashes',
    ),
  invalidCursor: () => new AppError('invalid_cursor', 'invalid', 'The export cursor is not valid.', 'cursor'),
};

// --- input schemas (the edge: the admin API passes what it read)

const detectionLevelSchema = z.enum(['low', 'medium', 'high']);
const riskLevelSchema = z.enum(['low', 'medium', 'high', 'none']);
const riskStateSchema = z.enum([
  'none',
  'confirmedSafe',
  'remediated',
  'dismissed',
  'atRisk',
  'confirmedCompromised',
]);
const riskEventTypeSchema = z.enum([
  'anonymizedIPAddress',
  'maliciousIPAddress',
  'unfamiliarFeatures',
  'unlikelyTravel',
  'passwordSpray',
  'investigationsThreatIntelligence',
  'adminConfirmedUserCompromised',
]);
export const threatListCategorySchema = z.enum(['anonymizer', 'malicious', 'threatIntelligence']);
const dateTime = z.iso.datetime({ offset: true }).transform((value) => new Date(value).toISOString());
const idSchema = z.string().min(1).max(256);

export const detectionFiltersSchema = z
  .strictObject({
    riskEventType: riskEventTypeSchema.optional(),
    riskLevel: detectionLevelSchema.optional(),
    from: dateTime.optional(),
    to: dateTime.optional(),
    userId: idSchema.optional(),
    ipAddress: z.union([z.ipv4(), z.ipv6()], { message: 'must be an IPv4 or IPv6 address' }).optional(),
    correlationId: idSchema.optional(),
  })
  .refine((f) => !f.from || !f.to || f.from < f.to, { message: '`to` must be after `from`', path: ['to'] });
export type DetectionFilters = z.input<typeof detectionFiltersSchema>;

export const riskyUserFiltersSchema = z.strictObject({
  riskLevel: riskLevelSchema.optional(),
  riskState: riskStateSchema.optional(),
  updatedAfter: dateTime.optional(),
});
export type RiskyUserFilters = z.input<typeof riskyUserFiltersSchema>;

const pageSchema = z.object({ top: z.number().int().min(1).max(1000), skipToken: z.string().optional() });
const userIdsSchema = z.array(idSchema).min(1).max(1000);
const threatListInputSchema = z.object({
  category: threatListCategorySchema,
  displayName: z.string().trim().min(1).max(256),
  entries: z.array(z.string()),
});
export type ThreatListInput = z.input<typeof threatListInputSchema>;

export type UserRemediation =
  | 'userPerformedSecuredPasswordChange'
  | 'userPerformedSecuredPasswordReset'
  | 'adminGeneratedTemporaryPassword';

/** Who a user is, for the names a risk record carries (optional: records made by admins only). */
export interface RiskUserDirectory {
  describe(
    tenantId: string,
    userId: string,
  ): Promise<{ userPrincipalName: string | null; displayName: string | null } | undefined>;
}

export interface IdentityProtectionServiceDeps {
  db: Db;
  clock: Clock;
  events: EventBus;
  /** Accepted for keyed storage of secrets; leaked credentials are stored as imported (hashes). */
  secretKey?: string | Uint8Array;
  /** Names users an admin confirms compromised before they had any risk; and refuses unknown ids. */
  users?: RiskUserDirectory;
  /** Another topic ({tenantId}) after which cached threat matchers are dropped, e.g. a tenant deleted. */
  tenantChangedTopic?: string;
  /** Told of the detections of sign-ins and offline jobs once stored: operator metrics. */
  onDetections?: (detections: readonly RiskDetection[]) => void;
  /** Runs in the transaction that stores detections, any kind (the event webhooks' outbox). */
  onDetectionsWritten?: (trx: Db, tenantId: string, detections: readonly RiskDetection[]) => Promise<void>;
}

export interface ThreatMatcher {
  anonymizer(ip: string): boolean;
  malicious(ip: string): boolean;
  threatIntelligence(ip: string): boolean;
}

export type IdentityProtectionService = ReturnType<typeof createIdentityProtectionService>;

const LEVEL_RANK: Record<RiskLevel, number> = { none: 0, low: 1, medium: 2, high: 3 };
const TERMINAL_STATES = new Set<string>(['remediated', 'dismissed', 'confirmedSafe']);
const ACTIVE_STATES = new Set<string>(['atRisk', 'confirmedCompromised']);
const HEX_SHA256 = /^[0-9a-f]{64}$/i;

interface Names {
  userPrincipalName: string | null;
  displayName: string | null;
}

interface RecomputeOptions {
  now: Date;
  initiatedBy: string;
  eventTypes: RiskEventType[];
  /** The state and detail the user takes when the change leaves no risk (an action's verdict). */
  outcome?: { state: RiskState; detail: RiskDetail };
  /** An admin action: lands in the history even when the risk did not change. */
  force?: boolean;
  names?: Names;
}

/** History rows sort by (at, id): ids that grow within a process keep same-instant items in order. */
let historySequence = 0;
const historyId = () => `${(historySequence++).toString(36).padStart(10, '0')}-${randomUUID()}`;

const unique = <T>(values: T[]): T[] => [...new Set(values)];

export function createIdentityProtectionService({
  db,
  clock,
  events,
  users,
  tenantChangedTopic,
  onDetections,
  onDetectionsWritten,
}: IdentityProtectionServiceDeps) {
  const matchers = new Map<string, Promise<ThreatMatcher>>();
  events.subscribe(THREAT_LISTS_CHANGED, ({ tenantId }) => {
    if (typeof tenantId === 'string') matchers.delete(tenantId);
    else matchers.clear();
  });
  if (tenantChangedTopic)
    events.subscribe(tenantChangedTopic, ({ tenantId }) => void matchers.delete(String(tenantId)));
  events.subscribe(CACHES_STALE, (payload) => {
    const tenantId = staleTenantOf(payload);
    if (tenantId === undefined) matchers.clear();
    else matchers.delete(tenantId);
  });

  const decode = (token: string | undefined): Cursor | undefined => (token ? decodeCursor(token) : undefined);

  /** Stores detections, and tells of them in the same transaction. */
  async function insertDetections(trx: Db, tenantId: string, detections: RiskDetection[]): Promise<void> {
    await riskStore.insertDetections(trx, tenantId, detections);
    if (detections.length) await onDetectionsWritten?.(trx, tenantId, detections);
  }

  /**
   * Sets the user's risk from their counting detections and appends a history item when it
   * changed (or always, for an admin action). No record is made for a user never at risk.
   */
  async function recompute(
    trx: Db,
    tenantId: string,
    userId: string,
    options: RecomputeOptions,
  ): Promise<RiskyUserRow | undefined> {
    const current = await riskStore.findRiskyUser(trx, tenantId, userId);
    const summary = await riskStore.activeSummary(trx, tenantId, userId, lowCutoff(options.now));
    let level: RiskLevel = 'none';
    for (const row of summary) {
      if (LEVEL_RANK[row.risk_level as RiskLevel] > LEVEL_RANK[level]) level = row.risk_level as RiskLevel;
    }
    let state: RiskState;
    let detail: RiskDetail;
    if (level !== 'none') {
      const confirmed = summary
        .filter((s) => s.risk_state === 'confirmedCompromised')
        .sort((a) => (a.risk_detail === 'adminConfirmedUserCompromised' ? -1 : 1))[0];
      state = confirmed ? 'confirmedCompromised' : 'atRisk';
      detail = confirmed ? (confirmed.risk_detail as RiskDetail) : 'none';
    } else if (options.outcome) {
      ({ state, detail } = options.outcome);
    } else if (current && TERMINAL_STATES.has(current.risk_state)) {
      state = current.risk_state as RiskState;
      detail = current.risk_detail as RiskDetail;
    } else {
      state = 'none';
      detail = 'none';
    }
    if (!current && level === 'none') return undefined;

    const names: Names = options.names ?? {
      userPrincipalName: current?.user_principal_name ?? null,
      displayName: current?.user_display_name ?? null,
    };
    const changed =
      !current ||
      current.risk_level !== level ||
      current.risk_state !== state ||
      current.risk_detail !== detail;
    const renamed =
      current &&
      (current.user_principal_name !== names.userPrincipalName ||
        current.user_display_name !== names.displayName);
    if (!changed && !options.force && !renamed) return current;

    const at = options.now.toISOString();
    const row: RiskyUserRow = {
      tenant_id: tenantId,
      user_id: userId,
      risk_level: level,
      risk_state: state,
      risk_detail: detail,
      risk_last_updated_at: changed || !current ? at : current.risk_last_updated_at,
      user_principal_name: names.userPrincipalName,
      user_display_name: names.displayName,
      is_deleted: current?.is_deleted ?? 0,
    };
    await riskStore.upsertRiskyUser(trx, row);
    if (changed || options.force)
      await riskStore.insertHistory(trx, {
        id: historyId(),
        tenant_id: tenantId,
        user_id: userId,
        at,
        risk_level: level,
        risk_state: state,
        risk_detail: detail,
        initiated_by: options.initiatedBy,
        event_types: JSON.stringify(unique(options.eventTypes)),
        user_principal_name: names.userPrincipalName,
        user_display_name: names.displayName,
      });
    return row;
  }

  /** Runs a write in a transaction; a missing tenant (foreign key) is a not-found. */
  async function write<T>(tenantId: string | null, work: (trx: Db) => Promise<T>): Promise<T> {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      if (tenantId !== null && isForeignKeyViolation(error)) throw protectionErrors.tenantNotFound(tenantId);
      throw error;
    }
  }

  async function loadMatcher(tenantId: string): Promise<ThreatMatcher> {
    const rows = await riskStore.threatListsFor(db, tenantId);
    const entriesOf = (category: ThreatListCategory) =>
      rows.filter((r) => r.category === category).flatMap((r) => JSON.parse(r.entries) as string[]);
    const anonymizer = createIpMatcher(entriesOf('anonymizer'));
    const malicious = createIpMatcher(entriesOf('malicious'));
    const threatIntelligence = createIpMatcher(entriesOf('threatIntelligence'));
    return Object.freeze({
      anonymizer: (ip: string) => anonymizer.contains(ip),
      malicious: (ip: string) => malicious.contains(ip),
      threatIntelligence: (ip: string) => threatIntelligence.contains(ip),
    });
  }

  /** Sets the given detections' state (and detail, level); the user ids they belong to. */
  async function closeDetections(
    trx: Db,
    tenantId: string,
    rows: { id: string; user_id: string | null }[],
    changes: { risk_state: RiskState; risk_detail: RiskDetail; risk_level?: string },
    now: Date,
  ): Promise<void> {
    await riskStore.updateDetections(
      trx,
      tenantId,
      rows.map((r) => r.id),
      { ...changes, last_updated_at: now.toISOString() },
    );
  }

  const service = {
    // --- detections

    /**
     * Stores a sign-in's (or an offline job's) detections, atRisk, then updates the user's
     * risk (history item by `system` when it changed). No user: stored, no user risk.
     */
    async recordDetections(
      tenantId: string,
      user: { id: string; userPrincipalName: string | null; displayName: string | null } | null,
      drafts: DetectionDraft[],
      context: {
        correlationId: string | null;
        ipAddress: string | null;
        location: RiskLocation | null;
        activityAt: Date;
      },
    ): Promise<RiskDetection[]> {
      if (drafts.length === 0) return [];
      const now = clock.now();
      const at = now.toISOString();
      const ipAddress = context.ipAddress ? (normalizeIp(context.ipAddress) ?? context.ipAddress) : null;
      const detections = drafts.map(
        (draft): RiskDetection => ({
          id: newId(),
          riskEventType: draft.riskEventType,
          riskLevel: draft.riskLevel,
          riskState: 'atRisk',
          riskDetail: 'none',
          detectionTimingType: draft.detectionTimingType,
          activity: draft.activity,
          correlationId: context.correlationId,
          ipAddress,
          location: context.location,
          activityDateTime: context.activityAt.toISOString(),
          detectedDateTime: at,
          lastUpdatedDateTime: at,
          userId: user?.id ?? null,
          userPrincipalName: user?.userPrincipalName ?? null,
          userDisplayName: user?.displayName ?? null,
          additionalInfo: JSON.stringify(draft.additionalInfo),
        }),
      );
      await write(tenantId, async (trx) => {
        await insertDetections(trx, tenantId, detections);
        if (user)
          await recompute(trx, tenantId, user.id, {
            now,
            initiatedBy: 'system',
            eventTypes: drafts.map((d) => d.riskEventType),
            names: { userPrincipalName: user.userPrincipalName, displayName: user.displayName },
          });
      });
      onDetections?.(detections);
      return detections;
    },

    /** The user's current risk; none/none when never at risk. One primary-key read. */
    async userRisk(
      tenantId: string,
      userId: string,
    ): Promise<{ riskLevel: RiskLevel; riskState: RiskState }> {
      const row = await riskStore.findRiskyUser(db, tenantId, userId);
      return row
        ? { riskLevel: row.risk_level as RiskLevel, riskState: row.risk_state as RiskState }
        : { riskLevel: 'none', riskState: 'none' };
    },

    /** Newest first; filters combine with AND (from inclusive, to exclusive, on detectedDateTime). */
    async listDetections(
      tenantId: string,
      filters: DetectionFilters,
      page: { top: number; skipToken?: string },
    ): Promise<Page<RiskDetection>> {
      const query = detectionFiltersSchema.parse(filters);
      const { top, skipToken } = pageSchema.parse(page);
      if (query.ipAddress) query.ipAddress = normalizeIp(query.ipAddress) ?? query.ipAddress;
      return riskStore.listDetections(db, tenantId, query, top, decode(skipToken));
    },

    async getDetection(tenantId: string, id: string): Promise<RiskDetection> {
      const row = await riskStore.findDetection(db, tenantId, id);
      if (!row) throw protectionErrors.detectionNotFound(id);
      return toDetection(row);
    },

    /**
     * Continuous export: detections oldest first, strictly after `cursor` (opaque; none or ''
     * for the beginning); the returned cursor resumes after the last item (the same cursor
     * when there was nothing new). Detections are ordered by when they were detected.
     */
    async detectionsAfter(
      tenantId: string,
      cursor: string | undefined,
      top: number,
    ): Promise<{ items: RiskDetection[]; cursor: string }> {
      const limit = z.number().int().min(1).max(5000).parse(top);
      let after: Cursor | undefined;
      if (cursor) {
        try {
          after = decodeCursor(cursor);
        } catch {
          throw protectionErrors.invalidCursor();
        }
      }
      const rows = await riskStore.detectionsAfter(db, tenantId, after, limit);
      const last = rows.at(-1);
      return {
        items: rows.map(toDetection),
        cursor: last ? encodeCursor({ createdAt: last.detected_at, id: last.id }) : (cursor ?? ''),
      };
    },

    // --- risky users

    /** Users whose risk was ever above none, most recently updated first. */
    async listRiskyUsers(
      tenantId: string,
      filters: RiskyUserFilters,
      page: { top: number; skipToken?: string },
    ): Promise<Page<RiskyUser>> {
      const query = riskyUserFiltersSchema.parse(filters);
      const { top, skipToken } = pageSchema.parse(page);
      return riskStore.listRiskyUsers(db, tenantId, query, top, decode(skipToken));
    },

    /** How many risky users match the filters (the list's `$count`). */
    countRiskyUsers(tenantId: string, filters: RiskyUserFilters): Promise<number> {
      return riskStore.countRiskyUsers(db, tenantId, riskyUserFiltersSchema.parse(filters));
    },

    async getRiskyUser(tenantId: string, userId: string): Promise<RiskyUser> {
      const row = await riskStore.findRiskyUser(db, tenantId, userId);
      if (!row) throw protectionErrors.riskyUserNotFound(userId);
      return toRiskyUser(row);
    },

    /** Newest first. */
    async riskyUserHistory(
      tenantId: string,
      userId: string,
      page: { top: number; skipToken?: string },
    ): Promise<Page<RiskyUserHistoryItem>> {
      const { top, skipToken } = pageSchema.parse(page);
      if (!(await riskStore.findRiskyUser(db, tenantId, userId)))
        throw protectionErrors.riskyUserNotFound(userId);
      return riskStore.listHistory(db, tenantId, userId, top, decode(skipToken));
    },

    /** Keeps the record (Graph `isDeleted`) when the user is deleted. */
    async markUserDeleted(tenantId: string, userId: string): Promise<void> {
      await riskStore.markUserDeleted(db, tenantId, userId);
    },

    // --- admin actions and remediation

    /** Every active detection of each user dismissed; the user none/dismissed. Users never at risk: nothing. */
    async dismiss(tenantId: string, userIds: string[], initiatedBy: string): Promise<void> {
      const ids = unique(userIdsSchema.parse(userIds));
      const now = clock.now();
      await write(tenantId, async (trx) => {
        for (const userId of ids) {
          if (!(await riskStore.findRiskyUser(trx, tenantId, userId))) continue;
          const active = await riskStore.activeDetectionsOfUser(trx, tenantId, userId);
          const detail: RiskDetail = 'adminDismissedAllRiskForUser';
          await closeDetections(trx, tenantId, active, { risk_state: 'dismissed', risk_detail: detail }, now);
          await recompute(trx, tenantId, userId, {
            now,
            initiatedBy,
            eventTypes: active.map((d) => d.risk_event_type as RiskEventType),
            outcome: { state: 'dismissed', detail },
            force: true,
          });
        }
      });
    },

    /** Adds an adminConfirmedUserCompromised detection (high) to each user: high/confirmedCompromised. */
    async confirmCompromised(tenantId: string, userIds: string[], initiatedBy: string): Promise<void> {
      const ids = unique(userIdsSchema.parse(userIds));
      const now = clock.now();
      const at = now.toISOString();
      const named = new Map<string, Names>();
      for (const userId of ids) {
        const current = await riskStore.findRiskyUser(db, tenantId, userId);
        const described = users ? await users.describe(tenantId, userId) : undefined;
        if (users && !described && !current) throw protectionErrors.userNotFound(userId);
        named.set(userId, {
          userPrincipalName: described?.userPrincipalName ?? current?.user_principal_name ?? null,
          displayName: described?.displayName ?? current?.user_display_name ?? null,
        });
      }
      await write(tenantId, async (trx) => {
        for (const userId of ids) {
          const names = named.get(userId) as Names;
          await insertDetections(trx, tenantId, [
            {
              id: newId(),
              riskEventType: 'adminConfirmedUserCompromised',
              riskLevel: 'high',
              riskState: 'confirmedCompromised',
              riskDetail: 'adminConfirmedUserCompromised',
              detectionTimingType: 'offline',
              activity: 'user',
              correlationId: null,
              ipAddress: null,
              location: null,
              activityDateTime: at,
              detectedDateTime: at,
              lastUpdatedDateTime: at,
              userId,
              userPrincipalName: names.userPrincipalName,
              userDisplayName: names.displayName,
              additionalInfo: JSON.stringify([{ Key: 'initiatedBy', Value: initiatedBy }]),
            },
          ]);
          await recompute(trx, tenantId, userId, {
            now,
            initiatedBy,
            eventTypes: ['adminConfirmedUserCompromised'],
            force: true,
            names,
          });
        }
      });
    },

    /**
     * An admin's verdict on sign-ins: safe drops their detections' risk (confirmedSafe), compromised
     * raises them to high (confirmedCompromised). Each affected user's risk is recomputed.
     */
    async confirmSignIns(
      tenantId: string,
      correlationIds: string[],
      verdict: 'safe' | 'compromised',
      initiatedBy: string,
    ): Promise<void> {
      const ids = unique(z.array(idSchema).min(1).max(1000).parse(correlationIds));
      z.enum(['safe', 'compromised']).parse(verdict);
      const now = clock.now();
      const changes =
        verdict === 'safe'
          ? { risk_state: 'confirmedSafe' as const, risk_detail: 'adminConfirmedSigninSafe' as const }
          : {
              risk_state: 'confirmedCompromised' as const,
              risk_detail: 'adminConfirmedSigninCompromised' as const,
              risk_level: 'high',
            };
      await write(tenantId, async (trx) => {
        const affected = new Map<string, RiskEventType[]>();
        for (const correlationId of ids) {
          const rows = await riskStore.detectionsOfSignIn(trx, tenantId, correlationId);
          await closeDetections(trx, tenantId, rows, changes, now);
          for (const row of rows) {
            if (!row.user_id) continue;
            affected.set(row.user_id, [
              ...(affected.get(row.user_id) ?? []),
              row.risk_event_type as RiskEventType,
            ]);
          }
        }
        for (const [userId, eventTypes] of affected)
          await recompute(trx, tenantId, userId, {
            now,
            initiatedBy,
            eventTypes,
            outcome: { state: changes.risk_state, detail: changes.risk_detail },
            force: true,
          });
      });
    },

    /**
     * An admin acted on a risky user without changing their risk (blocked them, required a
     * password change): the action lands in their history. Nothing for a user never at risk.
     */
    async noteAdminAction(tenantId: string, userId: string, initiatedBy: string): Promise<void> {
      const now = clock.now();
      await write(tenantId, async (trx) => {
        if (!(await riskStore.findRiskyUser(trx, tenantId, userId))) return;
        await recompute(trx, tenantId, userId, { now, initiatedBy, eventTypes: [], force: true });
      });
    },

    /** A secure password change or reset (or an admin's temporary password): the user's risk remediated. */
    async remediateUser(
      tenantId: string,
      userId: string,
      detail: UserRemediation,
      initiatedBy: string,
    ): Promise<void> {
      z.enum([
        'userPerformedSecuredPasswordChange',
        'userPerformedSecuredPasswordReset',
        'adminGeneratedTemporaryPassword',
      ]).parse(detail);
      const now = clock.now();
      await write(tenantId, async (trx) => {
        const current = await riskStore.findRiskyUser(trx, tenantId, userId);
        if (!current) return;
        const active = await riskStore.activeDetectionsOfUser(trx, tenantId, userId);
        if (active.length === 0 && current.risk_level === 'none') return;
        await closeDetections(trx, tenantId, active, { risk_state: 'remediated', risk_detail: detail }, now);
        await recompute(trx, tenantId, userId, {
          now,
          initiatedBy,
          eventTypes: active.map((d) => d.risk_event_type as RiskEventType),
          outcome: { state: 'remediated', detail },
          force: true,
        });
      });
    },

    /** MFA passed as a risk policy demanded: that sign-in's active detections remediated. */
    async remediateSignIn(
      tenantId: string,
      correlationId: string,
      detail: 'userPassedMFADrivenByRiskBasedPolicy',
    ): Promise<void> {
      const now = clock.now();
      await write(tenantId, async (trx) => {
        const rows = (await riskStore.detectionsOfSignIn(trx, tenantId, correlationId)).filter((r) =>
          ACTIVE_STATES.has(r.risk_state),
        );
        if (rows.length === 0) return;
        await closeDetections(trx, tenantId, rows, { risk_state: 'remediated', risk_detail: detail }, now);
        for (const userId of unique(rows.map((r) => r.user_id))) {
          if (!userId) continue;
          await recompute(trx, tenantId, userId, {
            now,
            initiatedBy: 'system',
            eventTypes: rows
              .filter((r) => r.user_id === userId)
              .map((r) => r.risk_event_type as RiskEventType),
            outcome: { state: 'remediated', detail },
          });
        }
      });
    },

    // --- threat lists

    /** Uploads or replaces the (tenant or global) list of a category; entries checked and normalised. */
    async putThreatList(
      tenantId: string | null,
      input: { category: ThreatListCategory; displayName: string; entries: string[] },
    ): Promise<ThreatList> {
      if (Array.isArray(input?.entries) && input.entries.length > MAX_THREAT_LIST_ENTRIES)
        throw protectionErrors.tooManyEntries();
      const fields = threatListInputSchema.parse(input);
      const entries = new Set<string>();
      fields.entries.forEach((raw, index) => {
        const entry = normalizeThreatEntry(raw);
        if (!entry) throw protectionErrors.invalidThreatEntry(raw, index);
        entries.add(entry);
      });
      const now = clock.now().toISOString();
      const row = await write(tenantId, async (trx) => {
        const upserted = await riskStore.upsertThreatList(trx, {
          id: newId(),
          tenant_id: tenantId,
          scope: scopeOf(tenantId),
          category: fields.category,
          display_name: fields.displayName,
          entries: JSON.stringify([...entries]),
          created_at: now,
          modified_at: null,
        });
        // Cached matchers hold the lists: other nodes drop them (a global list: every tenant's).
        await bumpConfigVersion(trx, tenantId ?? EVERY_TENANT);
        return upserted;
      });
      events.publish(THREAT_LISTS_CHANGED, { tenantId });
      return toThreatList(row);
    },

    /** The tenant's lists, then the global ones. */
    async listThreatLists(tenantId: string): Promise<ThreatList[]> {
      return (await riskStore.threatListsFor(db, tenantId)).map(toThreatList);
    },

    async deleteThreatList(tenantId: string | null, category: ThreatListCategory): Promise<void> {
      const parsed = threatListCategorySchema.parse(category);
      await db.transaction().execute(async (trx) => {
        if (!(await riskStore.deleteThreatList(trx, scopeOf(tenantId), parsed)))
          throw protectionErrors.threatListNotFound(parsed);
        await bumpConfigVersion(trx, tenantId ?? EVERY_TENANT);
      });
      events.publish(THREAT_LISTS_CHANGED, { tenantId });
    },

    /**
     * Lookups over the tenant's and the global lists. The same (frozen) matcher until a list
     * changes on any node (a global change drops every tenant's).
     */
    threatMatcher(tenantId: string): Promise<ThreatMatcher> {
      let matcher = matchers.get(tenantId);
      if (!matcher) {
        const loading = loadMatcher(tenantId);
        matcher = loading;
        matchers.set(tenantId, loading);
        loading.catch(() => {
          if (matchers.get(tenantId) === loading) matchers.delete(tenantId);
        });
      }
      return matcher;
    },

    // --- leaked credentials

    /** Adds hashes (see leakedCredentialHash) to the tenant's or the global set; how many were new. */
    async importLeakedCredentials(tenantId: string | null, hashes: string[]): Promise<number> {
      if (!Array.isArray(hashes)) throw protectionErrors.invalidLeakedHash(0);
      if (hashes.length > MAX_LEAKED_CREDENTIALS_PER_IMPORT) throw protectionErrors.tooManyHashes();
      const normalized = hashes.map((hash, index) => {
        if (typeof hash !== 'string' || !HEX_SHA256.test(hash.trim()))
          throw protectionErrors.invalidLeakedHash(index);
        return hash.trim().toLowerCase();
      });
      return write(tenantId, (trx) => riskStore.insertLeakedCredentials(trx, tenantId, unique(normalized)));
    },

    /** Whether the hash is in the tenant's or the global set. */
    async isLeakedCredential(tenantId: string, hash: string): Promise<boolean> {
      if (!HEX_SHA256.test(hash)) return false;
      return riskStore.leakedCredentialExists(db, tenantId, hash.toLowerCase());
    },

    // --- sign-in profiles

    profileOf: (tenantId: string, userId: string): Promise<SignInProfile | undefined> =>
      riskStore.findProfile(db, tenantId, userId),

    async saveProfile(tenantId: string, userId: string, profile: SignInProfile): Promise<void> {
      await write(tenantId, (trx) =>
        riskStore.upsertProfile(trx, tenantId, userId, profile, clock.now().toISOString()),
      );
    },

    // --- jobs (idempotent: every node of a cluster may run them)

    /** Deletes the detections of every tenant detected before `date`, in batches; how many went. */
    async purgeDetectionsBefore(date: Date): Promise<number> {
      const before = date.toISOString();
      let total = 0;
      for (;;) {
        const deleted = await riskStore.deleteDetectionsBefore(db, before, PURGE_BATCH);
        total += deleted;
        if (deleted < PURGE_BATCH) return total;
      }
    },

    /**
     * Ages out low detections older than LOW_RISK_AGE_OUT_DAYS (Entra: 6 months): they become
     * `dismissed` with detail `none` (no Graph riskDetail names ageing out), so they no longer
     * count, and the users they belonged to are recomputed (history by `system` if it changed).
     * Returns how many were aged out.
     */
    async ageOutLowDetections(now: Date): Promise<number> {
      const cutoff = lowCutoff(now);
      let total = 0;
      for (;;) {
        const rows = await riskStore.lowActiveBefore(db, cutoff, AGE_OUT_BATCH);
        const byTenant = new Map<string, typeof rows>();
        for (const row of rows) byTenant.set(row.tenant_id, [...(byTenant.get(row.tenant_id) ?? []), row]);
        for (const [tenantId, tenantRows] of byTenant) {
          await write(tenantId, async (trx) => {
            await closeDetections(
              trx,
              tenantId,
              tenantRows,
              { risk_state: 'dismissed', risk_detail: 'none' },
              now,
            );
            for (const userId of unique(tenantRows.map((r) => r.user_id))) {
              if (!userId) continue;
              await recompute(trx, tenantId, userId, {
                now,
                initiatedBy: 'system',
                eventTypes: tenantRows
                  .filter((r) => r.user_id === userId)
                  .map((r) => r.risk_event_type as RiskEventType),
              });
            }
          });
        }
        total += rows.length;
        if (rows.length < AGE_OUT_BATCH) return total;
      }
    },
  };
  return service;
}
