/** Escapes text for HTML content and double- or single-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Every part is already escaped HTML (catalog text around escaped values). */
export interface LayoutParts {
  lang: string;
  dir: 'ltr' | 'rtl';
  title: string;
  preheader: string;
  /** `#rgb` or `#rrggbb`, already checked. */
  accent: string;
  logoUrl?: string;
  company?: string;
  heading: string;
  greeting?: string;
  intro: string;
  code?: string;
  expires?: string;
  outro: string[];
  footer: string;
}

const FONT =
  "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,'Helvetica Neue',Arial,'Hiragino Sans','Noto Sans JP',Meiryo,'Noto Sans Arabic',Tahoma,sans-serif";
const MONO = "'SFMono-Regular',Menlo,Consolas,'Liberation Mono','Courier New',monospace";

/**
 * The one email layout: nested tables and inline styles, which every mail client renders
 * (many drop <style> and ignore CSS layout). `lang` and `dir` sit on the root and again on
 * the content table, since some clients strip the <html> element.
 */
export function layout(p: LayoutParts): string {
  const align = p.dir === 'rtl' ? 'right' : 'left';
  const para = (html: string) =>
    `<p style="margin:0 0 16px;font-family:${FONT};font-size:16px;line-height:24px;color:#1f2328;">${html}</p>`;
  const brand = p.logoUrl
    ? `<img src="${p.logoUrl}" alt="${p.company ?? ''}" height="40" style="display:block;height:40px;width:auto;max-width:240px;border:0;outline:none;text-decoration:none;">`
    : p.company
      ? `<span style="font-family:${FONT};font-size:20px;line-height:28px;font-weight:700;color:#1f2328;">${p.company}</span>`
      : '';
  const brandRow = brand ? `<tr><td style="padding:24px 32px 0;text-align:${align};">${brand}</td></tr>` : '';
  const code = p.code
    ? `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:8px 0 24px;"><tr><td dir="ltr" style="padding:12px 24px;border:2px solid ${p.accent};border-radius:8px;background-color:#f6f8fa;font-family:${MONO};font-size:32px;line-height:40px;font-weight:700;letter-spacing:6px;color:#1f2328;">${p.code}</td></tr></table>`
    : '';
  const body = [
    `<h1 style="margin:0 0 24px;font-family:${FONT};font-size:24px;line-height:32px;font-weight:700;color:#1f2328;">${p.heading}</h1>`,
    p.greeting ? para(p.greeting) : '',
    para(p.intro),
    code,
    p.expires ? para(p.expires) : '',
    ...p.outro.map(para),
  ].join('');
  // Filler after the preheader keeps inbox previews from running on into the body.
  const filler = '&#847;&zwnj;&nbsp;'.repeat(40);
  return `<!DOCTYPE html>
<html lang="${p.lang}" dir="${p.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<meta name="supported-color-schemes" content="light">
<title>${p.title}</title>
</head>
<body style="margin:0;padding:0;background-color:#f4f5f7;">
<div style="display:none;max-height:0;max-width:0;overflow:hidden;opacity:0;mso-hide:all;font-size:1px;line-height:1px;color:#f4f5f7;">${p.preheader}${filler}</div>
<table role="presentation" lang="${p.lang}" dir="${p.dir}" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f4f5f7;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:560px;background-color:#ffffff;border-top:4px solid ${p.accent};border-radius:8px;">
${brandRow}
<tr><td style="padding:24px 32px 8px;text-align:${align};">${body}</td></tr>
<tr><td style="padding:16px 32px 24px;border-top:1px solid #e5e7eb;text-align:${align};font-family:${FONT};font-size:13px;line-height:20px;color:#59636e;">${p.footer}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;
}
