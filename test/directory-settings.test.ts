import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, readForm } from './support/browser.js';
import { TEST_DATABASES } from './support/databases.js';
import { startGatehouse, type TestGatehouse } from './support/gatehouse.js';
import { client, relyingParty } from './support/oauth.js';

const PASSWORD = 'Correct-Horse-Battery-Staple-42';
const PASSWORD_RULES = '5cf42378-d67d-4f36-ba46-e8b86229381d';

describe.each(TEST_DATABASES)("a tenant's smart lockout settings (Graph directorySetting) on %s", (kind) => {
  let gh: TestGatehouse;
  const apps = new Map<string, { appId: string; callback: string }>();
  const settings = (tenant: string) => `/api/v1/tenants/${tenant}/settings`;

  beforeAll(async () => {
    gh = await startGatehouse(kind, {
      env: {
        GATEHOUSE_LOCKOUT_THRESHOLD: '5',
        GATEHOUSE_LOCKOUT_DURATION: '60',
        GATEHOUSE_SIGNIN_ATTEMPTS_PER_IP: '1000',
        GATEHOUSE_TRUSTED_PROXIES: '127.0.0.1/32, ::1',
      },
    });
    for (const tenant of ['strict', 'lenient']) {
      const created = await gh.api('POST', '/api/v1/tenants', {
        id: tenant,
        displayName: tenant,
        type: 'customer',
      });
      expect(created.status).toBe(201);
      const callback = `${gh.baseUrl}/app/callback`;
      const app = await gh.api('POST', `/api/v1/tenants/${tenant}/applications`, {
        displayName: 'Shop',
        spa: { redirectUris: [callback] },
      });
      apps.set(tenant, { appId: app.body.appId, callback });
      for (const mail of ['erin@example.com', 'finn@example.com']) {
        const user = await gh.api('POST', `/api/v1/tenants/${tenant}/users`, {
          displayName: mail,
          mail,
          passwordProfile: { password: PASSWORD },
        });
        expect(user.status).toBe(201);
      }
    }
  });
  afterAll(() => gh?.stop());

  /** One password sign-in at the tenant's hosted page; its HTTP status (401 wrong, 429 locked). */
  async function attempt(tenant: string, login: string, password: string) {
    const { appId, callback } = apps.get(tenant) as { appId: string; callback: string };
    const browser = new Browser({ 'x-forwarded-for': '203.0.113.50' });
    const rp = await relyingParty(gh.baseUrl, tenant, appId, client.None());
    const url = client.buildAuthorizationUrl(rp, {
      redirect_uri: callback,
      scope: 'openid',
      code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    });
    const page = await browser.navigate(url, callback);
    const form = readForm(page.body, /\/login$/);
    return (
      await browser.navigate(new URL(form.action, gh.baseUrl), callback, {
        form: { ...form.fields, login, password },
      })
    ).status;
  }

  it('offers the Password Rule Settings template with the operator defaults', async () => {
    const templates = await gh.api('GET', '/api/v1/tenants/strict/directorySettingTemplates');
    expect(templates.status).toBe(200);
    expect(templates.body.value).toEqual([
      {
        id: PASSWORD_RULES,
        displayName: 'Password Rule Settings',
        description: expect.any(String),
        values: [
          {
            name: 'LockoutThreshold',
            type: 'System.Int32',
            defaultValue: '5',
            description: expect.any(String),
          },
          {
            name: 'LockoutDurationInSeconds',
            type: 'System.Int32',
            defaultValue: '60',
            description: expect.any(String),
          },
        ],
      },
    ]);
    expect(
      (await gh.api('GET', `/api/v1/tenants/strict/directorySettingTemplates/${PASSWORD_RULES}`)).body.id,
    ).toBe(PASSWORD_RULES);
    expect((await gh.api('GET', '/api/v1/tenants/strict/directorySettingTemplates/nope')).status).toBe(404);
    expect((await gh.api('GET', settings('strict'))).body).toEqual({ value: [] });
  });

  it("locks a tenant's users at its own threshold; other tenants keep the default", async () => {
    const created = await gh.api('POST', settings('strict'), {
      templateId: PASSWORD_RULES,
      values: [{ name: 'LockoutThreshold', value: '2' }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      displayName: 'Password Rule Settings',
      templateId: PASSWORD_RULES,
      values: [
        { name: 'LockoutThreshold', value: '2' },
        { name: 'LockoutDurationInSeconds', value: '60' },
      ],
    });

    for (const tenant of ['strict', 'lenient'])
      for (let i = 0; i < 2; i++) expect(await attempt(tenant, 'erin@example.com', `wrong-${i}`)).toBe(401);
    // Two wrong passwords lock Erin at the strict tenant, even for the right one; not at the other.
    expect(await attempt('strict', 'erin@example.com', PASSWORD)).toBe(429);
    expect(await attempt('lenient', 'erin@example.com', PASSWORD)).toBe(303);

    // Raised back above the default: Finn takes five wrong passwords to lock.
    const raised = await gh.api('PATCH', `${settings('strict')}/${created.body.id}`, {
      values: [{ name: 'LockoutThreshold', value: '6' }],
    });
    expect(raised.status, JSON.stringify(raised.body)).toBe(204);
    for (let i = 0; i < 5; i++) expect(await attempt('strict', 'finn@example.com', `wrong-${i}`)).toBe(401);
    expect(await attempt('strict', 'finn@example.com', PASSWORD)).toBe(303);
    expect((await gh.api('GET', `${settings('strict')}/${created.body.id}`)).body.values).toEqual([
      { name: 'LockoutThreshold', value: '6' },
      { name: 'LockoutDurationInSeconds', value: '60' },
    ]);
  });

  it('records each change in the audit trail with the values before and after', async () => {
    const audits = await gh.api(
      'GET',
      `/api/v1/tenants/strict/auditLogs/directoryAudits?category=DirectoryManagement`,
    );
    expect(audits.body.value.map((a: { activityDisplayName: string }) => a.activityDisplayName)).toEqual([
      'Update directory setting',
      'Add directory setting',
    ]);
    expect(audits.body.value[0].targetResources).toEqual([
      {
        id: expect.any(String),
        type: 'DirectorySetting',
        displayName: 'Password Rule Settings',
        modifiedProperties: [{ displayName: 'LockoutThreshold', oldValue: '"2"', newValue: '"6"' }],
      },
    ]);
  });

  it('refuses a second setting of a template, bad values, and settings of another tenant', async () => {
    const [setting] = (await gh.api('GET', settings('strict'))).body.value;
    const again = await gh.api('POST', settings('strict'), { templateId: PASSWORD_RULES, values: [] });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('directory_setting_exists');

    for (const [values, target] of [
      [[{ name: 'LockoutThreshold', value: '0' }], 'values.0'],
      [[{ name: 'LockoutThreshold', value: '1001' }], 'values.0'],
      [[{ name: 'LockoutDurationInSeconds', value: '3601' }], 'values.0'],
      [[{ name: 'LockoutThreshold', value: 'ten' }], 'values.0'],
      [[{ name: 'LockoutThreshold', value: '-3' }], 'values.0'],
      [[{ name: 'BannedPasswordList', value: 'password' }], 'values.0'],
      [
        [
          { name: 'LockoutThreshold', value: '3' },
          { name: 'lockoutthreshold', value: '4' },
        ],
        'values.1',
      ],
      [[{ name: 'LockoutThreshold', value: 3 }], 'values.0.value'],
    ] as const) {
      const response = await gh.api('PATCH', `${settings('strict')}/${setting.id}`, { values });
      expect(response.status, JSON.stringify(values)).toBe(400);
      expect(response.body.error.target, JSON.stringify(values)).toBe(target);
    }
    expect((await gh.api('GET', `${settings('strict')}/${setting.id}`)).body.values[0]).toEqual({
      name: 'LockoutThreshold',
      value: '6',
    });
    const unknownTemplate = await gh.api('POST', settings('lenient'), { templateId: 'nope' });
    expect(unknownTemplate.status).toBe(404);
    expect(
      (await gh.api('POST', settings('lenient'), { templateId: PASSWORD_RULES, colour: 1 })).status,
    ).toBe(400);

    // Another tenant cannot read, change or delete it.
    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const response = await gh.api(
        method,
        `${settings('lenient')}/${setting.id}`,
        method === 'PATCH' ? { values: [] } : undefined,
      );
      expect(response.status, method).toBe(404);
    }
  });

  it('goes back to the defaults when the setting is deleted', async () => {
    const [setting] = (await gh.api('GET', settings('strict'))).body.value;
    expect((await gh.api('DELETE', `${settings('strict')}/${setting.id}`)).status).toBe(204);
    expect((await gh.api('GET', settings('strict'))).body).toEqual({ value: [] });
    expect((await gh.api('GET', `${settings('strict')}/${setting.id}`)).status).toBe(404);
  });
});
