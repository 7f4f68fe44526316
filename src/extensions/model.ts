import { z } from 'zod';
import { type AuthenticationEvent, EVENTS, eventOfExtensionType, eventOfListenerType } from './events.js';

const guid = z.uuid({ message: 'must be a GUID' });
/** A Graph `@odata.type` that may be given on a nested object; when given it must be this one. */
const odataTypeOf = (name: string) =>
  z
    .string()
    .max(200)
    .refine((v) => v.replace(/^#/, '').toLowerCase() === `microsoft.graph.${name}`.toLowerCase(), {
      message: `must be #microsoft.graph.${name}`,
    })
    .optional();

/** https, or http to this machine (an extension under development on the admin's machine). */
export function targetUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.username || url.password) return 'must not carry credentials';
  if (url.hash) return 'must not have a fragment';
  if (url.protocol === 'https:') return undefined;
  const local = url.hostname === 'localhost' || url.hostname === '127.0.0.1';
  if (url.protocol === 'http:' && local) return undefined;
  return 'must be an https URL (http only for localhost or 127.0.0.1)';
}

export const clientConfigurationSchema = z.strictObject({
  '@odata.type': odataTypeOf('customExtensionClientConfiguration'),
  timeoutInMilliseconds: z
    .number()
    .int()
    .min(200, { message: 'must be between 200 and 2000' })
    .max(2000, { message: 'must be between 200 and 2000' })
    .nullable()
    .optional(),
  maximumRetries: z
    .number()
    .int()
    .min(0, { message: 'must be 0 or 1' })
    .max(1, { message: 'must be 0 or 1' })
    .nullable()
    .optional(),
});

const behaviorOnErrorSchema = z
  .strictObject({
    '@odata.type': z
      .string()
      .max(200)
      .refine(
        (v) =>
          [
            'microsoft.graph.fallbacktomicrosoftprovideronerror',
            'microsoft.graph.customextensionbehavioronerror',
          ].includes(v.replace(/^#/, '').toLowerCase()),
        { message: 'must be #microsoft.graph.fallbackToMicrosoftProviderOnError' },
      ),
  })
  .nullable();

const extensionFields = {
  displayName: z.string().trim().min(1).max(256),
  description: z.string().max(1024).nullable().optional(),
  endpointConfiguration: z.strictObject({
    '@odata.type': odataTypeOf('httpRequestEndpoint'),
    targetUrl: z
      .string()
      .trim()
      .max(2048)
      .superRefine((value, ctx) => {
        const problem = targetUrlProblem(value);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
  }),
  authenticationConfiguration: z.strictObject({
    '@odata.type': odataTypeOf('azureAdTokenAuthentication'),
    /** The API app the callout's token is for: its appId or one of its identifierUris. */
    resourceId: z.string().trim().min(1).max(2048),
  }),
  clientConfiguration: clientConfigurationSchema.nullable().optional(),
  /** Only the email OTP extension has one: fall back to Gatehouse's own email when the call fails. */
  behaviorOnError: behaviorOnErrorSchema.optional(),
  /** Only the token issuance extension: the claims its API answers with. */
  claimsForTokenConfiguration: z
    .array(
      z.strictObject({
        '@odata.type': odataTypeOf('onTokenIssuanceStartReturnClaim'),
        claimIdInApiResponse: z.string().trim().min(1).max(128),
      }),
    )
    .max(50)
    .optional(),
};

const extensionType = z
  .string()
  .max(200)
  .refine((v) => eventOfExtensionType(v) !== undefined, {
    message: `must be one of ${Object.values(EVENTS)
      .map((e) => `#microsoft.graph.${e.extensionType}`)
      .join(', ')}`,
  });

export const createExtensionSchema = z.strictObject({ '@odata.type': extensionType, ...extensionFields });
export type CreateExtensionInput = z.infer<typeof createExtensionSchema>;

export const updateExtensionSchema = z
  .strictObject({
    '@odata.type': extensionType.optional(),
    displayName: extensionFields.displayName.optional(),
    description: extensionFields.description,
    endpointConfiguration: extensionFields.endpointConfiguration.optional(),
    authenticationConfiguration: extensionFields.authenticationConfiguration.optional(),
    clientConfiguration: extensionFields.clientConfiguration,
    behaviorOnError: extensionFields.behaviorOnError,
    claimsForTokenConfiguration: extensionFields.claimsForTokenConfiguration,
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to update' });
export type UpdateExtensionInput = z.infer<typeof updateExtensionSchema>;

/** What Gatehouse keeps of an extension beyond its name and kind. */
export interface ExtensionSettings {
  targetUrl: string;
  resourceId: string;
  timeoutInMilliseconds: number | null;
  maximumRetries: number | null;
  fallbackOnError: boolean;
  claimIds: string[];
}

export interface CustomExtension {
  id: string;
  tenantId: string;
  event: AuthenticationEvent;
  displayName: string;
  description: string | null;
  settings: ExtensionSettings;
}

export const DEFAULT_TIMEOUT_MS = 1000;
export const DEFAULT_MAXIMUM_RETRIES = 1;

/** Graph `customAuthenticationExtension` (the derived type of its event). */
export function extensionView(extension: CustomExtension) {
  const { settings } = extension;
  return {
    '@odata.type': `#microsoft.graph.${EVENTS[extension.event].extensionType}`,
    id: extension.id,
    displayName: extension.displayName,
    description: extension.description,
    endpointConfiguration: {
      '@odata.type': '#microsoft.graph.httpRequestEndpoint',
      targetUrl: settings.targetUrl,
    },
    authenticationConfiguration: {
      '@odata.type': '#microsoft.graph.azureAdTokenAuthentication',
      resourceId: settings.resourceId,
    },
    clientConfiguration: {
      timeoutInMilliseconds: settings.timeoutInMilliseconds,
      maximumRetries: settings.maximumRetries,
    },
    behaviorOnError: settings.fallbackOnError
      ? { '@odata.type': '#microsoft.graph.fallbackToMicrosoftProviderOnError' }
      : null,
    ...(extension.event === 'tokenIssuanceStart' && {
      claimsForTokenConfiguration: settings.claimIds.map((claimIdInApiResponse) => ({
        claimIdInApiResponse,
      })),
    }),
  };
}

// --- listeners -------------------------------------------------------------------------------

const listenerType = z
  .string()
  .max(200)
  .refine((v) => eventOfListenerType(v) !== undefined, {
    message: `must be one of ${Object.values(EVENTS)
      .map((e) => `#microsoft.graph.${e.listenerType}`)
      .join(', ')}`,
  });

const conditionsSchema = z.strictObject({
  '@odata.type': odataTypeOf('authenticationConditions'),
  applications: z.strictObject({
    '@odata.type': odataTypeOf('authenticationConditionsApplications'),
    includeAllApplications: z.boolean().optional(),
    includeApplications: z
      .array(
        z.strictObject({ '@odata.type': odataTypeOf('authenticationConditionApplication'), appId: guid }),
      )
      .max(100)
      .default([]),
  }),
});

const handlerSchema = z.strictObject({
  '@odata.type': z.string().max(200),
  customExtension: z.strictObject({ '@odata.type': z.string().max(200).optional(), id: guid }),
  configuration: z
    .strictObject({
      '@odata.type': odataTypeOf('customExtensionOverwriteConfiguration'),
      clientConfiguration: clientConfigurationSchema.nullable().optional(),
      behaviorOnError: behaviorOnErrorSchema.optional(),
    })
    .nullable()
    .optional(),
  /** Password submit only: the boolean attribute that says a user still has to be migrated. */
  migrationPropertyId: z.string().trim().min(1).max(256).optional(),
});

const listenerFields = {
  displayName: z.string().trim().max(256).nullable().optional(),
  priority: z.number().int().min(0).max(1000).optional(),
  conditions: conditionsSchema,
  handler: handlerSchema,
};

export const createListenerSchema = z.strictObject({ '@odata.type': listenerType, ...listenerFields });
export type CreateListenerInput = z.infer<typeof createListenerSchema>;

export const updateListenerSchema = z
  .strictObject({
    '@odata.type': listenerType.optional(),
    displayName: listenerFields.displayName,
    priority: listenerFields.priority,
    conditions: conditionsSchema.optional(),
    handler: handlerSchema.partial().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to update' });
export type UpdateListenerInput = z.infer<typeof updateListenerSchema>;

export interface ListenerHandler {
  extensionId: string;
  /** Overrides of the extension's client configuration for this listener. */
  timeoutInMilliseconds?: number | null;
  maximumRetries?: number | null;
  fallbackOnError?: boolean;
  migrationPropertyId?: string;
}

export interface Listener {
  id: string;
  tenantId: string;
  event: AuthenticationEvent;
  displayName: string | null;
  priority: number;
  includeAllApplications: boolean;
  includeApplications: string[];
  handler: ListenerHandler;
  createdAt: string;
}

/** Graph `authenticationEventListener` (the derived type of its event). */
export function listenerView(listener: Listener) {
  const { handler } = listener;
  const overrides =
    handler.timeoutInMilliseconds !== undefined ||
    handler.maximumRetries !== undefined ||
    handler.fallbackOnError !== undefined;
  return {
    '@odata.type': `#microsoft.graph.${EVENTS[listener.event].listenerType}`,
    id: listener.id,
    displayName: listener.displayName,
    priority: listener.priority,
    authenticationEventsFlowId: null,
    conditions: {
      applications: {
        includeAllApplications: listener.includeAllApplications,
        includeApplications: listener.includeApplications.map((appId) => ({ appId })),
      },
    },
    handler: {
      '@odata.type': `#microsoft.graph.${EVENTS[listener.event].handlerType}`,
      customExtension: { id: handler.extensionId },
      configuration: overrides
        ? {
            '@odata.type': '#microsoft.graph.customExtensionOverwriteConfiguration',
            clientConfiguration: {
              timeoutInMilliseconds: handler.timeoutInMilliseconds ?? null,
              maximumRetries: handler.maximumRetries ?? null,
            },
            ...(handler.fallbackOnError !== undefined && {
              behaviorOnError: handler.fallbackOnError
                ? { '@odata.type': '#microsoft.graph.fallbackToMicrosoftProviderOnError' }
                : null,
            }),
          }
        : null,
      ...(handler.migrationPropertyId !== undefined && { migrationPropertyId: handler.migrationPropertyId }),
    },
  };
}

// --- claims-mapping policies -----------------------------------------------------------------

/** One `ClaimsSchema` entry Gatehouse understands: a claim from the claims provider, or a constant. */
export type ClaimsSchemaEntry =
  | { source: 'CustomClaimsProvider'; id: string; jwtClaimType: string }
  | { source: 'constant'; value: string; jwtClaimType: string };

export interface ClaimsMappingPolicy {
  id: string;
  tenantId: string;
  displayName: string;
  /** The definition as given (Graph keeps the JSON text). */
  definition: string;
  claims: ClaimsSchemaEntry[];
}

export const createClaimsMappingPolicySchema = z.strictObject({
  displayName: z.string().trim().min(1).max(256),
  definition: z
    .array(z.string().max(16_384))
    .length(1, { message: 'must hold exactly one policy definition' }),
  isOrganizationDefault: z
    .literal(false, {
      message: 'organization-wide default policies are not supported: assign the policy to apps',
    })
    .optional(),
});
export type CreateClaimsMappingPolicyInput = z.infer<typeof createClaimsMappingPolicySchema>;

export const updateClaimsMappingPolicySchema = createClaimsMappingPolicySchema
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to update' });

export const claimsMappingPolicyView = (policy: ClaimsMappingPolicy) => ({
  id: policy.id,
  displayName: policy.displayName,
  definition: [policy.definition],
  isOrganizationDefault: false,
});

/** `POST …/claimsMappingPolicies/$ref`. */
export const policyReferenceSchema = z.strictObject({ '@odata.id': z.string().trim().min(1).max(2048) });
