export * from './model.js';
export { createSignInRecorder, type SignInRecorder, type SignInRecorderDeps } from './recorder.js';
export { createSignInLogService, type SignInLogService } from './service.js';
