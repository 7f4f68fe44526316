import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from './support/gatehouse.js';

/** Runs the real CLI (`src/main.ts`) as `npm start` would, and reads what it prints. */
function runCli(env: Record<string, string>, args: string[] = ['start']) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], {
    env: { ...process.env, GATEHOUSE_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, output: () => output, exited };
}

async function waitFor(predicate: () => boolean, what: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (predicate()) return;
    if (child.exitCode !== null) throw new Error(`exited before ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('first start and restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-cli-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('migrates, creates the admin and demo tenants, prints the URLs and a one-time password; a restart keeps everything', async () => {
    const port = await freePort();
    const env = { PORT: String(port), GATEHOUSE_HOST: '127.0.0.1', GATEHOUSE_DATA_DIR: dataDir };
    const first = runCli(env);
    await waitFor(() => first.output().includes('Admin API'), 'the welcome text', first.child);
    const text = first.output();
    expect(text).toContain(`Gatehouse is running at http://localhost:${port}`);
    expect(text).toContain('admin@localhost');
    expect(text).toContain(`open http://localhost:${port}/console and sign in as admin@localhost`);
    const password = /with password (\S+)/.exec(text)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9_-]{20,}$/);

    // The landing page points at the console, which the server serves (built by npm run build).
    const landing = await fetch(`http://127.0.0.1:${port}/`);
    expect(landing.status).toBe(200);
    expect(await landing.text()).toContain('href="/console/"');
    const consoleConfig = await fetch(`http://127.0.0.1:${port}/console/config.json`);
    expect(await consoleConfig.json()).toMatchObject({ clientId: 'gatehouse-console' });

    const discovery = await fetch(`http://127.0.0.1:${port}/t/demo/.well-known/openid-configuration`);
    expect(discovery.status).toBe(200);
    expect(((await discovery.json()) as { issuer: string }).issuer).toBe(`http://localhost:${port}/t/demo`);

    // The master key was generated once, readable by its owner only.
    expect(statSync(join(dataDir, 'master.key')).mode & 0o777).toBe(0o600);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = runCli(env);
    await waitFor(() => second.output().includes('Admin API'), 'the welcome text', second.child);
    expect(second.output()).not.toMatch(/with password \S/);
    expect(second.output()).not.toContain(password);
    const again = await fetch(`http://127.0.0.1:${port}/t/demo/.well-known/openid-configuration`);
    expect(again.status).toBe(200);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ GATEHOUSE_DATABASE_URL: 'mysql://localhost/gatehouse' }, 'GATEHOUSE_DATABASE_URL'],
    [{ GATEHOUSE_MASTER_KEY: 'too-short' }, 'GATEHOUSE_MASTER_KEY'],
    [{ GATEHOUSE_BASE_URL: 'ftp://example.com' }, 'GATEHOUSE_BASE_URL'],
    [{ GATEHOUSE_ADMIN_CLIENT_SECRET: 'short' }, 'GATEHOUSE_ADMIN_CLIENT_SECRET'],
  ])('refuses to start with invalid configuration %o, naming %s', async (env, setting) => {
    const run = runCli({ GATEHOUSE_DATA_DIR: dataDir, ...env });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('Invalid configuration');
    expect(run.output()).toContain(setting);
  });

  it('migrates on demand with `migrate`', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-migrate-'));
    try {
      const run = runCli({ GATEHOUSE_DATA_DIR: dir }, ['migrate']);
      expect(await run.exited).toBe(0);
      expect(run.output()).toContain('001_foundation');
      const rerun = runCli({ GATEHOUSE_DATA_DIR: dir }, ['migrate']);
      expect(await rerun.exited).toBe(0);
      expect(rerun.output()).toContain('up to date');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
