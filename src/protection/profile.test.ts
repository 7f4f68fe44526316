import { describe, expect, it } from 'vitest';
import { emptyProfile, isFamiliar, learn, noveltyOf, pastLearning, placeOf, subnetOf } from './profile.js';
import { DEFAULT_DETECTION_SETTINGS, type RiskSignals, type SignInProfile } from './risk-model.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-11-01T08:00:00Z');

const home = (at: number, overrides: Partial<RiskSignals> = {}): RiskSignals => ({
  at,
  ipAddress: '203.0.113.7',
  countryOrRegion: 'FR',
  city: 'Paris',
  latitude: 48.86,
  longitude: 2.35,
  asn: 3215,
  browser: 'Chrome 120.0',
  operatingSystem: 'Windows 10',
  deviceId: 'laptop',
  ...overrides,
});

const learnAll = (signals: RiskSignals[], profile = emptyProfile()): SignInProfile =>
  signals.reduce((p, s) => learn(p, s), profile);

describe('subnetOf', () => {
  it('takes IPv4 /24 and IPv6 /48', () => {
    expect(subnetOf('203.0.113.7')).toBe('203.0.113.0/24');
    expect(subnetOf('::ffff:203.0.113.7')).toBe('203.0.113.0/24');
    expect(subnetOf('2001:db8:1:2::5')).toBe('2001:db8:1::/48');
    expect(subnetOf('2001:DB8:0001:0002:0:0:0:5')).toBe('2001:db8:1::/48');
    expect(subnetOf('2001:db8::1')).toBe('2001:db8::/48');
    expect(subnetOf('::1')).toBe('::/48');
    expect(subnetOf('fe80::1%eth0')).toBe('fe80::/48');
    expect(subnetOf('2001:0:0:1::1')).toBe('2001::/48');
    expect(subnetOf('2001:0:5::1')).toBe('2001:0:5::/48');
  });

  it('leaves what is not an address as it is', () => {
    expect(subnetOf('unknown')).toBe('unknown');
  });
});

describe('placeOf', () => {
  it('joins country and city, either empty when unknown', () => {
    expect(placeOf({ countryOrRegion: 'FR', city: 'Paris' })).toBe('FR/Paris');
    expect(placeOf({ countryOrRegion: 'FR', city: null })).toBe('FR/');
    expect(placeOf({ countryOrRegion: null, city: null })).toBe('/');
  });
});

describe('learn', () => {
  it('counts each feature, stamps it, and keeps the last sign-in', () => {
    const p = learnAll([home(T0), home(T0 + DAY, { ipAddress: '203.0.113.99' })]);
    expect(p.signInCount).toBe(2);
    expect(p.firstSeen).toBe(T0);
    expect(p.lastSeen).toBe(T0 + DAY);
    expect(p.features.asn).toEqual({ '3215': { count: 2, lastSeen: T0 + DAY } });
    expect(p.features.place).toEqual({ 'FR/Paris': { count: 2, lastSeen: T0 + DAY } });
    expect(p.features.browser['Chrome 120.0']?.count).toBe(2);
    expect(p.features.operatingSystem['Windows 10']?.count).toBe(2);
    expect(p.features.deviceId.laptop?.count).toBe(2);
    expect(p.features.subnet).toEqual({ '203.0.113.0/24': { count: 2, lastSeen: T0 + DAY } });
    expect(p.last).toEqual({
      at: T0 + DAY,
      ipAddress: '203.0.113.99',
      latitude: 48.86,
      longitude: 2.35,
      countryOrRegion: 'FR',
    });
  });

  it('skips a null ASN and a null device id', () => {
    const p = learn(emptyProfile(), home(T0, { asn: null, deviceId: null }));
    expect(p.features.asn).toEqual({});
    expect(p.features.deviceId).toEqual({});
    expect(p.signInCount).toBe(1);
  });

  it('returns a new profile and leaves the old one as it was', () => {
    const before = learn(emptyProfile(), home(T0));
    const frozen = JSON.stringify(before);
    const after = learn(before, home(T0 + DAY, { browser: 'Firefox 121.0' }));
    expect(JSON.stringify(before)).toBe(frozen);
    expect(after).not.toBe(before);
    expect(after.features.browser).not.toBe(before.features.browser);
    expect(Object.keys(after.features.browser).sort()).toEqual(['Chrome 120.0', 'Firefox 121.0']);
  });

  it('drops the least recently seen values beyond the cap', () => {
    const cap = { maxValuesPerFeature: 3 };
    let p = emptyProfile();
    for (let i = 0; i < 3; i++) p = learn(p, home(T0 + i * DAY, { browser: `B${i}` }), cap);
    // B0 seen again: now the most recent, so B1 goes first, then B2.
    p = learn(p, home(T0 + 10 * DAY, { browser: 'B0' }), cap);
    p = learn(p, home(T0 + 11 * DAY, { browser: 'B3' }), cap);
    expect(Object.keys(p.features.browser).sort()).toEqual(['B0', 'B2', 'B3']);
    expect(p.features.browser.B0).toEqual({ count: 2, lastSeen: T0 + 10 * DAY });
    p = learn(p, home(T0 + 12 * DAY, { browser: 'B4' }), cap);
    expect(Object.keys(p.features.browser).sort()).toEqual(['B0', 'B3', 'B4']);
  });

  it('keeps 50 values per feature by default, whatever the history', () => {
    const history = Array.from({ length: 500 }, (_, i) =>
      home(T0 + i * 60_000, { deviceId: `d${i}`, ipAddress: `10.${i % 250}.${i % 7}.1` }),
    );
    const p = learnAll(history);
    expect(p.signInCount).toBe(500);
    expect(Object.keys(p.features.deviceId)).toHaveLength(50);
    expect(p.features.deviceId.d499).toBeDefined();
    expect(p.features.deviceId.d449).toBeUndefined();
    expect(Object.keys(p.features.subnet).length).toBeLessThanOrEqual(50);
  });

  it('rejects a cap that is not a positive integer', () => {
    expect(() => learn(emptyProfile(), home(T0), { maxValuesPerFeature: 0 })).toThrow(RangeError);
  });

  it('keeps the latest sign-in as last when an older one arrives late', () => {
    const p = learnAll([home(T0 + DAY), home(T0, { ipAddress: '198.51.100.1' })]);
    expect(p.last?.at).toBe(T0 + DAY);
    expect(p.firstSeen).toBe(T0);
    expect(p.lastSeen).toBe(T0 + DAY);
  });

  it('treats property names like __proto__ as plain values and survives JSON', () => {
    const p = learnAll([
      home(T0, { deviceId: '__proto__' }),
      home(T0 + 1, { deviceId: 'constructor' }),
      home(T0 + 2, { deviceId: '__proto__' }),
    ]);
    expect(Object.getPrototypeOf(p.features.deviceId)).toBeNull();
    expect(({} as Record<string, unknown>).count).toBeUndefined();
    const back = JSON.parse(JSON.stringify(p)) as SignInProfile;
    expect(back).toEqual(p);
    expect(Object.hasOwn(back.features.deviceId, '__proto__')).toBe(true);
    expect(noveltyOf(back, home(T0, { deviceId: '__proto__' })).deviceId).toBe(false);
    expect(noveltyOf(emptyProfile(), home(T0, { deviceId: 'toString' })).deviceId).toBe(true);
    const next = learn(back, home(T0 + 3, { deviceId: '__proto__' }));
    expect(Object.getOwnPropertyDescriptor(next.features.deviceId, '__proto__')?.value.count).toBe(3);
  });
});

describe('isFamiliar', () => {
  const profile = learnAll([home(T0), home(T0 + DAY)]);

  it('knows a device, a subnet, a place seen twice, an ASN seen twice', () => {
    const stranger = { ipAddress: '198.51.100.9', asn: 64500, countryOrRegion: 'US', city: 'Dallas' };
    expect(isFamiliar(profile, home(T0, { ...stranger, deviceId: 'laptop' }))).toBe(true);
    expect(isFamiliar(profile, home(T0, { ...stranger, deviceId: null, ipAddress: '203.0.113.200' }))).toBe(
      true,
    );
    expect(
      isFamiliar(profile, home(T0, { ...stranger, deviceId: null, countryOrRegion: 'FR', city: 'Paris' })),
    ).toBe(true);
    expect(isFamiliar(profile, home(T0, { ...stranger, deviceId: null, asn: 3215 }))).toBe(true);
    expect(isFamiliar(profile, home(T0, { ...stranger, deviceId: 'other' }))).toBe(false);
  });

  it('does not trust a place or an ASN seen once, nor unknown geo', () => {
    const once = learn(emptyProfile(), home(T0, { countryOrRegion: null, city: null }));
    const twice = learn(once, home(T0 + 1, { countryOrRegion: null, city: null }));
    const elsewhere = { ipAddress: '198.51.100.9', deviceId: null };
    expect(
      isFamiliar(once, home(T0, { ...elsewhere, countryOrRegion: 'FR', city: 'Paris', asn: 3215 })),
    ).toBe(false);
    expect(isFamiliar(twice, home(T0, { ...elsewhere, countryOrRegion: null, city: null, asn: 1 }))).toBe(
      false,
    );
  });

  it('knows nothing for a user who never signed in', () => {
    expect(isFamiliar(emptyProfile(), home(T0))).toBe(false);
  });
});

describe('pastLearning', () => {
  const settings = DEFAULT_DETECTION_SETTINGS;

  it('ends after the learning sign-ins', () => {
    const nine = learnAll(Array.from({ length: 9 }, (_, i) => home(T0 + i * 60_000)));
    expect(pastLearning(nine, T0 + DAY, settings)).toBe(false);
    expect(pastLearning(learn(nine, home(T0 + DAY)), T0 + DAY, settings)).toBe(true);
  });

  it('ends after the learning days, whichever comes first', () => {
    const two = learnAll([home(T0), home(T0 + DAY)]);
    expect(pastLearning(two, T0 + 14 * DAY - 1, settings)).toBe(false);
    expect(pastLearning(two, T0 + 14 * DAY, settings)).toBe(true);
  });

  it('never holds for an empty profile', () => {
    expect(pastLearning(emptyProfile(), T0, settings)).toBe(false);
    expect(pastLearning(emptyProfile(), T0, { learningSignIns: 0, learningDays: 0 })).toBe(false);
  });
});
