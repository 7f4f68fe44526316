#!/usr/bin/env node
import type { createGatehouse } from './app.js';
import { describeAccess, runGrantExistingAccessCommand } from './authorization/existing-access-cli.js';
import { runLoginCommand } from './cli/login.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { createShutdown, installLastResort } from './platform/index.js';
import { runThreatListCommand } from './protection/threat-list-cli.js';
import { migrateToLatest, openStorage } from './storage/index.js';

/**
 * CLI: `start` (default) runs the server; `migrate` brings the database schema up to date;
 * `threat-list import …` uploads a threat list from a file; `login` signs an administrator in
 * (device flow) and prints an admin API token.
 */
async function main(command: string): Promise<void> {
  // A client of a running Gatehouse: no configuration, no database.
  if (command === 'login') {
    process.exitCode = await runLoginCommand(process.argv.slice(3));
    return;
  }
  const config = loadConfig();
  if (command === 'migrate') return migrate(config);
  if (command === 'grant-existing-access') {
    const granted = await runGrantExistingAccessCommand(config, process.argv.slice(3));
    for (const item of granted) console.log(describeAccess(item));
    console.log(
      `${granted.length} grant(s)${process.argv.includes('--dry-run') ? ' would be made' : ' in place'}.`,
    );
    return;
  }
  if (command === 'threat-list') {
    const list = await runThreatListCommand(config, process.argv.slice(3));
    console.log(`Threat list '${list.displayName}' (${list.category}): ${list.entries.length} entries.`);
    return;
  }
  if (command !== 'start')
    throw new ConfigError(
      `unknown command '${command}' (use start, migrate, threat-list, grant-existing-access or login)`,
    );

  // Loaded here: the server's modules (oidc-provider…) stay out of the client commands (login).
  const gatehouse = await (await import('./app.js')).createGatehouse(config);
  installLastResort({ logger: gatehouse.http.log });
  await gatehouse.listen();
  printWelcome(config, gatehouse.bootstrap);

  // Bounded: the process is gone within GATEHOUSE_SHUTDOWN_TIMEOUT, whatever is stuck.
  const stop = createShutdown({
    close: () => gatehouse.close(),
    logger: gatehouse.http.log,
    timeoutMs: config.shutdownTimeoutSeconds * 1000,
  });
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

async function migrate(config: Config): Promise<void> {
  const storage = openStorage(config.databaseUrl);
  try {
    const applied = await migrateToLatest(storage.db);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
  } finally {
    await storage.close();
  }
}

function printWelcome(
  config: Config,
  report: Awaited<ReturnType<typeof createGatehouse>>['bootstrap'],
): void {
  const base = config.baseUrl;
  const password = report.generatedAdminPassword
    ? ` with password ${report.generatedAdminPassword}   (generated; shown only this once)`
    : config.adminPassword
      ? ' with the password of GATEHOUSE_ADMIN_PASSWORD'
      : ' with the password printed at the first start';
  const lines = [
    '',
    `  Gatehouse is running at ${base}`,
    '',
    report.consoleProblem
      ? `  Admin console    unavailable: ${report.consoleProblem}`
      : `  Admin console    open ${base}/console and sign in as ${report.adminEmail}${password}`,
    ...(report.consoleProblem && report.generatedAdminPassword
      ? [`  Administrator    ${report.adminEmail}${password}`]
      : []),
    '                   (the first sign-in sets up a second factor: an authenticator app or a passkey)',
    `  Admin tenant     ${base}/t/admin/.well-known/openid-configuration`,
    `  Demo tenant      ${base}/t/demo/.well-known/openid-configuration`,
    `  Admin API        ${base}/api/v1   (OpenAPI: ${base}/api/openapi.json)`,
    ...(config.adminClientSecret
      ? [
          `  Admin API token  POST ${base}/t/admin/oauth2/token  client_id=gatehouse-admin-cli  scope=${base}/api/.default`,
        ]
      : [
          '  Set GATEHOUSE_ADMIN_CLIENT_SECRET to get a client for the admin API (see docs/getting-started.md).',
        ]),
    config.smtpUrl
      ? '  Email            sent through GATEHOUSE_SMTP_URL'
      : '  Email            no GATEHOUSE_SMTP_URL: sign-up and reset codes are printed in this log (dev outbox)',
    '',
  ];
  console.log(lines.join('\n'));
}

main(process.argv[2] ?? 'start').catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error('Gatehouse failed to start:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});
