export * from './model.js';
export {
  createTenantService,
  TENANT_CHANGED,
  type TenantInitializer,
  type TenantService,
} from './service.js';
