export * from './callout.js';
export * from './callout-token.js';
export * from './claims-mapping.js';
export * from './contract.js';
export * from './events.js';
export * from './model.js';
export * from './otp-send.js';
export * from './password-submit.js';
export * from './runner.js';
export {
  type BoundExtension,
  createExtensionService,
  EXTENSIONS_CHANGED,
  type ExtensionService,
  extensionErrors,
} from './service.js';
export {
  createTokenIssuance,
  type ProvidedClaims,
  type TokenIssuance,
  type TokenIssuanceInput,
} from './token-issuance.js';
