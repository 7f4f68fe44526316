/**
 * `node dist/main.js login`: an administrator signs in as themselves, with the device authorization
 * grant (RFC 8628) of the `gatehouse-cli` public client. The code and the address to type it
 * at go to stderr; the access token alone goes to stdout, so `TOKEN=$(node dist/main.js login)` works.
 */

export interface LoginOptions {
  /** Gatehouse's public URL (GATEHOUSE_BASE_URL). */
  url: string;
  tenant: string;
  client: string;
}

export interface LoginDeps {
  fetch: typeof fetch;
  /** Waits; the polling interval goes through it. */
  sleep(ms: number): Promise<void>;
  now(): number;
  /** The token. */
  out(line: string): void;
  /** Everything else: the instructions, progress, errors. */
  err(line: string): void;
}

export class LoginError extends Error {}

const USAGE = `Usage: node dist/main.js login [--url <base URL>] [--tenant <tenant>] [--client <client id>]

Signs in as an administrator with a code typed in a browser (the device flow), then prints
the admin API access token on stdout: TOKEN=$(node dist/main.js login)

  --url      Gatehouse's public URL (default: GATEHOUSE_BASE_URL, else http://localhost:8080)
  --tenant   the tenant to sign in to (default: admin)
  --client   the public client to sign in with (default: gatehouse-cli)`;

/** Reads the options; `undefined` for --help. Unknown options and missing values are errors. */
export function parseLoginArgs(args: readonly string[], env: NodeJS.ProcessEnv): LoginOptions | undefined {
  const options: LoginOptions = {
    url: env.GATEHOUSE_BASE_URL || 'http://localhost:8080',
    tenant: 'admin',
    client: 'gatehouse-cli',
  };
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] as string;
    if (arg === '--help' || arg === '-h') return undefined;
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg];
    const key = ({ '--url': 'url', '--tenant': 'tenant', '--client': 'client' } as const)[name as string];
    if (!key) throw new LoginError(`unknown option '${arg}'\n\n${USAGE}`);
    const value = inline ?? args[++index];
    if (!value) throw new LoginError(`${name} needs a value\n\n${USAGE}`);
    options[key] = value;
  }
  let base: URL;
  try {
    base = new URL(options.url);
  } catch {
    throw new LoginError(`--url '${options.url}' is not a URL`);
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:')
    throw new LoginError(`--url '${options.url}' must be an http or https URL`);
  options.url = base.href.replace(/\/+$/, '');
  return options;
}

interface DeviceAuthorization {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete?: string;
  expires_in: number;
  interval?: number;
}

interface TokenAnswer {
  access_token?: string;
  error?: string;
  error_description?: string;
}

/** What to say for an OAuth error: its code, and its description when the server gave one. */
const describe = (answer: TokenAnswer, status: number) =>
  answer.error
    ? `${answer.error}${answer.error_description ? `: ${answer.error_description}` : ''}`
    : `HTTP ${status}`;

async function postForm(deps: LoginDeps, url: string, form: Record<string, string>) {
  let response: Response;
  try {
    response = await deps.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form),
    });
  } catch (error) {
    throw new LoginError(`cannot reach ${new URL(url).origin}: ${(error as Error).message}`);
  }
  const text = await response.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new LoginError(`${url} answered HTTP ${response.status} without JSON; is --url Gatehouse's?`);
  }
  return { status: response.status, body };
}

/**
 * Runs the device flow: asks for a code, says where to type it, polls the token endpoint at the
 * interval the server gives (5 s by default, 5 s more at each `slow_down`) until the sign-in is
 * approved, refused or the code expires. Resolves with the access token (also written to `out`).
 */
export async function login(options: LoginOptions, deps: LoginDeps): Promise<string> {
  const issuer = `${options.url}/t/${encodeURIComponent(options.tenant)}`;
  const scope = `openid offline_access ${options.url}/api/.default`;
  const started = await postForm(deps, `${issuer}/oauth2/devicecode`, { client_id: options.client, scope });
  const device = started.body as Partial<DeviceAuthorization> & TokenAnswer;
  if (started.status !== 200 || !device.device_code || !device.user_code || !device.verification_uri) {
    throw new LoginError(
      `could not start the sign-in at ${options.tenant}: ${describe(device, started.status)}`,
    );
  }
  const expiresAt = deps.now() + (device.expires_in ?? 600) * 1000;
  deps.err(`Open ${device.verification_uri} and enter the code ${device.user_code}`);
  if (device.verification_uri_complete)
    deps.err(`(or open ${device.verification_uri_complete} and confirm the code)`);
  deps.err('Waiting for the sign-in to finish in the browser…');

  let interval = Math.max(1, device.interval ?? 5) * 1000;
  for (;;) {
    if (deps.now() + interval >= expiresAt) break;
    await deps.sleep(interval);
    const polled = await postForm(deps, `${issuer}/oauth2/token`, {
      grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
      device_code: device.device_code,
      client_id: options.client,
    });
    const answer = polled.body as TokenAnswer;
    if (polled.status === 200 && typeof answer.access_token === 'string') {
      deps.err('Signed in.');
      deps.out(answer.access_token);
      return answer.access_token;
    }
    switch (answer.error) {
      case 'authorization_pending':
        continue;
      case 'slow_down':
        interval += 5000;
        continue;
      case 'access_denied':
        throw new LoginError(`the sign-in was refused: ${describe(answer, polled.status)}`);
      case 'expired_token':
        throw new LoginError('the code expired before the sign-in finished; run the login command again');
      default:
        throw new LoginError(`the sign-in failed: ${describe(answer, polled.status)}`);
    }
  }
  throw new LoginError('the code expired before the sign-in finished; run the login command again');
}

/** `login …` from the command line; resolves with the process exit code. */
export async function runLoginCommand(args: readonly string[]): Promise<number> {
  const deps: LoginDeps = {
    fetch,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    now: () => Date.now(),
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  };
  try {
    const options = parseLoginArgs(args, process.env);
    if (!options) {
      deps.err(USAGE);
      return 0;
    }
    await login(options, deps);
    return 0;
  } catch (error) {
    if (!(error instanceof LoginError)) throw error;
    deps.err(`login: ${error.message}`);
    return 1;
  }
}
