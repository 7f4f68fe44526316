import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { UpdateUserInput } from '../../directory/index.js';
import type { AttributeField, CollectedAttributes } from '../../flows/index.js';
import type { SignIn } from '../../insights/index.js';
import { AppError } from '../../platform/index.js';
import type { MessageKey } from '../hosted-ui/messages.js';
import { field, PageError, redirect, sendPage } from '../hosted-ui/page.js';
import { passwordMessage } from '../hosted-ui/password-routes.js';
import { totpSetupPage } from '../hosted-ui/templates.js';
import { addMethodRoutes } from './add-method-routes.js';
import { ACCOUNT_APP_ID, signInFor } from './client.js';
import { type AccountContext, type AccountRequest, amrOf } from './index.js';
import {
  deletePage,
  goodbyePage,
  type MethodView,
  type ProfileField,
  passwordPage,
  privacyPage,
  profilePage,
  type SessionView,
  securityPage,
  sessionsPage,
  signInsPage,
} from './templates.js';

const ATTRIBUTE_PREFIX = 'attr.';

/** Outcomes shown after a redirect (`?done=`), by the message they show. */
const DONE: Record<string, MessageKey> = {
  saved: 'account.profile.saved',
  removed: 'account.security.removed',
  renamed: 'account.security.renamed',
  totp: 'account.security.totpAdded',
  phone: 'account.security.phoneAdded',
  passkey: 'account.security.passkeyAdded',
  ended: 'account.sessions.ended',
};

const formOf = (request: FastifyRequest): Record<string, string | string[]> => {
  const body = request.body;
  return body && typeof body === 'object' ? (body as Record<string, string | string[]>) : {};
};

const doneMessage = (request: FastifyRequest, page: AccountRequest): string | undefined => {
  const done = (request.query as { done?: unknown }).done;
  const key = typeof done === 'string' && Object.hasOwn(DONE, done) ? DONE[done] : undefined;
  return key && page.view.t(key);
};

/** What the user has in a profile attribute, as form values. */
function currentValues(page: AccountRequest, f: AttributeField): string[] {
  const value = f.builtIn
    ? (page.user as unknown as Record<string, unknown>)[f.name]
    : page.user.customAttributes[f.name];
  if (value === null || value === undefined || value === '') return [];
  if (f.inputType === 'multiSelect') return String(value).split(',');
  return [String(value)];
}

function profileFields(
  page: AccountRequest,
  fields: AttributeField[],
  form?: Record<string, string | string[]>,
  errors: Extract<CollectedAttributes, { ok: false }>['errors'] = {},
): ProfileField[] {
  const { t } = page.view;
  return fields.map((f) => {
    const error = errors[f.name];
    const posted = form?.[`${ATTRIBUTE_PREFIX}${f.name}`];
    return {
      name: `${ATTRIBUTE_PREFIX}${f.name}`,
      label: f.label ?? (f.builtIn ? t(`attribute.${f.name}` as MessageKey) : f.name),
      inputType: f.inputType,
      required: f.required,
      options: f.options,
      maxLength: f.validation.maxLength,
      value: form
        ? posted === undefined
          ? []
          : Array.isArray(posted)
            ? posted
            : [posted]
        : currentValues(page, f),
      error: error
        ? t(`attribute.${error.code}` as MessageKey, {
            min: String(error.min ?? ''),
            max: String(error.max ?? ''),
          })
        : undefined,
    };
  });
}

/** The collected attribute values as a directory update: built-ins by name, the others as custom attributes. */
function toUpdate(fields: AttributeField[], values: Record<string, string | boolean | number | null>) {
  const update: Record<string, unknown> = {};
  const custom: Record<string, string | boolean | number | null> = {};
  for (const f of fields) {
    const value = values[f.name] ?? null;
    if (!f.builtIn) custom[f.name] = value === '' ? null : value;
    else if (f.name === 'displayName') {
      if (typeof value === 'string' && value.trim()) update.displayName = value;
    } else update[f.name] = value === null || value === '' ? null : String(value);
  }
  if (Object.keys(custom).length) update.customAttributes = custom;
  return update as UpdateUserInput;
}

function deviceOf(signIn: SignIn | undefined, unknown: string): string {
  const parts = [signIn?.deviceDetail.browser, signIn?.deviceDetail.operatingSystem].filter(Boolean);
  return parts.length ? parts.join(', ') : unknown;
}

function locationOf(signIn: SignIn | undefined, unknown: string): string {
  const parts = [signIn?.location.city, signIn?.location.countryOrRegion].filter(Boolean);
  return parts.length ? parts.join(', ') : unknown;
}

export function accountRoutes(app: FastifyInstance, context: AccountContext): void {
  const { deps } = context;

  // -- profile -----------------------------------------------------------------------------

  const attributeFields = async (tenantId: string) =>
    deps.userFlows.attributeFields(tenantId, await deps.userFlows.forApplication(tenantId, ACCOUNT_APP_ID));

  app.get('/', async (request, reply) => {
    const page = await context.load(request, reply);
    const fields = await attributeFields(page.tenantId);
    return sendPage(
      reply,
      profilePage(page.view, {
        email: page.user.mail,
        fields: profileFields(page, fields),
        notice: doneMessage(request, page),
      }),
    );
  });

  app.post('/profile', async (request, reply) => {
    const form = formOf(request);
    const page = await context.load(request, reply, form);
    const fields = await attributeFields(page.tenantId);
    const values: Record<string, string | string[]> = {};
    for (const f of fields) {
      const posted = form[`${ATTRIBUTE_PREFIX}${f.name}`];
      if (posted !== undefined) values[f.name] = posted;
    }
    const collected = deps.userFlows.collect(fields, values);
    const failed = (errors: Extract<CollectedAttributes, { ok: false }>['errors'], message?: string) =>
      sendPage(
        reply,
        profilePage(page.view, {
          email: page.user.mail,
          fields: profileFields(page, fields, form, errors),
          error: message ?? page.view.t('attribute.summary'),
        }),
        400,
      );
    if (!collected.ok) return failed(collected.errors);
    const update = toUpdate(fields, collected.values);
    if (Object.keys(update).length === 0) return redirect(reply, `${page.view.base}?done=saved`);
    try {
      await deps.directory.update(page.tenantId, page.user.id, update);
    } catch (error) {
      if (!(error instanceof AppError) || error.kind === 'notFound') throw error;
      // The directory's own checks (a custom attribute's type or length): shown beside the field.
      const name = (error.target ?? '').replace(/^customAttributes\./, '');
      const known = fields.some((f) => f.name === name);
      return failed(known ? { [name]: { code: 'pattern' } } : {});
    }
    return redirect(reply, `${page.view.base}?done=saved`);
  });

  // -- password ----------------------------------------------------------------------------

  const hasPassword = (page: AccountRequest) => page.user.lastPasswordChangeDateTime !== null;

  app.get('/password', async (request, reply) => {
    const page = await context.load(request, reply);
    return sendPage(reply, passwordPage(page.view, { hasPassword: hasPassword(page) }));
  });

  app.post('/password', async (request, reply) => {
    const form = formOf(request);
    const page = await context.load(request, reply, form, { securityInfo: '/password' });
    const { t } = page.view;
    if (!hasPassword(page)) throw new PageError(400, 'error.generic');
    const refuse = (problems: { currentError?: string; newError?: string }, status = 400) =>
      sendPage(reply, passwordPage(page.view, { hasPassword: true, ...problems }), status);

    // Guessing the current password from a stolen session is throttled like a sign-in.
    const subject = `${page.tenantId}:${page.user.id}`;
    if ((await deps.passwordFailuresPerUser.peek(subject)).remaining <= 0)
      return refuse({ currentError: t('signIn.throttled') }, 429);
    const login =
      page.user.mail ?? page.user.identities.find((i) => i.signInType !== 'federated')?.issuerAssignedId;
    const current = field(form, 'current');
    const checked =
      login && current ? await deps.directory.authenticatePassword(page.tenantId, login, current) : undefined;
    if (!checked?.ok || checked.user.id !== page.user.id) {
      await deps.passwordFailuresPerUser.consume(subject);
      return refuse({ currentError: t('account.password.wrongCurrent') });
    }

    const password = field(form, 'password');
    if (!password) return refuse({ newError: t('password.missing') });
    if (password !== field(form, 'confirm')) return refuse({ newError: t('password.mismatch') });
    try {
      await deps.directory.setPassword(page.tenantId, page.user.id, password, { rejectCurrent: true });
    } catch (error) {
      const message = passwordMessage(t, error);
      if (message) return refuse({ newError: message });
      throw error;
    }
    // A change in a session that proved MFA is a secure password change: it clears the user's risk.
    if (amrOf(page.session).includes('mfa')) await deps.remediateUserRisk(page.tenantId, page.user.id);
    // Every session and refresh token ends, this one included: the new password signs in again.
    await deps.revokeSessions(page.tenantId, page.user.id);
    context.cookies.endSession(reply, page.tenantId);
    return sendPage(
      reply,
      goodbyePage(page.view.frame, {
        title: t('account.password.changedTitle'),
        message: t('account.password.changed'),
        signInHref: page.view.base,
        signInLabel: t('account.signInAgain'),
      }),
    );
  });

  // -- security methods --------------------------------------------------------------------

  /** Whether an app of the tenant requires a second factor at sign-in. */
  async function mfaRequired(tenantId: string): Promise<boolean> {
    let skipToken: string | undefined;
    do {
      const batch = await deps.applications.list(tenantId, { top: 100, skipToken });
      if (batch.items.some((a) => a.requireMfa)) return true;
      skipToken = batch.next;
    } while (skipToken);
    return false;
  }

  async function methodsOf(page: AccountRequest): Promise<MethodView[]> {
    const [methods, passkeys] = await Promise.all([
      deps.mfa.methodsOf(page.tenantId, page.user.id),
      deps.passkeys.list(page.tenantId, page.user.id),
    ]);
    return [
      ...methods.map((m) => ({
        id: m.id,
        kind: m.type,
        label: m.type === 'password' ? '••••••••' : m.type === 'recoveryCodes' ? '' : m.label,
        createdDateTime: m.createdDateTime,
        lastUsedDateTime: m.lastUsedDateTime,
        remaining: m.remaining,
        // The password and the email (the user's mail) are changed elsewhere, not removed.
        removable: m.type !== 'password' && m.type !== 'email',
      })),
      ...passkeys.map((p) => ({
        id: p.id,
        kind: 'passkey' as const,
        label: p.displayName,
        createdDateTime: p.createdDateTime,
        lastUsedDateTime: p.lastUsedDateTime,
        removable: true,
      })),
    ];
  }

  /** The methods that pass an MFA challenge in this tenant now. */
  function secondFactors(methods: MethodView[], enabled: ReadonlySet<string>): MethodView[] {
    return methods.filter(
      (m) =>
        (m.kind === 'email' && enabled.has('email')) ||
        (m.kind === 'totp' && enabled.has('totp')) ||
        (m.kind === 'phone' && enabled.has('sms')) ||
        (m.kind === 'passkey' && enabled.has('fido2')) ||
        (m.kind === 'recoveryCodes' && enabled.has('recoveryCode') && (m.remaining ?? 0) > 0),
    );
  }

  const showSecurity = async (
    reply: FastifyReply,
    page: AccountRequest,
    extra: { recoveryCodes?: string[]; notice?: string; error?: string } = {},
    status = 200,
  ) => {
    const [methods, enabled] = await Promise.all([methodsOf(page), deps.mfa.enabledMethods(page.tenantId)]);
    return sendPage(
      reply,
      securityPage(page.view, {
        methods,
        canAddTotp: enabled.has('totp'),
        canAddPhone: enabled.has('sms'),
        canAddPasskey: enabled.has('fido2'),
        canRegenerateCodes: enabled.has('recoveryCode'),
        ...extra,
      }),
      status,
    );
  };

  app.get('/security', async (request, reply) => {
    const page = await context.load(request, reply);
    return showSecurity(reply, page, { notice: doneMessage(request, page) });
  });

  app.post('/security/remove', async (request, reply) => {
    const form = formOf(request);
    const page = await context.load(request, reply, form, { securityInfo: '/security' });
    const id = field(form, 'id');
    const methods = await methodsOf(page);
    const method = methods.find((m) => m.id === id && m.removable);
    if (!method) throw new PageError(404, 'error.notFound');
    const enabled = await deps.mfa.enabledMethods(page.tenantId);
    const factors = secondFactors(methods, enabled);
    const last = factors.length === 1 && factors[0]?.id === method.id;
    if (last && (await mfaRequired(page.tenantId)))
      return showSecurity(reply, page, { error: page.view.t('account.security.lastMethod') }, 409);
    if (method.kind === 'passkey') await deps.passkeys.remove(page.tenantId, page.user.id, method.id);
    else await deps.mfa.removeMethod(page.tenantId, page.user.id, method.id);
    return redirect(reply, `${page.view.base}/security?done=removed`);
  });

  app.post('/security/recovery-codes', async (request, reply) => {
    const page = await context.load(request, reply, formOf(request), { securityInfo: '/security' });
    const codes = await deps.mfa.generateRecoveryCodes(page.tenantId, page.user.id);
    return showSecurity(reply, page, { recoveryCodes: codes });
  });

  app.post('/security/passkeys/rename', async (request, reply) => {
    const form = formOf(request);
    const page = await context.load(request, reply, form);
    try {
      await deps.passkeys.rename(page.tenantId, page.user.id, field(form, 'id'), field(form, 'name'));
    } catch (error) {
      if (error instanceof AppError && error.kind === 'notFound') throw new PageError(404, 'error.notFound');
      if (error instanceof AppError)
        return showSecurity(reply, page, { error: page.view.t('account.security.badName') }, 400);
      throw error;
    }
    return redirect(reply, `${page.view.base}/security?done=renamed`);
  });

  /** The set-up page: a new key, or after a wrong code the pending one again (the key already scanned). */
  const totpPage = async (reply: FastifyReply, page: AccountRequest, error?: string, pendingId?: string) => {
    const accountName = page.user.mail ?? page.user.displayName;
    const enrollment =
      (pendingId &&
        (await deps.mfa.pendingTotpEnrollment(page.tenantId, page.user.id, pendingId, accountName))) ||
      (await deps.mfa.startTotpEnrollment(page.tenantId, page.user.id, accountName));
    return sendPage(
      reply,
      totpSetupPage(page.view.frame, {
        // The setup page's cancel button posts to `{base}/abort`.
        base: `${page.view.base}/security`,
        appName: page.protocol.tenant.displayName,
        action: `${page.view.base}/security/totp?enrollment=${encodeURIComponent(enrollment.enrollmentId)}`,
        csrf: page.view.csrf,
        qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(enrollment.qrSvg).toString('base64')}`,
        secret: enrollment.secret,
        error,
      }),
      error ? 400 : 200,
    );
  };

  app.get('/security/totp', async (request, reply) =>
    totpPage(reply, await context.load(request, reply, undefined, { securityInfo: '/security/totp' })),
  );

  app.post('/security/totp', async (request, reply) => {
    const form = formOf(request);
    const page = await context.load(request, reply, form, { securityInfo: '/security/totp' });
    const query = (request.query as { enrollment?: unknown }).enrollment;
    const enrollment = typeof query === 'string' && query.length <= 64 ? query : undefined;
    const code = field(form, 'code').replace(/\s/g, '');
    const confirmed =
      enrollment !== undefined &&
      /^\d{6}$/.test(code) &&
      (await deps.mfa.confirmTotpEnrollment(page.tenantId, page.user.id, enrollment, code));
    if (!confirmed) return totpPage(reply, page, page.view.t('mfa.wrongCode'), enrollment);
    return redirect(reply, `${page.view.base}/security?done=totp`);
  });

  app.post('/security/abort', async (request, reply) => {
    const page = await context.load(request, reply, formOf(request));
    return redirect(reply, `${page.view.base}/security`);
  });

  addMethodRoutes(app, context, showSecurity);

  // -- sessions ----------------------------------------------------------------------------

  app.get('/sessions', async (request, reply) => {
    const page = await context.load(request, reply);
    const { t } = page.view;
    const [sessions, signIns] = await Promise.all([
      deps.sessions.list(page.tenantId, page.user.id),
      deps.signInLogs.list(page.tenantId, { userId: page.user.id, status: 'success' }, { top: 100 }),
    ]);
    // The device and place of a session are those of the sign-in that started it: the sign-in
    // to the session's first app closest in time (the log does not name the session).
    const startedBy = (loginTs: number | null, appId: string | undefined) => {
      if (loginTs === null || appId === undefined) return undefined;
      const distance = (s: SignIn) => Math.abs(Date.parse(s.createdDateTime) / 1000 - loginTs);
      return signIns.items
        .filter((s) => s.appId === appId && distance(s) <= 120)
        .sort((a, b) => distance(a) - distance(b))[0];
    };
    const views: SessionView[] = sessions.map((s) => {
      const signIn = startedBy(s.loginTs, s.clientIds[0]);
      return {
        id: s.id,
        current: s.sids[ACCOUNT_APP_ID] === page.session.sid,
        device: deviceOf(signIn, t('account.unknown')),
        location: locationOf(signIn, t('account.unknown')),
        signedIn: s.loginTs,
        lastActivity: s.lastActivity,
      };
    });
    return sendPage(reply, sessionsPage(page.view, { sessions: views, notice: doneMessage(request, page) }));
  });

  app.post('/sessions/end', async (request, reply) => {
    const form = formOf(request);
    const page = await context.load(request, reply, form);
    if (field(form, 'all') === 'true') {
      await deps.revokeSessions(page.tenantId, page.user.id);
      context.cookies.endSession(reply, page.tenantId);
      return redirect(reply, `${page.view.base}/signed-out`);
    }
    const ended = await deps.sessions.end(page.tenantId, page.user.id, field(form, 'session'));
    if (!ended) throw new PageError(404, 'error.notFound');
    // Ending this browser's own session signs the account pages out as well (see load).
    return redirect(reply, `${page.view.base}/sessions?done=ended`);
  });

  // -- recent sign-ins ---------------------------------------------------------------------

  app.get('/sign-ins', async (request, reply) => {
    const page = await context.load(request, reply);
    const { t } = page.view;
    const signIns = await deps.signInLogs.list(page.tenantId, { userId: page.user.id }, { top: 20 });
    return sendPage(
      reply,
      signInsPage(page.view, {
        signIns: signIns.items.map((s) => ({
          when: page.view.date(s.createdDateTime),
          app: s.appDisplayName,
          succeeded: s.status.errorCode === 0,
          device: deviceOf(s, t('account.unknown')),
          location: locationOf(s, t('account.unknown')),
          ipAddress: s.ipAddress,
        })),
      }),
    );
  });

  // -- your data ---------------------------------------------------------------------------

  app.get('/privacy', async (request, reply) => {
    const page = await context.load(request, reply);
    return sendPage(reply, privacyPage(page.view));
  });

  app.post('/export', async (request, reply) => {
    const page = await context.load(request, reply, formOf(request), { securityInfo: '/privacy' });
    const { user } = page;
    const [methods, passkeys] = await Promise.all([
      deps.mfa.methodsOf(page.tenantId, user.id),
      deps.passkeys.list(page.tenantId, user.id),
    ]);
    const signIns: SignIn[] = [];
    let skipToken: string | undefined;
    do {
      const batch = await deps.signInLogs.list(page.tenantId, { userId: user.id }, { top: 200, skipToken });
      signIns.push(...batch.items);
      skipToken = batch.next;
    } while (skipToken && signIns.length < 5000);
    const { identities, passwordProfile: _never, ...profile } = user;
    const data = {
      exportedDateTime: deps.clock.now().toISOString(),
      profile,
      identities,
      // Methods as the user sees them: never a secret, a code or a key.
      methods: [
        ...methods.map((m) => ({
          id: m.id,
          type: m.type,
          label: m.type === 'password' ? 'Password' : m.label,
          createdDateTime: m.createdDateTime,
          lastUsedDateTime: m.lastUsedDateTime,
          ...(m.remaining !== undefined && { remaining: m.remaining }),
        })),
        ...passkeys.map((p) => ({
          id: p.id,
          type: 'passkey',
          label: p.displayName,
          deviceType: p.deviceType,
          createdDateTime: p.createdDateTime,
          lastUsedDateTime: p.lastUsedDateTime,
        })),
      ],
      signIns: signIns.map((s) => ({
        createdDateTime: s.createdDateTime,
        appDisplayName: s.appDisplayName,
        ipAddress: s.ipAddress,
        clientAppUsed: s.clientAppUsed,
        status: s.status,
        deviceDetail: s.deviceDetail,
        location: s.location,
        authenticationRequirement: s.authenticationRequirement,
      })),
    };
    return reply
      .code(200)
      .type('application/json; charset=utf-8')
      .header('content-disposition', 'attachment; filename="account-data.json"')
      .send(JSON.stringify(data, null, 2));
  });

  // -- deleting the account ----------------------------------------------------------------

  // Deleting is a change of security info: the page asks for the sign-in the rule wants first.
  app.get('/delete', async (request, reply) => {
    const page = await context.load(request, reply);
    const fresh = (await context.securityInfo(page)).allowed;
    return sendPage(reply, deletePage(page.view, { fresh }));
  });

  app.post('/delete/reauthenticate', async (request, reply) => {
    const page = await context.load(request, reply, formOf(request));
    const verdict = await context.securityInfo(page);
    if (verdict.allowed) return redirect(reply, `${page.view.base}/delete`);
    return context.signIn(request, reply, page.tenantId, '/delete', signInFor(verdict));
  });

  app.post('/delete', async (request, reply) => {
    const page = await context.load(request, reply, formOf(request), { securityInfo: '/delete' });
    const { t } = page.view;
    // Sessions, grants, codes and tokens first (apps are told by back-channel logout), then
    // the user: identities, methods and passkeys go with them. Sign-in logs keep to retention.
    await deps.revokeSessions(page.tenantId, page.user.id);
    await deps.directory.delete(page.tenantId, page.user.id);
    context.cookies.endSession(reply, page.tenantId);
    return sendPage(
      reply,
      goodbyePage(page.view.frame, {
        title: t('account.delete.doneTitle'),
        message: t('account.delete.done'),
      }),
    );
  });
}
