/**
 * The five authentication events a custom extension can serve, each with Entra's names for
 * every part of its contract: the Graph types of the extension, its listener and handler, the
 * callout's `type` and `@odata.type`s, the actions its answer may carry, and how the sign-in
 * log names the event (Graph beta `authenticationEventType`). Data, not code: one row each.
 */
export const EVENTS = {
  tokenIssuanceStart: {
    extensionType: 'onTokenIssuanceStartCustomExtension',
    listenerType: 'onTokenIssuanceStartListener',
    handlerType: 'onTokenIssuanceStartCustomExtensionHandler',
    calloutType: 'microsoft.graph.authenticationEvent.tokenIssuanceStart',
    calloutDataType: 'microsoft.graph.onTokenIssuanceStartCalloutData',
    responseDataType: 'microsoft.graph.onTokenIssuanceStartResponseData',
    actions: ['provideClaimsForToken'],
    actionPrefix: 'microsoft.graph.tokenIssuanceStart.',
  },
  attributeCollectionStart: {
    extensionType: 'onAttributeCollectionStartCustomExtension',
    listenerType: 'onAttributeCollectionStartListener',
    handlerType: 'onAttributeCollectionStartCustomExtensionHandler',
    calloutType: 'microsoft.graph.authenticationEvent.attributeCollectionStart',
    calloutDataType: 'microsoft.graph.onAttributeCollectionStartCalloutData',
    responseDataType: 'microsoft.graph.onAttributeCollectionStartResponseData',
    actions: ['continueWithDefaultBehavior', 'setPrefillValues', 'showBlockPage'],
    actionPrefix: 'microsoft.graph.attributeCollectionStart.',
  },
  attributeCollectionSubmit: {
    extensionType: 'onAttributeCollectionSubmitCustomExtension',
    listenerType: 'onAttributeCollectionSubmitListener',
    handlerType: 'onAttributeCollectionSubmitCustomExtensionHandler',
    calloutType: 'microsoft.graph.authenticationEvent.attributeCollectionSubmit',
    calloutDataType: 'microsoft.graph.onAttributeCollectionSubmitCalloutData',
    responseDataType: 'microsoft.graph.onAttributeCollectionSubmitResponseData',
    actions: ['continueWithDefaultBehavior', 'modifyAttributeValues', 'showValidationError', 'showBlockPage'],
    actionPrefix: 'microsoft.graph.attributeCollectionSubmit.',
  },
  emailOtpSend: {
    extensionType: 'onOtpSendCustomExtension',
    listenerType: 'onEmailOtpSendListener',
    handlerType: 'onOtpSendCustomExtensionHandler',
    calloutType: 'microsoft.graph.authenticationEvent.emailOtpSend',
    calloutDataType: 'microsoft.graph.onOtpSendCalloutData',
    // Entra's documents spell it with a capital O; answers are read without regard to case.
    responseDataType: 'microsoft.graph.OnOtpSendResponseData',
    actions: ['continueWithDefaultBehavior'],
    actionPrefix: 'microsoft.graph.OtpSend.',
  },
  passwordSubmit: {
    extensionType: 'onPasswordSubmitCustomExtension',
    listenerType: 'onPasswordSubmitListener',
    handlerType: 'onPasswordMigrationCustomExtensionHandler',
    calloutType: 'microsoft.graph.authenticationEvent.passwordSubmit',
    calloutDataType: 'microsoft.graph.onPasswordSubmitCalloutData',
    responseDataType: 'microsoft.graph.onPasswordSubmitResponseData',
    actions: ['MigratePassword', 'UpdatePassword', 'Retry', 'Block'],
    actionPrefix: 'microsoft.graph.passwordSubmit.',
  },
} as const;

export type AuthenticationEvent = keyof typeof EVENTS;
export const AUTHENTICATION_EVENTS = Object.keys(EVENTS) as AuthenticationEvent[];
export type ExtensionType = (typeof EVENTS)[AuthenticationEvent]['extensionType'];
export type ListenerType = (typeof EVENTS)[AuthenticationEvent]['listenerType'];
export type ActionOf<E extends AuthenticationEvent> = (typeof EVENTS)[E]['actions'][number];

const lower = (value: string) => value.toLowerCase();

/** The event an extension type serves (case-insensitive, without the `#microsoft.graph.` prefix). */
export function eventOfExtensionType(type: string): AuthenticationEvent | undefined {
  const name = lower(type.replace(/^#?microsoft\.graph\./i, ''));
  return AUTHENTICATION_EVENTS.find((e) => lower(EVENTS[e].extensionType) === name);
}

/** The event a listener type serves. */
export function eventOfListenerType(type: string): AuthenticationEvent | undefined {
  const name = lower(type.replace(/^#?microsoft\.graph\./i, ''));
  return AUTHENTICATION_EVENTS.find((e) => lower(EVENTS[e].listenerType) === name);
}

/** The action an answer's `@odata.type` names, if the event allows it (read without regard to case). */
export function actionOf<E extends AuthenticationEvent>(
  event: E,
  odataType: unknown,
): ActionOf<E> | undefined {
  if (typeof odataType !== 'string') return undefined;
  const { actions, actionPrefix } = EVENTS[event];
  const wanted = lower(odataType.replace(/^#/, ''));
  return (actions as readonly string[]).find((a) => lower(`${actionPrefix}${a}`) === wanted) as
    | ActionOf<E>
    | undefined;
}
