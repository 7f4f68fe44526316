export {
  createHttpSmsGateway,
  type HttpSmsGatewayOptions,
  type SmsGateway,
  SmsGatewayError,
  type SmsGatewayMessage,
} from './gateway.js';
export * from './model.js';
export { createSmsSender, type SmsSender, type SmsSenderDeps } from './service.js';
export {
  gsm7Length,
  MAX_SMS_APP_NAME,
  type RenderedSms,
  renderSmsCode,
  resolveSmsLanguage,
  SMS_LANGUAGES,
  type SmsLanguage,
} from './templates.js';
