import { describe, expect, it } from 'vitest';
import { escapeLike, isSafeText, mailProblem, nameKey, usernameProblem } from './identifiers.js';

describe('sign-in names', () => {
  it('compare by NFKC, trimmed, lower-cased keys', () => {
    expect(nameKey(' Alice@Example.COM ')).toBe('alice@example.com');
    expect(nameKey('ａｌｉｃｅ＠ｅｘａｍｐｌｅ．ｃｏｍ')).toBe('alice@example.com');
    expect(nameKey('ﬁona@example.com')).toBe('fiona@example.com');
    // Scripts are not folded: a Cyrillic "а" stays itself.
    expect(nameKey('\u0430lice@example.com')).not.toBe(nameKey('alice@example.com'));
  });

  it.each([
    'alice@example.com',
    'alice.smith+tag@sub.example.co.uk',
    "o'brien@example.com",
    'josé@exámple.com',
    '用户@例子.广告',
    'admin@localhost',
    `${'a'.repeat(64)}@example.com`,
  ])('accepts the email %s', (mail) => {
    expect(mailProblem(mail)).toBeUndefined();
  });

  it.each([
    '',
    'alice',
    '@example.com',
    'alice@',
    'a@b@example.com',
    'alice@example',
    'alice@example.',
    'alice@.example.com',
    'alice@exa_mple.com',
    'alice@-example.com',
    'alice@example-.com',
    'alice@1.2.3.4',
    '.alice@example.com',
    'alice.@example.com',
    'al..ice@example.com',
    '"alice"@example.com',
    'al ice@example.com',
    'alice@example.com\r\nBcc: x@example.com',
    'ali\u200bce@example.com',
    'ali\u00adce@example.com',
    '\u202ealice@example.com',
    'alice\u0000@example.com',
    `${'a'.repeat(65)}@example.com`,
    `a@${'b'.repeat(64)}.com`,
    `a@${Array(60).fill('bbbb').join('.')}.com`,
  ])('refuses the email %j', (mail) => {
    expect(mailProblem(mail)).toBeDefined();
  });

  it('checks usernames', () => {
    for (const ok of ['bob', 'Bob_Smith-2', 'josé', '山田太郎', 'a.b'])
      expect(usernameProblem(ok), ok).toBeUndefined();
    for (const bad of [
      '',
      '_bob',
      '.bob',
      'bob smith',
      'bob@example.com',
      'bob\u200b',
      'x'.repeat(65),
      'bob!',
    ])
      expect(usernameProblem(bad), bad).toBeDefined();
  });

  it('refuses control and bidi-override characters in display text but keeps markup and quotes', () => {
    expect(isSafeText('<script>alert(1)</script>')).toBe(true);
    expect(isSafeText("Robert'); DROP TABLE users;--")).toBe(true);
    expect(isSafeText('Zoë 👩‍💻')).toBe(true);
    expect(isSafeText('line\nbreak')).toBe(false);
    expect(isSafeText('evil\u202Etxt.exe')).toBe(false);
  });

  it('escapes LIKE wildcards', () => {
    expect(escapeLike('100%_\\x')).toBe('100\\%\\_\\\\x');
  });
});
