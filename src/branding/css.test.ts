import { describe, expect, it } from 'vitest';
import { decodeEscapes, findCssProblem, generateStylesheet, sanitizeCustomCss } from './css.js';

describe('custom CSS checks', () => {
  it('accepts ordinary CSS, branding images and data:image URLs', () => {
    for (const css of [
      'main{border-radius:0;box-shadow:none}\nh1::after{content:"\\201C"}',
      'body{background:url(backgroundImage) center/cover}',
      "body{background:url('bannerLogo')}",
      'p{background:url(data:image/webp;base64,UklGRg==)}',
      '@media (max-width:40rem){main{padding:1rem}} a:hover{color:rgb(0 0 0 / .5)}',
      'body{background:url(/t/contoso/u/assets/branding/fr.0123456789abcdef/backgroundImage)}',
    ]) {
      expect(findCssProblem(css, 'contoso'), css).toBeUndefined();
    }
  });

  it('names what it refuses, through escapes, comments and white space', () => {
    const cases: [string, string][] = [
      ['</STYLE><script>', '</style'],
      ['p{width:EXPRESSION(alert(1))}', 'expression('],
      ['p{width:expression (alert(1))}', 'expression('],
      ['p{width:e\\78 pression(1)}', 'expression('],
      ['p{background:url(JavaScript:alert(1))}', 'javascript:'],
      ['p{background:url(vbscript:x)}', 'vbscript:'],
      ['@IMPORT url(x.css);', '@import'],
      ['@\\69 mport "x.css";', '@import'],
      ['p{background:url( "https://evil.example/x.png" )}', 'url(https://evil.example/x.png)'],
      ['p{background:u\\rl(https://evil.example/x.png)}', 'url(https://evil.example/x.png)'],
      ['p{background:url(data:image/svg+xml;base64,PHN2Zz4=)}', 'url(data:image/svg+xml'],
      ['p{background:url(backgroundImage?x=1)}', 'url(backgroundImage?x=1)'],
      ['p{background:url(/t/contoso/u/assets/branding/../../../../x)}', 'url(/t/contoso'],
      ['p{background:url(/t/contoso/u/assets/style.css)}', 'url(/t/contoso/u/assets/style.css)'],
      ['p{background:image("https://evil.example/x.png")}', 'image('],
      ['p{background:-webkit-image-set("x.png" 1x)}', 'image-set('],
      ['@font-face{src:src("https://evil.example/f.woff")}', 'src('],
      ['p{-ms-behavior:url(x.htc)}', 'behavior:'],
      ['p{color:red}\u0000', 'control character'],
    ];
    for (const [css, named] of cases) {
      expect(findCssProblem(css, 'contoso'), css).toContain(named);
    }
  });

  it('decodes CSS escapes', () => {
    expect(decodeEscapes('\\75 rl(\\"x\\") \\000041B \\\nx')).toBe('url("x") AB x');
  });

  it('withholds stored CSS that fails the checks at output', () => {
    expect(sanitizeCustomCss('p{color:red}', 't')).toBe('p{color:red}');
    expect(sanitizeCustomCss('p{width:expression(1)}', 't')).not.toContain('expression');
    const css = generateStylesheet(
      {
        accentColor: null,
        backgroundColor: null,
        headerBackgroundColor: null,
        hasBackgroundImage: false,
        layout: 'default',
        header: false,
        footer: false,
        customCss: '@import "https://evil.example/x.css";',
      },
      't',
    );
    expect(css).not.toContain('@import');
  });

  it('generates nothing when there is nothing to style', () => {
    const none = {
      accentColor: null,
      backgroundColor: null,
      headerBackgroundColor: null,
      hasBackgroundImage: false,
      layout: 'default' as const,
      header: false,
      footer: false,
      customCss: null,
    };
    expect(generateStylesheet(none, 't')).toBe('');
    expect(generateStylesheet({ ...none, footer: true }, 't')).toContain('.brand-footer');
  });
});
