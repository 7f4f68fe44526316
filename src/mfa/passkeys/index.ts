export type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
export * from './model.js';
export {
  createPasskeyService,
  type PasskeyAuthenticationResult,
  type PasskeyService,
  type PasskeyServiceDeps,
} from './service.js';
