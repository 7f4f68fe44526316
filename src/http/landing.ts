import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

export interface LandingDeps {
  /** Whether the demo tenant exists (it can be turned off). */
  hasDemoTenant: () => Promise<boolean>;
}

const STYLE = `
:root{color-scheme:light dark;font-family:"Segoe UI",system-ui,-apple-system,sans-serif;line-height:1.5}
body{margin:0;background:Canvas;color:CanvasText}
main{max-width:44rem;margin:0 auto;padding:2.5rem 1.25rem}
h1{font-size:2rem;margin:0 0 .25rem}
p.lead{margin:0 0 2rem;opacity:.85}
ul{list-style:none;padding:0;margin:0;display:grid;gap:.75rem}
li a{display:block;padding:1rem 1.25rem;border:1px solid color-mix(in srgb,CanvasText 25%,transparent);border-radius:8px;text-decoration:none;color:inherit}
li a:hover,li a:focus-visible{border-color:#0f6cbd;outline:2px solid #0f6cbd;outline-offset:1px}
li strong{display:block;color:LinkText}
h2{font-size:1.1rem;margin:2rem 0 .75rem}
`;
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');
const LANDING_CSP = `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

interface Link {
  href: string;
  title: string;
  text: string;
}

const item = (link: Link) => `<li><a href="${link.href}"><strong>${link.title}</strong>${link.text}</a></li>`;

function render(demo: boolean): string {
  const start: Link[] = [
    {
      href: '/console/',
      title: 'Admin console',
      text: 'Tenants, users, apps, user flows, branding and roles.',
    },
    ...(demo
      ? [
          {
            href: '/t/demo/account',
            title: 'Demo tenant: sign in or sign up',
            text: 'The hosted sign-in and sign-up pages of the demo customer tenant, then its account page.',
          },
        ]
      : []),
  ];
  const reference: Link[] = [
    {
      href: '/api/openapi.json',
      title: 'Admin API (OpenAPI)',
      text: 'Every admin call, with the role it needs.',
    },
    {
      href: '/t/admin/.well-known/openid-configuration',
      title: 'OpenID configuration of the admin tenant',
      text: 'Each tenant publishes its own at /t/{tenant}/.well-known/openid-configuration.',
    },
    {
      href: '/readyz',
      title: 'Health',
      text: 'Readiness of the database and shared state (/healthz: liveness).',
    },
  ];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>Gatehouse</title>
<style>${STYLE}</style></head><body><main>
<h1>Gatehouse</h1><p class="lead">Customer identity and access management: sign-up, sign-in, MFA, Conditional Access and Identity Protection for your apps.</p>
<h2>Start here</h2><ul>${start.map(item).join('')}</ul>
<h2>Reference</h2><ul>${reference.map(item).join('')}</ul>
<p>Documentation: the <code>docs/</code> folder of Gatehouse (getting started, configuration, the admin API, operations).</p>
</main></body></html>`;
}

/** `/`: where a newcomer lands: the console, the demo tenant's pages, the API, health. */
export function landingPage(deps: LandingDeps) {
  return async function plugin(app: FastifyInstance): Promise<void> {
    app.get('/', async (_request, reply) =>
      reply
        .header('content-security-policy', LANDING_CSP)
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-cache')
        .type('text/html; charset=utf-8')
        .send(render(await deps.hasDemoTenant())),
    );
  };
}
