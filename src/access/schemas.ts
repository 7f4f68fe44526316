import { z } from 'zod';
import { isSafeText } from '../directory/index.js';
import { AppError, inUseError, isGuid } from '../platform/index.js';
import { parseCidr } from './cidr.js';
import { AUTHENTICATION_STRENGTHS } from './model.js';

// ---------------------------------------------------------------------------------------------
// Errors

export const accessErrors = {
  policyNotFound: (id: string) =>
    new AppError('policy_not_found', 'notFound', `Conditional Access policy '${id}' does not exist.`, 'id'),
  namedLocationNotFound: (id: string) =>
    new AppError('named_location_not_found', 'notFound', `Named location '${id}' does not exist.`, 'id'),
  templateNotFound: (id: string) =>
    new AppError(
      'template_not_found',
      'notFound',
      `Conditional Access template '${id}' does not exist.`,
      'id',
    ),
  /** A rule Entra applies to a policy (or a template's input) is broken. */
  invalidPolicy: (message: string, target: string) =>
    new AppError('invalid_policy', 'invalid', message, target),
  unknownReference: (message: string, target: string) =>
    new AppError('unknown_reference', 'invalid', message, target),
  namedLocationInUse: (id: string, policies: { id: string; displayName: string }[]) =>
    inUseError('named_location_in_use', `Named location '${id}'`, policies, {
      one: 'the policy',
      many: 'the policies',
      detailCode: 'used_by_policy',
    }),
  namedLocationTypeChange: () =>
    new AppError(
      'named_location_type_change',
      'invalid',
      "A named location's @odata.type cannot change; create a new named location instead.",
      '@odata.type',
    ),
};

// ---------------------------------------------------------------------------------------------
// Building blocks

const MAX_REFERENCES = 500;
export const MAX_IP_RANGES = 2000;

const displayNameSchema = z
  .string()
  .trim()
  .min(1, { message: 'must not be empty' })
  .max(256, { message: 'must be at most 256 characters' })
  .refine(isSafeText, { message: 'must not contain control characters' });

const stateSchema = z.enum(['enabled', 'disabled', 'enabledForReportingButNotEnforced']);
const riskLevelSchema = z.enum(['low', 'medium', 'high', 'none']);

/** An id or a keyword; GUIDs compare in lower case. */
const reference = z
  .string()
  .trim()
  .min(1)
  .max(128)
  .refine(isSafeText, { message: 'must not contain control characters' })
  .transform((v) => (isGuid(v) ? v.toLowerCase() : v));

/**
 * A list of ids and keywords: each id a GUID when `guids`, each keyword in `keywords`, those
 * in `alone` only by themselves, nothing twice.
 */
function referenceList(options: {
  keywords?: readonly string[];
  alone?: readonly string[];
  guids: boolean;
  what: string;
  min?: number;
}) {
  const keywords = options.keywords ?? [];
  const alone = options.alone ?? keywords;
  return z
    .array(reference)
    .min(options.min ?? 0, { message: `must list at least one ${options.what.replace(/^an? /, '')}` })
    .max(MAX_REFERENCES, { message: `must list at most ${MAX_REFERENCES} values` })
    .superRefine((values, ctx) => {
      for (const [index, value] of values.entries()) {
        if (!keywords.includes(value) && options.guids && !isGuid(value)) {
          const allowed = keywords.map((k) => `'${k}'`).join(', ');
          ctx.addIssue({
            code: 'custom',
            path: [index],
            message: `'${value}' is not ${allowed ? `${allowed} or ` : ''}${options.what} id`,
          });
          return;
        }
        if (alone.includes(value) && values.length > 1) {
          ctx.addIssue({ code: 'custom', path: [index], message: `'${value}' must be the only value` });
          return;
        }
      }
      if (new Set(values).size !== values.length)
        ctx.addIssue({ code: 'custom', message: 'each value may be listed once' });
    });
}

function uniqueList<T extends string>(item: z.ZodType<T>, options: { min?: number; alone?: T } = {}) {
  return z
    .array(item)
    .min(options.min ?? 0, { message: 'must not be empty' })
    .superRefine((values, ctx) => {
      if (new Set(values).size !== values.length)
        ctx.addIssue({ code: 'custom', message: 'each value may be listed once' });
      if (options.alone && values.includes(options.alone) && values.length > 1)
        ctx.addIssue({ code: 'custom', message: `'${options.alone}' must be the only value` });
    });
}

// ---------------------------------------------------------------------------------------------
// Conditional Access policies: the shape of a request (cross-field rules follow in checkPolicyRules)

const usersSchema = z.strictObject({
  includeUsers: referenceList({ keywords: ['All', 'None'], guids: true, what: 'a user' }).default([]),
  excludeUsers: referenceList({ guids: true, what: 'a user' }).default([]),
  includeGroups: referenceList({ guids: true, what: 'a group' }).default([]),
  excludeGroups: referenceList({ guids: true, what: 'a group' }).default([]),
  // Directory roles by template id (Global Administrator: 62e90394-69f5-4237-9190-012177145e10).
  includeRoles: referenceList({ guids: true, what: 'a directory role template' }).default([]),
  excludeRoles: referenceList({ guids: true, what: 'a directory role template' }).default([]),
});

const applicationsSchema = z.strictObject({
  includeApplications: referenceList({
    keywords: ['All', 'None'],
    guids: false,
    what: 'an application',
  }).default([]),
  excludeApplications: referenceList({ guids: false, what: 'an application' }).default([]),
});

const clientApplicationsSchema = z.strictObject({
  includeServicePrincipals: referenceList({
    keywords: ['ServicePrincipalsInMyTenant'],
    guids: false,
    what: 'an application',
    min: 1,
  }),
  excludeServicePrincipals: referenceList({ guids: false, what: 'an application' }).default([]),
});

const locationsSchema = z.strictObject({
  includeLocations: referenceList({
    keywords: ['All', 'AllTrusted'],
    guids: true,
    what: 'a named location',
    min: 1,
  }),
  excludeLocations: referenceList({
    keywords: ['AllTrusted'],
    alone: [],
    guids: true,
    what: 'a named location',
  }).default([]),
});

const platformsSchema = z.strictObject({
  includePlatforms: uniqueList(z.enum(['android', 'iOS', 'windows', 'macOS', 'linux', 'all']), {
    min: 1,
    alone: 'all',
  }),
  excludePlatforms: uniqueList(
    z.enum(['android', 'iOS', 'windows', 'macOS', 'linux', 'all']).refine((v) => v !== 'all', {
      message: "'all' cannot be excluded",
    }),
  ).default([]),
});

const conditionsSchema = z.strictObject({
  users: usersSchema.nullable().optional(),
  applications: applicationsSchema.nullable().optional(),
  clientApplications: clientApplicationsSchema.nullable().optional(),
  signInRiskLevels: uniqueList(riskLevelSchema).default([]),
  userRiskLevels: uniqueList(riskLevelSchema).default([]),
  locations: locationsSchema.nullable().optional(),
  clientAppTypes: uniqueList(z.enum(['all', 'browser', 'mobileAppsAndDesktopClients']), {
    min: 1,
    alone: 'all',
  }).default(['all']),
  platforms: platformsSchema.nullable().optional(),
});

const STRENGTH_IDS: string[] = Object.values(AUTHENTICATION_STRENGTHS).map((s) => s.id);

const grantControlsSchema = z.strictObject({
  operator: z.enum(['AND', 'OR']).optional(),
  builtInControls: uniqueList(z.enum(['block', 'mfa', 'passwordChange'])).default([]),
  authenticationStrength: z
    .strictObject({
      id: z.string().refine((id) => STRENGTH_IDS.includes(id), {
        message: `must be a built-in authentication strength: ${STRENGTH_IDS.join(' (multifactor) or ')} (phishing-resistant)`,
      }),
      // Read back from a GET; the server fills the name from the id.
      displayName: z.string().max(256).optional(),
    })
    .nullable()
    .optional(),
});

const signInFrequencySchema = z
  .strictObject({
    isEnabled: z.boolean(),
    frequencyInterval: z.enum(['timeBased', 'everyTime']).default('timeBased'),
    value: z.number().int().nullable().optional(),
    type: z.enum(['hours', 'days']).nullable().optional(),
    authenticationType: z
      .literal('primaryAndSecondaryAuthentication')
      .default('primaryAndSecondaryAuthentication'),
  })
  .superRefine((f, ctx) => {
    if (f.frequencyInterval === 'everyTime') {
      if (f.value != null || f.type != null)
        ctx.addIssue({
          code: 'custom',
          path: ['value'],
          message: "value and type must be null with 'everyTime'",
        });
      return;
    }
    if (f.value == null || f.type == null) {
      ctx.addIssue({
        code: 'custom',
        path: [f.value == null ? 'value' : 'type'],
        message: "'timeBased' needs a value and a type (hours or days)",
      });
      return;
    }
    const max = f.type === 'hours' ? 23 : 365;
    if (f.value < 1 || f.value > max)
      ctx.addIssue({ code: 'custom', path: ['value'], message: `must be 1 to ${max} ${f.type}` });
  });

const persistentBrowserSchema = z.strictObject({
  isEnabled: z.boolean(),
  mode: z.enum(['always', 'never']),
});

const sessionControlsSchema = z.strictObject({
  signInFrequency: signInFrequencySchema.nullable().optional(),
  persistentBrowser: persistentBrowserSchema.nullable().optional(),
});

const policyFields = {
  displayName: displayNameSchema,
  state: stateSchema,
  conditions: conditionsSchema,
  grantControls: grantControlsSchema.nullable().optional(),
  sessionControls: sessionControlsSchema.nullable().optional(),
};

/** The body of a new policy (Graph's conditionalAccessPolicy, read-only fields left out). */
export const createPolicySchema = z.strictObject(policyFields);
export type CreatePolicyInput = z.input<typeof createPolicySchema>;
export type PolicyFields = z.output<typeof createPolicySchema>;

/** PATCH: each given top-level property replaces the stored one whole, as Graph does. */
export const updatePolicySchema = z
  .strictObject({
    displayName: displayNameSchema.optional(),
    state: stateSchema.optional(),
    conditions: conditionsSchema.optional(),
    grantControls: grantControlsSchema.nullable().optional(),
    sessionControls: sessionControlsSchema.nullable().optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to update' });
export type UpdatePolicyInput = z.input<typeof updatePolicySchema>;

/**
 * The rules Entra applies across the fields of a policy, on a shape-valid body. Throws the
 * first broken rule as a 400 naming the field.
 */
export function checkPolicyRules(policy: PolicyFields): void {
  const { conditions, grantControls, sessionControls } = policy;
  const fail = (message: string, target: string): never => {
    throw accessErrors.invalidPolicy(message, target);
  };
  const workload = conditions.clientApplications != null;

  if (workload) {
    if (conditions.users != null)
      fail(
        'A policy for workload identities (conditions.clientApplications) cannot also assign users.',
        'conditions.users',
      );
    for (const field of ['signInRiskLevels', 'userRiskLevels'] as const) {
      if (conditions[field].length > 0)
        fail(`A policy for workload identities cannot use ${field}.`, `conditions.${field}`);
    }
    if (conditions.platforms != null)
      fail('A policy for workload identities cannot use device platforms.', 'conditions.platforms');
    const controls = grantControls?.builtInControls ?? [];
    if (controls.length !== 1 || controls[0] !== 'block' || grantControls?.authenticationStrength)
      fail(
        "A policy for workload identities can only block: give builtInControls ['block'].",
        'grantControls',
      );
    if (sessionControls?.signInFrequency || sessionControls?.persistentBrowser)
      fail('A policy for workload identities cannot have session controls.', 'sessionControls');
  } else {
    if (conditions.users == null)
      fail(
        'conditions.users is required: include All, None, users or groups (or use conditions.clientApplications for workload identities).',
        'conditions.users',
      );
    const users = conditions.users as NonNullable<typeof conditions.users>;
    if (
      users.includeUsers.length === 0 &&
      users.includeGroups.length === 0 &&
      users.includeRoles.length === 0
    )
      fail(
        "Include someone: includeUsers 'All', 'None' or user ids, includeGroups or includeRoles.",
        'conditions.users.includeUsers',
      );
  }
  if (conditions.applications == null && !workload)
    fail(
      'conditions.applications is required: include All, None or application ids.',
      'conditions.applications',
    );
  if (conditions.applications && conditions.applications.includeApplications.length === 0)
    fail(
      "includeApplications must list 'All', 'None' or application ids.",
      'conditions.applications.includeApplications',
    );

  const builtIn = grantControls?.builtInControls ?? [];
  const strength = grantControls?.authenticationStrength ?? null;
  if (grantControls && builtIn.length === 0 && !strength)
    fail(
      'grantControls needs at least one built-in control or an authentication strength (or give null).',
      'grantControls.builtInControls',
    );
  const hasSession = Boolean(sessionControls?.signInFrequency || sessionControls?.persistentBrowser);
  if (!grantControls && !hasSession)
    fail('A policy needs at least one grant control or session control.', 'grantControls');
  if (builtIn.includes('block') && (builtIn.length > 1 || strength))
    fail(
      "'block' cannot be combined with other controls or an authentication strength.",
      'grantControls.builtInControls',
    );
  if (builtIn.includes('mfa') && strength)
    fail(
      "'mfa' and an authentication strength cannot both be required.",
      'grantControls.authenticationStrength',
    );
  if (builtIn.length + (strength ? 1 : 0) > 1 && !grantControls?.operator)
    fail('operator (AND or OR) is required when there is more than one control.', 'grantControls.operator');
  if (builtIn.includes('passwordChange')) {
    if (grantControls?.operator !== 'AND')
      fail("'passwordChange' needs operator AND.", 'grantControls.operator');
    if (!builtIn.includes('mfa')) fail("'passwordChange' needs 'mfa' too.", 'grantControls.builtInControls');
    if (!isAllApplications(conditions.applications?.includeApplications))
      fail(
        "'passwordChange' needs includeApplications ['All'].",
        'conditions.applications.includeApplications',
      );
    if (conditions.userRiskLevels.length === 0)
      fail("'passwordChange' needs userRiskLevels.", 'conditions.userRiskLevels');
  }
  if (sessionControls?.persistentBrowser && !isAllApplications(conditions.applications?.includeApplications))
    fail(
      "A persistent browser session control needs includeApplications ['All'].",
      'sessionControls.persistentBrowser',
    );
}

const isAllApplications = (apps: readonly string[] | undefined) => apps?.length === 1 && apps[0] === 'All';

// ---------------------------------------------------------------------------------------------
// Named locations

/** ISO 3166-1 alpha-2, as assigned. */
export const COUNTRY_CODES: ReadonlySet<string> = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW ' +
    'BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI ' +
    'FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN ' +
    'IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME ' +
    'MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF ' +
    'PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV ' +
    'SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE ' +
    'YT ZA ZM ZW'
  ).split(' '),
);

export const countryCodeSchema = z
  .string()
  .trim()
  .max(8)
  .transform((v) => v.toUpperCase())
  .refine((v) => COUNTRY_CODES.has(v), { message: 'must be an ISO 3166-1 alpha-2 country code such as FR' });

const IP_TYPES = ['#microsoft.graph.iPv4CidrRange', '#microsoft.graph.iPv6CidrRange'] as const;

const ipRangeSchema = z
  .strictObject({
    '@odata.type': z.enum(IP_TYPES),
    cidrAddress: z.string().max(64),
  })
  .transform((range, ctx) => {
    const parsed = parseCidr(range.cidrAddress);
    const family = range['@odata.type'] === '#microsoft.graph.iPv4CidrRange' ? 4 : 6;
    if (!parsed || parsed.family !== family) {
      ctx.addIssue({
        code: 'custom',
        path: ['cidrAddress'],
        message: parsed
          ? `is an IPv${parsed.family} range; give it @odata.type '#microsoft.graph.iPv${parsed.family}CidrRange'`
          : `must be an IPv${family} CIDR range such as ${family === 4 ? '203.0.113.0/24' : '2001:db8::/32'}`,
      });
      return z.NEVER;
    }
    return { '@odata.type': range['@odata.type'], cidrAddress: parsed.cidr };
  });

const ipRangesSchema = z
  .array(ipRangeSchema)
  .min(1, { message: 'must list at least one range' })
  .max(MAX_IP_RANGES, { message: `must list at most ${MAX_IP_RANGES} ranges` });

const countriesSchema = z
  .array(countryCodeSchema)
  .max(300)
  .superRefine((codes, ctx) => {
    if (new Set(codes).size !== codes.length)
      ctx.addIssue({ code: 'custom', message: 'each country may be listed once' });
  });

const ipLocationSchema = z.strictObject({
  '@odata.type': z.literal('#microsoft.graph.ipNamedLocation'),
  displayName: displayNameSchema,
  isTrusted: z.boolean().default(false),
  ipRanges: ipRangesSchema,
});

const countryLocationSchema = z
  .strictObject({
    '@odata.type': z.literal('#microsoft.graph.countryNamedLocation'),
    displayName: displayNameSchema,
    countriesAndRegions: countriesSchema.default([]),
    includeUnknownCountriesAndRegions: z.boolean().default(false),
    countryLookupMethod: z.literal('clientIpAddress').default('clientIpAddress'),
  })
  .superRefine((location, ctx) => {
    if (location.countriesAndRegions.length === 0 && !location.includeUnknownCountriesAndRegions)
      ctx.addIssue({
        code: 'custom',
        path: ['countriesAndRegions'],
        message: 'must list at least one country (or set includeUnknownCountriesAndRegions)',
      });
  });

export const NAMED_LOCATION_TYPES = [
  '#microsoft.graph.ipNamedLocation',
  '#microsoft.graph.countryNamedLocation',
] as const;

export const createNamedLocationSchema = z.discriminatedUnion(
  '@odata.type',
  [ipLocationSchema, countryLocationSchema],
  {
    error: `@odata.type must be '${NAMED_LOCATION_TYPES.join("' or '")}'`,
  },
);
export type CreateNamedLocationInput = z.input<typeof createNamedLocationSchema>;
export type NamedLocationFields = z.output<typeof createNamedLocationSchema>;

/** PATCH: the given fields replace the stored ones; the type cannot change. */
export const updateNamedLocationSchema = z
  .strictObject({
    '@odata.type': z.enum(NAMED_LOCATION_TYPES).optional(),
    displayName: displayNameSchema.optional(),
    isTrusted: z.boolean().optional(),
    ipRanges: z.array(z.unknown()).optional(),
    countriesAndRegions: z.array(z.unknown()).optional(),
    includeUnknownCountriesAndRegions: z.boolean().optional(),
    countryLookupMethod: z.literal('clientIpAddress').optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to update' });
export type UpdateNamedLocationInput = z.input<typeof updateNamedLocationSchema>;

/** The fields each type of named location has (beyond @odata.type and displayName). */
export const NAMED_LOCATION_FIELDS: Record<(typeof NAMED_LOCATION_TYPES)[number], readonly string[]> = {
  '#microsoft.graph.ipNamedLocation': ['isTrusted', 'ipRanges'],
  '#microsoft.graph.countryNamedLocation': [
    'countriesAndRegions',
    'includeUnknownCountriesAndRegions',
    'countryLookupMethod',
  ],
};

// ---------------------------------------------------------------------------------------------
// Templates

export const templateIdSchema = z.string().trim().min(1).max(64);

/** Making a policy from a template: what the template leaves to the admin. */
export const createFromTemplateSchema = z.strictObject({
  displayName: displayNameSchema.optional(),
  // Entra recommends starting a new policy in report-only mode.
  state: stateSchema.default('enabledForReportingButNotEnforced'),
  includeApplications: referenceList({ guids: false, what: 'an application', min: 1 }).optional(),
  countriesAndRegions: countriesSchema.min(1, { message: 'must list at least one country' }).optional(),
  excludeUsers: referenceList({ guids: true, what: 'a user' }).optional(),
  excludeGroups: referenceList({ guids: true, what: 'a group' }).optional(),
});
export type CreateFromTemplateInput = z.input<typeof createFromTemplateSchema>;

// ---------------------------------------------------------------------------------------------
// What If and impact analysis

const appIdSchema = reference;

/** Graph's evaluate action: one sign-in to try against every policy. */
export const whatIfRequestSchema = z.strictObject({
  signInIdentity: z.union(
    [
      z.strictObject({
        '@odata.type': z.literal('#microsoft.graph.userSignIn').optional(),
        userId: z
          .string()
          .refine(isGuid, { message: 'must be a user id' })
          .transform((v) => v.toLowerCase()),
      }),
      z.strictObject({
        '@odata.type': z.literal('#microsoft.graph.servicePrincipalSignIn').optional(),
        servicePrincipalId: appIdSchema,
      }),
    ],
    { error: 'give {userId} or {servicePrincipalId}' },
  ),
  signInContext: z.strictObject({
    '@odata.type': z.literal('#microsoft.graph.applicationContext').optional(),
    includeApplications: z.array(appIdSchema).length(1, { message: 'must list exactly one application' }),
  }),
  signInConditions: z
    .strictObject({
      ipAddress: z
        .string()
        .trim()
        .max(64)
        .refine((v) => parseCidr(`${v}/${v.includes(':') ? 128 : 32}`) !== undefined, {
          message: 'must be an IPv4 or IPv6 address',
        })
        .optional(),
      country: countryCodeSchema.optional(),
      clientAppType: z.enum(['browser', 'mobileAppsAndDesktopClients']).default('browser'),
      devicePlatform: z.enum(['android', 'iOS', 'windows', 'macOS', 'linux']).optional(),
      signInRiskLevel: riskLevelSchema.default('none'),
      userRiskLevel: riskLevelSchema.default('none'),
    })
    .prefault({}),
});
export type WhatIfRequest = z.output<typeof whatIfRequestSchema>;

/** A stored policy (by id) or a draft (a create body) against the last `days` of sign-ins. */
export const impactRequestSchema = z
  .strictObject({
    policyId: z.uuid({ message: 'must be a policy id' }).optional(),
    policy: createPolicySchema.optional(),
    days: z.number().int().min(1).max(90).default(30),
  })
  .superRefine((v, ctx) => {
    if ((v.policyId === undefined) === (v.policy === undefined))
      ctx.addIssue({ code: 'custom', path: ['policyId'], message: 'give either policyId or policy' });
  })
  .transform(
    (v): ImpactRequest =>
      v.policyId !== undefined
        ? { policyId: v.policyId, days: v.days }
        : { policy: v.policy as PolicyFields, days: v.days },
  );
export type ImpactRequest = { days: number } & ({ policyId: string } | { policy: PolicyFields });

/** What If and impact analysis (the evaluator), as the admin API calls them. */
export interface ConditionalAccessAnalysis {
  whatIf(tenantId: string, request: WhatIfRequest): Promise<unknown>;
  impact(tenantId: string, request: ImpactRequest): Promise<unknown>;
}
