import { z } from 'zod';
import { AppError } from '../platform/index.js';

/** URL-safe: lower-case letters, digits and inner hyphens, 1–63 characters (a DNS label). */
export const tenantIdSchema = z
  .string()
  .regex(
    /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
    'must be 1-63 lower-case letters, digits or inner hyphens',
  );

/** A BCP 47 language tag such as `en`, `en-GB` or `zh-Hant-TW`. */
export const languageTagSchema = z
  .string()
  .regex(/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as en or en-GB');

export const tenantTypeSchema = z.enum(['customer', 'workforce']);
export type TenantType = z.infer<typeof tenantTypeSchema>;

export const createTenantSchema = z.strictObject({
  id: tenantIdSchema.optional(),
  displayName: z.string().trim().min(1).max(256),
  type: tenantTypeSchema.default('customer'),
  defaultLanguage: languageTagSchema.default('en'),
});
export type CreateTenantInput = z.input<typeof createTenantSchema>;

export const updateTenantSchema = z
  .strictObject({
    displayName: z.string().trim().min(1).max(256).optional(),
    defaultLanguage: languageTagSchema.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to update' });
export type UpdateTenantInput = z.input<typeof updateTenantSchema>;

export interface Tenant {
  id: string;
  displayName: string;
  type: TenantType;
  defaultLanguage: string;
  createdDateTime: string;
}

/** The workforce tenant where Gatehouse's own administrators live. */
export const ADMIN_TENANT_ID = 'admin';

export const tenantErrors = {
  notFound: (id: string) =>
    new AppError('tenant_not_found', 'notFound', `Tenant '${id}' does not exist.`, 'tenantId'),
  exists: (id: string) =>
    new AppError('tenant_exists', 'conflict', `A tenant with id '${id}' already exists.`, 'id'),
  protected: () =>
    new AppError('tenant_protected', 'conflict', 'The admin tenant cannot be deleted.', 'tenantId'),
};
