import type { Selectable } from 'kysely';
import { z } from 'zod';
import { type Clock, newId } from '../platform/index.js';
import type { Db, DirectoryAuditsTable, Page } from '../storage/index.js';
import { decodeCursor, fetchPage, jsonHasValue } from '../storage/index.js';

/** Who acted: an admin user, or an application (client credentials). */
export type AuditInitiator =
  | { user: { id: string; userPrincipalName: string | null } }
  | { app: { appId: string; displayName: string | null } };

export interface AuditTarget {
  id: string;
  type:
    | 'User'
    | 'SignIn'
    | 'ThreatList'
    | 'Group'
    | 'ServicePrincipal'
    | 'Application'
    | 'Role'
    | 'DirectorySetting'
    | 'Policy'
    | 'CustomAuthenticationExtension'
    | 'AuthenticationEventListener'
    | 'Webhook';
  userPrincipalName?: string | null;
  displayName?: string | null;
  /** Graph modifiedProperty: what changed, old and new values as JSON text. */
  modifiedProperties?: { displayName: string; oldValue: string | null; newValue: string | null }[];
}

/** What a caller records; the trail adds the id and the time. */
export interface AuditEntry {
  tenantId: string;
  category: string;
  activityDisplayName: string;
  operationType: 'Add' | 'Update' | 'Delete' | 'Assign' | 'Unassign';
  result: 'success' | 'failure';
  resultReason?: string;
  initiatedBy: AuditInitiator;
  targetResources: AuditTarget[];
  correlationId: string;
}

/** One entry of the audit trail (Graph `directoryAudit`). */
export interface DirectoryAudit {
  id: string;
  activityDateTime: string;
  activityDisplayName: string;
  category: string;
  correlationId: string;
  loggedByService: string;
  operationType: string;
  result: 'success' | 'failure';
  resultReason: string;
  initiatedBy: {
    user: { id: string; userPrincipalName: string | null } | null;
    app: { appId: string; displayName: string | null } | null;
  };
  targetResources: AuditTarget[];
  additionalDetails: Array<{ key: string; value: string }>;
}

const dateTime = z.iso
  .datetime({ offset: true })
  // Stored times are UTC `toISOString()` text, so filters compare in that same form.
  .transform((value) => new Date(value).toISOString());

/** The filters of the audit list, each optional; they combine with AND. */
export const auditFilterFields = {
  from: dateTime.optional().describe('Only entries at or after this date-time (ISO 8601)'),
  to: dateTime.optional().describe('Only entries before this date-time (ISO 8601)'),
  category: z.string().min(1).max(128).optional().describe('e.g. IdentityProtection'),
  activityDisplayName: z.string().min(1).max(256).optional().describe('e.g. Dismiss user risk'),
  initiatedBy: z
    .string()
    .min(1)
    .max(256)
    .optional()
    .describe("Who did it: the user's id or userPrincipalName, or the app's appId or displayName (any case)"),
  target: z
    .string()
    .min(1)
    .max(256)
    .optional()
    .describe("What it was done to: a target resource's id, userPrincipalName or displayName (any case)"),
};
export const auditFiltersSchema = z
  .strictObject(auditFilterFields)
  .refine((f) => !f.from || !f.to || f.from < f.to, { message: '`to` must be after `from`', path: ['to'] });
export type AuditFilters = z.input<typeof auditFiltersSchema>;

type AuditRow = Selectable<DirectoryAuditsTable>;

/** The initiator's and targets' fields the filters match (ids and names, never types). */
const INITIATOR_KEYS = ['id', 'userPrincipalName', 'appId', 'displayName'];
const TARGET_KEYS = ['id', 'userPrincipalName', 'displayName'];

const LOGGED_BY: Record<string, string> = {
  IdentityProtection: 'Identity Protection',
  Policy: 'Conditional Access',
};

function toAudit(row: AuditRow): DirectoryAudit {
  const initiator = JSON.parse(row.initiated_by) as AuditInitiator;
  return {
    id: row.id,
    activityDateTime: row.created_at,
    activityDisplayName: row.activity_display_name,
    category: row.category,
    correlationId: row.correlation_id,
    loggedByService: LOGGED_BY[row.category] ?? 'Core Directory',
    operationType: row.operation_type,
    result: row.result,
    resultReason: row.result_reason,
    initiatedBy: {
      user: 'user' in initiator ? initiator.user : null,
      app: 'app' in initiator ? initiator.app : null,
    },
    targetResources: JSON.parse(row.target_resources) as AuditTarget[],
    additionalDetails: [],
  };
}

export interface AuditTrailDeps {
  db: Db;
  clock: Clock;
  /** Runs in the transaction that writes an entry (the event webhooks' outbox). */
  onRecorded?: (trx: Db, tenantId: string, audit: DirectoryAudit) => Promise<void>;
}

export type AuditTrail = ReturnType<typeof createAuditTrail>;

/** The audit trail of admin actions (Graph `auditLogs/directoryAudits`). */
export function createAuditTrail({ db, clock, onRecorded }: AuditTrailDeps) {
  return {
    async record(entry: AuditEntry): Promise<DirectoryAudit> {
      const row: AuditRow = {
        id: newId(),
        tenant_id: entry.tenantId,
        created_at: clock.now().toISOString(),
        category: entry.category,
        activity_display_name: entry.activityDisplayName,
        operation_type: entry.operationType,
        result: entry.result,
        result_reason: entry.resultReason ?? '',
        initiated_by: JSON.stringify(entry.initiatedBy),
        target_resources: JSON.stringify(entry.targetResources),
        correlation_id: entry.correlationId,
      };
      const audit = toAudit(row);
      if (!onRecorded) await db.insertInto('directory_audits').values(row).execute();
      else
        await db.transaction().execute(async (trx) => {
          await trx.insertInto('directory_audits').values(row).execute();
          await onRecorded(trx, entry.tenantId, audit);
        });
      return audit;
    },

    /** Newest first; filters combine with AND. */
    list(
      tenantId: string,
      filters: AuditFilters,
      page: { top: number; skipToken?: string },
    ): Promise<Page<DirectoryAudit>> {
      const f = auditFiltersSchema.parse(filters);
      let query = db.selectFrom('directory_audits').selectAll().where('tenant_id', '=', tenantId);
      if (f.from) query = query.where('created_at', '>=', f.from);
      if (f.to) query = query.where('created_at', '<', f.to);
      if (f.category) query = query.where('category', '=', f.category);
      if (f.activityDisplayName) query = query.where('activity_display_name', '=', f.activityDisplayName);
      if (f.initiatedBy) query = query.where(jsonHasValue('initiated_by', INITIATOR_KEYS, f.initiatedBy));
      if (f.target) query = query.where(jsonHasValue('target_resources', TARGET_KEYS, f.target));
      const cursor = page.skipToken ? decodeCursor(page.skipToken) : undefined;
      return fetchPage(query, page.top, cursor, toAudit, 'desc');
    },
  };
}
