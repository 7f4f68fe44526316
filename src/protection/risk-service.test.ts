import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_DATABASES, type TestDatabase } from '../../test/support/databases.js';
import { createMemoryEventBus, type EventBus, ManualClock } from '../platform/index.js';
import { migrateToLatest, openStorage, type Storage } from '../storage/index.js';
import * as migration013 from '../storage/migrations/013_identity_protection.js';
import { createTenantService } from '../tenants/index.js';
import type { DetectionDraft, SignInProfile } from './risk-model.js';
import {
  createIdentityProtectionService,
  type IdentityProtectionService,
  leakedCredentialHash,
  THREAT_LISTS_CHANGED,
} from './risk-service.js';

const DAY = 24 * 60 * 60_000;
const START = new Date('2026-11-25T12:00:00Z');

const draft = (
  riskEventType: DetectionDraft['riskEventType'],
  riskLevel: DetectionDraft['riskLevel'],
): DetectionDraft => ({
  riskEventType,
  riskLevel,
  detectionTimingType: 'realtime',
  activity: 'signin',
  additionalInfo: [{ Key: 'why', Value: riskEventType }],
});

const user = (id: string) => ({ id, userPrincipalName: `${id}@contoso.com`, displayName: id.toUpperCase() });

const signIn = (correlationId: string, ipAddress = '203.0.113.7') => ({
  correlationId,
  ipAddress,
  location: { city: 'Paris', state: null, countryOrRegion: 'FR', geoCoordinates: null },
  activityAt: new Date(START.getTime() - 1000),
});

describe.each(TEST_DATABASES)('Identity Protection service on %s', (kind) => {
  let database: TestDatabase;
  let storage: Storage;
  let events: EventBus;
  let protection: IdentityProtectionService;
  const clock = new ManualClock(START);
  let tenantSeq = 0;

  /** A fresh tenant per test, so tests do not see each other's rows. */
  const newTenant = async () => {
    const id = `t${++tenantSeq}`;
    await createTenantService({ db: storage.db, clock, events, initializers: [] }).create({
      id,
      displayName: id,
    });
    return id;
  };
  const make = () => createIdentityProtectionService({ db: storage.db, clock, events });

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    storage = openStorage(database.url);
    await migrateToLatest(storage.db);
    events = createMemoryEventBus();
    protection = make();
  });
  afterAll(async () => {
    await storage?.close();
    await database?.drop();
  });

  it('records detections and aggregates the user risk, with history', async () => {
    clock.set(START);
    const t = await newTenant();
    expect(await protection.userRisk(t, 'alice')).toEqual({ riskLevel: 'none', riskState: 'none' });

    const stored = await protection.recordDetections(
      t,
      user('alice'),
      [draft('unfamiliarFeatures', 'low')],
      signIn('c1'),
    );
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      riskEventType: 'unfamiliarFeatures',
      riskLevel: 'low',
      riskState: 'atRisk',
      riskDetail: 'none',
      correlationId: 'c1',
      ipAddress: '203.0.113.7',
      userId: 'alice',
      userPrincipalName: 'alice@contoso.com',
      userDisplayName: 'ALICE',
      activityDateTime: new Date(START.getTime() - 1000).toISOString(),
      detectedDateTime: START.toISOString(),
      location: { city: 'Paris', countryOrRegion: 'FR' },
    });
    expect(JSON.parse(stored[0]?.additionalInfo ?? '')).toEqual([
      { Key: 'why', Value: 'unfamiliarFeatures' },
    ]);
    expect(await protection.getDetection(t, stored[0]?.id ?? '')).toEqual(stored[0]);
    expect(await protection.userRisk(t, 'alice')).toEqual({ riskLevel: 'low', riskState: 'atRisk' });

    clock.advance(1000);
    await protection.recordDetections(
      t,
      user('alice'),
      [draft('anonymizedIPAddress', 'medium'), draft('unlikelyTravel', 'high')],
      signIn('c2'),
    );
    expect(await protection.userRisk(t, 'alice')).toEqual({ riskLevel: 'high', riskState: 'atRisk' });
    // Same level again: no new history item.
    clock.advance(1000);
    await protection.recordDetections(t, user('alice'), [draft('unfamiliarFeatures', 'low')], signIn('c3'));

    const risky = await protection.getRiskyUser(t, 'alice');
    expect(risky).toEqual({
      id: 'alice',
      userPrincipalName: 'alice@contoso.com',
      userDisplayName: 'ALICE',
      riskLevel: 'high',
      riskState: 'atRisk',
      riskDetail: 'none',
      riskLastUpdatedDateTime: new Date(START.getTime() + 1000).toISOString(),
      isDeleted: false,
      isProcessing: false,
    });
    const history = await protection.riskyUserHistory(t, 'alice', { top: 10 });
    expect(
      history.items.map((h) => [h.riskLevel, h.riskState, h.initiatedBy, h.activity.eventTypes]),
    ).toEqual([
      ['high', 'atRisk', 'system', ['anonymizedIPAddress', 'unlikelyTravel']],
      ['low', 'atRisk', 'system', ['unfamiliarFeatures']],
    ]);
    expect(history.items[0]).toMatchObject({ id: 'alice', userId: 'alice', activity: { detail: 'none' } });

    // No user: stored, no user risk.
    const anonymous = await protection.recordDetections(
      t,
      null,
      [draft('passwordSpray', 'high')],
      signIn('c4'),
    );
    expect(anonymous[0]?.userId).toBeNull();
    expect(await protection.recordDetections(t, user('bob'), [], signIn('c5'))).toEqual([]);
    await expect(protection.getRiskyUser(t, 'bob')).rejects.toMatchObject({ code: 'risky_user_not_found' });
    await expect(protection.getDetection(t, 'nope')).rejects.toMatchObject({
      code: 'risk_detection_not_found',
    });
    await expect(protection.riskyUserHistory(t, 'bob', { top: 5 })).rejects.toMatchObject({
      kind: 'notFound',
    });
  });

  it('lists detections newest first with filters and pages', async () => {
    clock.set(START);
    const t = await newTenant();
    for (let i = 0; i < 5; i++) {
      clock.advance(1000);
      await protection.recordDetections(
        t,
        user(i % 2 ? 'odd' : 'even'),
        [draft(i % 2 ? 'anonymizedIPAddress' : 'unfamiliarFeatures', i === 4 ? 'high' : 'low')],
        signIn(`c${i}`, `::ffff:198.51.100.${i}`),
      );
    }
    const first = await protection.listDetections(t, {}, { top: 2 });
    expect(first.items.map((d) => d.correlationId)).toEqual(['c4', 'c3']);
    expect(first.items[0]?.ipAddress).toBe('198.51.100.4');
    const second = await protection.listDetections(t, {}, { top: 2, skipToken: first.next });
    expect(second.items.map((d) => d.correlationId)).toEqual(['c2', 'c1']);
    const third = await protection.listDetections(t, {}, { top: 2, skipToken: second.next });
    expect(third.items.map((d) => d.correlationId)).toEqual(['c0']);
    expect(third.next).toBeUndefined();

    const ids = async (filters: Parameters<IdentityProtectionService['listDetections']>[1]) =>
      (await protection.listDetections(t, filters, { top: 50 })).items.map((d) => d.correlationId);
    expect(await ids({ userId: 'odd' })).toEqual(['c3', 'c1']);
    expect(await ids({ riskEventType: 'unfamiliarFeatures' })).toEqual(['c4', 'c2', 'c0']);
    expect(await ids({ riskLevel: 'high' })).toEqual(['c4']);
    expect(await ids({ ipAddress: '198.51.100.2' })).toEqual(['c2']);
    expect(await ids({ ipAddress: '::ffff:198.51.100.2' })).toEqual(['c2']);
    expect(
      await ids({
        from: new Date(START.getTime() + 2000).toISOString(),
        to: new Date(START.getTime() + 4000).toISOString(),
      }),
    ).toEqual(['c2', 'c1']);
    await expect(ids({ riskLevel: 'extreme' as never })).rejects.toThrow();
    await expect(protection.listDetections(t, {}, { top: 2, skipToken: 'garbage' })).rejects.toMatchObject({
      code: 'invalid_skiptoken',
    });
    // Another tenant sees nothing.
    expect((await protection.listDetections(await newTenant(), {}, { top: 10 })).items).toEqual([]);
  });

  it('exports everything after a cursor, oldest first', async () => {
    clock.set(START);
    const t = await newTenant();
    const empty = await protection.detectionsAfter(t, undefined, 10);
    expect(empty).toEqual({ items: [], cursor: '' });
    // Several detections at one instant: the cursor still resumes exactly.
    await protection.recordDetections(
      t,
      user('a'),
      [
        draft('unfamiliarFeatures', 'low'),
        draft('anonymizedIPAddress', 'medium'),
        draft('unlikelyTravel', 'high'),
      ],
      signIn('c1'),
    );
    clock.advance(1000);
    await protection.recordDetections(t, user('b'), [draft('passwordSpray', 'medium')], signIn('c2'));

    const seen: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 3; i++) {
      const batch = await protection.detectionsAfter(t, cursor, 2);
      seen.push(...batch.items.map((d) => d.id));
      cursor = batch.cursor;
    }
    const all = (await protection.listDetections(t, {}, { top: 50 })).items;
    expect(new Set(seen)).toEqual(new Set(all.map((d) => d.id)));
    expect(seen).toHaveLength(4);
    expect((await protection.listDetections(t, { userId: 'b' }, { top: 1 })).items[0]?.id).toBe(seen[3]);

    const idle = await protection.detectionsAfter(t, cursor, 2);
    expect(idle).toEqual({ items: [], cursor });
    clock.advance(1000);
    const [later] = await protection.recordDetections(
      t,
      user('a'),
      [draft('maliciousIPAddress', 'high')],
      signIn('c3'),
    );
    const next = await protection.detectionsAfter(t, cursor, 100);
    expect(next.items.map((d) => d.id)).toEqual([later?.id]);
    await expect(protection.detectionsAfter(t, 'nonsense', 10)).rejects.toMatchObject({
      code: 'invalid_cursor',
    });
  });

  it('lists risky users (only those ever at risk) with filters', async () => {
    clock.set(START);
    const t = await newTenant();
    await protection.recordDetections(t, user('low'), [draft('unfamiliarFeatures', 'low')], signIn('c1'));
    clock.advance(1000);
    await protection.recordDetections(t, user('high'), [draft('unlikelyTravel', 'high')], signIn('c2'));
    clock.advance(1000);
    await protection.recordDetections(t, user('gone'), [draft('unlikelyTravel', 'medium')], signIn('c3'));
    await protection.dismiss(t, ['gone'], 'admin-1');
    await protection.dismiss(t, ['never-risky'], 'admin-1');

    const list = async (filters: Parameters<IdentityProtectionService['listRiskyUsers']>[1], top = 10) =>
      (await protection.listRiskyUsers(t, filters, { top })).items.map((u) => u.id);
    expect(await list({})).toEqual(['gone', 'high', 'low']);
    expect(await list({ riskLevel: 'high' })).toEqual(['high']);
    expect(await list({ riskLevel: 'none' })).toEqual(['gone']);
    expect(await list({ riskState: 'dismissed' })).toEqual(['gone']);
    expect(await list({ riskState: 'atRisk' })).toEqual(['high', 'low']);
    expect(await list({ updatedAfter: new Date(START.getTime() + 1000).toISOString() })).toEqual([
      'gone',
      'high',
    ]);

    const page = await protection.listRiskyUsers(t, {}, { top: 2 });
    expect(page.items.map((u) => u.id)).toEqual(['gone', 'high']);
    const rest = await protection.listRiskyUsers(t, {}, { top: 2, skipToken: page.next });
    expect(rest.items.map((u) => u.id)).toEqual(['low']);
    expect(rest.next).toBeUndefined();
    await expect(list({ riskState: 'sad' as never })).rejects.toThrow();
  });

  it('dismisses a user: active detections dismissed, user none/dismissed, history by the admin', async () => {
    clock.set(START);
    const t = await newTenant();
    const [d1] = await protection.recordDetections(
      t,
      user('u'),
      [draft('unlikelyTravel', 'high')],
      signIn('c1'),
    );
    clock.advance(1000);
    await protection.dismiss(t, ['u'], 'admin-1');
    expect(await protection.userRisk(t, 'u')).toEqual({ riskLevel: 'none', riskState: 'dismissed' });
    expect(await protection.getRiskyUser(t, 'u')).toMatchObject({
      riskDetail: 'adminDismissedAllRiskForUser',
    });
    expect(await protection.getDetection(t, d1?.id ?? '')).toMatchObject({
      riskState: 'dismissed',
      riskDetail: 'adminDismissedAllRiskForUser',
      lastUpdatedDateTime: new Date(START.getTime() + 1000).toISOString(),
    });
    const [latest] = (await protection.riskyUserHistory(t, 'u', { top: 1 })).items;
    expect(latest).toMatchObject({
      initiatedBy: 'admin-1',
      riskLevel: 'none',
      riskState: 'dismissed',
      activity: { eventTypes: ['unlikelyTravel'], detail: 'adminDismissedAllRiskForUser' },
    });
    // A new detection puts the user at risk again; with none active afterwards, the last verdict stays.
    clock.advance(1000);
    await protection.recordDetections(t, user('u'), [draft('unfamiliarFeatures', 'low')], signIn('c2'));
    expect(await protection.userRisk(t, 'u')).toEqual({ riskLevel: 'low', riskState: 'atRisk' });
    await expect(protection.dismiss(t, [], 'admin-1')).rejects.toThrow();
  });

  it('confirms a user compromised and remediates by a secure password reset', async () => {
    clock.set(START);
    const t = await newTenant();
    await protection.recordDetections(t, user('u'), [draft('unfamiliarFeatures', 'low')], signIn('c1'));
    clock.advance(1000);
    await protection.confirmCompromised(t, ['u', 'fresh'], 'admin-2');
    expect(await protection.getRiskyUser(t, 'u')).toMatchObject({
      riskLevel: 'high',
      riskState: 'confirmedCompromised',
      riskDetail: 'adminConfirmedUserCompromised',
      userPrincipalName: 'u@contoso.com',
    });
    // A user never at risk gets a record too (names unknown without a directory).
    expect(await protection.getRiskyUser(t, 'fresh')).toMatchObject({
      riskLevel: 'high',
      riskState: 'confirmedCompromised',
      userPrincipalName: null,
    });
    const confirmed = (
      await protection.listDetections(t, { riskEventType: 'adminConfirmedUserCompromised' }, { top: 5 })
    ).items;
    expect(confirmed.map((d) => d.userId).sort()).toEqual(['fresh', 'u']);
    expect(confirmed[0]).toMatchObject({
      riskLevel: 'high',
      detectionTimingType: 'offline',
      activity: 'user',
      riskState: 'confirmedCompromised',
    });
    // A new low detection does not lower a confirmed compromise.
    await protection.recordDetections(t, user('u'), [draft('unfamiliarFeatures', 'low')], signIn('c2'));
    expect(await protection.userRisk(t, 'u')).toEqual({
      riskLevel: 'high',
      riskState: 'confirmedCompromised',
    });

    clock.advance(1000);
    await protection.remediateUser(t, 'u', 'userPerformedSecuredPasswordReset', 'u');
    expect(await protection.getRiskyUser(t, 'u')).toMatchObject({
      riskLevel: 'none',
      riskState: 'remediated',
      riskDetail: 'userPerformedSecuredPasswordReset',
    });
    const states = (await protection.listDetections(t, { userId: 'u' }, { top: 10 })).items.map((d) => [
      d.riskState,
      d.riskDetail,
    ]);
    expect(states).toEqual(Array(3).fill(['remediated', 'userPerformedSecuredPasswordReset']));
    const history = (await protection.riskyUserHistory(t, 'u', { top: 10 })).items;
    expect(history.map((h) => [h.riskState, h.initiatedBy])).toEqual([
      ['remediated', 'u'],
      ['confirmedCompromised', 'admin-2'],
      ['atRisk', 'system'],
    ]);
    // Nothing to remediate: no record made, nothing written.
    await protection.remediateUser(t, 'nobody', 'adminGeneratedTemporaryPassword', 'admin-2');
    await expect(protection.getRiskyUser(t, 'nobody')).rejects.toMatchObject({ kind: 'notFound' });
    await expect(protection.remediateUser(t, 'u', 'guessed' as never, 'x')).rejects.toThrow();
  });

  it('refuses to confirm an unknown user when it has a directory', async () => {
    const t = await newTenant();
    const withDirectory = createIdentityProtectionService({
      db: storage.db,
      clock,
      events,
      users: {
        describe: async (_tenant, id) =>
          id === 'known' ? { userPrincipalName: 'known@contoso.com', displayName: 'Known' } : undefined,
      },
    });
    await withDirectory.confirmCompromised(t, ['known'], 'admin');
    expect(await withDirectory.getRiskyUser(t, 'known')).toMatchObject({
      userPrincipalName: 'known@contoso.com',
    });
    await expect(withDirectory.confirmCompromised(t, ['ghost'], 'admin')).rejects.toMatchObject({
      code: 'user_not_found',
    });
  });

  it('takes an admin verdict on sign-ins and remediation by MFA', async () => {
    clock.set(START);
    const t = await newTenant();
    await protection.recordDetections(t, user('u'), [draft('anonymizedIPAddress', 'medium')], signIn('s1'));
    await protection.recordDetections(t, user('u'), [draft('unfamiliarFeatures', 'low')], signIn('s2'));
    clock.advance(1000);

    await protection.confirmSignIns(t, ['s1'], 'safe', 'admin');
    expect(await protection.userRisk(t, 'u')).toEqual({ riskLevel: 'low', riskState: 'atRisk' });
    const s1 = (await protection.listDetections(t, { riskEventType: 'anonymizedIPAddress' }, { top: 5 }))
      .items;
    expect(s1[0]).toMatchObject({ riskState: 'confirmedSafe', riskDetail: 'adminConfirmedSigninSafe' });

    await protection.confirmSignIns(t, ['s2'], 'safe', 'admin');
    expect(await protection.getRiskyUser(t, 'u')).toMatchObject({
      riskLevel: 'none',
      riskState: 'confirmedSafe',
      riskDetail: 'adminConfirmedSigninSafe',
    });

    await protection.recordDetections(t, user('v'), [draft('unfamiliarFeatures', 'low')], signIn('s3'));
    await protection.confirmSignIns(t, ['s3', 'unknown-sign-in'], 'compromised', 'admin');
    expect(await protection.getRiskyUser(t, 'v')).toMatchObject({
      riskLevel: 'high',
      riskState: 'confirmedCompromised',
      riskDetail: 'adminConfirmedSigninCompromised',
    });
    const s3 = (await protection.listDetections(t, { userId: 'v' }, { top: 5 })).items[0];
    expect(s3).toMatchObject({ riskLevel: 'high', riskState: 'confirmedCompromised' });

    // Remediation of a sign-in by MFA.
    await protection.recordDetections(t, user('w'), [draft('unfamiliarFeatures', 'medium')], signIn('s4'));
    await protection.remediateSignIn(t, 's4', 'userPassedMFADrivenByRiskBasedPolicy');
    expect(await protection.getRiskyUser(t, 'w')).toMatchObject({
      riskLevel: 'none',
      riskState: 'remediated',
      riskDetail: 'userPassedMFADrivenByRiskBasedPolicy',
    });
    const [item] = (await protection.riskyUserHistory(t, 'w', { top: 1 })).items;
    expect(item).toMatchObject({ initiatedBy: 'system', activity: { eventTypes: ['unfamiliarFeatures'] } });
    await protection.remediateSignIn(t, 'no-such', 'userPassedMFADrivenByRiskBasedPolicy');
  });

  it('keeps threat lists per tenant and category, replaces them, and shares global ones', async () => {
    clock.set(START);
    const t = await newTenant();
    const other = await newTenant();
    const list = await protection.putThreatList(t, {
      category: 'anonymizer',
      displayName: ' Tor exits ',
      entries: ['203.0.113.7', '10.1.2.3/16', '::ffff:198.51.100.9', '203.0.113.7'],
    });
    expect(list).toMatchObject({
      tenantId: t,
      category: 'anonymizer',
      displayName: 'Tor exits',
      entries: ['203.0.113.7', '10.1.0.0/16', '198.51.100.9'],
      createdDateTime: START.toISOString(),
      modifiedDateTime: null,
    });
    clock.advance(1000);
    const replaced = await protection.putThreatList(t, {
      category: 'anonymizer',
      displayName: 'Tor exits v2',
      entries: ['2001:db8::/32'],
    });
    expect(replaced).toMatchObject({
      id: list.id,
      entries: ['2001:db8::/32'],
      createdDateTime: START.toISOString(),
      modifiedDateTime: new Date(START.getTime() + 1000).toISOString(),
    });
    const global = await protection.putThreatList(null, {
      category: 'malicious',
      displayName: 'Botnet',
      entries: ['192.0.2.0/24'],
    });
    expect(global.tenantId).toBeNull();
    expect((await protection.listThreatLists(t)).map((l) => [l.tenantId, l.category])).toEqual([
      [t, 'anonymizer'],
      [null, 'malicious'],
    ]);
    expect((await protection.listThreatLists(other)).map((l) => l.displayName)).toEqual(['Botnet']);

    await expect(
      protection.putThreatList(t, { category: 'malicious', displayName: 'x', entries: ['1.2.3.4', 'nope'] }),
    ).rejects.toMatchObject({
      code: 'invalid_threat_list_entry',
      target: 'entries.1',
      message: expect.stringContaining('nope'),
    });
    await expect(
      protection.putThreatList(t, {
        category: 'malicious',
        displayName: 'x',
        entries: Array(100_001).fill('1.2.3.4'),
      }),
    ).rejects.toMatchObject({ code: 'too_many_threat_list_entries' });
    await expect(
      protection.putThreatList(t, { category: 'spam' as never, displayName: 'x', entries: [] }),
    ).rejects.toThrow();
    await expect(
      protection.putThreatList('no-tenant', { category: 'malicious', displayName: 'x', entries: [] }),
    ).rejects.toMatchObject({ code: 'tenant_not_found' });

    await protection.deleteThreatList(t, 'anonymizer');
    await expect(protection.deleteThreatList(t, 'anonymizer')).rejects.toMatchObject({
      code: 'threat_list_not_found',
    });
    await protection.deleteThreatList(null, 'malicious');
    expect(await protection.listThreatLists(t)).toEqual([]);
  });

  it('caches the matcher per tenant and drops it on changes from any node', async () => {
    const t = await newTenant();
    const other = await newTenant();
    const [a, b] = [make(), make()];
    const first = await b.threatMatcher(t);
    expect(first.anonymizer('203.0.113.7')).toBe(false);
    expect(await b.threatMatcher(t)).toBe(first);
    const otherFirst = await b.threatMatcher(other);

    await a.putThreatList(t, { category: 'anonymizer', displayName: 'Tor', entries: ['203.0.113.0/24'] });
    const second = await b.threatMatcher(t);
    expect(second).not.toBe(first);
    expect(second.anonymizer('::ffff:203.0.113.7')).toBe(true);
    expect(second.malicious('203.0.113.7')).toBe(false);
    expect(await b.threatMatcher(other)).toBe(otherFirst);

    // A global change drops every tenant's matcher.
    await a.putThreatList(null, {
      category: 'threatIntelligence',
      displayName: 'Intel',
      entries: ['2001:db8::/32'],
    });
    const third = await b.threatMatcher(other);
    expect(third).not.toBe(otherFirst);
    expect(third.threatIntelligence('2001:db8::5')).toBe(true);
    expect((await b.threatMatcher(t)).threatIntelligence('2001:db8::5')).toBe(true);
    expect(third.anonymizer('203.0.113.7')).toBe(false);

    await a.deleteThreatList(null, 'threatIntelligence');
    expect((await b.threatMatcher(other)).threatIntelligence('2001:db8::5')).toBe(false);
    events.publish(THREAT_LISTS_CHANGED, { tenantId: t });
    expect(await b.threatMatcher(t)).not.toBe(second);
  });

  it('imports leaked credential hashes, tenant and global', async () => {
    const t = await newTenant();
    const other = await newTenant();
    const hash = leakedCredentialHash('  Alice@Contoso.com ', 'Passw0rd!');
    expect(hash).toBe(leakedCredentialHash('alice@contoso.com', 'Passw0rd!'));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(leakedCredentialHash('ａｌｉｃｅ@contoso.com', 'Passw0rd!')).toBe(hash); // NFKC
    expect(leakedCredentialHash('alice@contoso.com', 'passw0rd!')).not.toBe(hash);

    expect(await protection.importLeakedCredentials(t, [hash, hash.toUpperCase()])).toBe(1);
    expect(await protection.importLeakedCredentials(t, [hash])).toBe(0);
    expect(await protection.isLeakedCredential(t, hash)).toBe(true);
    expect(await protection.isLeakedCredential(other, hash)).toBe(false);

    const globalHash = leakedCredentialHash('bob@fabrikam.com', 'hunter2');
    expect(await protection.importLeakedCredentials(null, [globalHash])).toBe(1);
    expect(await protection.isLeakedCredential(other, globalHash)).toBe(true);
    expect(await protection.isLeakedCredential(t, globalHash.toUpperCase())).toBe(true);
    expect(await protection.isLeakedCredential(t, 'not-a-hash')).toBe(false);

    await expect(protection.importLeakedCredentials(t, [hash, 'abc'])).rejects.toMatchObject({
      code: 'invalid_leaked_credential_hash',
      target: 'hashes.1',
    });
    await expect(protection.importLeakedCredentials(t, ['g'.repeat(64)])).rejects.toThrow();
    const many = Array.from({ length: 2500 }, (_, i) => leakedCredentialHash(`u${i}@x.com`, 'p'));
    expect(await protection.importLeakedCredentials(t, many)).toBe(2500);
  });

  it('keeps one sign-in profile per user', async () => {
    const t = await newTenant();
    expect(await protection.profileOf(t, 'u')).toBeUndefined();
    const profile: SignInProfile = {
      signInCount: 3,
      firstSeen: 1,
      lastSeen: 2,
      features: {
        asn: { '3215': { count: 3, lastSeen: 2 } },
        place: { 'FR/Paris': { count: 3, lastSeen: 2 } },
        browser: {},
        operatingSystem: {},
        deviceId: {},
        subnet: {},
      },
      last: { at: 2, ipAddress: '203.0.113.7', latitude: 48.85, longitude: 2.35, countryOrRegion: 'FR' },
    };
    await protection.saveProfile(t, 'u', profile);
    expect(await protection.profileOf(t, 'u')).toEqual(profile);
    await protection.saveProfile(t, 'u', { ...profile, signInCount: 4 });
    expect((await protection.profileOf(t, 'u'))?.signInCount).toBe(4);
    expect(await protection.profileOf(t, 'v')).toBeUndefined();
  });

  it('purges detections past retention and ages out low ones', async () => {
    // The jobs span tenants: start from no detections at all.
    await protection.purgeDetectionsBefore(new Date('2100-01-01T00:00:00Z'));
    clock.set(START);
    const t = await newTenant();
    await protection.recordDetections(t, user('old'), [draft('unfamiliarFeatures', 'low')], signIn('c1'));
    await protection.recordDetections(t, user('mixed'), [draft('unfamiliarFeatures', 'low')], signIn('c2'));
    await protection.recordDetections(t, user('mixed'), [draft('unlikelyTravel', 'medium')], signIn('c3'));
    clock.advance(100 * DAY);
    await protection.recordDetections(t, user('recent'), [draft('anonymizedIPAddress', 'low')], signIn('c4'));

    // Nothing is 6 months old yet.
    expect(await protection.ageOutLowDetections(clock.now())).toBe(0);
    clock.advance(90 * DAY);
    // A low detection past 6 months no longer counts, even before the job ran.
    await protection.recordDetections(t, user('old'), [draft('unfamiliarFeatures', 'low')], signIn('c5'));
    expect(await protection.ageOutLowDetections(clock.now())).toBe(2);
    expect(await protection.userRisk(t, 'old')).toEqual({ riskLevel: 'low', riskState: 'atRisk' });
    expect(await protection.userRisk(t, 'mixed')).toEqual({ riskLevel: 'medium', riskState: 'atRisk' });
    expect(await protection.userRisk(t, 'recent')).toEqual({ riskLevel: 'low', riskState: 'atRisk' });
    const aged = (await protection.listDetections(t, { userId: 'mixed', riskLevel: 'low' }, { top: 5 }))
      .items;
    expect(aged[0]).toMatchObject({ riskState: 'dismissed', riskDetail: 'none' });

    // A user whose only detection ages out drops to none (history by system).
    const lone = await newTenant();
    clock.set(START);
    await protection.recordDetections(lone, user('lone'), [draft('unfamiliarFeatures', 'low')], signIn('c6'));
    clock.advance(181 * DAY);
    expect(await protection.ageOutLowDetections(clock.now())).toBe(1);
    expect(await protection.userRisk(lone, 'lone')).toEqual({ riskLevel: 'none', riskState: 'none' });
    const [latest] = (await protection.riskyUserHistory(lone, 'lone', { top: 1 })).items;
    expect(latest).toMatchObject({ riskLevel: 'none', initiatedBy: 'system' });

    // Retention: the detections of before the cutoff go, across tenants.
    const cutoff = new Date(START.getTime() + 1);
    const before = (await protection.listDetections(t, {}, { top: 50 })).items.length;
    const purged = await protection.purgeDetectionsBefore(cutoff);
    expect(purged).toBe(4);
    expect((await protection.listDetections(t, {}, { top: 50 })).items).toHaveLength(before - 3);
    expect((await protection.listDetections(lone, {}, { top: 50 })).items).toEqual([]);
    expect(await protection.purgeDetectionsBefore(cutoff)).toBe(0);
  });

  it('goes with its tenant', async () => {
    const t = await newTenant();
    await protection.recordDetections(t, user('u'), [draft('unlikelyTravel', 'high')], signIn('c1'));
    await protection.putThreatList(t, { category: 'malicious', displayName: 'x', entries: ['192.0.2.1'] });
    await createTenantService({ db: storage.db, clock, events, initializers: [] }).delete(t);
    expect(await protection.userRisk(t, 'u')).toEqual({ riskLevel: 'none', riskState: 'none' });
    expect(await protection.listThreatLists(t)).toEqual([]);
  });

  it('rolls its migration back and forward', async () => {
    await migration013.down(storage.db as never);
    await expect(protection.userRisk('t1', 'alice')).rejects.toThrow();
    await migration013.up(storage.db as never);
    expect(await protection.userRisk('t1', 'alice')).toEqual({ riskLevel: 'none', riskState: 'none' });
  });
});
