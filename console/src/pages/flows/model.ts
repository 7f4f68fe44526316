import type { paths } from '../../api/schema';

/** The shapes of src/flows/user-flows/model.ts and src/directory/model.ts, as the admin API answers them. */

export type SignInMethod = 'emailPassword' | 'emailOtp';
export const SIGN_IN_METHODS: SignInMethod[] = ['emailPassword', 'emailOtp'];

export type AttributeInputType = 'text' | 'dropdown' | 'radio' | 'checkbox' | 'multiSelect' | 'date';

export interface AttributeOption {
  value: string;
  label: string;
}

export interface AttributeValidation {
  minLength?: number;
  maxLength?: number;
  pattern?: string;
}

export interface UserFlowAttribute {
  attribute: string;
  required: boolean;
  inputType: AttributeInputType;
  label?: string | null;
  validation?: AttributeValidation;
  options?: AttributeOption[];
}

export interface UserFlow {
  id: string;
  displayName: string;
  isDefault: boolean;
  isSignUpAllowed: boolean;
  signInMethods: SignInMethod[];
  identityProviders: string[];
  attributes: UserFlowAttribute[];
  /** appIds of the apps that use this flow. */
  applications: string[];
  createdDateTime: string;
  lastModifiedDateTime: string;
}

export type CustomAttributeDataType = 'string' | 'boolean' | 'int' | 'dateTime';
export const DATA_TYPES: CustomAttributeDataType[] = ['string', 'boolean', 'int', 'dateTime'];

export interface CustomAttribute {
  id: string;
  name: string;
  dataType: CustomAttributeDataType;
  description: string | null;
  claimName: string;
  createdDateTime: string;
}

/** The built-in attributes a flow may collect (all strings), with their longest value. */
export const BUILT_IN_ATTRIBUTES = {
  displayName: 256,
  givenName: 64,
  surname: 64,
  city: 128,
  country: 128,
  postalCode: 40,
  state: 128,
  streetAddress: 1024,
  jobTitle: 128,
} as const;
export type BuiltInAttribute = keyof typeof BUILT_IN_ATTRIBUTES;
export const isBuiltIn = (name: string): name is BuiltInAttribute => Object.hasOwn(BUILT_IN_ATTRIBUTES, name);

/** The input types each data type can be collected with (INPUT_TYPES_BY_DATA_TYPE on the server). */
export const INPUT_TYPES: Record<CustomAttributeDataType, AttributeInputType[]> = {
  string: ['text', 'dropdown', 'radio', 'multiSelect', 'date'],
  boolean: ['checkbox'],
  int: ['text', 'dropdown', 'radio'],
  dateTime: ['date'],
};
export const WITH_OPTIONS: AttributeInputType[] = ['dropdown', 'radio', 'multiSelect'];

/** What the console needs of an application: its name and appId. */
export interface AppSummary {
  id: string;
  appId: string;
  displayName: string;
}

/** What the console needs of an identity provider to offer it in a flow. */
export interface ProviderSummary {
  id: string;
  displayName: string;
  '@odata.type': string;
}

export type CreateUserFlowBody =
  paths['/api/v1/tenants/{tenantId}/userFlows']['post']['requestBody']['content']['application/json'];
export type UpdateUserFlowBody = NonNullable<
  paths['/api/v1/tenants/{tenantId}/userFlows/{id}']['patch']['requestBody']
>['content']['application/json'];
export type CreateCustomAttributeBody =
  paths['/api/v1/tenants/{tenantId}/customAttributes']['post']['requestBody']['content']['application/json'];
