import axe from 'axe-core';
import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';

/** Every WCAG 2 level A and AA rule axe-core has (2.0, 2.1 and 2.2). */
export const WCAG_A_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export type AxeImpact = 'minor' | 'moderate' | 'serious' | 'critical';

export interface AxeFinding {
  id: string;
  impact: AxeImpact | null;
  help: string;
  helpUrl: string;
  nodes: Array<{ target: string[]; html: string; failureSummary: string }>;
}

export interface AxeReport {
  url: string;
  violations: AxeFinding[];
  /** What axe could not decide alone (e.g. contrast over an image); reported, not failed. */
  incomplete: AxeFinding[];
}

// Runs in the page (the project's TypeScript has no DOM types, so it is a string). Only the
// serialisable parts of the result come back.
const RUN_AXE = (tags: string[]) => `(() => {
  const slim = (list) => list.map((r) => ({
    id: r.id, impact: r.impact ?? null, help: r.help, helpUrl: r.helpUrl,
    nodes: r.nodes.map((n) => ({ target: n.target.map(String), html: n.html, failureSummary: n.failureSummary ?? '' })),
  }));
  return axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(tags)} }, resultTypes: ['violations', 'incomplete'] })
    .then((r) => ({ violations: slim(r.violations), incomplete: slim(r.incomplete) }));
})()`;

/**
 * axe-core for pages that allow no script. The hosted pages' CSP (rightly) refuses the injected
 * axe script, so each page is audited as a replay in a context of its own that bypasses CSP:
 * the document is the HTML the server sent (captured during the real run, which keeps its CSP),
 * and its stylesheets and images load from the server as usual.
 */
export class AxeAuditor {
  #context: BrowserContext | undefined;
  #document: { url: string; html: string } | undefined;

  constructor(
    private readonly browser: Browser,
    private readonly options: BrowserContextOptions = {},
  ) {}

  async #page() {
    if (!this.#context) {
      const context = await this.browser.newContext({ ...this.options, bypassCSP: true });
      await context.route('**/*', (route) => {
        const request = route.request();
        const replay = this.#document;
        if (replay && request.isNavigationRequest() && request.url() === replay.url)
          return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: replay.html });
        return route.continue();
      });
      this.#context = context;
    }
    return this.#context.pages()[0] ?? (await this.#context.newPage());
  }

  /** Audits `html` as if served at `url`, against the WCAG A and AA rules. */
  async audit(url: string, html: string, tags: string[] = WCAG_A_AA): Promise<AxeReport> {
    const page = await this.#page();
    this.#document = { url, html };
    try {
      await page.goto(url, { waitUntil: 'load' });
      await page.addScriptTag({ content: axe.source });
      const result = (await page.evaluate(RUN_AXE(tags))) as Omit<AxeReport, 'url'>;
      return { url, ...result };
    } finally {
      this.#document = undefined;
    }
  }

  async close(): Promise<void> {
    await this.#context?.close();
    this.#context = undefined;
  }
}

const BLOCKING: ReadonlySet<AxeImpact | null> = new Set(['serious', 'critical']);

/** The violations a page must not have: impact serious or critical. */
export const blocking = (report: AxeReport): AxeFinding[] =>
  report.violations.filter((v) => BLOCKING.has(v.impact));

/** Findings as lines a person can act on: rule, impact, what to fix, and where. */
export function describeFindings(findings: AxeFinding[]): string[] {
  return findings.flatMap((f) => [
    `${f.id} (${f.impact ?? 'no impact'}): ${f.help} — ${f.helpUrl}`,
    ...f.nodes.map(
      (n) =>
        `    at ${n.target.join(' ')}: ${n.html.slice(0, 200)}${
          n.failureSummary ? `\n      ${n.failureSummary.replaceAll('\n', '\n      ')}` : ''
        }`,
    ),
  ]);
}
