/** The one stylesheet of the hosted pages, served from /t/{tenant}/u/assets/style.css. */
export const STYLESHEET = `
:root{color-scheme:light;--brand:#2f5bea;--text:#1b1f24;--muted:#5b6573;--bg:#f3f5f8;--card:#fff;--error:#b42318}
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:var(--bg);color:var(--text);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{width:100%;max-width:24rem;margin:1rem;padding:2rem;background:var(--card);border-radius:.75rem;box-shadow:0 1px 3px rgba(0,0,0,.12)}
h1{font-size:1.375rem;margin:0 0 1.25rem}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
input[type=email],input[type=password],input[type=text]{width:100%;padding:.625rem .75rem;border:1px solid #c3c9d2;border-radius:.375rem;font:inherit}
input:focus,button:focus,a:focus{outline:3px solid rgba(47,91,234,.35);outline-offset:1px}
button{margin-top:1.5rem;width:100%;padding:.7rem;border:0;border-radius:.375rem;background:var(--brand);color:#fff;font:inherit;font-weight:600;cursor:pointer}
button.secondary{background:transparent;color:var(--brand);margin-top:.5rem}
.alert{padding:.75rem;border-radius:.375rem;background:#fef3f2;color:var(--error);border:1px solid #fecdca}
.muted{color:var(--muted);font-size:.875rem}
`.trim();
