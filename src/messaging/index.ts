export * from './model.js';
export { createMailer, type Mailer, type MailerDeps } from './service.js';
