/**
 * Custom CSS is checked to be inert: nothing that runs script (expression(), behaviors,
 * bindings, javascript: URLs), nothing that loads from elsewhere (@import, url() to another
 * origin, string-URL image functions) and nothing that could end a style element. CSS escapes
 * and comments are undone before checking, so `\75 rl(` or `expres/**\/sion(` are caught too.
 * The same check runs again at output: stored CSS that fails it is withheld.
 */

export const MAX_CUSTOM_CSS_BYTES = 25 * 1024;

/** The names the hosted pages serve branding images under, relative to brand.css. */
export const IMAGE_NAMES = ['bannerLogo', 'squareLogo', 'favicon', 'backgroundImage'] as const;
export type ImageName = (typeof IMAGE_NAMES)[number];

const FORBIDDEN: { pattern: RegExp; construct: string; why: string }[] = [
  { pattern: /<\/style/, construct: '</style', why: 'it could end the style element' },
  { pattern: /</, construct: '<', why: 'it could end the style element' },
  { pattern: /expression\(/, construct: 'expression(', why: 'it runs script in old browsers' },
  { pattern: /javascript:/, construct: 'javascript:', why: 'it runs script' },
  { pattern: /vbscript:/, construct: 'vbscript:', why: 'it runs script' },
  { pattern: /-moz-binding/, construct: '-moz-binding', why: 'it runs script in old browsers' },
  { pattern: /behaviou?r:/, construct: 'behavior:', why: 'it runs script in old browsers' },
  { pattern: /@import/, construct: '@import', why: 'it loads a stylesheet from elsewhere' },
  { pattern: /image-set\(/, construct: 'image-set(', why: 'it can load an image from elsewhere' },
  { pattern: /cross-fade\(/, construct: 'cross-fade(', why: 'it can load an image from elsewhere' },
  { pattern: /(?<![\w-])image\(/, construct: 'image(', why: 'it can load an image from elsewhere' },
  { pattern: /(?<![\w-])src\(/, construct: 'src(', why: 'it can load from elsewhere' },
];

const DATA_IMAGE = /^data:image\/(?:png|jpeg|gif|webp)(?:;base64)?,[A-Za-z0-9+/=%._-]*$/i;

/**
 * The first problem of a custom stylesheet as a message naming the construct, or undefined
 * when it is inert. `url()` may name a branding image (`url(backgroundImage)`, resolved next to
 * brand.css), an asset path of this tenant, or a `data:image/(png|jpeg|gif|webp)` URL.
 */
export function findCssProblem(css: string, tenantId: string): string | undefined {
  if (Buffer.byteLength(css, 'utf8') > MAX_CUSTOM_CSS_BYTES) {
    return `customCSS is larger than ${MAX_CUSTOM_CSS_BYTES / 1024} KiB.`;
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it finds
  if (/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(css)) {
    return 'customCSS contains a control character.';
  }
  const decoded = decodeEscapes(css);
  // Comments both kept (a "comment" inside a string is not one) and removed (they can split a keyword).
  const variants = [decoded, decodeEscapes(stripComments(css)), stripComments(decoded)];
  for (const variant of variants) {
    const compact = variant.toLowerCase().replace(/\s+/g, '');
    for (const { pattern, construct, why } of FORBIDDEN) {
      if (pattern.test(compact)) return `customCSS may not contain \`${construct}\`: ${why}.`;
    }
    const url = badUrl(variant, tenantId) ?? badUrl(variant.replace(/\s+/g, ''), tenantId);
    if (url !== undefined) {
      return `customCSS may not contain url(${url}): url() may only name a branding image such as url(backgroundImage) or a data:image/png, jpeg, gif or webp URL.`;
    }
  }
  return undefined;
}

/** The argument of the first url() that is not allowed (shortened), or undefined. */
function badUrl(text: string, tenantId: string): string | undefined {
  const lower = text.toLowerCase();
  let from = 0;
  for (;;) {
    const at = lower.indexOf('url(', from);
    if (at < 0) return undefined;
    let i = at + 4;
    while (i < text.length && /\s/.test(text[i] as string)) i++;
    const quote = text[i] === '"' || text[i] === "'" ? text[i] : undefined;
    let arg: string;
    if (quote) {
      const end = text.indexOf(quote, i + 1);
      if (end < 0) return shorten(text.slice(i));
      arg = text.slice(i + 1, end);
      from = end + 1;
    } else {
      const end = text.indexOf(')', i);
      if (end < 0) return shorten(text.slice(i));
      arg = text.slice(i, end).trim();
      from = end + 1;
    }
    if (!allowedUrl(arg, tenantId)) return shorten(arg);
  }
}

function allowedUrl(arg: string, tenantId: string): boolean {
  if ((IMAGE_NAMES as readonly string[]).includes(arg)) return true;
  if (DATA_IMAGE.test(arg)) return true;
  const prefix = `/t/${tenantId}/u/assets/branding/`;
  return (
    arg.startsWith(prefix) &&
    /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)?\/[A-Za-z.]+$/.test(arg.slice(prefix.length))
  );
}

const shorten = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}...` : text);

function stripComments(css: string): string {
  return css.replace(/\/\*[\s\S]*?(?:\*\/|$)/g, '');
}

/** Undoes CSS escapes: `\` + 1-6 hex digits (+ one white space), `\` + newline, `\` + any character. */
export function decodeEscapes(css: string): string {
  return css.replace(
    /\\(?:([0-9a-fA-F]{1,6})(?:\r\n|[ \t\r\n\f])?|(\r\n|[\n\r\f])|([\s\S]))/g,
    (_, hex, _nl, ch) => {
      if (hex !== undefined) {
        const code = Number.parseInt(hex, 16);
        return code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)
          ? '\uFFFD'
          : String.fromCodePoint(code);
      }
      return ch ?? '';
    },
  );
}

/** Custom CSS for output: passed through when it is inert, withheld otherwise (defence in depth). */
export function sanitizeCustomCss(css: string, tenantId: string): string {
  return findCssProblem(css, tenantId) === undefined
    ? css
    : '/* custom CSS withheld: it failed the checks */';
}

export interface StyleInput {
  accentColor: string | null;
  backgroundColor: string | null;
  headerBackgroundColor: string | null;
  hasBackgroundImage: boolean;
  layout: 'default' | 'verticalSplit';
  header: boolean;
  footer: boolean;
  customCss: string | null;
}

/**
 * Structural rules for the parts the brand frame adds (header, footer, vertical split), which
 * the base stylesheet does not know. The page is a flex column: header on top, the card in
 * the middle (auto margins), footer at the bottom. The footer sits on the brand's background,
 * which may be dark or an image: it gets the card's surface so its links keep their contrast.
 */
const FRAME_RULES = `
body.brand-framed{flex-direction:column;align-items:stretch;justify-content:flex-start}
body.brand-framed>main{margin:auto;align-self:center}
.brand-header{display:flex;align-items:center;min-height:3.5rem;padding:.75rem 1.5rem}
.brand-header-bar{background:var(--brand-header-bg,#fff);box-shadow:0 1px 2px rgba(0,0,0,.08)}
.brand-logo{display:block;max-height:2.25rem;max-width:15rem;width:auto;height:auto}
.brand-footer{display:flex;flex-wrap:wrap;justify-content:flex-end;gap:.5rem 1.25rem;padding:.75rem 1.5rem;margin:1rem auto;font-size:.8125rem;background:var(--card,#fff);color:var(--text,#1b1f24);border-radius:.375rem}
.brand-footer a{color:inherit}
body.layout-vertical-split{flex-direction:column;align-items:stretch;justify-content:flex-start}
body.layout-vertical-split>main{flex:1 0 auto;align-self:flex-start;margin:0;width:100%;max-width:30rem;border-radius:0;box-shadow:none;display:flex;flex-direction:column;justify-content:center;padding:2rem 3rem}
@media (max-width:40rem){body.layout-vertical-split>main{max-width:none;padding:2rem 1.25rem}}
`.trim();

/**
 * brand.css: the frame rules, the brand's colours and background, then the custom CSS. Empty
 * when there is nothing to style. Colours are validated `#rgb`/`#rrggbb`; images are named
 * relative to brand.css, which lives next to them.
 */
export function generateStylesheet(input: StyleInput, tenantId: string): string {
  const rules: string[] = [];
  if (input.accentColor) rules.push(`:root{--brand:${input.accentColor}}`);
  if (input.headerBackgroundColor) rules.push(`:root{--brand-header-bg:${input.headerBackgroundColor}}`);
  if (input.backgroundColor)
    rules.push(`:root{--bg:${input.backgroundColor}}body{background-color:${input.backgroundColor}}`);
  if (input.hasBackgroundImage) {
    rules.push(
      'body{background-image:url(backgroundImage);background-size:cover;background-position:center;background-repeat:no-repeat;background-attachment:fixed}',
    );
  }
  const custom = input.customCss ? sanitizeCustomCss(input.customCss, tenantId) : '';
  const framed = input.header || input.footer || input.layout === 'verticalSplit';
  if (!rules.length && !custom && !framed) return '';
  return [FRAME_RULES, ...rules, custom && `/* custom CSS */\n${custom}`].filter(Boolean).join('\n');
}
