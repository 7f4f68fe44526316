import { z } from 'zod';
import type { ClaimsSchemaEntry } from './model.js';

/**
 * Claims that say who the token is about, who issued it, for whom and how the user signed in:
 * no mapping may set them, so an extension's answer can never change a token's identity.
 */
const RESERVED_CLAIMS = new Set([
  'sub',
  'iss',
  'aud',
  'exp',
  'nbf',
  'iat',
  'jti',
  'tid',
  'oid',
  'azp',
  'appid',
  'client_id',
  'nonce',
  'at_hash',
  'c_hash',
  's_hash',
  'sid',
  'amr',
  'acr',
  'auth_time',
  'scp',
  'scope',
  'roles',
  'groups',
  'wids',
  'ver',
  'idp',
  'email',
  'email_verified',
  'cnf',
  'typ',
  'kid',
  'alg',
]);

const entrySchema = z
  .object({
    Source: z.string().optional(),
    ID: z.string().min(1).max(128).optional(),
    JwtClaimType: z
      .string()
      .trim()
      .min(1)
      .max(128)
      .regex(/^[A-Za-z0-9_.:-]+$/)
      .optional(),
    Value: z.string().max(1024).optional(),
  })
  .loose();

const definitionSchema = z.object({
  ClaimsMappingPolicy: z
    .object({
      Version: z.literal(1),
      IncludeBasicClaimSet: z.enum(['true', 'false']).optional(),
      ClaimsSchema: z.array(entrySchema).min(1).max(50),
    })
    .loose(),
});

export type DefinitionResult = { ok: true; claims: ClaimsSchemaEntry[] } | { ok: false; message: string };

/**
 * Reads a claims-mapping policy's definition (Entra's JSON text). Gatehouse maps claims from the
 * custom claims provider (`Source: CustomClaimsProvider`, `ID` as the extension answers it,
 * case-sensitive; `JwtClaimType` the name in the token, the ID when left out) and constants
 * (`Value` + `JwtClaimType`). Other sources are refused by name, so nothing is silently ignored.
 */
export function readClaimsMappingDefinition(text: string): DefinitionResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, message: 'must be the policy as JSON text' };
  }
  const parsed = definitionSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, message: `${issue?.path.join('.') || 'ClaimsMappingPolicy'}: ${issue?.message}` };
  }
  const claims: ClaimsSchemaEntry[] = [];
  const names = new Set<string>();
  for (const [i, entry] of parsed.data.ClaimsMappingPolicy.ClaimsSchema.entries()) {
    const at = `ClaimsSchema[${i}]`;
    let claim: ClaimsSchemaEntry;
    if (entry.Value !== undefined && entry.Source === undefined) {
      if (!entry.JwtClaimType) return { ok: false, message: `${at}: a Value needs a JwtClaimType` };
      claim = { source: 'constant', value: entry.Value, jwtClaimType: entry.JwtClaimType };
    } else if (entry.Source?.toLowerCase() === 'customclaimsprovider') {
      if (!entry.ID) return { ok: false, message: `${at}: a CustomClaimsProvider claim needs an ID` };
      claim = { source: 'CustomClaimsProvider', id: entry.ID, jwtClaimType: entry.JwtClaimType ?? entry.ID };
    } else {
      return {
        ok: false,
        message: `${at}: Source '${entry.Source ?? ''}' is not supported (Gatehouse maps CustomClaimsProvider claims and constant Values)`,
      };
    }
    if (RESERVED_CLAIMS.has(claim.jwtClaimType.toLowerCase()))
      return {
        ok: false,
        message: `${at}: the claim '${claim.jwtClaimType}' cannot be mapped (Gatehouse sets it)`,
      };
    if (names.has(claim.jwtClaimType))
      return { ok: false, message: `${at}: '${claim.jwtClaimType}' is mapped twice` };
    names.add(claim.jwtClaimType);
    claims.push(claim);
  }
  return { ok: true, claims };
}

/** The claims a token gets from a policy and what the extension provided (strings or string arrays). */
export function mappedClaims(
  claims: readonly ClaimsSchemaEntry[],
  provided: Readonly<Record<string, string | string[]>> | undefined,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const claim of claims) {
    if (claim.source === 'constant') out[claim.jwtClaimType] = claim.value;
    else if (provided && Object.hasOwn(provided, claim.id))
      out[claim.jwtClaimType] = provided[claim.id] as string;
  }
  return out;
}
