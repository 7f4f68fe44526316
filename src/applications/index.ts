export * from './model.js';
export {
  type ApplicationDeletedListener,
  type ApplicationService,
  createApplicationService,
} from './service.js';
export { identifierUriProblem, redirectUriProblem } from './uris.js';
