import { z } from 'zod';
import {
  BUILT_IN_ATTRIBUTES,
  type CustomAttribute,
  type CustomAttributeDataType,
  isBuiltInAttribute,
  isSafeText,
} from '../../directory/index.js';
import { AppError, checkAdminPattern, isGuid, MAX_PATTERN_LENGTH } from '../../platform/index.js';

// ---------------------------------------------------------------------------------------------
// User flows: the sign-up and sign-in experience an application uses.

export const signInMethodSchema = z.enum(['emailPassword', 'emailOtp']);
export type SignInMethod = z.infer<typeof signInMethodSchema>;

export const inputTypeSchema = z.enum(['text', 'dropdown', 'radio', 'checkbox', 'multiSelect', 'date']);
export type AttributeInputType = z.infer<typeof inputTypeSchema>;

export interface AttributeOption {
  value: string;
  label: string;
}

export interface AttributeValidation {
  minLength?: number;
  maxLength?: number;
  /**
   * A regular expression the whole value must match, in RE2 syntax (run in linear time by
   * `compileAdminPattern`, never by `RegExp`): at most 256 characters, no backreferences or lookaround.
   */
  pattern?: string;
}

export interface UserFlowAttribute {
  /** A built-in attribute (displayName, givenName, …) or the name of a custom attribute of the tenant. */
  attribute: string;
  required: boolean;
  inputType: AttributeInputType;
  /** null: the page's localised label of a built-in, or the custom attribute's name. */
  label?: string | null;
  validation?: AttributeValidation;
  /** The choices of a dropdown, radio or multiSelect. */
  options?: AttributeOption[];
}

export interface UserFlow {
  id: string;
  displayName: string;
  /** The tenant's default flow, used by apps no flow lists; at most one per tenant. */
  isDefault: boolean;
  isSignUpAllowed: boolean;
  signInMethods: SignInMethod[];
  /** Ids of identity providers (federation); none yet. */
  identityProviders: string[];
  /** Collected at sign-up, in this order. */
  attributes: UserFlowAttribute[];
  /** appIds of the tenant's apps that use this flow; an app uses one flow. */
  applications: string[];
  createdDateTime: string;
  lastModifiedDateTime: string;
}

/**
 * The flow of a tenant that has defined none (and of apps no flow lists when there is no
 * default): sign-in only, as in Entra, where an app takes sign-ups only through a user flow
 * an administrator made for it. Nobody signs up because nobody said no.
 */
export const BUILT_IN_DEFAULT_FLOW: Readonly<UserFlow> = Object.freeze({
  id: 'default',
  displayName: 'Default sign-in',
  isDefault: true,
  isSignUpAllowed: false,
  signInMethods: ['emailPassword'],
  identityProviders: [],
  attributes: [{ attribute: 'displayName', required: true, inputType: 'text' }],
  applications: [],
  createdDateTime: '1970-01-01T00:00:00.000Z',
  lastModifiedDateTime: '1970-01-01T00:00:00.000Z',
}) as UserFlow;

/** What a form needs to render (and `collectAttributes` to check) one attribute. */
export interface AttributeField {
  /** The attribute name, used as the form field name. */
  name: string;
  builtIn: boolean;
  /** An explicit label; null for a built-in without one (the page localises it). */
  label: string | null;
  inputType: AttributeInputType;
  dataType: CustomAttributeDataType;
  required: boolean;
  options: AttributeOption[];
  validation: AttributeValidation;
}

export type AttributeProblemCode =
  | 'required'
  | 'tooShort'
  | 'tooLong'
  | 'pattern'
  | 'invalidOption'
  | 'invalidDate'
  | 'invalidNumber';

export interface AttributeProblem {
  code: AttributeProblemCode;
  min?: number;
  max?: number;
}

export type CollectedAttributes =
  | { ok: true; values: Record<string, string | boolean | number | null> }
  | { ok: false; errors: Record<string, AttributeProblem> };

// ---------------------------------------------------------------------------------------------
// Admin input

const MAX_ATTRIBUTES = 30;
const MAX_OPTIONS = 50;
export const MAX_VALUE_LENGTH = 1024;

const text = (max: number) =>
  z.string().trim().min(1).max(max).refine(isSafeText, { message: 'must not contain control characters' });

const optionSchema = z.strictObject({ value: text(256), label: text(256) });

const validationSchema = z
  .strictObject({
    minLength: z.number().int().min(0).max(MAX_VALUE_LENGTH).optional(),
    maxLength: z.number().int().min(1).max(MAX_VALUE_LENGTH).optional(),
    pattern: z.string().min(1).max(MAX_PATTERN_LENGTH).optional(),
  })
  .refine((v) => v.minLength === undefined || v.maxLength === undefined || v.minLength <= v.maxLength, {
    message: 'minLength must not be greater than maxLength',
    path: ['minLength'],
  });

export const userFlowAttributeSchema = z.strictObject({
  attribute: z.string().min(1).max(64),
  required: z.boolean().default(false),
  inputType: inputTypeSchema.default('text'),
  label: text(256).nullable().optional(),
  validation: validationSchema.optional(),
  options: z
    .array(optionSchema)
    .min(1)
    .max(MAX_OPTIONS)
    .refine((options) => new Set(options.map((o) => o.value)).size === options.length, {
      message: 'option values must be unique',
    })
    .optional(),
});
export type UserFlowAttributeInput = z.output<typeof userFlowAttributeSchema>;

const flowFields = {
  displayName: text(256),
  isDefault: z.boolean().optional(),
  isSignUpAllowed: z.boolean().optional(),
  signInMethods: z
    .array(signInMethodSchema)
    .min(1, { message: 'at least one sign-in method' })
    .refine((methods) => new Set(methods).size === methods.length, {
      message: 'each method may be listed once',
    })
    .optional(),
  identityProviders: z
    .array(z.uuid({ message: 'must be an identity provider id' }))
    .max(20)
    .refine((ids) => new Set(ids).size === ids.length, { message: 'each provider may be listed once' })
    .optional(),
  attributes: z
    .array(userFlowAttributeSchema)
    .max(MAX_ATTRIBUTES)
    .refine(
      (attributes) => new Set(attributes.map((a) => a.attribute.toLowerCase())).size === attributes.length,
      { message: 'each attribute may be collected once' },
    )
    .optional(),
  applications: z
    .array(
      z
        .string()
        .trim()
        .min(1)
        .max(128)
        // appIds are lower-case GUIDs (built-in clients excepted): a GUID matches in any case.
        .transform((v) => (isGuid(v) ? v.toLowerCase() : v)),
    )
    .max(500)
    .refine((apps) => new Set(apps).size === apps.length, { message: 'each application may be listed once' })
    .optional(),
};

export const createUserFlowSchema = z.strictObject(flowFields);
export type CreateUserFlowInput = z.input<typeof createUserFlowSchema>;

export const updateUserFlowSchema = z
  .strictObject({ ...flowFields, displayName: flowFields.displayName.optional() })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to update' });
export type UpdateUserFlowInput = z.input<typeof updateUserFlowSchema>;

// ---------------------------------------------------------------------------------------------
// Rules: which input fits which attribute

/** The input types each dataType can be collected with. */
export const INPUT_TYPES_BY_DATA_TYPE: Record<CustomAttributeDataType, readonly AttributeInputType[]> = {
  string: ['text', 'dropdown', 'radio', 'multiSelect', 'date'],
  boolean: ['checkbox'],
  int: ['text', 'dropdown', 'radio'],
  dateTime: ['date'],
};

const WITH_OPTIONS: readonly AttributeInputType[] = ['dropdown', 'radio', 'multiSelect'];

// ---------------------------------------------------------------------------------------------
// Errors

export const userFlowErrors = {
  notFound: (id: string) =>
    new AppError('user_flow_not_found', 'notFound', `User flow '${id}' does not exist in this tenant.`, 'id'),
  unknownAttribute: (name: string, index: number) =>
    new AppError(
      'unknown_attribute',
      'invalid',
      `'${name}' is neither a built-in attribute (${Object.keys(BUILT_IN_ATTRIBUTES).join(', ')}) nor a custom attribute of this tenant.`,
      `attributes.${index}.attribute`,
    ),
  inputTypeMismatch: (name: string, dataType: CustomAttributeDataType, index: number) =>
    new AppError(
      'invalid_input_type',
      'invalid',
      `'${name}' holds ${dataType} values: collect it with ${INPUT_TYPES_BY_DATA_TYPE[dataType].join(', ')}.`,
      `attributes.${index}.inputType`,
    ),
  optionsRequired: (index: number) =>
    new AppError(
      'options_required',
      'invalid',
      'A dropdown, radio or multiSelect needs 1-50 options.',
      `attributes.${index}.options`,
    ),
  optionsForbidden: (inputType: AttributeInputType, index: number) =>
    new AppError(
      'options_not_allowed',
      'invalid',
      `A ${inputType} input has no options.`,
      `attributes.${index}.options`,
    ),
  invalidOption: (message: string, index: number, option: number) =>
    new AppError('invalid_option', 'invalid', message, `attributes.${index}.options.${option}.value`),
  validationNotAllowed: (index: number) =>
    new AppError(
      'validation_not_allowed',
      'invalid',
      'minLength, maxLength and pattern apply to text inputs of string attributes only.',
      `attributes.${index}.validation`,
    ),
  maxLengthTooLarge: (max: number, index: number) =>
    new AppError(
      'invalid_max_length',
      'invalid',
      `This attribute holds at most ${max} characters; maxLength must not exceed it.`,
      `attributes.${index}.validation.maxLength`,
    ),
  invalidPattern: (message: string, index: number) =>
    new AppError('invalid_pattern', 'invalid', message, `attributes.${index}.validation.pattern`),
  unknownIdentityProvider: (id: string, index: number) =>
    new AppError(
      'unknown_identity_provider',
      'invalid',
      `No identity provider of this tenant has id '${id}'.`,
      `identityProviders.${index}`,
    ),
  signUpNotAvailable: () =>
    new AppError(
      'sign_up_not_available',
      'invalid',
      'Workforce tenants never offer self-service sign-up: their users are created by administrators.',
      'isSignUpAllowed',
    ),
  unknownApplication: (appId: string, index: number) =>
    new AppError(
      'unknown_application',
      'invalid',
      `No application of this tenant has appId '${appId}'.`,
      `applications.${index}`,
    ),
};

/** Checks one flow attribute against what it collects; throws the first problem. */
export function checkFlowAttribute(
  attribute: UserFlowAttributeInput,
  index: number,
  customByName: Map<string, CustomAttribute>,
): UserFlowAttribute {
  const builtIn = isBuiltInAttribute(attribute.attribute);
  const custom = builtIn ? undefined : customByName.get(attribute.attribute.toLowerCase());
  if (!builtIn && !custom) throw userFlowErrors.unknownAttribute(attribute.attribute, index);
  // The canonical spelling of the name.
  const name = custom ? custom.name : attribute.attribute;
  const dataType: CustomAttributeDataType = custom ? custom.dataType : 'string';
  const { inputType } = attribute;
  if (!INPUT_TYPES_BY_DATA_TYPE[dataType].includes(inputType))
    throw userFlowErrors.inputTypeMismatch(name, dataType, index);

  const withOptions = WITH_OPTIONS.includes(inputType);
  if (withOptions && !attribute.options) throw userFlowErrors.optionsRequired(index);
  if (!withOptions && attribute.options) throw userFlowErrors.optionsForbidden(inputType, index);
  (attribute.options ?? []).forEach((option, position) => {
    if (
      dataType === 'int' &&
      !(/^[+-]?\d+$/.test(option.value) && Number.isSafeInteger(Number(option.value)))
    )
      throw userFlowErrors.invalidOption(
        'The options of a whole-number attribute must be whole numbers.',
        index,
        position,
      );
    // Selected values are stored joined by ',': a comma inside one would split it.
    if (inputType === 'multiSelect' && option.value.includes(','))
      throw userFlowErrors.invalidOption(
        'A multiSelect option value must not contain a comma.',
        index,
        position,
      );
  });

  const validation = attribute.validation;
  if (validation && Object.keys(validation).length > 0) {
    if (inputType !== 'text' || dataType !== 'string') throw userFlowErrors.validationNotAllowed(index);
    const cap = builtIn
      ? BUILT_IN_ATTRIBUTES[name as keyof typeof BUILT_IN_ATTRIBUTES].maxLength
      : MAX_VALUE_LENGTH;
    if (validation.maxLength !== undefined && validation.maxLength > cap)
      throw userFlowErrors.maxLengthTooLarge(cap, index);
    if (validation.minLength !== undefined && validation.minLength > cap)
      throw userFlowErrors.maxLengthTooLarge(cap, index);
    if (validation.pattern !== undefined) {
      const checked = checkAdminPattern(validation.pattern);
      if (!checked.ok) throw userFlowErrors.invalidPattern(checked.reason, index);
    }
  }
  return {
    attribute: name,
    required: attribute.required,
    inputType,
    label: attribute.label ?? null,
    ...(validation && Object.keys(validation).length > 0 && { validation }),
    ...(attribute.options && { options: attribute.options }),
  };
}
