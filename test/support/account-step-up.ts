import { expect } from 'vitest';
import { type Browser, readForm } from './browser.js';
import type { TestGatehouse } from './gatehouse.js';

const NOWHERE = 'http://nowhere.invalid/';

/**
 * Proves a second factor (an emailed code) for an account-pages session, as a user does before
 * changing security info: the delete page's "sign in again" steps up on the tenant's MFA page
 * and comes back. `codeFor` reads the code sent to the user's mail.
 */
export async function proveMfaOnAccountPages(
  gh: TestGatehouse,
  browser: Browser,
  accountUrl: string,
  codeFor: () => Promise<string>,
): Promise<void> {
  const page = await browser.navigate(`${accountUrl}/delete`, NOWHERE);
  const reauthenticate = readForm(page.body, /\/delete\/reauthenticate$/);
  const mfa = await browser.navigate(new URL(reauthenticate.action, gh.baseUrl), NOWHERE, {
    form: reauthenticate.fields,
  });
  expect(mfa.url).toMatch(/\/mfa$/);
  const email = readForm(mfa.body, /\/mfa\/email$/);
  const sent = await browser.navigate(new URL(email.action, gh.baseUrl), NOWHERE, { form: email.fields });
  const code = readForm(sent.body, /\/mfa\/email\/code$/);
  const back = await browser.navigate(new URL(code.action, gh.baseUrl), NOWHERE, {
    form: { ...code.fields, code: await codeFor() },
  });
  expect(back.url).toBe(`${accountUrl}/delete`);
}

/**
 * The newest code the dev outbox holds for an address (no SMTP server configured). The page
 * answers before the message is stored (codes are sent without waiting), so it is awaited a
 * moment (bounded: 50 tries, 100 ms apart).
 */
export async function outboxCode(gh: TestGatehouse, tenantId: string, to: string): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const outbox = await gh.api('GET', `/api/v1/tenants/${tenantId}/outbox?$top=20`);
    const message = (outbox.body.value as { to: string; text: string | null }[]).find((m) => m.to === to);
    const code = message?.text && /\b(\d{6})\b/.exec(message.text)?.[1];
    if (code) return code;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no code in the outbox for ${to}`);
}
