import { defineConfig } from 'vitest/config';

/** `npm run test:browser`: the Chromium tests only (Debian's /usr/bin/chromium via playwright-core). */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    // The console the tests drive, built from its sources first.
    globalSetup: ['test/browser/build-console.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One browser at a time: the files share the machine with a Gatehouse each.
    fileParallelism: false,
  },
});
