import { describe, expect, it } from 'vitest';
import {
  aggregateRiskLevel,
  detectRealtime,
  distanceKm,
  PASSWORD_SPRAY,
  type RealtimeInput,
} from './detect.js';
import { emptyProfile, learn } from './profile.js';
import {
  DEFAULT_DETECTION_SETTINGS,
  type DetectionDraft,
  type RiskSignals,
  type SignInProfile,
} from './risk-model.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-11-01T08:00:00Z');

const PARIS = { countryOrRegion: 'FR', city: 'Paris', latitude: 48.8566, longitude: 2.3522 };
const LYON = { countryOrRegion: 'FR', city: 'Lyon', latitude: 45.764, longitude: 4.8357 };
const NEW_YORK = { countryOrRegion: 'US', city: 'New York', latitude: 40.7128, longitude: -74.006 };
const SYDNEY = { countryOrRegion: 'AU', city: 'Sydney', latitude: -33.8688, longitude: 151.2093 };

/** At home: home ISP, laptop. */
const laptop = (at: number, overrides: Partial<RiskSignals> = {}): RiskSignals => ({
  at,
  ipAddress: '203.0.113.7',
  ...PARIS,
  asn: 3215,
  browser: 'Chrome 120.0',
  operatingSystem: 'Windows 10',
  deviceId: 'laptop-cookie',
  ...overrides,
});

/** Out and about: mobile carrier, same city, phone browser, its own cookie. */
const phone = (at: number, overrides: Partial<RiskSignals> = {}): RiskSignals => ({
  at,
  ipAddress: '2a01:cb00:1234:5678::9',
  ...PARIS,
  asn: 15557,
  browser: 'Mobile Safari 17.1',
  operatingSystem: 'iOS 17',
  deviceId: 'phone-cookie',
  ...overrides,
});

/** An attacker: another country, network, device, browser and OS. */
const stranger = (at: number, overrides: Partial<RiskSignals> = {}): RiskSignals => ({
  at,
  ipAddress: '198.51.100.23',
  ...NEW_YORK,
  asn: 64500,
  browser: 'Firefox 121.0',
  operatingSystem: 'Linux',
  deviceId: null,
  ...overrides,
});

const learnAll = (signals: RiskSignals[], profile = emptyProfile()): SignInProfile =>
  signals.reduce((p, s) => learn(p, s), profile);

/** Twelve sign-ins over twelve days, laptop and phone taking turns: past learning. */
const LEARNT = learnAll(
  Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? laptop : phone)(T0 + i * DAY + 9 * HOUR)),
);
const AFTER = T0 + 12 * DAY + 9 * HOUR;

const input = (signals: RiskSignals, overrides: Partial<RealtimeInput> = {}): RealtimeInput => ({
  signals,
  profile: LEARNT,
  settings: DEFAULT_DETECTION_SETTINGS,
  anonymizer: false,
  threatIntelligence: { ip: false, leakedCredential: false },
  malicious: false,
  sprayFromIp: null,
  trustedLocation: false,
  ...overrides,
});

const types = (drafts: DetectionDraft[]) => drafts.map((d) => d.riskEventType);
const info = (draft: DetectionDraft | undefined) =>
  Object.fromEntries((draft?.additionalInfo ?? []).map(({ Key, Value }) => [Key, Value]));
const only = (drafts: DetectionDraft[], type: DetectionDraft['riskEventType']) =>
  drafts.find((d) => d.riskEventType === type);

describe('an ordinary user', () => {
  it('signing in from home and from a phone for 30 days raises nothing', () => {
    let profile = emptyProfile();
    for (let day = 0; day < 30; day++) {
      for (const [hour, device] of [
        [8, laptop],
        [13, phone],
        [21, laptop],
      ] as const) {
        // Mobile addresses change every day; the home one now and then.
        const signals = device(T0 + day * DAY + hour * HOUR, {
          ipAddress: device === phone ? `2a01:cb0${day % 10}:${day}::${hour}` : `203.0.113.${day % 5}`,
        });
        expect(detectRealtime(input(signals, { profile }))).toEqual([]);
        profile = learn(profile, signals);
      }
    }
    expect(profile.signInCount).toBe(90);
  });

  it('a phone on a new carrier in the usual city raises nothing', () => {
    const roaming = phone(AFTER, {
      asn: 64999,
      ipAddress: '192.0.2.44',
      deviceId: null,
      browser: 'Chrome 119.0',
    });
    expect(detectRealtime(input(roaming))).toEqual([]);
  });

  it('a new laptop at home raises nothing (network known)', () => {
    const newLaptop = laptop(AFTER, { deviceId: null, browser: 'Edge 120.0', operatingSystem: 'macOS' });
    expect(detectRealtime(input(newLaptop))).toEqual([]);
  });

  it('the own laptop abroad, far enough in time, raises nothing (device known)', () => {
    expect(
      detectRealtime(input(laptop(AFTER + 2 * DAY, { ...NEW_YORK, asn: 7922, ipAddress: '198.51.100.8' }))),
    ).toEqual([]);
  });
});

describe('anonymizedIPAddress', () => {
  it('fires, medium, for an anonymizer', () => {
    const drafts = detectRealtime(input(laptop(AFTER), { anonymizer: true }));
    expect(drafts).toEqual([
      {
        riskEventType: 'anonymizedIPAddress',
        riskLevel: 'medium',
        detectionTimingType: 'realtime',
        activity: 'signin',
        additionalInfo: [{ Key: 'list', Value: 'anonymizer' }],
      },
    ]);
  });

  it('does not fire otherwise', () => {
    expect(types(detectRealtime(input(laptop(AFTER))))).not.toContain('anonymizedIPAddress');
  });
});

describe('investigationsThreatIntelligence', () => {
  it('fires, high, for a listed IP or a leaked credential, saying which', () => {
    const ip = only(
      detectRealtime(input(laptop(AFTER), { threatIntelligence: { ip: true, leakedCredential: false } })),
      'investigationsThreatIntelligence',
    );
    expect(ip?.riskLevel).toBe('high');
    expect(info(ip).matched).toBe('ipAddress');
    const both = only(
      detectRealtime(input(laptop(AFTER), { threatIntelligence: { ip: true, leakedCredential: true } })),
      'investigationsThreatIntelligence',
    );
    expect(info(both).matched).toBe('ipAddress,leakedCredential');
    const leaked = only(
      detectRealtime(input(laptop(AFTER), { threatIntelligence: { ip: false, leakedCredential: true } })),
      'investigationsThreatIntelligence',
    );
    expect(info(leaked).matched).toBe('leakedCredential');
  });

  it('does not fire without a match', () => {
    expect(detectRealtime(input(laptop(AFTER)))).toEqual([]);
  });
});

describe('maliciousIPAddress', () => {
  it('fires, high and realtime, for a listed IP', () => {
    const draft = only(detectRealtime(input(laptop(AFTER), { malicious: true })), 'maliciousIPAddress');
    expect(draft).toMatchObject({ riskLevel: 'high', detectionTimingType: 'realtime', activity: 'signin' });
  });

  it('does not fire otherwise', () => {
    expect(types(detectRealtime(input(laptop(AFTER))))).not.toContain('maliciousIPAddress');
  });
});

describe('passwordSpray', () => {
  const spray = (accounts: number, attempts: number) =>
    only(detectRealtime(input(laptop(AFTER), { sprayFromIp: { accounts, attempts } })), 'passwordSpray');

  it('fires, high, for few attempts across many accounts', () => {
    const draft = spray(
      PASSWORD_SPRAY.minAccounts,
      PASSWORD_SPRAY.minAccounts * PASSWORD_SPRAY.maxAttemptsPerAccount,
    );
    expect(draft?.riskLevel).toBe('high');
    expect(info(draft)).toEqual({
      failedAccountsFromIp: '10',
      failedAttemptsFromIp: '30',
      attemptsPerAccount: '3.0',
    });
    expect(spray(200, 210)).toBeDefined();
  });

  it('does not fire below the account threshold', () => {
    expect(spray(PASSWORD_SPRAY.minAccounts - 1, PASSWORD_SPRAY.minAccounts - 1)).toBeUndefined();
  });

  it('does not fire for many attempts per account (a brute force, not a spray)', () => {
    expect(spray(10, 31)).toBeUndefined();
  });

  it('does not fire without failures from the IP', () => {
    expect(spray(0, 0)).toBeUndefined();
    expect(types(detectRealtime(input(laptop(AFTER), { sprayFromIp: null })))).toEqual([]);
  });
});

describe('unfamiliarFeatures', () => {
  // Long enough after the last sign-in that travel is plausible.
  const later = AFTER + 30 * DAY;

  it('fires high when network, place, device, browser and OS are all new', () => {
    const draft = only(detectRealtime(input(stranger(later))), 'unfamiliarFeatures');
    expect(draft).toMatchObject({ riskLevel: 'high', detectionTimingType: 'realtime', activity: 'signin' });
    expect(info(draft)).toEqual({
      unfamiliarFeatures: 'asn,subnet,place,deviceId,browser,operatingSystem',
      profileSignIns: '12',
    });
  });

  it('fires medium when the browser or the OS is known, low when both are', () => {
    expect(
      only(detectRealtime(input(stranger(later, { browser: 'Chrome 120.0' }))), 'unfamiliarFeatures')
        ?.riskLevel,
    ).toBe('medium');
    expect(
      only(detectRealtime(input(stranger(later, { operatingSystem: 'iOS 17' }))), 'unfamiliarFeatures')
        ?.riskLevel,
    ).toBe('medium');
    const low = only(
      detectRealtime(input(stranger(later, { browser: 'Chrome 120.0', operatingSystem: 'Windows 10' }))),
      'unfamiliarFeatures',
    );
    expect(low?.riskLevel).toBe('low');
    expect(info(low).unfamiliarFeatures).toBe('asn,subnet,place,deviceId');
  });

  it('counts a missing ASN as a new one', () => {
    expect(types(detectRealtime(input(stranger(later, { asn: null }))))).toContain('unfamiliarFeatures');
  });

  it('counts unknown geo as a new place', () => {
    const unknown = { countryOrRegion: null, city: null, latitude: null, longitude: null };
    const profile = learnAll(Array.from({ length: 10 }, (_, i) => laptop(T0 + i * DAY, unknown)));
    expect(types(detectRealtime(input(stranger(later, unknown), { profile })))).toEqual([
      'unfamiliarFeatures',
    ]);
  });

  it('does not fire when any of network, place or device is known', () => {
    expect(detectRealtime(input(stranger(later, { asn: 3215 })))).toEqual([]);
    expect(detectRealtime(input(stranger(later, { ipAddress: '203.0.113.250' })))).toEqual([]);
    expect(detectRealtime(input(stranger(later, { ...LYON, countryOrRegion: 'FR', city: 'Paris' })))).toEqual(
      [],
    );
    expect(detectRealtime(input(stranger(later, { deviceId: 'phone-cookie' })))).toEqual([]);
  });

  it('does not fire from a trusted location', () => {
    expect(detectRealtime(input(stranger(later), { trustedLocation: true }))).toEqual([]);
  });

  it('waits for the learning period: 10 sign-ins', () => {
    const nine = learnAll(Array.from({ length: 9 }, (_, i) => laptop(T0 + i * HOUR)));
    const soon = T0 + 2 * DAY;
    expect(detectRealtime(input(stranger(soon), { profile: nine }))).toEqual([]);
    const ten = learn(nine, laptop(T0 + 9 * HOUR));
    expect(types(detectRealtime(input(stranger(soon), { profile: ten })))).toContain('unfamiliarFeatures');
  });

  it('waits for the learning period: or 14 days, whichever comes first', () => {
    const two = learnAll([laptop(T0), laptop(T0 + DAY)]);
    expect(detectRealtime(input(stranger(T0 + 14 * DAY - HOUR), { profile: two }))).toEqual([]);
    expect(types(detectRealtime(input(stranger(T0 + 14 * DAY), { profile: two })))).toEqual([
      'unfamiliarFeatures',
    ]);
  });

  it('never fires for a user with no history', () => {
    expect(detectRealtime(input(stranger(later), { profile: emptyProfile() }))).toEqual([]);
  });
});

describe('unlikelyTravel', () => {
  /** Past learning, last seen in Paris at AFTER. */
  const profile = learn(LEARNT, laptop(AFTER));
  // The own laptop (so unfamiliarFeatures stays quiet): only travel is judged.
  const from = (place: typeof NEW_YORK, hoursLater: number, overrides: Partial<RealtimeInput> = {}) =>
    detectRealtime(
      input(laptop(AFTER + hoursLater * HOUR, { ...place, ipAddress: '198.51.100.8' }), {
        profile,
        ...overrides,
      }),
    );

  it('fires medium past the speed threshold, with why', () => {
    // Paris → New York is about 5 840 km: 5 h is about 1 170 km/h.
    const drafts = from(NEW_YORK, 5);
    expect(types(drafts)).toEqual(['unlikelyTravel']);
    const draft = drafts[0];
    expect(draft).toMatchObject({ riskLevel: 'medium', detectionTimingType: 'realtime', activity: 'signin' });
    const why = info(draft);
    expect(Number(why.distanceKm)).toBeGreaterThan(5_800);
    expect(Number(why.distanceKm)).toBeLessThan(5_900);
    expect(Number(why.speedKmPerHour)).toBeGreaterThan(1_100);
    expect(why.hoursBetween).toBe('5.00');
    expect(why.previousIpAddress).toBe('203.0.113.7');
    expect(why.previousCountryOrRegion).toBe('FR');
    expect(why.previousSignInDateTime).toBe(new Date(AFTER).toISOString());
  });

  it('is high past three times the threshold', () => {
    expect(from(NEW_YORK, 1)[0]?.riskLevel).toBe('high');
    expect(from(SYDNEY, 0)[0]?.riskLevel).toBe('high'); // same instant: no division by zero
    expect(info(from(SYDNEY, 0)[0]).speedKmPerHour).not.toBe('Infinity');
  });

  it('does not fire at a plausible speed', () => {
    expect(from(NEW_YORK, 8)).toEqual([]); // about 730 km/h
  });

  it('does not judge travel from a sign-in that came through a trusted location or an anonymizer', () => {
    const throughVpn = learn(LEARNT, { ...laptop(AFTER), travelExempt: true });
    expect(throughVpn.last?.travelExempt).toBe(true);
    const later = laptop(AFTER + HOUR, { ...NEW_YORK, ipAddress: '198.51.100.8' });
    expect(detectRealtime(input(later, { profile: throughVpn }))).toEqual([]);
    // The next ordinary sign-in is judged again.
    expect(learn(throughVpn, later).last?.travelExempt).toBeUndefined();
  });

  it('does not fire under the 500 km minimum, however fast', () => {
    // Paris → Lyon is about 390 km: in 10 minutes that is 2 300 km/h, but geo-IP is that coarse.
    expect(distanceKm(PARIS, LYON)).toBeLessThan(500);
    expect(from(LYON, 1 / 6)).toEqual([]);
    expect(
      types(from(LYON, 1 / 6, { settings: { ...DEFAULT_DETECTION_SETTINGS, minTravelDistanceKm: 300 } })),
    ).toEqual(['unlikelyTravel']);
  });

  it('does not fire from a trusted location', () => {
    expect(from(NEW_YORK, 1, { trustedLocation: true })).toEqual([]);
  });

  it('does not fire through an anonymizer (only the anonymizer detection does)', () => {
    expect(types(from(NEW_YORK, 1, { anonymizer: true }))).toEqual(['anonymizedIPAddress']);
  });

  it('does not fire without coordinates on either side', () => {
    const noCoordinates = { latitude: null, longitude: null };
    expect(
      detectRealtime(input(laptop(AFTER + HOUR, { ...NEW_YORK, ...noCoordinates }), { profile })),
    ).toEqual([]);
    const blind = learn(LEARNT, laptop(AFTER, noCoordinates));
    expect(detectRealtime(input(laptop(AFTER + HOUR, NEW_YORK), { profile: blind }))).toEqual([]);
  });

  it('waits for the learning period', () => {
    const young = learnAll([laptop(T0), laptop(T0 + HOUR)]);
    expect(detectRealtime(input(laptop(T0 + 2 * HOUR, NEW_YORK), { profile: young }))).toEqual([]);
  });
});

describe('detectRealtime', () => {
  const justInParis = learn(LEARNT, laptop(AFTER));

  it('returns every detection in a stable order', () => {
    const drafts = detectRealtime(
      input(stranger(AFTER + HOUR), {
        profile: justInParis,
        malicious: true,
        threatIntelligence: { ip: true, leakedCredential: false },
        sprayFromIp: { accounts: 50, attempts: 60 },
      }),
    );
    expect(types(drafts)).toEqual([
      'investigationsThreatIntelligence',
      'maliciousIPAddress',
      'passwordSpray',
      'unfamiliarFeatures',
      'unlikelyTravel',
    ]);
    const withAnonymizer = detectRealtime(
      input(stranger(AFTER + HOUR), { anonymizer: true, malicious: true }),
    );
    expect(types(withAnonymizer)).toEqual([
      'anonymizedIPAddress',
      'maliciousIPAddress',
      'unfamiliarFeatures',
    ]);
  });
});

describe('aggregateRiskLevel', () => {
  it('is the highest level, none when empty', () => {
    expect(aggregateRiskLevel([])).toBe('none');
    expect(aggregateRiskLevel(['none'])).toBe('none');
    expect(aggregateRiskLevel(['low'])).toBe('low');
    expect(aggregateRiskLevel(['low', 'medium', 'low'])).toBe('medium');
    expect(aggregateRiskLevel(['medium', 'high', 'low'])).toBe('high');
  });
});

describe('distanceKm', () => {
  it('is the great-circle distance', () => {
    expect(distanceKm(PARIS, PARIS)).toBe(0);
    expect(Math.round(distanceKm(PARIS, NEW_YORK))).toBeGreaterThan(5_830);
    expect(Math.round(distanceKm(PARIS, NEW_YORK))).toBeLessThan(5_850);
  });
});
