/**
 * Generates the console's admin API types (console/src/api/schema.d.ts) from the OpenAPI
 * document the server serves, built from the route declarations. `--write` rewrites the file;
 * without it, exits 1 when the file is stale (the test suite checks the same).
 *
 *   node --import tsx scripts/console-api-types.ts --write
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { consoleApiTypes } from '../test/support/console-api-types.js';

const file = new URL('../console/src/api/schema.d.ts', import.meta.url);
const current = (() => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
})();
const next = await consoleApiTypes();
if (process.argv.includes('--write')) {
  writeFileSync(file, next);
  console.log(next === current ? 'schema.d.ts: already up to date' : 'schema.d.ts: rewritten');
} else if (next !== current) {
  console.error(
    'console/src/api/schema.d.ts is stale; run: node --import tsx scripts/console-api-types.ts --write',
  );
  process.exitCode = 1;
} else {
  console.log('console/src/api/schema.d.ts: up to date');
}
