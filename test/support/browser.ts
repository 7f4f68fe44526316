/**
 * A cookie-keeping HTTP client that behaves like a browser with JavaScript off: it follows
 * redirects itself (so a test can stop at an app's callback), keeps cookies by name and
 * path, and can read and submit the forms of a page.
 */
export class Browser {
  readonly #cookies = new Map<string, { name: string; value: string; path: string }>();
  /** Every Set-Cookie line received, in order (to read attributes such as Expires). */
  readonly setCookies: string[] = [];
  /**
   * `route` sends a request for one address to another (a public https address served by a
   * test server on loopback); cookies and redirects stay those of the public address.
   */
  constructor(
    readonly headers: Record<string, string> = {},
    private readonly route: (url: URL) => URL = (url) => url,
  ) {}

  #cookieHeader(url: URL): string {
    return [...this.#cookies.values()]
      .filter((c) => url.pathname.startsWith(c.path))
      .sort((a, b) => b.path.length - a.path.length)
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  #store(url: URL, response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      this.setCookies.push(line);
      const [pair = '', ...attributes] = line.split(';');
      const index = pair.indexOf('=');
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const path =
        attributes
          .map((a) => a.trim())
          .find((a) => a.toLowerCase().startsWith('path='))
          ?.slice(5) ?? url.pathname;
      const expired = attributes.some(
        (a) => /^max-age=0$/i.test(a.trim()) || /^expires=Thu, 01 Jan 1970/i.test(a.trim()),
      );
      const key = `${name}\n${path}`;
      if (expired || value === '') this.#cookies.delete(key);
      else this.#cookies.set(key, { name, value, path });
    }
  }

  /** One request, no redirect following. */
  async request(
    url: string | URL,
    init: { method?: string; form?: Record<string, string> } = {},
  ): Promise<Response> {
    const target = new URL(url);
    const response = await fetch(this.route(target), {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      redirect: 'manual',
      headers: {
        ...this.headers,
        ...(this.#cookieHeader(target) && { cookie: this.#cookieHeader(target) }),
        ...(init.form && { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      body: init.form ? new URLSearchParams(init.form) : undefined,
    });
    this.#store(target, response);
    return response;
  }

  /**
   * Follows redirects until a page answers (returned with its body) or a redirect leaves for
   * `stopAt` (returned as that URL, not fetched).
   */
  async navigate(
    url: string | URL,
    stopAt: string,
    init: { method?: string; form?: Record<string, string> } = {},
  ): Promise<{ url: string; status: number; body: string; redirectedTo?: string }> {
    let current = new URL(url);
    let response = await this.request(current, init);
    for (let hops = 0; hops < 20 && response.status >= 300 && response.status < 400; hops++) {
      const location = new URL(response.headers.get('location') ?? '', current);
      if (location.href.startsWith(stopAt))
        return { url: current.href, status: response.status, body: '', redirectedTo: location.href };
      current = location;
      response = await this.request(current);
    }
    return { url: current.href, status: response.status, body: await response.text() };
  }
}

/** The fields and action of the first form on a page whose action matches. */
export function readForm(
  html: string,
  actionPattern: RegExp,
): { action: string; fields: Record<string, string> } {
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const action = /action="([^"]*)"/.exec(match[1] ?? '')?.[1]?.replaceAll('&amp;', '&') ?? '';
    if (!actionPattern.test(action)) continue;
    const fields: Record<string, string> = {};
    for (const input of (match[2] ?? '').matchAll(/<input\b([^>]*)>/g)) {
      const name = /name="([^"]*)"/.exec(input[1] ?? '')?.[1];
      const value = /value="([^"]*)"/.exec(input[1] ?? '')?.[1] ?? '';
      if (name)
        fields[name] = value
          .replaceAll('&amp;', '&')
          .replaceAll('&quot;', '"')
          .replaceAll('&#39;', "'")
          .replaceAll('&lt;', '<')
          .replaceAll('&gt;', '>');
    }
    return { action, fields };
  }
  throw new Error(`no form with an action matching ${actionPattern}`);
}
