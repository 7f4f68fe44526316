export * from './model.js';
export { createApplicationService, type ApplicationService } from './service.js';
export { redirectUriProblem, identifierUriProblem } from './uris.js';
