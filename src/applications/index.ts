export * from './model.js';
export {
  type ApplicationDeletedListener,
  type ApplicationService,
  createApplicationService,
} from './service.js';
export { createServicePrincipalService, type ServicePrincipalService } from './service-principals.js';
export { identifierUriProblem, redirectUriProblem } from './uris.js';
