import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DATABASES } from './support/databases.js';
import { answerWith, type ExtensionApi, startExtensionApi } from './support/extension-api.js';
import { type Scenario, startScenario, type WebApp, WINDOWS_EDGE } from './support/scenario.js';

const CALLER = '99045fe1-7639-4a75-9d4a-577b6ca3810f';
const TOKEN_RESPONSE = 'microsoft.graph.onTokenIssuanceStartResponseData';
const provideClaims = (claims: Record<string, unknown>) =>
  answerWith(TOKEN_RESPONSE, {
    '@odata.type': 'microsoft.graph.tokenIssuanceStart.provideClaimsForToken',
    claims,
  });

/**
 * Custom authentication extensions with Entra's contract: the admin API (Graph
 * customAuthenticationExtension, authenticationEventListener, claimsMappingPolicy), and the token
 * issuance start event end to end — the business's API gets Entra's request with a token it can
 * validate against the tenant's keys, and its claims reach the ID token through the app's
 * claims-mapping policy; failures refuse the token and show in the sign-in log.
 */
describe.each(TEST_DATABASES)('custom authentication extensions on %s', (kind) => {
  let s: Scenario;
  let api: ExtensionApi;
  let shop: WebApp;
  let claimsApi: { id: string; appId: string };
  let extensionId: string;
  let userId: string;
  const base = '/api/v1/tenants/demo';

  beforeAll(async () => {
    s = await startScenario(kind, { geoOverrides: {} });
    api = await startExtensionApi();
    shop = await s.registerWebApp('Gift Shop');
    const registered = await s.gh.api('POST', `${base}/applications`, {
      displayName: 'Claims API',
      identifierUris: ['api://claims.example'],
      api: { oauth2PermissionScopes: [{ value: 'Loyalty.Read', adminConsentDisplayName: 'Read loyalty' }] },
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    claimsApi = registered.body;
    await s.gh.grant('demo', shop.appId, claimsApi.appId, { scope: 'Loyalty.Read' });
    userId = await s.createUser('casey@example.com');
  });
  afterAll(async () => {
    await s?.stop();
    await api?.close();
  });

  const extensionBody = (overrides: Record<string, unknown> = {}) => ({
    '@odata.type': '#microsoft.graph.onTokenIssuanceStartCustomExtension',
    displayName: 'Loyalty claims',
    description: 'Fetch claims from the loyalty system',
    endpointConfiguration: {
      '@odata.type': '#microsoft.graph.httpRequestEndpoint',
      targetUrl: `${api.url}/claims`,
    },
    authenticationConfiguration: {
      '@odata.type': '#microsoft.graph.azureAdTokenAuthentication',
      resourceId: 'api://claims.example',
    },
    clientConfiguration: { timeoutInMilliseconds: 1000, maximumRetries: 1 },
    claimsForTokenConfiguration: [
      { claimIdInApiResponse: 'DateOfBirth' },
      { claimIdInApiResponse: 'CustomRoles' },
    ],
    ...overrides,
  });

  it('creates an extension in Graph shape, and refuses bad input saying where', async () => {
    for (const [change, target] of [
      [{ clientConfiguration: { timeoutInMilliseconds: 100 } }, 'clientConfiguration.timeoutInMilliseconds'],
      [{ clientConfiguration: { maximumRetries: 2 } }, 'clientConfiguration.maximumRetries'],
      [
        { endpointConfiguration: { targetUrl: 'http://claims.example/x' } },
        'endpointConfiguration.targetUrl',
      ],
      [
        { authenticationConfiguration: { resourceId: 'api://nobody.example' } },
        'authenticationConfiguration.resourceId',
      ],
      [{ '@odata.type': '#microsoft.graph.onSomethingElse' }, '@odata.type'],
      [
        { behaviorOnError: { '@odata.type': '#microsoft.graph.fallbackToMicrosoftProviderOnError' } },
        'behaviorOnError',
      ],
      [{ unknownField: 1 }, undefined],
    ] as const) {
      const refused = await s.gh.api(
        'POST',
        `${base}/identity/customAuthenticationExtensions`,
        extensionBody(change),
      );
      expect(refused.status, JSON.stringify(change)).toBe(400);
      if (target) expect(refused.body.error.target, JSON.stringify(refused.body)).toBe(target);
    }
    expect((await s.gh.api('GET', `${base}/identity/customAuthenticationExtensions`)).body.value).toEqual([]);

    const created = await s.gh.api(
      'POST',
      `${base}/identity/customAuthenticationExtensions`,
      extensionBody(),
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    extensionId = created.body.id;
    expect(created.body).toEqual({
      '@odata.type': '#microsoft.graph.onTokenIssuanceStartCustomExtension',
      id: extensionId,
      displayName: 'Loyalty claims',
      description: 'Fetch claims from the loyalty system',
      endpointConfiguration: {
        '@odata.type': '#microsoft.graph.httpRequestEndpoint',
        targetUrl: `${api.url}/claims`,
      },
      authenticationConfiguration: {
        '@odata.type': '#microsoft.graph.azureAdTokenAuthentication',
        resourceId: 'api://claims.example',
      },
      clientConfiguration: { timeoutInMilliseconds: 1000, maximumRetries: 1 },
      behaviorOnError: null,
      claimsForTokenConfiguration: [
        { claimIdInApiResponse: 'DateOfBirth' },
        { claimIdInApiResponse: 'CustomRoles' },
      ],
    });
    const read = await s.gh.api('GET', `${base}/identity/customAuthenticationExtensions/${extensionId}`);
    expect(read.body).toEqual(created.body);
    // The scenario's clock stands still: entries of one instant come in any order.
    const audit = await s.gh.api('GET', `${base}/auditLogs/directoryAudits?$top=20`);
    const added = audit.body.value.filter(
      (a: { activityDisplayName: string }) => a.activityDisplayName === 'Add custom authentication extension',
    );
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ targetResources: [{ id: extensionId, displayName: 'Loyalty claims' }] });
  });

  it('binds it to an app with a listener of its own event only, and keeps it while a listener uses it', async () => {
    const listeners = `${base}/identity/authenticationEventListeners`;
    const listener = (type: string, appId: string) => ({
      '@odata.type': type,
      conditions: { applications: { includeApplications: [{ appId }] } },
      handler: {
        '@odata.type': '#microsoft.graph.onTokenIssuanceStartCustomExtensionHandler',
        customExtension: { id: extensionId },
      },
    });
    const wrongEvent = await s.gh.api('POST', listeners, {
      ...listener('#microsoft.graph.onAttributeCollectionStartListener', shop.appId),
      handler: {
        '@odata.type': '#microsoft.graph.onAttributeCollectionStartCustomExtensionHandler',
        customExtension: { id: extensionId },
      },
    });
    expect(wrongEvent.status).toBe(400);
    expect(wrongEvent.body.error.target).toBe('handler.customExtension.id');
    const unknownApp = await s.gh.api(
      'POST',
      listeners,
      listener('#microsoft.graph.onTokenIssuanceStartListener', '00000000-0000-4000-8000-000000000001'),
    );
    expect(unknownApp.status).toBe(400);
    expect(unknownApp.body.error.target).toBe('conditions.applications.includeApplications.0.appId');

    const created = await s.gh.api(
      'POST',
      listeners,
      listener('#microsoft.graph.onTokenIssuanceStartListener', shop.appId),
    );
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      '@odata.type': '#microsoft.graph.onTokenIssuanceStartListener',
      priority: 500,
      conditions: {
        applications: { includeAllApplications: false, includeApplications: [{ appId: shop.appId }] },
      },
      handler: {
        '@odata.type': '#microsoft.graph.onTokenIssuanceStartCustomExtensionHandler',
        customExtension: { id: extensionId },
      },
    });
    // A migration listener must name a boolean attribute that marks the users to migrate.
    const migration = await s.gh.api('POST', `${base}/identity/customAuthenticationExtensions`, {
      ...extensionBody({ '@odata.type': '#microsoft.graph.onPasswordSubmitCustomExtension' }),
      claimsForTokenConfiguration: undefined,
    });
    expect(migration.status, JSON.stringify(migration.body)).toBe(201);
    const noAttribute = await s.gh.api('POST', listeners, {
      '@odata.type': '#microsoft.graph.onPasswordSubmitListener',
      conditions: { applications: { includeApplications: [{ appId: shop.appId }] } },
      handler: {
        '@odata.type': '#microsoft.graph.onPasswordMigrationCustomExtensionHandler',
        migrationPropertyId: 'extension_requiresMigration',
        customExtension: { id: migration.body.id },
      },
    });
    expect(noAttribute.status).toBe(400);
    expect(noAttribute.body.error.target).toBe('handler.migrationPropertyId');
    expect(
      (await s.gh.api('DELETE', `${base}/identity/customAuthenticationExtensions/${migration.body.id}`))
        .status,
    ).toBe(204);

    const inUse = await s.gh.api('DELETE', `${base}/identity/customAuthenticationExtensions/${extensionId}`);
    expect(inUse.status).toBe(409);
    expect(inUse.body.error.message).toMatch(/used by the listener/);
  });

  it('maps only what a claims-mapping policy names, and never an identity claim', async () => {
    const policies = `${base}/policies/claimsMappingPolicies`;
    const definition = (schema: unknown[]) => [
      JSON.stringify({
        ClaimsMappingPolicy: { Version: 1, IncludeBasicClaimSet: 'true', ClaimsSchema: schema },
      }),
    ];
    for (const [schema, message] of [
      [[{ Source: 'CustomClaimsProvider', ID: 'DateOfBirth', JwtClaimType: 'sub' }], /cannot be mapped/],
      [[{ Source: 'user', ID: 'mail', JwtClaimType: 'mail2' }], /not supported/],
    ] as const) {
      const refused = await s.gh.api('POST', policies, {
        displayName: 'Bad',
        definition: definition([...schema]),
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toMatch(message);
    }
    const created = await s.gh.api('POST', policies, {
      displayName: 'Loyalty claims for the shop',
      definition: definition([
        { Source: 'CustomClaimsProvider', ID: 'DateOfBirth', JwtClaimType: 'dob' },
        { Source: 'CustomClaimsProvider', ID: 'CustomRoles', JwtClaimType: 'my_roles' },
        { Value: 'tokenaug_V2', JwtClaimType: 'policy_version' },
      ]),
      isOrganizationDefault: false,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const sp = await s.gh.servicePrincipalOf('demo', shop.appId);
    const assigned = await s.gh.api('POST', `${base}/servicePrincipals/${sp.id}/claimsMappingPolicies/$ref`, {
      '@odata.id': `https://graph.microsoft.com/v1.0/policies/claimsMappingPolicies/${created.body.id}`,
    });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(204);
    const listed = await s.gh.api('GET', `${base}/servicePrincipals/${sp.id}/claimsMappingPolicies`);
    expect(listed.body.value.map((p: { id: string }) => p.id)).toEqual([created.body.id]);
    // The API's own policy: what its access tokens carry.
    const forApi = await s.gh.api('POST', policies, {
      displayName: 'Loyalty claims for the API',
      definition: definition([
        { Source: 'CustomClaimsProvider', ID: 'DateOfBirth', JwtClaimType: 'api_dob' },
      ]),
    });
    const apiSp = await s.gh.servicePrincipalOf('demo', claimsApi.appId);
    const apiAssigned = await s.gh.api(
      'POST',
      `${base}/servicePrincipals/${apiSp.id}/claimsMappingPolicies/$ref`,
      {
        '@odata.id': forApi.body.id,
      },
    );
    expect(apiAssigned.status, JSON.stringify(apiAssigned.body)).toBe(204);
  });

  it("calls the business's API at token issuance with Entra's request and a token it can validate", async () => {
    api.answer(() => ({
      body: provideClaims({ DateOfBirth: '01/01/2000', CustomRoles: ['Writer', 'Editor'], Undeclared: 'x' }),
    }));
    const at = s.browserAt('203.0.113.7', WINDOWS_EDGE, {
      scope: 'openid offline_access api://claims.example/Loyalty.Read',
    });
    const signedIn = await at.signIn(shop, 'casey@example.com');
    const tokens = await signedIn.tokens(signedIn.redirectedTo);
    const claims = decodeJwt(tokens.id_token as string);
    expect(claims).toMatchObject({
      dob: '01/01/2000',
      my_roles: ['Writer', 'Editor'],
      policy_version: 'tokenaug_V2',
    });
    expect(claims.sub).toBe(userId);
    expect(claims).not.toHaveProperty('Undeclared');
    expect(claims).not.toHaveProperty('DateOfBirth');
    // The access token for the API: what the API's own policy maps, from the same single call.
    const access = decodeJwt(tokens.access_token);
    expect(access).toMatchObject({ aud: 'api://claims.example', scp: 'Loyalty.Read', api_dob: '01/01/2000' });
    expect(access).not.toHaveProperty('dob');

    expect(api.requests).toHaveLength(1);
    const [request] = api.requests;
    const sp = await s.gh.servicePrincipalOf('demo', shop.appId);
    const tenant = (await s.gh.api('GET', '/api/v1/tenants/demo')).body;
    expect(request?.body).toEqual({
      type: 'microsoft.graph.authenticationEvent.tokenIssuanceStart',
      source: `/tenants/demo/applications/${shop.appId}`,
      data: {
        '@odata.type': 'microsoft.graph.onTokenIssuanceStartCalloutData',
        tenantId: 'demo',
        authenticationEventListenerId: expect.any(String),
        customAuthenticationExtensionId: extensionId,
        authenticationContext: {
          correlationId: expect.any(String),
          client: { ip: expect.any(String), locale: expect.any(String), market: expect.any(String) },
          protocol: 'OAUTH2.0',
          clientServicePrincipal: {
            id: sp.id,
            appId: shop.appId,
            appDisplayName: 'Gift Shop',
            displayName: 'Gift Shop',
          },
          resourceServicePrincipal: {
            id: sp.id,
            appId: shop.appId,
            appDisplayName: 'Gift Shop',
            displayName: 'Gift Shop',
          },
          user: {
            createdDateTime: expect.any(String),
            displayName: 'casey',
            givenName: null,
            id: userId,
            mail: 'casey@example.com',
            surname: null,
            userPrincipalName: 'casey@example.com',
            userType: 'Member',
          },
        },
      },
    });
    expect(tenant.id).toBe('demo');

    // The bearer token: the tenant's key, for the extension's API, from Entra's caller id.
    const bearer = String(request?.headers.authorization).replace(/^Bearer /, '');
    const discovery = (await (
      await fetch(`${s.gh.baseUrl}/t/demo/.well-known/openid-configuration`)
    ).json()) as {
      jwks_uri: string;
      issuer: string;
    };
    const jwks = createRemoteJWKSet(new URL(discovery.jwks_uri));
    const { payload } = await jwtVerify(bearer, jwks, {
      issuer: discovery.issuer,
      audience: claimsApi.appId,
    });
    expect(payload).toMatchObject({ azp: CALLER, appid: CALLER, tid: 'demo' });
    expect((payload.exp as number) - (payload.iat as number)).toBeLessThanOrEqual(300);
    await expect(
      jwtVerify(bearer, jwks, { issuer: discovery.issuer, audience: shop.appId }),
    ).rejects.toThrow();

    // The sign-in log entry of that sign-in shows the call.
    const [entry] = await s.signInLog(userId);
    expect(entry.appliedEventListeners).toEqual([
      {
        eventType: 'tokenIssuanceStart',
        executedListenerId: request?.body.data.authenticationEventListenerId,
        handlerResult: {
          '@odata.type': '#microsoft.graph.customExtensionCalloutResult',
          customExtensionId: extensionId,
          calloutDateTime: expect.any(String),
          numberOfAttempts: 1,
          httpStatus: 200,
          errorCode: 0,
          durationInMilliseconds: expect.any(Number),
        },
      },
    ]);
  });

  it('refuses the token when the API fails, after the retry it allows, and logs why', async () => {
    const cases = [
      { answer: { status: 500, body: {} }, errorCode: 1003002, attempts: 2, httpStatus: 500 },
      { answer: { delayMs: 1500, body: provideClaims({}) }, errorCode: 1003005, attempts: 2, httpStatus: 0 },
      { answer: { raw: 'not json' }, errorCode: 1003003, attempts: 1, httpStatus: 200 },
      {
        answer: { body: provideClaims({ DateOfBirth: 'x'.repeat(3100) }) },
        errorCode: 1003025,
        attempts: 1,
        httpStatus: 200,
      },
      {
        answer: {
          body: answerWith(TOKEN_RESPONSE, {
            '@odata.type': 'microsoft.graph.tokenIssuanceStart.somethingElse',
          }),
        },
        errorCode: 1003012,
        attempts: 1,
        httpStatus: 200,
      },
    ];
    for (const { answer, errorCode, attempts, httpStatus } of cases) {
      api.requests.length = 0;
      api.answer(() => answer);
      // Each sign-in a minute after the last: the log's newest entry is this one.
      s.clock.advance(60_000);
      const at = s.browserAt('203.0.113.8');
      const signedIn = await at.signIn(shop, 'casey@example.com');
      await expect(signedIn.tokens(signedIn.redirectedTo), String(errorCode)).rejects.toMatchObject({
        error: 'invalid_grant',
        error_description: expect.stringContaining(`AADSTS${errorCode}`),
      });
      expect(api.requests).toHaveLength(attempts);
      const [entry] = await s.signInLog(userId);
      expect(entry.appliedEventListeners[0].handlerResult, String(errorCode)).toMatchObject({
        numberOfAttempts: attempts,
        httpStatus,
        errorCode,
      });
    }
  });

  it('never calls an address the outbound policy refuses, whatever an admin typed', async () => {
    // Cloud metadata services live at link-local addresses: no setting lets a callout reach them.
    const patched = await s.gh.api(
      'PATCH',
      `${base}/identity/customAuthenticationExtensions/${extensionId}`,
      {
        endpointConfiguration: { targetUrl: 'https://169.254.169.254/latest/meta-data' },
        clientConfiguration: { timeoutInMilliseconds: 2000, maximumRetries: 0 },
      },
    );
    expect(patched.status, JSON.stringify(patched.body)).toBe(204);
    s.clock.advance(60_000);
    const signedIn = await s.browserAt('203.0.113.9').signIn(shop, 'casey@example.com');
    await expect(signedIn.tokens(signedIn.redirectedTo)).rejects.toMatchObject({
      error: 'invalid_grant',
      error_description: expect.stringContaining('AADSTS1003027'),
    });
    const [entry] = await s.signInLog(userId);
    expect(entry.appliedEventListeners[0].handlerResult).toMatchObject({ httpStatus: 0, errorCode: 1003027 });
  });
});

/**
 * Attribute collection start and submit: the business's API prefills the sign-up page, rejects
 * values with its own messages next to each field, changes them, or blocks the sign-up — seen
 * on the hosted pages and in the account that is created. The password never leaves Gatehouse.
 */
describe.each(TEST_DATABASES)('attribute collection extensions on %s', (kind) => {
  let s: Scenario;
  let api: ExtensionApi;
  let shop: WebApp;
  let visitor = 20;
  const base = '/api/v1/tenants/demo';
  const START = 'microsoft.graph.onAttributeCollectionStartResponseData';
  const SUBMIT = 'microsoft.graph.onAttributeCollectionSubmitResponseData';
  const PASSWORD = 'Correct-Horse-Battery-Staple-42';

  beforeAll(async () => {
    s = await startScenario(kind, { geoOverrides: {} });
    api = await startExtensionApi();
    shop = await s.registerWebApp('Sign-up Shop');
    await s.gh.api('POST', `${base}/applications`, {
      displayName: 'Sign-up API',
      identifierUris: ['api://signup.example'],
    });
    expect(
      (await s.gh.api('POST', `${base}/customAttributes`, { name: 'loyaltyTier', dataType: 'string' }))
        .status,
    ).toBe(201);
    const flow = await s.gh.api('POST', `${base}/userFlows`, {
      displayName: 'Shop sign-up',
      signInMethods: ['emailPassword'],
      attributes: [
        { attribute: 'displayName', required: true },
        { attribute: 'city' },
        { attribute: 'loyaltyTier' },
      ],
      applications: [shop.appId],
    });
    expect(flow.status, JSON.stringify(flow.body)).toBe(201);
    for (const [event, url] of [
      ['AttributeCollectionStart', '/start'],
      ['AttributeCollectionSubmit', '/submit'],
    ] as const) {
      const extension = await s.gh.api('POST', `${base}/identity/customAuthenticationExtensions`, {
        '@odata.type': `#microsoft.graph.on${event}CustomExtension`,
        displayName: `Shop ${event}`,
        endpointConfiguration: { targetUrl: `${api.url}${url}` },
        authenticationConfiguration: { resourceId: 'api://signup.example' },
        clientConfiguration: { timeoutInMilliseconds: 1000, maximumRetries: 0 },
      });
      expect(extension.status, JSON.stringify(extension.body)).toBe(201);
      const listener = await s.gh.api('POST', `${base}/identity/authenticationEventListeners`, {
        '@odata.type': `#microsoft.graph.on${event}Listener`,
        conditions: { applications: { includeApplications: [{ appId: shop.appId }] } },
        handler: {
          '@odata.type': `#microsoft.graph.on${event}CustomExtensionHandler`,
          customExtension: { id: extension.body.id },
        },
      });
      expect(listener.status, JSON.stringify(listener.body)).toBe(201);
    }
  });
  afterAll(async () => {
    await s?.stop();
    await api?.close();
  });

  /** A visitor who verified their email: the page the start event shapes. */
  async function toDetails(email: string) {
    const at = s.browserAt(`198.51.100.${visitor++}`);
    const started = await at.authorize(shop);
    const signUp = await at.browser.navigate(
      new URL(`${new URL(started.page.url).pathname}/signup`, s.gh.baseUrl),
      shop.callback,
    );
    const sent = await at.submit(shop, signUp.body, /\/signup$/, { email });
    const details = await at.submit(shop, sent.body, /\/signup\/code$/, {
      code: await s.mail.nextCode(email),
    });
    return { at, details, tokens: started.tokens };
  }

  const answers = (start: unknown, submit: unknown) =>
    api.answer((request) => (request.path === '/start' ? start : submit) as never);

  it("prefills the page from the start answer, shows the submit answer's errors by each field, and stores its changed values", async () => {
    answers(
      {
        body: answerWith(START, {
          '@odata.type': 'microsoft.graph.attributeCollectionStart.setPrefillValues',
          inputs: { city: 'Seattle', extension_loyaltyTier: 'gold', notInTheFlow: 'x' },
        }),
      },
      {
        body: answerWith(SUBMIT, {
          '@odata.type': 'microsoft.graph.attributeCollectionSubmit.showValidationError',
          message: 'Please fix the below errors to proceed.',
          attributeErrors: { city: 'City cannot contain any numbers' },
        }),
      },
    );
    api.requests.length = 0;
    const { at, details, tokens } = await toDetails('larissa@example.com');
    expect(details.status).toBe(200);
    expect(details.body).toContain('value="Seattle"');
    expect(details.body).toContain('value="gold"');
    expect(details.body).not.toContain('notInTheFlow');
    const [start] = api.requests;
    expect(start?.body).toMatchObject({
      type: 'microsoft.graph.authenticationEvent.attributeCollectionStart',
      source: `/tenants/demo/applications/${shop.appId}`,
      data: {
        '@odata.type': 'microsoft.graph.onAttributeCollectionStartCalloutData',
        tenantId: 'demo',
        userSignUpInfo: {
          attributes: {
            email: {
              '@odata.type': 'microsoft.graph.stringDirectoryAttributeValue',
              value: 'larissa@example.com',
              attributeType: 'builtIn',
            },
          },
          identities: [{ signInType: 'email', issuer: 'demo', issuerAssignedId: 'larissa@example.com' }],
        },
        authenticationContext: { protocol: 'OAUTH2.0', clientServicePrincipal: { appId: shop.appId } },
      },
    });
    // The user does not exist yet: no user in the context.
    expect(start?.body.data.authenticationContext).not.toHaveProperty('user');

    s.clock.advance(1000);
    const refused = await at.submit(shop, details.body, /\/signup\/details$/, {
      password: PASSWORD,
      confirm: PASSWORD,
      'attr.displayName': 'Larissa Price',
      'attr.city': 'Seattle 9',
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('Please fix the below errors to proceed.');
    expect(refused.body).toContain('City cannot contain any numbers');
    const submit = api.requests[1];
    expect(submit?.body.type).toBe('microsoft.graph.authenticationEvent.attributeCollectionSubmit');
    expect(submit?.body.data.userSignUpInfo.attributes).toEqual({
      email: {
        '@odata.type': 'microsoft.graph.stringDirectoryAttributeValue',
        value: 'larissa@example.com',
        attributeType: 'builtIn',
      },
      displayName: {
        '@odata.type': 'microsoft.graph.stringDirectoryAttributeValue',
        value: 'Larissa Price',
        attributeType: 'builtIn',
      },
      city: {
        '@odata.type': 'microsoft.graph.stringDirectoryAttributeValue',
        value: 'Seattle 9',
        attributeType: 'builtIn',
      },
      extension_loyaltyTier: {
        '@odata.type': 'microsoft.graph.stringDirectoryAttributeValue',
        value: 'gold',
        attributeType: 'directorySchemaExtension',
      },
    });
    expect(JSON.stringify(submit?.body)).not.toContain(PASSWORD);
    expect((await s.gh.api('GET', `${base}/users?$search="larissa"`)).body.value).toEqual([]);

    answers(
      {},
      {
        body: answerWith(SUBMIT, {
          '@odata.type': 'microsoft.graph.attributeCollectionSubmit.modifyAttributeValues',
          attributes: { city: 'Redmond', extension_loyaltyTier: 'platinum' },
        }),
      },
    );
    s.clock.advance(1000);
    const created = await at.submit(shop, refused.body, /\/signup\/details$/, {
      password: PASSWORD,
      confirm: PASSWORD,
      'attr.displayName': 'Larissa Price',
      'attr.city': 'Seattle',
    });
    const granted = await tokens(created.redirectedTo);
    const userId = granted.claims()?.sub;
    const user = await s.gh.api('GET', `${base}/users/${userId}`);
    expect(user.body).toMatchObject({ city: 'Redmond', customAttributes: { loyaltyTier: 'platinum' } });
    // The sign-up's log entry shows each call the pages made for it.
    const [entry] = await s.signInLog(userId as string);
    expect(
      entry.appliedEventListeners.map((l: { eventType: string; handlerResult: { errorCode: number } }) => [
        l.eventType,
        l.handlerResult.errorCode,
      ]),
    ).toEqual([
      ['attributeCollectionStart', 0],
      ['attributeCollectionSubmit', 0],
      ['attributeCollectionSubmit', 0],
    ]);
  });

  it('goes on as without an extension when both answers say continueWithDefaultBehavior', async () => {
    answers(
      {
        body: answerWith(START, {
          '@odata.type': 'microsoft.graph.attributeCollectionStart.continueWithDefaultBehavior',
        }),
      },
      {
        body: answerWith(SUBMIT, {
          '@odata.type': 'microsoft.graph.attributeCollectionSubmit.continueWithDefaultBehavior',
        }),
      },
    );
    const { at, details, tokens } = await toDetails('plain@example.com');
    expect(details.status).toBe(200);
    expect(details.body).not.toContain('value="Seattle"');
    const created = await at.submit(shop, details.body, /\/signup\/details$/, {
      password: PASSWORD,
      confirm: PASSWORD,
      'attr.displayName': 'Plain Person',
      'attr.city': 'Lisbon',
    });
    const userId = (await tokens(created.redirectedTo)).claims()?.sub;
    const user = await s.gh.api('GET', `${base}/users/${userId}`);
    expect(user.body).toMatchObject({ mail: 'plain@example.com', city: 'Lisbon' });
  });

  it('blocks the sign-up with the page the answer asks for, and fails safe when the API does', async () => {
    answers(
      {
        body: answerWith(START, {
          '@odata.type': 'microsoft.graph.attributeCollectionStart.showBlockPage',
          title: 'Hold tight...',
          message:
            "Your access request is already processing. You'll be notified when your request has been approved.",
        }),
      },
      {},
    );
    const blocked = await toDetails('blocked@example.com');
    expect(blocked.details.status).toBe(403);
    expect(blocked.details.body).toContain('Hold tight...');
    expect(blocked.details.body).toContain('Your access request is already processing.');

    answers({ status: 503, body: {} }, {});
    const failed = await toDetails('later@example.com');
    expect(failed.details.status).toBe(502);
    expect(failed.details.body).toContain('Try again in a few minutes.');
    const users = (await s.gh.api('GET', `${base}/users?$top=100`)).body.value.map(
      (u: { mail: string }) => u.mail,
    );
    expect(users).not.toContain('blocked@example.com');
    expect(users).not.toContain('later@example.com');
  });
});
