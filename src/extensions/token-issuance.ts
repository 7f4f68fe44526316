import type { DirectoryUser } from '../directory/index.js';
import { mappedClaims } from './claims-mapping.js';
import type { ExtensionRunner } from './runner.js';
import type { ExtensionService } from './service.js';

export interface TokenIssuanceInput {
  tenantId: string;
  /** The app the token request comes from: the listener's condition. */
  clientId: string;
  userId: string;
  /** The token request's correlationId (the callout's). */
  correlationId: string;
  /** The sign-in log entry the call belongs to: the sign-in behind the code, else the request. */
  recordUnder: string;
  ip: string;
  locale: string;
}

/** What an extension provided for one token request. */
export type ProvidedClaims =
  | { kind: 'none' }
  | { kind: 'claims'; claims: Record<string, string | string[]> }
  | { kind: 'failed'; errorCode: number; extensionName: string };

/**
 * The token issuance start event: at a token request on a user's behalf, the extension bound to
 * the client app is called once, and each token gets the claims its audience app's claims-mapping
 * policy takes from the answer (the ID token: the client's policy; an access token: its API's).
 * Only claims the extension declared (claimsForTokenConfiguration) are kept, when it declared any.
 */
export function createTokenIssuance(deps: {
  run: ExtensionRunner;
  extensions: Pick<ExtensionService, 'claimsMappingOf' | 'hasListeners'>;
  findUser: (tenantId: string, id: string) => Promise<DirectoryUser | undefined>;
}) {
  return {
    async provide(input: TokenIssuanceInput): Promise<ProvidedClaims> {
      if (!(await deps.extensions.hasListeners(input.tenantId, 'tokenIssuanceStart')))
        return { kind: 'none' };
      const user = await deps.findUser(input.tenantId, input.userId);
      const result = await deps.run('tokenIssuanceStart', {
        tenantId: input.tenantId,
        appId: input.clientId,
        recordUnder: input.recordUnder,
        correlationId: input.correlationId,
        client: { ip: input.ip, locale: input.locale, market: input.locale },
        user,
      });
      if (result.kind === 'notConfigured') return { kind: 'none' };
      if (result.kind === 'failed')
        return {
          kind: 'failed',
          errorCode: result.errorCode,
          extensionName: result.bound.extension.displayName,
        };
      const answered = result.action.fields.claims as Record<string, string | string[]>;
      const declared = result.bound.extension.settings.claimIds;
      const claims = declared.length
        ? Object.fromEntries(Object.entries(answered).filter(([name]) => declared.includes(name)))
        : answered;
      return { kind: 'claims', claims };
    },

    /** The claims a token for `audienceAppId` carries: its policy applied to what was provided. */
    async mapped(
      tenantId: string,
      audienceAppId: string,
      provided: ProvidedClaims,
    ): Promise<Record<string, string | string[]>> {
      const policy = await deps.extensions.claimsMappingOf(tenantId, audienceAppId);
      if (!policy) return {};
      return mappedClaims(policy.claims, provided.kind === 'claims' ? provided.claims : undefined);
    },
  };
}

export type TokenIssuance = ReturnType<typeof createTokenIssuance>;
