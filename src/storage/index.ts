export * from './availability.js';
export * from './config-versions.js';
export * from './connect.js';
export type * from './database.js';
export * from './errors.js';
export { migrateToLatest } from './migrate.js';
export * from './pagination.js';
export * from './text-match.js';
