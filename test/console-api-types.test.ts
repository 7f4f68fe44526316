import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { consoleApiTypes } from './support/console-api-types.js';

describe("the console's admin API types", () => {
  it('match the served OpenAPI document (npm run api-types rewrites them)', async () => {
    const committed = readFileSync(new URL('../console/src/api/schema.d.ts', import.meta.url), 'utf8');
    expect(
      committed === (await consoleApiTypes()),
      'console/src/api/schema.d.ts is stale: run npm run api-types',
    ).toBe(true);
  });
});
