import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Where `npm run build` puts the console (the same path from src/http and dist/http). */
export const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../dist/console', import.meta.url));

/**
 * The console runs only its own scripts, styles and API calls. Fluent UI writes its styles at
 * run time (Griffel inserts style rules), hence `style-src 'unsafe-inline'`; scripts stay
 * strict. The branding preview is a frame of Gatehouse's own hosted pages.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: https:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export interface ConsoleDeps {
  baseUrl: string;
  /** The built console (index.html and assets/); defaults to dist/console. */
  consoleDir?: string;
  /** The public client the console signs admins in with, and its redirect URIs (bootstrap's). */
  client: { clientId: string; redirectUri: string; postLogoutRedirectUri: string };
}

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Gatehouse console</title></head>
<body><h1>The console is not built</h1><p>Run <code>npm run build</code> (or <code>npm start</code>, which builds it) and reload this page.</p></body></html>`;

/**
 * `/console`: the admin console, a single-page app. Hashed assets are cached for a year; every
 * other path is the app's page (its router decides), never cached, so a new build is picked up
 * at the next load. `/console/config.json` tells the app where to sign in.
 */
export function consolePages(deps: ConsoleDeps) {
  const dir = deps.consoleDir ?? DEFAULT_CONSOLE_DIR;
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.addHook('onSend', async (_request, reply) => {
      reply.header('content-security-policy', CONSOLE_CSP);
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'no-referrer');
      reply.header('cross-origin-opener-policy', 'same-origin');
    });

    await app.register(fastifyStatic, {
      root: join(dir, 'assets'),
      prefix: '/assets/',
      wildcard: true,
      index: false,
      immutable: true,
      maxAge: '365d',
      // A missing asset is a 404, not the app's page.
      decorateReply: false,
    });

    app.get('/config.json', async (_request, reply) =>
      reply.header('cache-control', 'no-store').send({
        authority: `${deps.baseUrl}/t/admin`,
        ...deps.client,
        scope: `openid profile offline_access ${deps.baseUrl}/api/.default`,
        apiBaseUrl: deps.baseUrl,
      }),
    );

    const page = async (_request: unknown, reply: FastifyReply) => {
      const html = await readFile(join(dir, 'index.html'), 'utf8').catch(() => undefined);
      reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8');
      return html ? reply.send(html) : reply.code(503).send(NOT_BUILT);
    };
    app.get('/', page);
    app.get('/*', page);
  };
}
