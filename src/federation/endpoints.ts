import { z } from 'zod';

/**
 * Where the social providers live. Production uses the providers' documented endpoints; an
 * operator (or a test) may point them elsewhere — a local server that implements the same
 * endpoints — with `GATEHOUSE_IDP_ENDPOINTS`.
 */
export interface SocialEndpoints {
  google: { metadataUrl: string };
  apple: { metadataUrl: string };
  facebook: { authorizationUrl: string; tokenUrl: string; meUrl: string };
}

const FACEBOOK_GRAPH_VERSION = 'v21.0';

export const DEFAULT_SOCIAL_ENDPOINTS: SocialEndpoints = {
  google: { metadataUrl: 'https://accounts.google.com/.well-known/openid-configuration' },
  apple: { metadataUrl: 'https://appleid.apple.com/.well-known/openid-configuration' },
  facebook: {
    authorizationUrl: `https://www.facebook.com/${FACEBOOK_GRAPH_VERSION}/dialog/oauth`,
    tokenUrl: `https://graph.facebook.com/${FACEBOOK_GRAPH_VERSION}/oauth/access_token`,
    meUrl: `https://graph.facebook.com/${FACEBOOK_GRAPH_VERSION}/me`,
  },
};

const endpointUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' });

/** The JSON of `GATEHOUSE_IDP_ENDPOINTS`: any provider, any of its URLs; the rest stay default. */
export const socialEndpointsSchema = z
  .strictObject({
    google: z.strictObject({ metadataUrl: endpointUrl }).partial().optional(),
    apple: z.strictObject({ metadataUrl: endpointUrl }).partial().optional(),
    facebook: z
      .strictObject({ authorizationUrl: endpointUrl, tokenUrl: endpointUrl, meUrl: endpointUrl })
      .partial()
      .optional(),
  })
  .transform(
    (given): SocialEndpoints => ({
      google: { ...DEFAULT_SOCIAL_ENDPOINTS.google, ...given.google },
      apple: { ...DEFAULT_SOCIAL_ENDPOINTS.apple, ...given.apple },
      facebook: { ...DEFAULT_SOCIAL_ENDPOINTS.facebook, ...given.facebook },
    }),
  );
