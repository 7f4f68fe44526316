export * from './model.js';
export {
  createMailer,
  type DeliveryFailure,
  MAX_ATTEMPTS,
  type Mailer,
  type MailerDeps,
  RETRY_DELAYS_MS,
} from './service.js';
export * from './sms/index.js';
export { DEFAULT_ACCENT, type RenderedMail, renderMail, resolveMailLanguage } from './templates/index.js';
