import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Browser tests' global setup: the console they drive is built from the sources as they are
 * now (a few seconds), unless GATEHOUSE_TEST_CONSOLE_DIR names a build already made.
 */
export default function setup(): void {
  if (process.env.GATEHOUSE_TEST_CONSOLE_DIR) return;
  execFileSync('npx', ['vite', 'build', '--config', 'console/vite.config.ts', '--logLevel', 'warn'], {
    cwd: fileURLToPath(new URL('../..', import.meta.url)),
    stdio: 'inherit',
    // Vitest sets NODE_ENV=test, which would give React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
  });
}
