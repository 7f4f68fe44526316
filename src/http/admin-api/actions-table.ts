import Fastify from 'fastify';
import { ROLE_DEFINITIONS, rolesAllowing } from '../../authorization/index.js';
import { type AdminApiDeps, adminApi } from './index.js';
import { createRouteTable, SIGNED_IN } from './routes.js';

/** The markers in docs/admin-api.md between which the generated tables live. */
export const ACTIONS_TABLE_START = '<!-- generated: admin-actions (scripts/admin-actions-table.ts) -->';
export const ACTIONS_TABLE_END = '<!-- end generated: admin-actions -->';

interface Operation {
  summary: string;
  'x-gatehouse-action': string;
}

/**
 * The admin API's OpenAPI document, built from the route declarations alone: the routes are
 * registered on a server that never listens, with services that are never called.
 */
export async function adminApiDocument(baseUrl = 'http://localhost:8080'): Promise<{
  paths: Record<string, Record<string, Operation>>;
}> {
  const table = createRouteTable();
  const unused: unknown = new Proxy(() => unused, {
    get: (_target, property) => (property === 'then' ? undefined : unused),
    apply: () => unused,
  });
  // Every dependency, named (a new one must be added here too: the compiler says so).
  const services = {
    authenticator: unused,
    tenants: unused,
    keys: unused,
    applications: unused,
    directory: unused,
    userFlows: unused,
    signInLogs: unused,
    usage: unused,
    mailer: unused,
    sms: unused,
    branding: unused,
    brandingPreviews: unused,
    mfa: unused,
    conditionalAccess: unused,
    analysis: unused,
    identityProtection: unused,
    identityProviders: unused,
    identityProviderProbe: unused,
    audits: unused,
    authorization: unused,
    roles: unused,
    revokeSessions: unused,
    lockout: unused,
    directorySettings: unused,
    webhooks: unused,
    extensions: unused,
    extensionCalls: unused,
  } satisfies Record<Exclude<keyof AdminApiDeps, 'table' | 'baseUrl'>, unknown>;
  const deps = { ...services, table, baseUrl } as AdminApiDeps;
  const app = Fastify({ logger: false });
  app.register(adminApi(deps), { prefix: '/api/v1' });
  await app.ready();
  await app.close();
  return table.openapi(baseUrl) as { paths: Record<string, Record<string, Operation>> };
}

const METHOD_ORDER = ['get', 'post', 'put', 'patch', 'delete'];

/** The generated section of docs/admin-api.md: the built-in roles, then route → action → roles. */
export function renderActionsTable(document: { paths: Record<string, Record<string, Operation>> }): string {
  const everyRole = ROLE_DEFINITIONS.length;
  const lines = [
    ACTIONS_TABLE_START,
    '',
    '| Built-in role | Template id | What it may do |',
    '| --- | --- | --- |',
    ...ROLE_DEFINITIONS.map((role) => `| ${role.displayName} | \`${role.id}\` | ${role.description} |`),
    '',
    '| Route | Action | Built-in roles that allow it |',
    '| --- | --- | --- |',
  ];
  const paths = Object.keys(document.paths).sort();
  for (const path of paths) {
    const operations = document.paths[path] ?? {};
    const methods = Object.keys(operations).sort((a, b) => METHOD_ORDER.indexOf(a) - METHOD_ORDER.indexOf(b));
    for (const method of methods) {
      const action = operations[method]?.['x-gatehouse-action'] ?? '(none)';
      const roles = rolesAllowing(action);
      const allowed =
        action === SIGNED_IN
          ? 'any signed-in caller (its own information)'
          : roles.length === everyRole
            ? 'every built-in role'
            : roles.length
              ? roles.join(', ')
              : '(none)';
      lines.push(`| \`${method.toUpperCase()} ${path}\` | \`${action}\` | ${allowed} |`);
    }
  }
  lines.push('', ACTIONS_TABLE_END);
  return lines.join('\n');
}

/** Replaces the generated section of a document's text (which must hold both markers). */
export function withActionsTable(text: string, table: string): string {
  const start = text.indexOf(ACTIONS_TABLE_START);
  const end = text.indexOf(ACTIONS_TABLE_END);
  if (start < 0 || end < start) throw new Error('the admin-actions markers are missing');
  return text.slice(0, start) + table + text.slice(end + ACTIONS_TABLE_END.length);
}
