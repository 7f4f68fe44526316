export {
  decodeValue,
  EXPECTED as CUSTOM_ATTRIBUTE_EXPECTED,
  encodeValue,
  isCalendarDate,
} from './attribute-values.js';
export { escapeLike, isSafeText, mailProblem, nameKey, usernameProblem } from './identifiers.js';
export * from './model.js';
export type { PasswordStrength, PasswordStrengthEstimator } from './password-strength.js';
export { createZxcvbnEstimator } from './password-strength.js';
export { needsRehash } from './passwords.js';
export {
  type CustomAttributeListener,
  createDirectoryService,
  type DirectoryService,
  type DirectoryServiceDeps,
  type GroupDeletedListener,
  type PasswordAuthentication,
  type PasswordContext,
  USER_CHANGED,
  type UserDeletedListener,
  type UserEvent,
  type UserEventListener,
} from './service.js';
