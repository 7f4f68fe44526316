import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatehouse, type TestGatehouse } from './support/gatehouse.js';
import { tokenRequest } from './support/oauth.js';

const REDIS_URL = process.env.GATEHOUSE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Two nodes on one PostgreSQL database, told of each other's changes through Redis. */
describe('two nodes over PostgreSQL and Redis', () => {
  let a: TestGatehouse;
  let b: TestGatehouse;
  let daemon: { appId: string; secret: string };

  beforeAll(async () => {
    a = await startGatehouse('postgres', { env: { GATEHOUSE_REDIS_URL: REDIS_URL } });
    b = await startGatehouse('postgres', { database: a.database, env: { GATEHOUSE_REDIS_URL: REDIS_URL } });
    const api = await a.api('POST', '/api/v1/tenants/demo/applications', {
      displayName: 'API',
      identifierUris: ['api://cluster'],
      appRoles: [
        {
          value: 'Api.Access',
          displayName: 'Call the API',
          description: 'App-only access',
          allowedMemberTypes: ['Application'],
        },
      ],
    });
    daemon = await a.registerDaemon('demo');
    await a.grant('demo', daemon.appId, api.body.appId, { roles: ['Api.Access'] });
  });
  afterAll(async () => {
    await b?.stop({ keepDatabase: true });
    await a?.stop();
  });

  const kidFrom = async (node: TestGatehouse) => {
    const response = await tokenRequest(
      node.baseUrl,
      'demo',
      { grant_type: 'client_credentials', resource: 'api://cluster' },
      { id: daemon.appId, secret: daemon.secret },
    );
    expect(response.status).toBe(200);
    return decodeProtectedHeader(String(response.body.access_token)).kid;
  };

  /** Polls (bounded) until the other node has heard the change. */
  async function eventually<T>(read: () => Promise<T>, expected: T): Promise<T> {
    let value = await read();
    for (let i = 0; i < 50 && value !== expected; i++) {
      await new Promise((r) => setTimeout(r, 100));
      value = await read();
    }
    return value;
  }

  it('a key rotated on one node signs on the other', async () => {
    const before = await kidFrom(b);
    const rotated = await a.api('POST', '/api/v1/tenants/demo/keys/rotate', {});
    expect(rotated.status).toBe(201);
    expect(rotated.body.kid).not.toBe(before);
    expect(await eventually(() => kidFrom(b), rotated.body.kid)).toBe(rotated.body.kid);
  });

  it('a secret removed on one node stops working on the other', async () => {
    const app = await a.api('POST', '/api/v1/tenants/demo/applications', { displayName: 'Short-lived' });
    const secret = await a.api('POST', `/api/v1/tenants/demo/applications/${app.body.id}/addPassword`, {});
    const use = async () =>
      (
        await tokenRequest(
          b.baseUrl,
          'demo',
          { grant_type: 'client_credentials' },
          { id: app.body.appId, secret: secret.body.secretText },
        )
      ).status;
    expect(await use()).toBe(200);
    await a.api('POST', `/api/v1/tenants/demo/applications/${app.body.id}/removePassword`, {
      keyId: secret.body.keyId,
    });
    expect(await eventually(use, 401)).toBe(401);
  });

  it('a Conditional Access policy created on one node applies at the next sign-in on the other', async () => {
    const status = async (node: TestGatehouse) =>
      (
        await tokenRequest(
          node.baseUrl,
          'demo',
          { grant_type: 'client_credentials', resource: 'api://cluster' },
          { id: daemon.appId, secret: daemon.secret },
        )
      ).status;
    expect(await status(b)).toBe(200);
    const policy = await a.api('POST', '/api/v1/tenants/demo/conditionalAccess/policies', {
      displayName: 'Block the daemon',
      state: 'enabled',
      conditions: {
        clientApplications: { includeServicePrincipals: [daemon.appId] },
        applications: { includeApplications: ['All'] },
      },
      grantControls: { operator: 'OR', builtInControls: ['block'] },
    });
    expect(policy.status).toBe(201);
    expect(await eventually(() => status(b), 400)).toBe(400);
    await b.api('DELETE', `/api/v1/tenants/demo/conditionalAccess/policies/${policy.body.id}`);
    expect(await eventually(() => status(a), 200)).toBe(200);
  });
});
