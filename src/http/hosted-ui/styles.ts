/**
 * The one stylesheet of the hosted pages, served from /t/{tenant}/u/assets/style.css. A
 * tenant's brand stylesheet follows it and overrides the variables. Colours keep a contrast
 * of at least 4.5:1 on the card; focus is always visible; logical properties keep
 * right-to-left pages right.
 */
export const STYLESHEET = `
:root{color-scheme:light;--brand:#2f5bea;--brand-text:#fff;--text:#1b1f24;--muted:#4f5866;--bg:#f3f5f8;--card:#fff;--error:#b42318;--border:#8a94a3}
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;flex-direction:column;align-items:center;justify-content:center;background:var(--bg);color:var(--text);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic","Noto Sans JP",sans-serif}
main{width:100%;max-width:24rem;margin:1rem;padding:2rem;background:var(--card);border-radius:.75rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.375rem;margin:0 0 1.25rem}
h2{font-size:1.0625rem;margin:1.5rem 0 .25rem}
.intro{margin:0 0 1rem;color:var(--muted)}
label,legend{display:block;font-weight:600;margin:1rem 0 .25rem}
fieldset{border:0;margin:0;padding:0}
.choice{display:flex;align-items:center;gap:.5rem;margin:.375rem 0}
.choice label{font-weight:400;margin:0}
.choice input{width:1.125rem;height:1.125rem;margin:0}
.optional{font-weight:400;color:var(--muted)}
input[type=email],input[type=password],input[type=text],input[type=date],select{width:100%;padding:.625rem .75rem;border:1px solid var(--border);border-radius:.375rem;font:inherit;background:#fff;color:var(--text)}
input[aria-invalid=true],select[aria-invalid=true]{border-color:var(--error)}
input:focus-visible,select:focus-visible,button:focus-visible,a:focus-visible{outline:3px solid var(--brand);outline-offset:2px}
button{margin-top:1.5rem;width:100%;padding:.7rem;border:0;border-radius:.375rem;background:var(--brand);color:var(--brand-text);font:inherit;font-weight:600;cursor:pointer}
button.secondary{background:transparent;color:var(--brand);margin-top:.5rem;text-decoration:underline}
a{color:var(--brand)}
.links{list-style:none;padding:0;margin:1rem 0 0}
.links li{margin:.375rem 0}
.alert{padding:.75rem;border-radius:.375rem;background:#fef3f2;color:var(--error);border:1px solid #fecdca}
.notice{padding:.75rem;border-radius:.375rem;background:#ecfdf3;color:#05603a;border:1px solid #abefc6}
.field-error{color:var(--error);margin:.25rem 0;font-size:.9375rem}
.muted{color:var(--muted);font-size:.875rem;overflow-wrap:anywhere}
.button-link{display:block;text-align:center;padding:.7rem;border:1px solid var(--brand);border-radius:.375rem;text-decoration:none;font-weight:600}
.idp-divider{display:flex;align-items:center;gap:.75rem;margin:1.5rem 0 1rem;color:var(--muted);font-size:.875rem}
.idp-divider::before,.idp-divider::after{content:"";flex:1;border-block-start:1px solid var(--border)}
.idp-buttons{list-style:none;padding:0;margin:0;display:flex;flex-direction:column;gap:.75rem}
.idp-button{display:flex;align-items:center;justify-content:center;gap:.75rem;min-height:2.75rem;padding-block:.5rem;padding-inline:.75rem;border:1px solid;border-radius:.375rem;text-decoration:none;font-weight:600;line-height:1.25;text-align:center}
.idp-button:hover span{text-decoration:underline}
.idp-icon{flex:none;width:1.25rem;height:1.25rem}
.idp-google{background:#fff;border-color:#747775;color:#1f1f1f;font-family:Roboto,"Roboto Medium",Arial,sans-serif;font-weight:500}
.idp-facebook{background:#0866ff;border-color:#0866ff;color:#fff;font-family:Helvetica,Arial,sans-serif;font-weight:700}
.idp-apple{background:#000;border-color:#000;color:#fff;font-family:-apple-system,BlinkMacSystemFont,"Helvetica Neue",Arial,sans-serif;font-weight:600}
.idp-oidc,.idp-saml{background:#fff;border-color:var(--border);color:var(--text)}
.qr{text-align:center}
.qr img{background:#fff;padding:.5rem}
.recovery-codes{columns:2;list-style:none;padding:0;font-size:1.0625rem}
.recovery-codes code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
input.user-code{text-transform:uppercase;letter-spacing:.1em;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
p.user-code{text-align:center;font-size:1.5rem;letter-spacing:.1em;margin:1rem 0}
p.user-code code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.brand-header{width:100%;max-width:24rem;margin:1rem 1rem 0;text-align:center}
.brand-header img{max-width:100%;max-height:3.5rem}
.brand-footer{margin:0 1rem 1rem;font-size:.875rem}
.brand-footer a{margin-inline:.5rem}
`.trim();
