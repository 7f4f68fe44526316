export { collectAttributes } from './collect.js';
export {
  type AttributeField,
  type AttributeInputType,
  type AttributeOption,
  type AttributeProblem,
  type AttributeProblemCode,
  type AttributeValidation,
  BUILT_IN_DEFAULT_FLOW,
  type CollectedAttributes,
  type CreateUserFlowInput,
  createUserFlowSchema,
  INPUT_TYPES_BY_DATA_TYPE,
  type SignInMethod,
  type UpdateUserFlowInput,
  type UserFlow,
  type UserFlowAttribute,
  updateUserFlowSchema,
  userFlowErrors,
} from './model.js';
export { createUserFlowService, type UserFlowService, type UserFlowServiceDeps } from './service.js';
