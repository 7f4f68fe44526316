export {
  createDirectorySettingSchema,
  createDirectorySettings,
  type DirectorySetting,
  type DirectorySettings,
  type DirectorySettingTemplate,
  PASSWORD_RULE_SETTINGS,
  updateDirectorySettingSchema,
} from './directory-settings.js';
export * from './model.js';
export {
  createTenantService,
  TENANT_CHANGED,
  type TenantInitializer,
  type TenantService,
} from './service.js';
