export { classifyKeys } from './lifecycle.js';
export { loadMasterKey, MASTER_KEY_FILE } from './master-key.js';
export * from './model.js';
export { createKeyService, type KeyService } from './service.js';
