export * from './clock.js';
export * from './crypto.js';
export * from './errors.js';
export * from './events.js';
export * from './hashing.js';
export * from './ids.js';
export * from './jobs.js';
export * from './logger.js';
