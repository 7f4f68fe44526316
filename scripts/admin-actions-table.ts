/**
 * Generates the "Route → action → built-in roles" tables of docs/admin-api.md from the route
 * declarations. `--write` rewrites the section; without it, exits 1 when the section is stale.
 *
 *   node --import tsx scripts/admin-actions-table.ts --write
 */
import { readFileSync, writeFileSync } from 'node:fs';
import {
  adminApiDocument,
  renderActionsTable,
  withActionsTable,
} from '../src/http/admin-api/actions-table.js';

const file = new URL('../docs/admin-api.md', import.meta.url);
const text = readFileSync(file, 'utf8');
const next = withActionsTable(text, renderActionsTable(await adminApiDocument()));
if (process.argv.includes('--write')) {
  writeFileSync(file, next);
  console.log(next === text ? 'docs/admin-api.md: already up to date' : 'docs/admin-api.md: table rewritten');
} else if (next !== text) {
  console.error('docs/admin-api.md: the admin actions table is stale; run with --write');
  process.exitCode = 1;
} else {
  console.log('docs/admin-api.md: up to date');
}
