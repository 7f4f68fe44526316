import { describe, expect, it } from 'vitest';
import { identifierUriProblem, redirectUriProblem } from './uris.js';

describe('redirectUriProblem', () => {
  it.each([
    ['https://app.example.com/cb', 'web'],
    ['http://localhost:3000/cb', 'web'],
    ['http://127.0.0.1/cb', 'spa'],
    ['http://[::1]:8080/cb', 'publicClient'],
    ['com.example.app:/oauth2redirect', 'publicClient'],
  ] as const)('accepts %s for %s', (uri, platform) => {
    expect(redirectUriProblem(uri, platform)).toBeUndefined();
  });

  it.each([
    ['callback', 'web', /absolute/],
    ['https://app.example.com/cb#x', 'web', /fragment/],
    ['http://app.example.com/cb', 'web', /https/],
    ['https://*.example.com/cb', 'spa', /wildcard/],
    ['myapp:/cb', 'web', /https/],
    ['javascript:alert(1)', 'publicClient', /https/],
    ['http://localhost.evil.com/cb', 'web', /https/],
  ] as const)('refuses %s for %s', (uri, platform, reason) => {
    expect(redirectUriProblem(uri, platform)).toMatch(reason);
  });
});

describe('identifierUriProblem', () => {
  it('accepts api:// and https URIs', () => {
    expect(identifierUriProblem('api://orders')).toBeUndefined();
    expect(identifierUriProblem('https://api.example.com/orders')).toBeUndefined();
  });
  it('refuses relative, fragment, query, wildcard and trailing slash', () => {
    for (const uri of ['orders', 'api://orders#x', 'api://orders?x=1', 'api://*.orders', 'api://orders/']) {
      expect(identifierUriProblem(uri)).toBeDefined();
    }
  });
});
