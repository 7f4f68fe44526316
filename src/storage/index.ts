export * from './connect.js';
export type * from './database.js';
export { migrateToLatest } from './migrate.js';
export * from './pagination.js';
export * from './errors.js';
