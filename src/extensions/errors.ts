import { AppError } from '../platform/index.js';

/** The extensions domain's errors, with stable codes. */
export const extensionErrors = {
  notFound: (id: string) =>
    new AppError(
      'extension_not_found',
      'notFound',
      `Custom authentication extension '${id}' does not exist in this tenant.`,
      'id',
    ),
  listenerNotFound: (id: string) =>
    new AppError(
      'listener_not_found',
      'notFound',
      `Authentication event listener '${id}' does not exist in this tenant.`,
      'id',
    ),
  policyNotFound: (id: string) =>
    new AppError(
      'claims_mapping_policy_not_found',
      'notFound',
      `Claims mapping policy '${id}' does not exist in this tenant.`,
      'id',
    ),
  invalid: (message: string, target: string) => new AppError('invalid_extension', 'invalid', message, target),
  tooMany: (what: string, max: number) =>
    new AppError('too_many', 'conflict', `A tenant can have at most ${max} ${what}.`),
};
