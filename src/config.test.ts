import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { DEFAULT_ASN_DIRECTORY, DEFAULT_GEO_DATABASES } from './protection/index.js';

describe('loadConfig', () => {
  it('defaults to port 8080, ./data and a SQLite file inside it', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.baseUrl).toBe('http://localhost:8080');
    expect(config.dataDir).toMatch(/\/data$/);
    expect(config.databaseUrl).toBe(`sqlite:${config.dataDir}/gatehouse.db`);
    expect(config.adminEmail).toBe('admin@localhost');
    expect(config.keyActivationDelaySeconds).toBe(86_400);
  });

  it('reads what outbound requests may reach (GATEHOUSE_OUTBOUND_ALLOW), from the env or the file', () => {
    expect(loadConfig({}).outboundAllow).toEqual({ loopback: false, private: false, ranges: [] });
    expect(loadConfig({ GATEHOUSE_OUTBOUND_ALLOW: 'loopback,10.20.0.0/16' }).outboundAllow).toMatchObject({
      loopback: true,
      private: false,
      ranges: [{ family: 4, prefix: 16, text: '10.20.0.0/16' }],
    });
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-outbound-'));
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ outboundAllow: ['private'] }));
    expect(loadConfig({ GATEHOUSE_CONFIG: file }).outboundAllow).toMatchObject({ private: true });
    expect(() => loadConfig({ GATEHOUSE_OUTBOUND_ALLOW: 'intranet' })).toThrow(
      /GATEHOUSE_OUTBOUND_ALLOW: 'intranet' is not loopback, private, none, or an address range/,
    );
    expect(() => loadConfig({ GATEHOUSE_OUTBOUND_ALLOW: '169.254.0.0/16' })).toThrow(
      /GATEHOUSE_OUTBOUND_ALLOW: '169\.254\.0\.0\/16' is a link-local address range, which is never allowed/,
    );
  });

  it('reads the smart lockout settings', () => {
    const defaults = loadConfig({});
    expect(defaults.lockoutThreshold).toBe(10);
    expect(defaults.lockoutDurationSeconds).toBe(60);
    const set = loadConfig({ GATEHOUSE_LOCKOUT_THRESHOLD: '5', GATEHOUSE_LOCKOUT_DURATION: '120' });
    expect(set.lockoutThreshold).toBe(5);
    expect(set.lockoutDurationSeconds).toBe(120);
    expect(() => loadConfig({ GATEHOUSE_LOCKOUT_DURATION: '0' })).toThrow(/GATEHOUSE_LOCKOUT_DURATION/);
    expect(() => loadConfig({ GATEHOUSE_LOCKOUT_DURATION: '3601' })).toThrow(/GATEHOUSE_LOCKOUT_DURATION/);
  });

  it('reads the slow-client timeouts; the headers one is never the longer', () => {
    const defaults = loadConfig({});
    expect(defaults.requestTimeoutSeconds).toBe(30);
    expect(defaults.headersTimeoutSeconds).toBe(10);
    expect(defaults.keepAliveTimeoutSeconds).toBe(5);
    // Only a short request timeout given: the headers one follows it down.
    expect(loadConfig({ GATEHOUSE_REQUEST_TIMEOUT: '4' }).headersTimeoutSeconds).toBe(4);
    const set = loadConfig({
      GATEHOUSE_REQUEST_TIMEOUT: '60',
      GATEHOUSE_HEADERS_TIMEOUT: '20',
      GATEHOUSE_KEEP_ALIVE_TIMEOUT: '65',
    });
    expect([set.requestTimeoutSeconds, set.headersTimeoutSeconds, set.keepAliveTimeoutSeconds]).toEqual([
      60, 20, 65,
    ]);
    expect(() => loadConfig({ GATEHOUSE_REQUEST_TIMEOUT: '5', GATEHOUSE_HEADERS_TIMEOUT: '6' })).toThrow(
      /GATEHOUSE_HEADERS_TIMEOUT: must not be longer than GATEHOUSE_REQUEST_TIMEOUT/,
    );
    expect(() => loadConfig({ GATEHOUSE_REQUEST_TIMEOUT: '0' })).toThrow(/GATEHOUSE_REQUEST_TIMEOUT/);
    expect(() => loadConfig({ GATEHOUSE_KEEP_ALIVE_TIMEOUT: '0' })).toThrow(/GATEHOUSE_KEEP_ALIVE_TIMEOUT/);
  });

  it('reaches Google, Apple and Facebook at their own endpoints unless told otherwise', () => {
    const defaults = loadConfig({}).identityProviderEndpoints;
    expect(defaults.google.metadataUrl).toBe('https://accounts.google.com/.well-known/openid-configuration');
    expect(defaults.facebook.meUrl).toMatch(/^https:\/\/graph\.facebook\.com\/v[\d.]+\/me$/);
    const set = loadConfig({
      GATEHOUSE_IDP_ENDPOINTS: JSON.stringify({
        google: { metadataUrl: 'http://127.0.0.1:9000/.well-known/openid-configuration' },
      }),
    }).identityProviderEndpoints;
    expect(set.google.metadataUrl).toBe('http://127.0.0.1:9000/.well-known/openid-configuration');
    expect(set.apple).toEqual(defaults.apple);
    expect(() => loadConfig({ GATEHOUSE_IDP_ENDPOINTS: '{google' })).toThrow(
      /GATEHOUSE_IDP_ENDPOINTS: must be JSON/,
    );
    expect(() => loadConfig({ GATEHOUSE_IDP_ENDPOINTS: '{"github":{}}' })).toThrow(/GATEHOUSE_IDP_ENDPOINTS/);
    expect(() => loadConfig({ GATEHOUSE_IDP_ENDPOINTS: '{"google":{"metadataUrl":"ftp://x"}}' })).toThrow(
      /GATEHOUSE_IDP_ENDPOINTS/,
    );
  });

  it('reads the learning period of risk detection', () => {
    const defaults = loadConfig({});
    expect([defaults.riskLearningSignIns, defaults.riskLearningDays]).toEqual([10, 14]);
    const set = loadConfig({ GATEHOUSE_RISK_LEARNING_SIGNINS: '25', GATEHOUSE_RISK_LEARNING_DAYS: '30' });
    expect([set.riskLearningSignIns, set.riskLearningDays]).toEqual([25, 30]);
    expect(() => loadConfig({ GATEHOUSE_RISK_LEARNING_DAYS: '0' })).toThrow(/GATEHOUSE_RISK_LEARNING_DAYS/);
    expect(() => loadConfig({ GATEHOUSE_RISK_LEARNING_SIGNINS: 'many' })).toThrow(
      /GATEHOUSE_RISK_LEARNING_SIGNINS/,
    );
  });

  it('reads the master key as hex or base64', () => {
    const hex = 'ab'.repeat(32);
    expect(loadConfig({ GATEHOUSE_MASTER_KEY: hex }).masterKey?.toString('hex')).toBe(hex);
    const b64 = Buffer.alloc(32, 7).toString('base64');
    expect(loadConfig({ GATEHOUSE_MASTER_KEY: b64 }).masterKey).toEqual(Buffer.alloc(32, 7));
  });

  it('takes the public URL as an origin only', () => {
    expect(loadConfig({ GATEHOUSE_BASE_URL: 'https://id.example.com/' }).baseUrl).toBe(
      'https://id.example.com',
    );
    expect(() => loadConfig({ GATEHOUSE_BASE_URL: 'https://example.com/auth' })).toThrow(
      /GATEHOUSE_BASE_URL: must be an origin/,
    );
  });

  it('names every invalid setting by its environment variable', () => {
    const attempt = () =>
      loadConfig({ PORT: '70000', GATEHOUSE_DATABASE_URL: 'mysql://x', GATEHOUSE_LOG_LEVEL: 'loud' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/PORT/);
    expect(attempt).toThrow(/GATEHOUSE_DATABASE_URL/);
    expect(attempt).toThrow(/GATEHOUSE_LOG_LEVEL/);
  });

  it('takes a JSON file and lets the environment win; unknown keys in it are refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-config-'));
    const file = join(dir, 'gatehouse.json');
    writeFileSync(file, JSON.stringify({ port: 9000, adminEmail: 'ops@example.com' }));
    expect(loadConfig({ GATEHOUSE_CONFIG: file })).toMatchObject({
      port: 9000,
      adminEmail: 'ops@example.com',
    });
    expect(loadConfig({ GATEHOUSE_CONFIG: file, PORT: '9100' }).port).toBe(9100);
    writeFileSync(file, JSON.stringify({ port: 'eighty' }));
    expect(() => loadConfig({ GATEHOUSE_CONFIG: file })).toThrow(`port in ${file}`);
    writeFileSync(file, JSON.stringify({ prot: 9000 }));
    expect(() => loadConfig({ GATEHOUSE_CONFIG: file })).toThrow(/unknown settings prot/);
    writeFileSync(file, '{ nope');
    expect(() => loadConfig({ GATEHOUSE_CONFIG: file })).toThrow(/not valid JSON/);
  });
});

describe('email settings', () => {
  it('takes an smtp:// or smtps:// URL and refuses anything else', () => {
    expect(loadConfig({}).smtpUrl).toBeUndefined();
    expect(loadConfig({ GATEHOUSE_SMTP_URL: 'smtp://mail.example.com:25' }).smtpUrl).toBe(
      'smtp://mail.example.com:25',
    );
    expect(loadConfig({ GATEHOUSE_SMTP_URL: 'smtps://user:p%40ss@mail.example.com:465' }).smtpUrl).toBe(
      'smtps://user:p%40ss@mail.example.com:465',
    );
    for (const bad of ['http://mail.example.com', 'mail.example.com:25', 'smtp://', 'smtp:mail']) {
      expect(() => loadConfig({ GATEHOUSE_SMTP_URL: bad })).toThrow(
        /GATEHOUSE_SMTP_URL: must be an smtp:\/\//,
      );
    }
  });

  it('never repeats the SMTP URL (it may hold a password) in its error', () => {
    expect(() => loadConfig({ GATEHOUSE_SMTP_URL: 'ftp://user:hunter2@mail.example.com' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('hunter2') }),
    );
  });

  it('defaults the from-address and validates the one given', () => {
    expect(loadConfig({}).mailFrom).toBe('Gatehouse <no-reply@localhost>');
    expect(loadConfig({ GATEHOUSE_MAIL_FROM: 'Contoso <id@contoso.com>' }).mailFrom).toBe(
      'Contoso <id@contoso.com>',
    );
    expect(loadConfig({ GATEHOUSE_MAIL_FROM: 'id@contoso.com' }).mailFrom).toBe('id@contoso.com');
    for (const bad of ['contoso', 'Contoso <id@contoso.com', 'a@b\r\nBcc: x@y.z']) {
      expect(() => loadConfig({ GATEHOUSE_MAIL_FROM: bad })).toThrow(
        /GATEHOUSE_MAIL_FROM: must be an address/,
      );
    }
  });
});

describe('geo settings', () => {
  it('defaults to the DB-IP databases installed from npm and no overrides', () => {
    const config = loadConfig({});
    expect(config.geoDatabases).toEqual(DEFAULT_GEO_DATABASES);
    expect(config.geoDatabases).toHaveLength(2);
    expect(config.geoOverrides).toEqual([]);
  });

  it('takes a comma-separated list of database files, or off', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-geo-'));
    const city = join(dir, 'city.mmdb');
    const asn = join(dir, 'asn.mmdb');
    writeFileSync(city, '');
    writeFileSync(asn, '');
    expect(loadConfig({ GATEHOUSE_GEO_DATABASE: `${city}, ${asn}` }).geoDatabases).toEqual([city, asn]);
    expect(loadConfig({ GATEHOUSE_GEO_DATABASE: 'off' }).geoDatabases).toEqual([]);
    expect(() => loadConfig({ GATEHOUSE_GEO_DATABASE: `${city},${join(dir, 'nope.mmdb')}` })).toThrow(
      /GATEHOUSE_GEO_DATABASE: no such file .*nope\.mmdb/,
    );
    expect(() => loadConfig({ GATEHOUSE_GEO_DATABASE: dir })).toThrow(/GATEHOUSE_GEO_DATABASE/);
  });

  it('defaults the ASN data to the package installed from npm, takes a directory or off', () => {
    expect(loadConfig({}).asnDatabase).toBe(DEFAULT_ASN_DIRECTORY);
    expect(DEFAULT_ASN_DIRECTORY).toEqual(expect.any(String));
    expect(loadConfig({ GATEHOUSE_ASN_DATABASE: 'off' }).asnDatabase).toBeNull();
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-asn-'));
    writeFileSync(join(dir, 'asn-ipv4-num.csv'), '');
    expect(() => loadConfig({ GATEHOUSE_ASN_DATABASE: dir })).toThrow(
      /GATEHOUSE_ASN_DATABASE: no such file .*asn-ipv6-num\.csv/,
    );
    writeFileSync(join(dir, 'asn-ipv6-num.csv'), '');
    expect(loadConfig({ GATEHOUSE_ASN_DATABASE: dir }).asnDatabase).toBe(dir);
    expect(() => loadConfig({ GATEHOUSE_ASN_DATABASE: join(dir, 'nope') })).toThrow(/GATEHOUSE_ASN_DATABASE/);
  });

  it('reads the override file at start and names the setting when it is bad', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gatehouse-geo-'));
    const file = join(dir, 'overrides.json');
    writeFileSync(file, JSON.stringify({ '10.0.0.0/8': { countryOrRegion: 'US', city: 'Redmond' } }));
    expect(loadConfig({ GATEHOUSE_GEO_OVERRIDES: file }).geoOverrides).toEqual([
      expect.objectContaining({ cidr: '10.0.0.0/8', location: expect.objectContaining({ city: 'Redmond' }) }),
    ]);
    writeFileSync(file, JSON.stringify({ '10.0.0.0/40': { countryOrRegion: 'US' } }));
    expect(() => loadConfig({ GATEHOUSE_GEO_OVERRIDES: file })).toThrow(
      /GATEHOUSE_GEO_OVERRIDES: .*"10\.0\.0\.0\/40"/,
    );
    writeFileSync(file, '{ nope');
    expect(() => loadConfig({ GATEHOUSE_GEO_OVERRIDES: file })).toThrow(
      /GATEHOUSE_GEO_OVERRIDES: .*not valid JSON/,
    );
    expect(() => loadConfig({ GATEHOUSE_GEO_OVERRIDES: join(dir, 'missing.json') })).toThrow(
      /GATEHOUSE_GEO_OVERRIDES: cannot read/,
    );
  });
});
