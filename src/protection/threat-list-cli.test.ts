import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config.js';
import { parseThreatListArgs } from './threat-list-cli.js';

describe('threat-list CLI arguments', () => {
  it('reads the category, tenant, name and file', () => {
    expect(
      parseThreatListArgs([
        'import',
        '--category',
        'anonymizer',
        '--tenant',
        'contoso',
        '--name',
        'Tor exits',
        'tor.txt',
      ]),
    ).toEqual({ category: 'anonymizer', tenantId: 'contoso', displayName: 'Tor exits', file: 'tor.txt' });
    expect(parseThreatListArgs(['import', 'bad.txt', '--category=malicious'])).toEqual({
      category: 'malicious',
      tenantId: null,
      displayName: 'malicious (imported, global)',
      file: 'bad.txt',
    });
  });

  it('refuses what it does not understand', () => {
    for (const argv of [
      [],
      ['export', '--category', 'anonymizer', 'f'],
      ['import', '--category', 'spam', 'f'],
      ['import', 'f'],
      ['import', '--category', 'malicious'],
      ['import', '--category', 'malicious', 'a', 'b'],
      ['import', '--category', 'malicious', '--tenant'],
      ['import', '--category', 'malicious', '--force', 'f'],
    ])
      expect(() => parseThreatListArgs(argv), argv.join(' ')).toThrow(ConfigError);
  });
});
