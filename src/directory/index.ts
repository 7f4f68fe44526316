export * from './model.js';
export { createDirectoryService, type DirectoryService } from './service.js';
