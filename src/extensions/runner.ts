import type { DirectoryUser } from '../directory/index.js';
import { type Clock, type Logger, newId } from '../platform/index.js';
import type { Db } from '../storage/index.js';
import type { Callout } from './callout.js';
import {
  type Action,
  CALLOUT_ERRORS,
  type CalloutContext,
  type CalloutPrincipal,
  calloutBody,
  readAnswer,
} from './contract.js';
import type { AuthenticationEvent } from './events.js';
import type { BoundExtension, ExtensionService } from './service.js';
import { callStore } from './store.js';

/** Graph beta `appliedAuthenticationEventListener`: one extension call, as the sign-in log shows it. */
export interface AppliedEventListener {
  eventType: AuthenticationEvent;
  executedListenerId: string;
  handlerResult: {
    '@odata.type': '#microsoft.graph.customExtensionCalloutResult';
    customExtensionId: string;
    calloutDateTime: string;
    numberOfAttempts: number;
    /** The last attempt's HTTP status (0: no answer). */
    httpStatus: number;
    /** 0 on success, else Entra's 1003xxx code of what went wrong. */
    errorCode: number;
    /** Gatehouse's addition: how long the call took, retries included. */
    durationInMilliseconds: number;
  };
}

export type RunResult<E extends AuthenticationEvent> =
  | { kind: 'notConfigured' }
  | { kind: 'action'; action: Action<E>; bound: BoundExtension }
  | { kind: 'failed'; errorCode: number; bound: BoundExtension };

export interface RunInput {
  tenantId: string;
  /** The app the user signs in to (the listener's condition). */
  appId: string;
  /** The app a token is for, when not the client (token issuance of an API's access token). */
  resourceAppId?: string;
  /** Which sign-in log entry the call belongs to (its correlationId, or a key attached to it later). */
  recordUnder: string;
  correlationId: string;
  client: CalloutContext['client'];
  user?: DirectoryUser;
  requestType?: string;
  /** The event's own fields of the callout's data (userSignUpInfo, otpContext, …). */
  eventData?: Record<string, unknown>;
  /** The nonce the answer must echo (password submit). */
  nonce?: string;
}

const TRANSPORT_ERRORS = {
  timeout: CALLOUT_ERRORS.timedOut,
  connectionError: CALLOUT_ERRORS.connectionError,
  httpError: CALLOUT_ERRORS.httpStatus,
  invalidResponse: CALLOUT_ERRORS.invalidResponseBody,
  responseTooLarge: CALLOUT_ERRORS.responseSizeExceeded,
} as const;

/** A user as a callout shows it (Graph user properties Gatehouse has). */
export function calloutUser(user: DirectoryUser): Record<string, unknown> {
  const signInName = user.identities.find((i) => i.signInType !== 'federated')?.issuerAssignedId ?? user.mail;
  return {
    createdDateTime: user.createdDateTime,
    displayName: user.displayName,
    givenName: user.givenName,
    id: user.id,
    mail: user.mail,
    surname: user.surname,
    userPrincipalName: signInName ?? user.id,
    userType: 'Member',
  };
}

/**
 * Runs the extension bound to an event for an app: builds Entra's callout, calls it with its
 * token, reads the answer against the event's contract, and records the call (outcome, status,
 * attempts, duration) for the sign-in log. A failure is an answer too: the caller decides what
 * the user sees (`behaviorOnError`, the error page).
 */
export function createExtensionRunner(deps: {
  db: Db;
  clock: Clock;
  logger: Logger;
  extensions: Pick<ExtensionService, 'boundExtension' | 'servicePrincipalOf'>;
  callout: Callout;
}) {
  async function principal(tenantId: string, appId: string): Promise<CalloutPrincipal> {
    const sp = await deps.extensions.servicePrincipalOf(tenantId, appId);
    const name = sp?.displayName ?? appId;
    return { id: sp?.id ?? '', appId, appDisplayName: name, displayName: name };
  }

  async function record(input: RunInput, bound: BoundExtension, applied: AppliedEventListener) {
    try {
      await callStore.insert(deps.db, {
        id: newId(),
        tenantId: input.tenantId,
        correlationId: input.recordUnder,
        createdAt: applied.handlerResult.calloutDateTime,
        call: applied,
      });
    } catch (error) {
      // The sign-in goes on: a call not recorded is logged here instead.
      deps.logger.error(
        { err: error, tenantId: input.tenantId, extensionId: bound.extension.id },
        'extension call not recorded',
      );
    }
  }

  return async function run<E extends AuthenticationEvent>(event: E, input: RunInput): Promise<RunResult<E>> {
    const bound = await deps.extensions.boundExtension(input.tenantId, event, input.appId);
    if (!bound) return { kind: 'notConfigured' };
    const calloutDateTime = deps.clock.now().toISOString();
    const context: CalloutContext = {
      tenantId: input.tenantId,
      correlationId: input.correlationId,
      client: input.client,
      clientServicePrincipal: await principal(input.tenantId, input.appId),
      resourceServicePrincipal: await principal(input.tenantId, input.resourceAppId ?? input.appId),
      ...(input.user && { user: calloutUser(input.user) }),
      ...(input.requestType && { requestType: input.requestType }),
    };
    const body = calloutBody(
      event,
      { listenerId: bound.listener.id, extensionId: bound.extension.id },
      context,
      input.eventData ?? {},
    );
    const result = await deps.callout(
      {
        tenantId: input.tenantId,
        targetUrl: bound.extension.settings.targetUrl,
        resourceAppId: bound.resourceAppId,
        timeoutInMilliseconds: bound.timeoutInMilliseconds,
        maximumRetries: bound.maximumRetries,
      },
      body,
    );
    const answer = result.ok ? readAnswer(event, result.body, { nonce: input.nonce }) : undefined;
    const errorCode = !result.ok
      ? TRANSPORT_ERRORS[result.outcome]
      : answer && !answer.ok
        ? answer.errorCode
        : 0;
    await record(input, bound, {
      eventType: event,
      executedListenerId: bound.listener.id,
      handlerResult: {
        '@odata.type': '#microsoft.graph.customExtensionCalloutResult',
        customExtensionId: bound.extension.id,
        calloutDateTime,
        numberOfAttempts: result.attempts,
        httpStatus: result.httpStatus ?? 0,
        errorCode,
        durationInMilliseconds: result.durationMs,
      },
    });
    if (answer?.ok) return { kind: 'action', action: answer.action, bound };
    deps.logger.warn(
      {
        tenantId: input.tenantId,
        extensionId: bound.extension.id,
        event,
        errorCode,
        reason: result.ok ? (answer && !answer.ok ? answer.error : '') : result.error,
      },
      'custom authentication extension failed',
    );
    return { kind: 'failed', errorCode, bound };
  };
}

export type ExtensionRunner = ReturnType<typeof createExtensionRunner>;

/** The calls recorded under sign-ins, by correlationId (for the sign-in log). */
export function createCallLog(db: Db) {
  return {
    async ofSignIns(
      tenantId: string,
      correlationIds: string[],
    ): Promise<Map<string, AppliedEventListener[]>> {
      const rows = await callStore.ofSignIns(db, tenantId, [...new Set(correlationIds)]);
      const out = new Map<string, AppliedEventListener[]>();
      for (const row of rows) {
        const list = out.get(row.correlation_id) ?? [];
        list.push(JSON.parse(row.call) as AppliedEventListener);
        out.set(row.correlation_id, list);
      }
      return out;
    },
    /** Moves the calls made under a key (an interaction) to the sign-in they ended in. */
    async attach(tenantId: string, from: string, to: string): Promise<void> {
      await db
        .updateTable('extensions_calls')
        .set({ correlation_id: to })
        .where('tenant_id', '=', tenantId)
        .where('correlation_id', '=', from)
        .execute();
    },
    purgeBefore: (before: string) => callStore.purgeBefore(db, before),
  };
}

export type CallLog = ReturnType<typeof createCallLog>;
