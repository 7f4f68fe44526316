/**
 * The JSON shapes of the custom authentication extension routes (Graph's
 * `customAuthenticationExtension`, `authenticationEventListener`, `claimsMappingPolicy`; see
 * src/extensions/model.ts), and the console's own reading of them.
 */

export type AuthenticationEvent =
  | 'tokenIssuanceStart'
  | 'attributeCollectionStart'
  | 'attributeCollectionSubmit'
  | 'emailOtpSend'
  | 'passwordSubmit';

/** Each event's Graph types (src/extensions/events.ts), in the order the wizard offers them. */
export const EVENTS: Record<
  AuthenticationEvent,
  { extensionType: string; listenerType: string; handlerType: string }
> = {
  tokenIssuanceStart: {
    extensionType: 'onTokenIssuanceStartCustomExtension',
    listenerType: 'onTokenIssuanceStartListener',
    handlerType: 'onTokenIssuanceStartCustomExtensionHandler',
  },
  attributeCollectionStart: {
    extensionType: 'onAttributeCollectionStartCustomExtension',
    listenerType: 'onAttributeCollectionStartListener',
    handlerType: 'onAttributeCollectionStartCustomExtensionHandler',
  },
  attributeCollectionSubmit: {
    extensionType: 'onAttributeCollectionSubmitCustomExtension',
    listenerType: 'onAttributeCollectionSubmitListener',
    handlerType: 'onAttributeCollectionSubmitCustomExtensionHandler',
  },
  emailOtpSend: {
    extensionType: 'onOtpSendCustomExtension',
    listenerType: 'onEmailOtpSendListener',
    handlerType: 'onOtpSendCustomExtensionHandler',
  },
  passwordSubmit: {
    extensionType: 'onPasswordSubmitCustomExtension',
    listenerType: 'onPasswordSubmitListener',
    handlerType: 'onPasswordMigrationCustomExtensionHandler',
  },
};
export const AUTHENTICATION_EVENTS = Object.keys(EVENTS) as AuthenticationEvent[];

const graphType = (name: string) => `#microsoft.graph.${name}`;
const bare = (type: string) => type.replace(/^#?microsoft\.graph\./i, '').toLowerCase();

export const extensionTypeOf = (event: AuthenticationEvent) => graphType(EVENTS[event].extensionType);
export const listenerTypeOf = (event: AuthenticationEvent) => graphType(EVENTS[event].listenerType);
export const handlerTypeOf = (event: AuthenticationEvent) => graphType(EVENTS[event].handlerType);

/** The event of an extension or listener, from its `@odata.type` (the API answers Graph's names). */
export function eventOf(item: { '@odata.type': string }): AuthenticationEvent | undefined {
  const name = bare(item['@odata.type']);
  return AUTHENTICATION_EVENTS.find(
    (event) =>
      EVENTS[event].extensionType.toLowerCase() === name || EVENTS[event].listenerType.toLowerCase() === name,
  );
}

export const FALLBACK_ON_ERROR = '#microsoft.graph.fallbackToMicrosoftProviderOnError';
export const DEFAULT_TIMEOUT_MS = 1000;
export const DEFAULT_MAXIMUM_RETRIES = 1;

/** Graph `customAuthenticationExtension` as the API shows it. */
export interface CustomExtension {
  '@odata.type': string;
  id: string;
  displayName: string;
  description: string | null;
  endpointConfiguration: { targetUrl: string };
  authenticationConfiguration: { resourceId: string };
  clientConfiguration: { timeoutInMilliseconds: number | null; maximumRetries: number | null };
  behaviorOnError: { '@odata.type': string } | null;
  claimsForTokenConfiguration?: { claimIdInApiResponse: string }[];
}

/** Graph `authenticationEventListener`. */
export interface Listener {
  '@odata.type': string;
  id: string;
  displayName: string | null;
  priority: number;
  conditions: {
    applications: { includeAllApplications: boolean; includeApplications: { appId: string }[] };
  };
  handler: {
    '@odata.type': string;
    customExtension: { id: string };
    migrationPropertyId?: string;
  };
}

/** Graph `claimsMappingPolicy`: its definition is one JSON text. */
export interface ClaimsMappingPolicy {
  id: string;
  displayName: string;
  definition: string[];
  isOrganizationDefault: boolean;
}

/** The parts of Graph `application` the area reads (pickers, names). */
export interface Application {
  id: string;
  appId: string;
  displayName: string;
  identifierUris: string[];
}

/** The parts of Graph `servicePrincipal` the area reads (claims mapping assignments). */
export interface ServicePrincipal {
  id: string;
  appId: string;
  displayName: string;
}

/** A custom user attribute (src/directory/model.ts). */
export interface CustomAttribute {
  id: string;
  name: string;
  dataType: 'string' | 'boolean' | 'int' | 'dateTime';
}

/** The API app an extension's resourceId names: by appId or by one of its identifier URIs. */
export const resourceAppOf = (apps: readonly Application[], resourceId: string) =>
  apps.find((app) => app.appId === resourceId || app.identifierUris.includes(resourceId));

// --- the extension form ----------------------------------------------------------------------

/** What the create and edit forms hold (strings as typed). */
export interface ExtensionDraft {
  displayName: string;
  description: string;
  targetUrl: string;
  resourceId: string;
  timeout: string;
  retries: '0' | '1';
  claims: string[];
  fallback: boolean;
}

export function draftOf(extension?: CustomExtension): ExtensionDraft {
  return {
    displayName: extension?.displayName ?? '',
    description: extension?.description ?? '',
    targetUrl: extension?.endpointConfiguration.targetUrl ?? '',
    resourceId: extension?.authenticationConfiguration.resourceId ?? '',
    timeout: String(extension?.clientConfiguration.timeoutInMilliseconds ?? DEFAULT_TIMEOUT_MS),
    retries: (extension?.clientConfiguration.maximumRetries ?? DEFAULT_MAXIMUM_RETRIES) === 0 ? '0' : '1',
    claims: extension?.claimsForTokenConfiguration?.map((claim) => claim.claimIdInApiResponse) ?? [],
    fallback: extension?.behaviorOnError != null,
  };
}

/** https, or http to this machine: what the API accepts (src/extensions/model.ts targetUrlProblem). */
export function isAllowedUrl(value: string): boolean {
  try {
    const url = new URL(value);
    if (url.username || url.password || url.hash) return false;
    if (url.protocol === 'https:') return true;
    return url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '127.0.0.1');
  } catch {
    return false;
  }
}

export type DraftProblem = 'displayName' | 'targetUrl' | 'resourceId' | 'timeout' | 'claims';

/** What the form must fix before it is sent, by field (the API checks again). */
export function draftProblems(event: AuthenticationEvent, draft: ExtensionDraft): Set<DraftProblem> {
  const problems = new Set<DraftProblem>();
  if (!draft.displayName.trim()) problems.add('displayName');
  if (!isAllowedUrl(draft.targetUrl.trim())) problems.add('targetUrl');
  if (!draft.resourceId) problems.add('resourceId');
  const timeout = Number(draft.timeout);
  if (!Number.isInteger(timeout) || timeout < 200 || timeout > 2000) problems.add('timeout');
  if (event === 'tokenIssuanceStart') {
    const ids = draft.claims.map((claim) => claim.trim());
    if (ids.some((id) => !id) || new Set(ids).size !== ids.length) problems.add('claims');
  }
  return problems;
}

/** The API body of a draft: Graph's fields, the event's own only for that event. */
export function extensionBody(event: AuthenticationEvent, draft: ExtensionDraft) {
  return {
    '@odata.type': extensionTypeOf(event),
    displayName: draft.displayName.trim(),
    description: draft.description.trim() || null,
    endpointConfiguration: {
      '@odata.type': '#microsoft.graph.httpRequestEndpoint',
      targetUrl: draft.targetUrl.trim(),
    },
    authenticationConfiguration: {
      '@odata.type': '#microsoft.graph.azureAdTokenAuthentication',
      resourceId: draft.resourceId,
    },
    clientConfiguration: {
      timeoutInMilliseconds: Number(draft.timeout),
      maximumRetries: Number(draft.retries),
    },
    ...(event === 'emailOtpSend' && {
      behaviorOnError: draft.fallback ? { '@odata.type': FALLBACK_ON_ERROR } : null,
    }),
    ...(event === 'tokenIssuanceStart' && {
      claimsForTokenConfiguration: draft.claims.map((claim) => ({ claimIdInApiResponse: claim.trim() })),
    }),
  };
}

// --- listeners: which apps call an extension ----------------------------------------------------

/** The listeners that call an extension. */
export const listenersOf = (listeners: readonly Listener[], extensionId: string) =>
  listeners.filter((listener) => listener.handler.customExtension.id === extensionId);

/** The appIds a listener names. */
export const appIdsOf = (listener: Listener) =>
  listener.conditions.applications.includeApplications.map((app) => app.appId);

/** The body of a new listener that calls an extension for one app (named after the extension). */
export function newListenerBody(
  event: AuthenticationEvent,
  extension: { id: string; displayName: string },
  appId: string,
  migrationPropertyId?: string,
) {
  return {
    '@odata.type': listenerTypeOf(event),
    displayName: extension.displayName,
    conditions: { applications: { includeApplications: [{ appId }] } },
    handler: {
      '@odata.type': handlerTypeOf(event),
      customExtension: { id: extension.id },
      ...(event === 'passwordSubmit' && migrationPropertyId && { migrationPropertyId }),
    },
  };
}

// --- claims-mapping policies --------------------------------------------------------------------

/** One row of the claims table: a claim the extension provides, or a constant, and its name in tokens. */
export interface ClaimRow {
  key: number;
  source: 'extension' | 'constant';
  /** The extension's claim ID, or the constant value. */
  value: string;
  claimName: string;
}

export interface ClaimsTable {
  rows: ClaimRow[];
  /** Kept as the definition had it (the table does not edit it). */
  includeBasicClaimSet?: string;
  /** The definition holds what the table cannot show (another source, unreadable JSON). */
  unsupported: boolean;
}

let nextKey = 1;
export const newRow = (source: ClaimRow['source'] = 'extension'): ClaimRow => ({
  key: nextKey++,
  source,
  value: '',
  claimName: '',
});

interface SchemaEntry {
  Source?: string;
  ID?: string;
  Value?: string;
  JwtClaimType?: string;
}

/** Reads a definition (Entra's JSON text) into the table's rows. */
export function readDefinition(text: string | undefined): ClaimsTable {
  if (!text) return { rows: [], unsupported: false };
  try {
    const policy = (JSON.parse(text) as { ClaimsMappingPolicy?: Record<string, unknown> })
      .ClaimsMappingPolicy;
    const schema = (policy?.ClaimsSchema ?? []) as SchemaEntry[];
    let unsupported = !Array.isArray(schema);
    const rows: ClaimRow[] = [];
    for (const entry of Array.isArray(schema) ? schema : []) {
      if (entry.Value !== undefined && entry.Source === undefined)
        rows.push({ ...newRow('constant'), value: entry.Value, claimName: entry.JwtClaimType ?? '' });
      else if (entry.Source?.toLowerCase() === 'customclaimsprovider')
        rows.push({
          ...newRow('extension'),
          value: entry.ID ?? '',
          claimName: entry.JwtClaimType ?? entry.ID ?? '',
        });
      else unsupported = true;
    }
    const basic = policy?.IncludeBasicClaimSet;
    return { rows, unsupported, ...(typeof basic === 'string' && { includeBasicClaimSet: basic }) };
  } catch {
    return { rows: [], unsupported: true };
  }
}

/** The definition's JSON text of the table (what the API stores and Entra's tools read). */
export function writeDefinition(table: Pick<ClaimsTable, 'rows' | 'includeBasicClaimSet'>): string {
  return JSON.stringify({
    ClaimsMappingPolicy: {
      Version: 1,
      ...(table.includeBasicClaimSet !== undefined && { IncludeBasicClaimSet: table.includeBasicClaimSet }),
      ClaimsSchema: table.rows.map((row) =>
        row.source === 'constant'
          ? { Value: row.value, JwtClaimType: row.claimName.trim() }
          : {
              Source: 'CustomClaimsProvider',
              ID: row.value.trim(),
              JwtClaimType: row.claimName.trim() || row.value.trim(),
            },
      ),
    },
  });
}

export type RowProblem = 'value' | 'claimName' | 'duplicate';

/** What is wrong with each row, by key (the API checks reserved claim names). */
export function rowProblems(rows: readonly ClaimRow[]): Map<number, RowProblem> {
  const problems = new Map<number, RowProblem>();
  const seen = new Set<string>();
  for (const row of rows) {
    // An extension's claim keeps its ID as its name unless renamed.
    const name = row.claimName.trim() || (row.source === 'extension' ? row.value.trim() : '');
    if (row.source === 'extension' && !row.value.trim()) problems.set(row.key, 'value');
    else if (!/^[A-Za-z0-9_.:-]+$/.test(name)) problems.set(row.key, 'claimName');
    else if (seen.has(name)) problems.set(row.key, 'duplicate');
    seen.add(name);
  }
  return problems;
}
