export * from './model.js';
export { type ApplicationService, createApplicationService } from './service.js';
export { identifierUriProblem, redirectUriProblem } from './uris.js';
