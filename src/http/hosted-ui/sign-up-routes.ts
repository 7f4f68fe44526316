import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AttributeField, CollectedAttributes } from '../../flows/index.js';
import { AppError } from '../../platform/index.js';
import {
  calloutInput,
  errorsByField,
  sendBlockPage,
  sendExtensionFailure,
  userSignUpInfo,
  withValues,
} from './attribute-extensions.js';
import type { CodeStep } from './code-step.js';
import { registerCodePageRoutes, typedCode } from './code-step.js';
import type { MessageKey, Translate } from './messages.js';
import { field, formOf, type InteractionPage, PageError, redirect, sendPage } from './page.js';
import { passwordProblem } from './password-routes.js';
import { type PageRoutesDeps, typedEmail } from './sign-in-routes.js';
import { emailPage, type FieldView, signUpDetailsPage } from './templates.js';

export const SIGN_UP_STEP: CodeStep = {
  purpose: 'signUp',
  template: 'verificationCode',
  path: 'signup',
  back: (page) => [{ href: `${page.base}/signup`, label: page.t('common.back') }],
};

/** Attribute inputs are named `attr.{name}`, apart from the page's own fields. */
export const ATTRIBUTE_PREFIX = 'attr.';

const BUILT_IN_AUTOCOMPLETE: Record<string, string> = {
  displayName: 'name',
  givenName: 'given-name',
  surname: 'family-name',
  city: 'address-level2',
  country: 'country-name',
  postalCode: 'postal-code',
  state: 'address-level1',
  streetAddress: 'street-address',
  jobTitle: 'organization-title',
};

export function fieldViews(
  t: Translate,
  fields: AttributeField[],
  form: Record<string, string | string[]>,
  errors: Extract<CollectedAttributes, { ok: false }>['errors'] = {},
  /** Messages worded elsewhere (a custom authentication extension's), by field name. */
  messages: Record<string, string> = {},
): FieldView[] {
  return fields.map((f) => {
    const error = errors[f.name];
    const message = messages[f.name];
    return {
      name: `${ATTRIBUTE_PREFIX}${f.name}`,
      label: f.label ?? (f.builtIn ? t(`attribute.${f.name}` as MessageKey) : f.name),
      inputType: f.inputType,
      numeric: f.dataType === 'int',
      required: f.required,
      options: f.options,
      minLength: f.validation.minLength,
      maxLength: f.validation.maxLength,
      autocomplete: f.builtIn ? BUILT_IN_AUTOCOMPLETE[f.name] : undefined,
      value: form[`${ATTRIBUTE_PREFIX}${f.name}`],
      error: message
        ? message
        : error
          ? t(`attribute.${error.code}` as MessageKey, {
              min: String(error.min ?? ''),
              max: String(error.max ?? ''),
            })
          : undefined,
    };
  });
}

/** The attribute values of a form, keyed by attribute name. */
export function attributeForm(form: Record<string, string | string[]>): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(form))
    if (key.startsWith(ATTRIBUTE_PREFIX)) values[key.slice(ATTRIBUTE_PREFIX.length)] = value;
  return values;
}

/**
 * Sign-up: email → a code to that address → a password and the flow's attributes → the
 * account exists with a verified email → signed in through the pipeline with a ticket.
 */
export function signUpRoutes(app: FastifyInstance, { deps, pages, codes, finish }: PageRoutesDeps): void {
  const startPage = (page: InteractionPage, data: { email?: string; error?: string } = {}) =>
    emailPage(page.frame, {
      base: page.base,
      title: page.t('signUp.title'),
      heading: page.t('signUp.heading', { app: page.appName }),
      intro: page.t('signUp.intro'),
      action: `${page.base}/signup`,
      submit: page.t('signUp.submit'),
      csrf: page.csrf,
      email: data.email,
      error: data.error,
      links: [{ lead: page.t('signUp.haveAccount'), href: page.base, label: page.t('signUp.signIn') }],
      // A first sign-in with a provider creates the account, so its buttons offer sign-up too.
      providers: { intent: 'signUp', list: page.providers },
    });

  async function signUpPage(request: Parameters<typeof pages.load>[0], reply: FastifyReply, form?: object) {
    const page = await pages.load(request, reply, {
      ...(form && { form: form as Record<string, unknown> }),
      prompt: 'login',
    });
    if (!page.flow.isSignUpAllowed) throw new PageError(403, 'signUp.notAllowed');
    return page;
  }

  app.get('/interaction/:uid/signup', async (request, reply) => {
    const page = await signUpPage(request, reply);
    return sendPage(reply, startPage(page));
  });

  app.post('/interaction/:uid/signup', async (request, reply) => {
    const form = formOf(request);
    const page = await signUpPage(request, reply, form);
    const email = typedEmail(field(form, 'email'));
    const again = (status: number, error: string) =>
      sendPage(reply, startPage(page, { email: email.typed, error }), status);
    if (!email.key) return again(400, page.t(email.typed ? 'signIn.invalidEmail' : 'signIn.missingEmail'));
    const ip = deps.clientIpOf(request.raw.socket.remoteAddress ?? '', request.headers['x-forwarded-for']);
    const allowed = await deps.limits.signUpsPerIp.consume(`${page.tenant.id}:${ip}`);
    if (!allowed.allowed) {
      reply.header('retry-after', String(Math.ceil(allowed.retryAfterMs / 1000)));
      return again(429, page.t('signUp.throttled'));
    }
    if (await deps.accounts.findUserByLogin(page.tenant.id, email.key))
      return again(409, page.t('signUp.exists'));
    const requested = await codes.request(page, request, SIGN_UP_STEP, email.key, true);
    if (!requested.ok) {
      reply.header('retry-after', String(Math.ceil(requested.retryAfterMs / 1000)));
      return again(429, page.t('signIn.throttled'));
    }
    await deps.journeys.put(page.tenant.id, page.uid, {
      kind: 'signUp',
      email: email.key,
      challengeId: requested.challengeId,
      verified: false,
    });
    return redirect(reply, `${page.base}/signup/code`);
  });

  app.post('/interaction/:uid/signup/code', async (request, reply) => {
    const form = formOf(request);
    const page = await signUpPage(request, reply, form);
    const journey = await deps.journeys.get(page.tenant.id, page.uid, 'signUp');
    if (!journey) return redirect(reply, `${page.base}/signup`);
    if (journey.verified) return redirect(reply, `${page.base}/signup/details`);
    const show = (status: number, error: string) =>
      codes.show(page, reply, SIGN_UP_STEP, journey.email, { status, error });
    const code = typedCode(field(form, 'code'));
    if (!code) return show(400, page.t('code.invalidFormat'));
    const scope = { tenantId: page.tenant.id, purpose: SIGN_UP_STEP.purpose };
    const result = await deps.codes.verify(scope, journey.challengeId, code);
    if (!result.ok)
      return result.reason === 'wrong'
        ? show(401, page.t('code.wrong', { remaining: String(result.remaining) }))
        : show(401, page.t('code.expired'));
    await deps.journeys.put(page.tenant.id, page.uid, { ...journey, verified: true });
    return redirect(reply, `${page.base}/signup/details`);
  });

  registerCodePageRoutes(app, deps, codes, SIGN_UP_STEP, {
    kind: 'signUp',
    load: signUpPage,
    done: { is: (journey) => journey.verified, path: 'signup/details' },
    deliver: async () => true,
  });

  const detailsPage = async (
    page: InteractionPage,
    email: string,
    form: Record<string, string | string[]>,
    problems: {
      password?: string;
      attributes?: Extract<CollectedAttributes, { ok: false }>['errors'];
      /** An extension's validation error: its message and its messages per attribute. */
      extension?: { message?: string; fields: Record<string, string> };
    } = {},
  ) => {
    const fields = await deps.userFlows.attributeFields(page.tenant.id, page.flow);
    const failed = problems.password !== undefined || problems.attributes !== undefined;
    return signUpDetailsPage(page.frame, {
      base: page.base,
      action: `${page.base}/signup/details`,
      email,
      csrf: page.csrf,
      password: page.flow.signInMethods.includes('emailPassword') ? { error: problems.password } : undefined,
      fields: fieldViews(page.t, fields, form, problems.attributes, problems.extension?.fields),
      error: problems.extension
        ? problems.extension.message || page.t('attribute.summary')
        : failed
          ? page.t('attribute.summary')
          : undefined,
    });
  };

  app.get('/interaction/:uid/signup/details', async (request, reply) => {
    const page = await signUpPage(request, reply);
    const journey = await deps.journeys.get(page.tenant.id, page.uid, 'signUp');
    // Nobody reaches the account details without a verified email.
    if (!journey?.verified) return redirect(reply, `${page.base}/signup`);
    // Attribute collection start: the business's API may prefill the page or block the sign-up.
    const fields = await deps.userFlows.attributeFields(page.tenant.id, page.flow);
    const started = deps.extensions
      ? await deps.extensions.run('attributeCollectionStart', {
          ...calloutInput(deps, page, request),
          eventData: userSignUpInfo(page, journey.email, fields),
        })
      : { kind: 'notConfigured' as const };
    if (started.kind === 'failed') return sendExtensionFailure(reply, page, request);
    if (started.kind === 'action' && started.action.name === 'showBlockPage') {
      await deps.journeys.end(page.tenant.id, page.uid);
      return sendBlockPage(reply, page, started.action.fields);
    }
    const prefill =
      started.kind === 'action' && started.action.name === 'setPrefillValues'
        ? withValues(fields, {}, started.action.fields.inputs as Record<string, unknown>)
        : {};
    return sendPage(reply, await detailsPage(page, journey.email, prefill));
  });

  app.post('/interaction/:uid/signup/details', async (request, reply) => {
    const form = formOf(request);
    const page = await signUpPage(request, reply, form);
    const journey = await deps.journeys.get(page.tenant.id, page.uid, 'signUp');
    if (!journey?.verified) return redirect(reply, `${page.base}/signup`);
    const { t } = page;
    const usesPassword = page.flow.signInMethods.includes('emailPassword');
    const password = field(form, 'password');
    const fields = await deps.userFlows.attributeFields(page.tenant.id, page.flow);
    const collected = deps.userFlows.collect(fields, attributeForm(form));
    const passwordError = usesPassword
      ? await passwordProblem(deps, t, page.tenant.id, password, field(form, 'confirm'), {
          mail: journey.email,
        })
      : undefined;
    if (passwordError || !collected.ok) {
      const attributes = collected.ok ? undefined : collected.errors;
      return sendPage(
        reply,
        await detailsPage(page, journey.email, form, { password: passwordError, attributes }),
        400,
      );
    }
    // Attribute collection submit: the business's API may change the values, reject some of
    // them (shown next to each field) or block the sign-up. The password is never sent.
    const submitted = deps.extensions
      ? await deps.extensions.run('attributeCollectionSubmit', {
          ...calloutInput(deps, page, request),
          eventData: userSignUpInfo(page, journey.email, fields, collected.values),
        })
      : { kind: 'notConfigured' as const };
    if (submitted.kind === 'failed') return sendExtensionFailure(reply, page, request);
    let attributes = collected.values;
    if (submitted.kind === 'action') {
      const { name, fields: action } = submitted.action;
      if (name === 'showBlockPage') {
        await deps.journeys.end(page.tenant.id, page.uid);
        return sendBlockPage(reply, page, action);
      }
      if (name === 'showValidationError') {
        const extension = {
          message: typeof action.message === 'string' ? action.message : undefined,
          fields: errorsByField(fields, action.attributeErrors),
        };
        return sendPage(reply, await detailsPage(page, journey.email, form, { extension }), 400);
      }
      if (name === 'modifyAttributeValues') {
        // The changed values pass the flow's own checks, like typed ones.
        const modified = deps.userFlows.collect(
          fields,
          attributeForm(withValues(fields, form, action.attributes as Record<string, unknown>)),
        );
        if (!modified.ok) return sendExtensionFailure(reply, page, request);
        attributes = modified.values;
      }
    }
    let user: Awaited<ReturnType<typeof deps.accounts.createSelfServiceUser>>;
    try {
      user = await deps.accounts.createSelfServiceUser(page.tenant.id, {
        mail: journey.email,
        ...(usesPassword && { password }),
        attributes,
      });
    } catch (error) {
      if (error instanceof AppError && error.kind === 'conflict') {
        await deps.journeys.end(page.tenant.id, page.uid);
        return sendPage(reply, startPage(page, { email: journey.email, error: t('signUp.exists') }), 409);
      }
      throw error;
    }
    const ticket = await deps.tickets.issue({
      tenantId: page.tenant.id,
      userId: user.id,
      amr: usesPassword ? ['pwd', 'otp'] : ['otp'],
      detail: 'Sign-up with a verified email address',
      usage: { signUp: true },
    });
    return finish(page, request, reply, { method: 'ticket', login: journey.email, ticket }, (status, error) =>
      sendPage(reply, startPage(page, { email: journey.email, error }), status),
    );
  });
}
