export { findCssProblem, generateStylesheet, IMAGE_NAMES, type ImageName, sanitizeCustomCss } from './css.js';
export { inspectImage } from './images.js';
export * from './model.js';
export {
  type BrandingService,
  type BrandingServiceDeps,
  createBrandingService,
  localeChain,
} from './service.js';
