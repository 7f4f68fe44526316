import { expect } from 'vitest';
import type { TestGatehouse } from './gatehouse.js';

/**
 * A second tenant of the same Gatehouse (`partner`) as the demo tenant's OpenID Connect
 * provider: a real upstream with its own users, sign-in pages and keys. Registers the client at
 * the partner (redirect URI: the demo tenant's callback) and the provider at demo.
 */
export async function startPartnerProvider(gh: TestGatehouse, options: { displayName?: string } = {}) {
  const created = await gh.api('POST', '/api/v1/tenants', { id: 'partner', displayName: 'Partner' });
  expect(created.status).toBe(201);
  const client = await gh.registerApp('partner', {
    displayName: 'Shop at Partner',
    web: { redirectUris: [`${gh.baseUrl}/t/demo/u/federation/callback`] },
  });
  const provider = await gh.api('POST', '/api/v1/tenants/demo/identityProviders', {
    '@odata.type': '#microsoft.graph.openIdConnectIdentityProvider',
    displayName: options.displayName ?? 'Partner ID',
    clientId: client.appId,
    clientSecret: client.secret,
    metadataUrl: `${gh.baseUrl}/t/partner/.well-known/openid-configuration`,
    scope: 'openid profile email',
  });
  expect(provider.status, JSON.stringify(provider.body)).toBe(201);
  return {
    providerId: provider.body.id as string,
    issuer: `${gh.baseUrl}/t/partner`,
    /** A user of the partner tenant, with an email the partner verified (or not). */
    async createUser(
      mail: string,
      password: string,
      options: { verified?: boolean; displayName?: string } = {},
    ): Promise<string> {
      const user = await gh.api('POST', '/api/v1/tenants/partner/users', {
        displayName: options.displayName ?? mail.split('@')[0],
        mail,
        passwordProfile: { password },
      });
      expect(user.status).toBe(201);
      if (options.verified)
        await gh.gatehouse.storage.db
          .updateTable('directory_users')
          .set({ mail_verified_at: new Date().toISOString() })
          .where('id', '=', user.body.id)
          .execute();
      return user.body.id as string;
    },
  };
}
