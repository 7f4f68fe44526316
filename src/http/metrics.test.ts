import { describe, expect, it } from 'vitest';
import { authorized, routeClassOf } from './metrics.js';

describe('route classes', () => {
  it.each([
    ['/t/contoso/oauth2/token', 'token'],
    ['/t/contoso/oauth2/authorize?client_id=x', 'authorization'],
    ['/t/contoso/oauth2/authorize/abc123', 'authorization'],
    ['/t/contoso/oauth2/userinfo', 'userinfo'],
    ['/t/contoso/oauth2/jwks', 'jwks'],
    ['/t/contoso/oauth2/introspect', 'introspection'],
    ['/t/contoso/oauth2/revoke', 'revocation'],
    ['/t/contoso/oauth2/logout/confirm', 'end_session'],
    ['/t/contoso/oauth2/devicecode', 'device_authorization'],
    ['/t/contoso/oauth2/device', 'code_verification'],
    ['/t/contoso/oauth2/nothing-here', 'protocol_other'],
    ['/t/contoso/.well-known/openid-configuration', 'discovery'],
    ['/t/contoso/u/interaction/abc/login', 'hosted_ui'],
    ['/t/contoso/account/security-info', 'account'],
    ['/api/v1/tenants/contoso/users', 'admin_api'],
    ['/api/openapi.json', 'admin_api'],
    ['/console/users', 'console'],
    ['/healthz', 'health'],
    ['/readyz', 'health'],
    ['/metrics', 'metrics'],
    ['/', 'landing'],
    ['/wp-login.php', 'other'],
    ['/t/contoso/anything', 'other'],
  ])('%s is %s', (url, routeClass) => {
    expect(routeClassOf(url)).toBe(routeClass);
  });
});

describe('the metrics token', () => {
  const token = 'a'.repeat(40);
  it('is asked for as a bearer token', () => {
    expect(authorized(`Bearer ${token}`, token)).toBe(true);
    expect(authorized(`bearer ${token}`, token)).toBe(true);
    expect(authorized(undefined, token)).toBe(false);
    expect(authorized(`Bearer ${token}x`, token)).toBe(false);
    expect(authorized(`Basic ${token}`, token)).toBe(false);
    expect(authorized('Bearer ', token)).toBe(false);
  });
  it('is not asked for when none is set (the metrics port on a private address)', () => {
    expect(authorized(undefined, undefined)).toBe(true);
  });
});
