export { type AccessAnalysis, type AccessAnalysisDeps, createAccessAnalysis } from './analysis.js';
export { parseCidr } from './cidr.js';
export {
  type AccessCheck,
  type AccessEnforcer,
  type AccessEnforcerDeps,
  type AccessFacts,
  clientAppTypeOf,
  createAccessEnforcer,
  NOTHING_PROVED,
  platformOf,
  provedBy,
} from './enforcer.js';
export * from './model.js';
export {
  accessErrors,
  COUNTRY_CODES,
  type ConditionalAccessAnalysis,
  type CreateFromTemplateInput,
  type CreateNamedLocationInput,
  type CreatePolicyInput,
  checkPolicyRules,
  countryCodeSchema,
  createFromTemplateSchema,
  createNamedLocationSchema,
  createPolicySchema,
  type ImpactRequest,
  impactRequestSchema,
  MAX_IP_RANGES,
  type PolicyFields,
  templateIdSchema,
  type UpdateNamedLocationInput,
  type UpdatePolicyInput,
  updateNamedLocationSchema,
  updatePolicySchema,
  type WhatIfRequest,
  whatIfRequestSchema,
} from './schemas.js';
export {
  ACCESS_RULES_CHANGED,
  type AccessDirectory,
  type ConditionalAccessService,
  type ConditionalAccessServiceDeps,
  createConditionalAccessService,
} from './service.js';
export {
  ADMIN_MFA_TEMPLATE_ID,
  type ConditionalAccessTemplate,
  TEMPLATES,
  type TemplateScenario,
} from './templates.js';
