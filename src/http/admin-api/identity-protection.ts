import { randomInt } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ApplicationService } from '../../applications/index.js';
import { type DirectoryService, type DirectoryUser, directoryErrors } from '../../directory/index.js';
import {
  type AuditEntry,
  type AuditInitiator,
  type AuditTrail,
  type SignInLogService,
  signInFilterFields,
} from '../../insights/index.js';
import type { RiskDetection, RiskyUser } from '../../protection/index.js';
import { type IdentityProtectionService, protectionErrors } from '../../protection/risk-service.js';
import { MAX_THREAT_LIST_ENTRIES } from '../../protection/threat-lists.js';
import type { Page } from '../../storage/index.js';
import { ADMIN_TENANT_ID, tenantIdSchema } from '../../tenants/index.js';
import { initiatorOf as adminInitiatorOf } from './admin-audit.js';
import { countField, nextLink, pageQuery, type RouteTable } from './routes.js';
import { tenantParams } from './tenants.js';

export interface IdentityProtectionRouteDeps {
  identityProtection: IdentityProtectionService;
  audits: AuditTrail;
  directory: DirectoryService;
  applications: ApplicationService;
  signInLogs: SignInLogService;
  revokeSessions: (tenantId: string, userId: string) => Promise<void>;
  baseUrl: string;
}

const riskLevel = z.enum(['low', 'medium', 'high', 'none']);
const riskState = z.enum([
  'none',
  'confirmedSafe',
  'remediated',
  'dismissed',
  'atRisk',
  'confirmedCompromised',
]);
const riskEventType = z.enum([
  'anonymizedIPAddress',
  'maliciousIPAddress',
  'unfamiliarFeatures',
  'unlikelyTravel',
  'passwordSpray',
  'investigationsThreatIntelligence',
  'adminConfirmedUserCompromised',
]);
const threatListCategory = z.enum(['anonymizer', 'malicious', 'threatIntelligence']);
const dateTime = z.iso
  .datetime({ offset: true })
  // Stored times are UTC `toISOString()` text, so filters compare in that same form.
  .transform((value) => new Date(value).toISOString());
const userId = z.uuid({ message: 'must be a user object id' }).transform((id) => id.toLowerCase());

const riskyUserFilterFields = {
  riskLevel: riskLevel.optional(),
  riskState: riskState.optional(),
  updatedAfter: dateTime.optional().describe('Only users whose riskLastUpdatedDateTime is at or after this'),
};
const detectionFilterFields = {
  riskEventType: riskEventType.optional(),
  riskLevel: riskLevel.exclude(['none']).optional(),
  from: dateTime.optional().describe('Only detections at or after this date-time (ISO 8601)'),
  to: dateTime.optional().describe('Only detections before this date-time (ISO 8601)'),
  userId: userId.optional(),
  ipAddress: z.union([z.ipv4(), z.ipv6()], { message: 'must be an IPv4 or IPv6 address' }).optional(),
  correlationId: z
    .string()
    .min(1)
    .max(256)
    .optional()
    .describe('Only the detections of one sign-in (its correlationId): the risks raised together'),
};
const fromBeforeTo = (f: { from?: string; to?: string }) => !f.from || !f.to || f.from < f.to;
const toAfterFrom = { message: '`to` must be after `from`', path: ['to'] };
const format = z.enum(['csv', 'json']).default('json');

const userParams = z.strictObject({ tenantId: tenantIdSchema, userId });
const detectionParams = z.strictObject({
  tenantId: tenantIdSchema,
  id: z.string().min(1).max(128, { message: 'must be a risk detection id' }),
});
const categoryParams = z.strictObject({ tenantId: tenantIdSchema, category: threatListCategory });
const globalCategoryParams = z.strictObject({ category: threatListCategory });

/** Like Graph's dismiss and confirmCompromised: 1 to 60 user ids. */
const userIdsBody = z.strictObject({ userIds: z.array(userId).min(1).max(60) });
const correlationIdsBody = z.strictObject({
  correlationIds: z.array(z.string().trim().min(1).max(256)).min(1).max(60),
});
const resetPasswordBody = z.strictObject({ mode: z.enum(['temporaryPassword', 'forceChangeAtNextSignIn']) });

const threatListBody = z.strictObject({
  displayName: z.string().trim().min(1).max(256),
  entries: z.array(z.string().trim().min(1).max(64)).max(MAX_THREAT_LIST_ENTRIES),
});
/** Per request (a batch is several megabytes); larger sets are imported in several. */
const MAX_LEAKED_HASHES = 100_000;
const leakedCredentialsBody = z.strictObject({
  hashes: z
    .array(
      z.string().regex(/^[0-9A-Fa-f]{64}$/, {
        message: 'must be a hex SHA-256 (64 hexadecimal characters) of login:password',
      }),
    )
    .min(1)
    .max(MAX_LEAKED_HASHES),
});
/** A list or a batch of hashes this size is several megabytes of JSON. */
const BULK_BODY_LIMIT = 16 * 1024 * 1024;

/** Rows read per page when exporting everything. */
const EXPORT_PAGE = 500;

// --- CSV (RFC 4180), safe to open in a spreadsheet

/**
 * One CSV cell: a cell a spreadsheet would run as a formula (= + - @, or tab/CR) gets a leading
 * quote; cells with a comma, quote or line break are quoted with quotes doubled.
 */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
export const csvLine = (cells: unknown[]): string => `${cells.map(csvCell).join(',')}\r\n`;

const DETECTION_COLUMNS = [
  'id',
  'riskEventType',
  'riskLevel',
  'riskState',
  'riskDetail',
  'detectionTimingType',
  'activity',
  'correlationId',
  'ipAddress',
  'city',
  'state',
  'countryOrRegion',
  'activityDateTime',
  'detectedDateTime',
  'lastUpdatedDateTime',
  'userId',
  'userPrincipalName',
  'userDisplayName',
  'additionalInfo',
] as const;
const detectionCells = (d: RiskDetection): unknown[] =>
  DETECTION_COLUMNS.map((column) =>
    column === 'city' || column === 'state' || column === 'countryOrRegion'
      ? d.location?.[column]
      : d[column],
  );

const RISKY_USER_COLUMNS = [
  'id',
  'userPrincipalName',
  'userDisplayName',
  'riskLevel',
  'riskState',
  'riskDetail',
  'riskLastUpdatedDateTime',
  'isDeleted',
  'isProcessing',
] as const;
const riskyUserCells = (u: RiskyUser): unknown[] => RISKY_USER_COLUMNS.map((column) => u[column]);

/** Every page of a list, read one after the other. */
async function* allItems<T>(read: (skipToken?: string) => Promise<Page<T>>): AsyncGenerator<T> {
  let skipToken: string | undefined;
  do {
    const page = await read(skipToken);
    yield* page.items;
    skipToken = page.next;
  } while (skipToken);
}

async function* csvOf<T>(header: readonly string[], items: AsyncIterable<T>, cells: (item: T) => unknown[]) {
  yield csvLine([...header]);
  for await (const item of items) yield csvLine(cells(item));
}

async function* jsonOf<T>(items: AsyncIterable<T>) {
  yield '{"value":[';
  let first = true;
  for await (const item of items) {
    yield `${first ? '' : ','}${JSON.stringify(item)}`;
    first = false;
  }
  yield ']}';
}

/** Streams an export: the rows are read a page at a time, never all held at once. */
async function exportOf<T>(
  reply: FastifyReply,
  name: string,
  kind: 'csv' | 'json',
  items: AsyncGenerator<T>,
  header: readonly string[],
  cells: (item: T) => unknown[],
) {
  // The first page is read before answering, so a failure is still an ordinary error reply.
  const first = await items.next();
  async function* rest(): AsyncGenerator<T> {
    if (!first.done) yield first.value;
    yield* items;
  }
  reply
    .header('content-type', kind === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.${kind}"`);
  return Readable.from(kind === 'csv' ? csvOf(header, rest(), cells) : jsonOf(rest()));
}

/** A strong temporary password: 20 characters from every class, no look-alikes. */
export function temporaryPassword(): string {
  const classes = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!#$%*+-=?@^_'];
  const all = classes.join('');
  const chars = classes.map((set) => set[randomInt(set.length)] as string);
  while (chars.length < 20) chars.push(all[randomInt(all.length)] as string);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] as string, chars[i] as string];
  }
  return chars.join('');
}

const userPrincipalNameOf = (user: DirectoryUser): string | null =>
  user.mail ?? user.identities[0]?.issuerAssignedId ?? null;

/**
 * Identity Protection (Graph's identityProtection): the risky users and risk detections
 * reports, their export, the risky sign-ins, the admin actions (each written to the audit
 * trail), and the threat lists detection reads.
 */
export function identityProtectionRoutes(
  app: FastifyInstance,
  table: RouteTable,
  deps: IdentityProtectionRouteDeps,
) {
  const { identityProtection: protection, audits, directory, applications, signInLogs, baseUrl } = deps;
  const base = '/tenants/:tenantId/identityProtection';
  const tag = 'identityProtection';

  /** Who is acting (the audit trail's initiator), and the id remediation records name. */
  async function initiatorOf(request: FastifyRequest): Promise<{ audit: AuditInitiator; id: string }> {
    const audit = await adminInitiatorOf(request, { applications, directory });
    return { audit, id: 'user' in audit ? audit.user.id : audit.app.appId };
  }

  /** The users, each of which must exist in the tenant (404 naming the first that does not). */
  async function usersOf(tenantId: string, ids: string[]): Promise<DirectoryUser[]> {
    const unique = [...new Set(ids)];
    const users = await Promise.all(unique.map((id) => directory.findUser(tenantId, id)));
    const missing = unique.find((_, i) => !users[i]);
    if (missing) throw directoryErrors.userNotFound(missing);
    return users as DirectoryUser[];
  }

  const userTarget = (user: DirectoryUser) => ({
    id: user.id,
    type: 'User' as const,
    displayName: user.displayName,
    userPrincipalName: userPrincipalNameOf(user),
  });

  async function audit(
    request: FastifyRequest,
    tenantId: string,
    initiatedBy: AuditInitiator,
    entry: Pick<AuditEntry, 'activityDisplayName' | 'operationType' | 'targetResources'> &
      Partial<Pick<AuditEntry, 'resultReason'>>,
  ) {
    await audits.record({
      tenantId,
      category: 'IdentityProtection',
      result: 'success',
      initiatedBy,
      correlationId: request.id,
      ...entry,
    });
  }

  /** A Graph collection page, with the link to the next one keeping the filters. */
  const pageOf = <T>(
    path: string,
    filters: Record<string, string | undefined>,
    top: number,
    page: Page<T>,
  ) => {
    const search = new URLSearchParams(
      Object.entries(filters).filter((entry): entry is [string, string] => entry[1] !== undefined),
    ).toString();
    return {
      value: page.items,
      '@odata.nextLink': nextLink(baseUrl, `${path}${search ? `?${search}` : ''}`, top, page.next),
    };
  };

  // --- risky users

  const riskyUsersQuery = pageQuery.extend({ ...riskyUserFilterFields, ...countField });
  table.add(
    app,
    {
      method: 'GET',
      url: `${base}/riskyUsers`,
      summary: 'List risky users',
      tag,
      params: tenantParams,
      query: riskyUsersQuery,
      status: 200,
      description:
        'A page of riskyUser objects. Filters: riskLevel, riskState, updatedAfter (riskLastUpdatedDateTime ge); with $count=true, @odata.count: how many match.',
      action: 'microsoft.directory/identityProtection/allProperties/read',
    },
    async ({ params, query }) => {
      const { $top, $skiptoken, $count, ...filters } = query;
      const [page, total] = await Promise.all([
        protection.listRiskyUsers(params.tenantId, filters, { top: $top, skipToken: $skiptoken }),
        $count ? protection.countRiskyUsers(params.tenantId, filters) : undefined,
      ]);
      const path = `/tenants/${params.tenantId}/identityProtection/riskyUsers`;
      return {
        '@odata.count': total,
        ...pageOf(path, { ...filters, $count: $count ? 'true' : undefined }, $top, page),
      };
    },
  );
  table.add(
    app,
    {
      method: 'GET',
      url: `${base}/riskyUsers/export`,
      summary: 'Export risky users (CSV or JSON)',
      tag,
      params: tenantParams,
      query: z.strictObject({ format, ...riskyUserFilterFields }),
      status: 200,
      description:
        'Every matching riskyUser, streamed: CSV (RFC 4180, header row, formula cells quoted) or JSON {value: [...]}.',
      action: 'microsoft.directory/identityProtection/allProperties/read',
    },
    async ({ params, query, reply }) => {
      const { format: kind, ...filters } = query;
      const items = allItems((skipToken) =>
        protection.listRiskyUsers(params.tenantId, filters, { top: EXPORT_PAGE, skipToken }),
      );
      return exportOf(reply, 'riskyUsers', kind, items, RISKY_USER_COLUMNS, riskyUserCells);
    },
  );
  table.add(
    app,
    {
      method: 'GET',
      url: `${base}/riskyUsers/:userId`,
      summary: 'Get a risky user',
      tag,
      params: userParams,
      status: 200,
      description: 'The riskyUser',
      action: 'microsoft.directory/identityProtection/allProperties/read',
    },
    ({ params }) => protection.getRiskyUser(params.tenantId, params.userId),
  );
  table.add(
    app,
    {
      method: 'GET',
      url: `${base}/riskyUsers/:userId/history`,
      summary: "List a risky user's history",
      tag,
      params: userParams,
      query: pageQuery,
      status: 200,
      description: 'A page of riskyUserHistoryItem objects, newest first',
      action: 'microsoft.directory/identityProtection/allProperties/read',
    },
    async ({ params, query }) => {
      const page = await protection.riskyUserHistory(params.tenantId, params.userId, {
        top: query.$top,
        skipToken: query.$skiptoken,
      });
      const path = `/tenants/${params.tenantId}/identityProtection/riskyUsers/${params.userId}/history`;
      return pageOf(path, {}, query.$top, page);
    },
  );
  table.add(
    app,
    {
      method: 'POST',
      url: `${base}/riskyUsers/dismiss`,
      summary: 'Dismiss the risk of users',
      tag,
      params: tenantParams,
      body: userIdsBody,
      status: 204,
      description: "Each user's risk is dismissed (riskState dismissed, riskLevel none); audited.",
      action: 'microsoft.directory/identityProtection/riskyUsers/update',
    },
    async ({ params, body, request }) => {
      const users = await usersOf(params.tenantId, body.userIds);
      const by = await initiatorOf(request);
      await protection.dismiss(
        params.tenantId,
        users.map((u) => u.id),
        by.id,
      );
      await audit(request, params.tenantId, by.audit, {
        activityDisplayName: 'Dismiss user risk',
        operationType: 'Update',
        targetResources: users.map(userTarget),
      });
    },
  );
  table.add(
    app,
    {
      method: 'POST',
      url: `${base}/riskyUsers/confirmCompromised`,
      summary: 'Confirm users compromised',
      tag,
      params: tenantParams,
      body: userIdsBody,
      status: 204,
      description:
        'Each user becomes confirmedCompromised with high risk (an adminConfirmedUserCompromised detection); audited.',
      action: 'microsoft.directory/identityProtection/riskyUsers/update',
    },
    async ({ params, body, request }) => {
      const users = await usersOf(params.tenantId, body.userIds);
      const by = await initiatorOf(request);
      await protection.confirmCompromised(
        params.tenantId,
        users.map((u) => u.id),
        by.id,
      );
      await audit(request, params.tenantId, by.audit, {
        activityDisplayName: 'Confirm user compromised',
        operationType: 'Update',
        targetResources: users.map(userTarget),
      });
    },
  );
  table.add(
    app,
    {
      method: 'POST',
      url: `${base}/riskyUsers/:userId/resetPassword`,
      summary: "Reset a risky user's password",
      tag,
      params: userParams,
      body: resetPasswordBody,
      status: 200,
      description:
        'temporaryPassword: sets a generated password the user must change at next sign-in, returned once as {temporaryPassword}, and remediates the user risk (adminGeneratedTemporaryPassword). forceChangeAtNextSignIn: requires a password change at the next sign-in (which remediates then) and ends the sessions; {temporaryPassword: null}.',
      action: 'microsoft.directory/users/password/update',
    },
    async ({ params, body, request }) => {
      const [user] = (await usersOf(params.tenantId, [params.userId])) as [DirectoryUser];
      const by = await initiatorOf(request);
      let password: string | null = null;
      if (body.mode === 'temporaryPassword') {
        password = temporaryPassword();
        // Ends the user's sessions and tokens too.
        await directory.setPassword(params.tenantId, user.id, password, {
          forceChangePasswordNextSignIn: true,
        });
        await protection.remediateUser(params.tenantId, user.id, 'adminGeneratedTemporaryPassword', by.id);
      } else {
        await directory.update(params.tenantId, user.id, {
          passwordProfile: { forceChangePasswordNextSignIn: true },
        });
        await deps.revokeSessions(params.tenantId, user.id);
        // The risk is remediated when the user changes the password; the request is history now.
        await protection.noteAdminAction(params.tenantId, user.id, by.id);
      }
      await audit(request, params.tenantId, by.audit, {
        activityDisplayName:
          body.mode === 'temporaryPassword'
            ? 'Reset user password'
            : 'Require password change at next sign-in',
        operationType: 'Update',
        targetResources: [userTarget(user)],
      });
      return { temporaryPassword: password };
    },
  );
  table.add(
    app,
    {
      method: 'POST',
      url: `${base}/riskyUsers/:userId/block`,
      summary: 'Block a risky user',
      tag,
      params: userParams,
      status: 204,
      description:
        'accountEnabled false: the user cannot sign in, and their sessions and tokens end; audited.',
      action: 'microsoft.directory/users/disable',
    },
    async ({ params, request }) => {
      const [user] = (await usersOf(params.tenantId, [params.userId])) as [DirectoryUser];
      const by = await initiatorOf(request);
      // Disabling revokes the user's sessions and tokens (directory USER_CHANGED).
      await directory.update(params.tenantId, user.id, { accountEnabled: false });
      await protection.noteAdminAction(params.tenantId, user.id, by.id);
      await audit(request, params.tenantId, by.audit, {
        activityDisplayName: 'Block user',
        operationType: 'Update',
        targetResources: [userTarget(user)],
      });
    },
  );

  // --- risk detections

  const detectionsQuery = pageQuery.extend(detectionFilterFields).refine(fromBeforeTo, toAfterFrom);
  table.add(
    app,
    {
      method: 'GET',
      url: `${base}/riskDetections`,
      summary: 'List risk detections, newest first',
      tag,
      params: tenantParams,
      query: detectionsQuery,
      status: 200,
      description:
        'A page of riskDetection objects. Filters: riskEventType, riskLevel, from, to, userId, ipAddress, correlationId.',
      action: 'microsoft.directory/identityProtection/allProperties/read',
    },
    async ({ params, query }) => {
      const { $top, $skiptoken, ...filters } = query;
      const page = await protection.listDetections(params.tenantId, filters, {
        top: $top,
        skipToken: $skiptoken,
      });
      return pageOf(`/tenants/${params.tenantId}/identityProtection/riskDetections`, filters, $top, page);
    },
  );
  table.add(
    app,
    {
      method: 'GET',
      url: `${base}/riskDetections/export`,
      summary: 'Export risk detections (CSV or JSON)',
      tag,
      params: tenantParams,
      query: z.strictObject({ format, ...detectionFilterFields }).refine(fromBeforeTo, toAfterFrom),
      status: 200,
      description:
        'Every matching riskDetection, newest first, streamed: CSV (RFC 4180, header row, formula cells quoted) or JSON {value: [...]}.',
      action: 'microsoft.directory/identityProtection/allProperties/read',
    },
    async ({ params, query, reply }) => {
      const { format: kind, ...filters } = query;
      const items = allItems((skipToken) =>
        protection.listDetections(params.tenantId, filters, { top: EXPORT_PAGE, skipToken }),
      );
      return exportOf(reply, 'riskDetections', kind, items, DETECTION_COLUMNS, detectionCells);
    },
  );
  table.add(
    app,
    {
      method: 'GET',
      url: `${base}/riskDetections/delta`,
      summary: 'Continuous export of risk detections',
      tag,
      params: tenantParams,
      query: z.strictObject({
        cursor: z
          .string()
          .max(1024)
          .optional()
          .describe('From the previous answer; absent: from the beginning'),
        $top: z.coerce.number().int().min(1).max(999).default(100),
      }),
      status: 200,
      description:
        'The detections stored after the cursor, oldest first, at most $top, and the cursor to pass next time: {value, cursor}. An empty value means nothing new yet.',
      action: 'microsoft.directory/identityProtection/allProperties/read',
    },
    async ({ params, query }) => {
      const delta = await protection.detectionsAfter(params.tenantId, query.cursor || undefined, query.$top);
      return { value: delta.items, cursor: delta.cursor };
    },
  );
  table.add(
    app,
    {
      method: 'GET',
      url: `${base}/riskDetections/:id`,
      summary: 'Get a risk detection',
      tag,
      params: detectionParams,
      status: 200,
      description: 'The riskDetection',
      action: 'microsoft.directory/identityProtection/allProperties/read',
    },
    ({ params }) => protection.getDetection(params.tenantId, params.id),
  );

  // --- risky sign-ins

  const signInsQuery = pageQuery.extend(signInFilterFields).refine(fromBeforeTo, toAfterFrom);
  table.add(
    app,
    {
      method: 'GET',
      url: `${base}/riskySignIns`,
      summary: 'List risky sign-ins, newest first',
      tag,
      params: tenantParams,
      query: signInsQuery,
      status: 200,
      description:
        'A page of signIn objects whose riskLevelDuringSignIn is not none; the sign-in log filters apply.',
      action: 'microsoft.directory/identityProtection/allProperties/read',
    },
    async ({ params, query }) => {
      const { $top, $skiptoken, ...filters } = query;
      const page = await signInLogs.listRisky(params.tenantId, filters, { top: $top, skipToken: $skiptoken });
      return pageOf(`/tenants/${params.tenantId}/identityProtection/riskySignIns`, filters, $top, page);
    },
  );
  for (const [verdict, action, display] of [
    ['safe', 'confirmSafe', 'Confirm sign-in safe'],
    ['compromised', 'confirmCompromised', 'Confirm sign-in compromised'],
  ] as const) {
    table.add(
      app,
      {
        method: 'POST',
        url: `${base}/riskySignIns/${action}`,
        summary: display,
        tag,
        params: tenantParams,
        body: correlationIdsBody,
        status: 204,
        description: `The sign-ins' detections (by correlation id) become ${verdict === 'safe' ? 'confirmedSafe' : 'confirmedCompromised'}, and their users' risk follows; audited.`,
        action: 'microsoft.directory/identityProtection/riskySignIns/update',
      },
      async ({ params, body, request }) => {
        const by = await initiatorOf(request);
        const correlationIds = [...new Set(body.correlationIds)];
        await protection.confirmSignIns(params.tenantId, correlationIds, verdict, by.id);
        await audit(request, params.tenantId, by.audit, {
          activityDisplayName: display,
          operationType: 'Update',
          targetResources: correlationIds.map((id) => ({ id, type: 'SignIn' as const })),
        });
      },
    );
  }

  // --- threat lists (tenant) and leaked credentials

  table.add(
    app,
    {
      method: 'GET',
      url: `${base}/threatLists`,
      summary: 'List threat lists',
      tag,
      params: tenantParams,
      status: 200,
      description: "The tenant's threat lists and the global ones (tenantId null), {value: [...]}",
      action: 'microsoft.directory/identityProtection/allProperties/read',
    },
    async ({ params }) => ({ value: await protection.listThreatLists(params.tenantId) }),
  );
  threatListRoutes(`${base}/threatLists/:category`, categoryParams, (params) => params.tenantId);
  threatListRoutes('/identityProtection/threatLists/:category', globalCategoryParams, () => null);

  function threatListRoutes<P extends z.ZodType<{ category: z.infer<typeof threatListCategory> }>>(
    url: string,
    params: P,
    tenantOf: (params: z.output<P>) => string | null,
  ) {
    const scope = (params: z.output<P>) => (tenantOf(params) === null ? 'global' : "the tenant's");
    const findList = async (tenantId: string | null, category: string) =>
      (await protection.listThreatLists(tenantId ?? ADMIN_TENANT_ID)).find(
        (list) => list.category === category && list.tenantId === tenantId,
      );
    const notFound = protectionErrors.threatListNotFound;
    table.add(
      app,
      {
        method: 'GET',
        url,
        summary: `Get ${url.startsWith('/tenants') ? "a tenant's" : 'a global'} threat list`,
        tag,
        params,
        status: 200,
        description: 'The threatList with its entries',
        action: 'microsoft.directory/identityProtection/allProperties/read',
      },
      async ({ params: p }) => {
        const list = await findList(tenantOf(p), p.category);
        if (!list) throw notFound(p.category);
        return list;
      },
    );
    table.add(
      app,
      {
        method: 'PUT',
        url,
        summary: `Upload or replace ${url.startsWith('/tenants') ? "a tenant's" : 'a global'} threat list`,
        tag,
        params,
        body: threatListBody,
        bodyLimit: BULK_BODY_LIMIT,
        status: 200,
        description:
          'The list of the category, replaced whole by {displayName, entries} (IPv4/IPv6 addresses and CIDR ranges, up to 100,000).',
        action: 'microsoft.directory/identityProtection/threatIntelligence/update',
      },
      async ({ params: p, body, request }) => {
        const tenantId = tenantOf(p);
        const by = await initiatorOf(request);
        const list = await protection.putThreatList(tenantId, { category: p.category, ...body });
        await audit(request, tenantId ?? ADMIN_TENANT_ID, by.audit, {
          activityDisplayName: 'Upload threat list',
          operationType: 'Update',
          targetResources: [{ id: list.id, type: 'ThreatList', displayName: list.displayName }],
          resultReason: `${scope(p)} ${p.category} list, ${list.entries.length} entries`,
        });
        return list;
      },
    );
    table.add(
      app,
      {
        method: 'DELETE',
        url,
        summary: `Delete ${url.startsWith('/tenants') ? "a tenant's" : 'a global'} threat list`,
        tag,
        params,
        status: 204,
        description: 'Deleted; detection no longer reads it',
        action: 'microsoft.directory/identityProtection/threatIntelligence/update',
      },
      async ({ params: p, request }) => {
        const tenantId = tenantOf(p);
        const list = await findList(tenantId, p.category);
        if (!list) throw notFound(p.category);
        const by = await initiatorOf(request);
        await protection.deleteThreatList(tenantId, p.category);
        await audit(request, tenantId ?? ADMIN_TENANT_ID, by.audit, {
          activityDisplayName: 'Delete threat list',
          operationType: 'Delete',
          targetResources: [{ id: list.id, type: 'ThreatList', displayName: list.displayName }],
          resultReason: `${scope(p)} ${p.category} list`,
        });
      },
    );
  }

  table.add(
    app,
    {
      method: 'POST',
      url: `${base}/leakedCredentials`,
      summary: 'Import leaked credential hashes',
      tag,
      params: tenantParams,
      body: leakedCredentialsBody,
      bodyLimit: BULK_BODY_LIMIT,
      status: 200,
      description:
        'Adds hashes of leaked credentials (hexadecimal, never plain passwords) matched at sign-in; {imported}: how many were new.',
      action: 'microsoft.directory/identityProtection/threatIntelligence/update',
    },
    async ({ params, body, request }) => {
      const by = await initiatorOf(request);
      const imported = await protection.importLeakedCredentials(params.tenantId, body.hashes);
      await audit(request, params.tenantId, by.audit, {
        activityDisplayName: 'Import leaked credentials',
        operationType: 'Add',
        targetResources: [],
        resultReason: `${imported} of ${body.hashes.length} hashes imported`,
      });
      return { imported };
    },
  );
}
