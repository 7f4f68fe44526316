import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { callAdminApi, freePort } from './gatehouse.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The real server as an operator runs it: `node src/main.ts start` (through tsx) in a child
 * process, so a test can send it signals, kill it, or stop reading its output. It imports no
 * test framework (scripts in bench/ can use it too).
 */
export interface ChildGatehouse {
  baseUrl: string;
  child: ChildProcess;
  /** Resolves with the exit code, or the signal name, once the process is gone. */
  exited: Promise<number | string>;
  /** What it wrote to stderr (and to stdout, unless `stdout: 'unread'`). */
  output(): string;
  /** Calls the admin API with an admin token and parses the JSON reply. */
  // biome-ignore lint/suspicious/noExplicitAny: test responses are inspected freely
  api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** SIGKILL, if still running, and wait for the exit. */
  kill(): Promise<void>;
}

export interface ChildOptions {
  databaseUrl: string;
  dataDir: string;
  /** More settings (GATEHOUSE_*); the parent's own GATEHOUSE_* settings are never passed on. */
  env?: Record<string, string>;
  /**
   * `read` (default): the test keeps reading stdout. `unread`: stdout is a pipe nobody reads, as
   * when the parent that started the server has stopped reading (the pipe fills up).
   */
  stdout?: 'read' | 'unread';
  /** How long to wait for `/healthz`. */
  startTimeoutMs?: number;
}

export const ADMIN_CLIENT_SECRET = 'child-admin-cli-secret-0123456789';

export async function startChildGatehouse(options: ChildOptions): Promise<ChildGatehouse> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('GATEHOUSE_')),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'start'], {
    cwd: ROOT,
    env: {
      ...inherited,
      PORT: String(port),
      GATEHOUSE_HOST: '127.0.0.1',
      GATEHOUSE_BASE_URL: baseUrl,
      GATEHOUSE_DATA_DIR: options.dataDir,
      GATEHOUSE_DATABASE_URL: options.databaseUrl,
      GATEHOUSE_ADMIN_CLIENT_SECRET: ADMIN_CLIENT_SECRET,
      GATEHOUSE_KEY_ACTIVATION_DELAY: '0',
      GATEHOUSE_LOG_LEVEL: 'warn',
      // Every request comes from 127.0.0.1: the per-IP limit would stop a load.
      GATEHOUSE_SIGNIN_ATTEMPTS_PER_IP: '10000000',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stderr?.on('data', keep);
  if (options.stdout === 'unread') child.stdout?.pause();
  else child.stdout?.on('data', keep);
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );

  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`Gatehouse exited at start (${child.exitCode ?? child.signalCode}):\n${output}`);
    if (Date.now() > deadline) {
      await kill();
      throw new Error(`Gatehouse did not answer /healthz in time:\n${output}`);
    }
    const ok = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(1000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  let token: string | undefined;
  const adminToken = async () => {
    const response = await fetch(`${baseUrl}/t/admin/oauth2/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`gatehouse-admin-cli:${ADMIN_CLIENT_SECRET}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: `${baseUrl}/api/.default` }),
    });
    const body = (await response.json()) as { access_token?: string };
    if (!body.access_token) throw new Error(`no admin token: ${JSON.stringify(body)}`);
    return body.access_token;
  };
  return {
    baseUrl,
    child,
    exited,
    output: () => output,
    kill,
    async api(method, path, body) {
      token ??= await adminToken();
      return callAdminApi(baseUrl, token, method, path, body);
    },
  };
}
