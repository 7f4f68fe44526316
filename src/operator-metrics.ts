import type { AccessCheck, AccessFacts, Requirement } from './access/index.js';
import type { Config } from './config.js';
import { SIGN_IN_INTERRUPTIONS } from './flows/index.js';
import type { MfaTelemetry } from './http/hosted-ui/deps.js';
import { type MetricsExposure, type MetricsListener, startMetricsListener } from './http/metrics.js';
import type { SignInEntry } from './insights/index.js';
import type { DeliveryFailure } from './messaging/index.js';
import { createMetrics, type Metrics } from './platform/index.js';
import type { RiskDetection } from './protection/index.js';

/**
 * What each event of the domains means for the operator metrics (docs/metrics.md): the
 * callbacks the composition root hands to the domains, so that none of them knows prom-client.
 */
export interface OperatorMetrics {
  metrics: Metrics;
  /** How the HTTP server exposes them. */
  exposure: MetricsExposure;
  /** Every sign-in log entry: interactive, single sign-on and service principal sign-ins. */
  signedIn(entry: SignInEntry): void;
  /** Every live Conditional Access decision (sign-ins, sessions, token requests). */
  accessChecked(check: AccessCheck, facts: AccessFacts): void;
  riskDetected(detections: readonly RiskDetection[]): void;
  tokenIssued(grantType: string): void;
  emailDeliveryFailed(outcome: DeliveryFailure): void;
  smsDeliveryFailed(): void;
  mfa: MfaTelemetry;
  /** Opens the metrics port, when one is set (GATEHOUSE_METRICS_PORT). */
  listen(onError: (error: unknown) => void): Promise<MetricsListener | undefined>;
}

/** Entra's codes of a sign-in paused for the user to act (MFA, a password change). */
const INTERRUPTED = new Set<number>(Object.values(SIGN_IN_INTERRUPTIONS).map((i) => i.errorCode));

const REQUIREMENTS: Record<Requirement, string> = {
  mfa: 'mfa',
  phishingResistantMfa: 'phishing_resistant_mfa',
  passwordChange: 'password_change',
};

const DELIVERY_OUTCOMES: Record<DeliveryFailure, string> = { retry: 'retry', givenUp: 'given_up' };

/**
 * The operator metrics, when they are exposed (a metrics token, or a metrics port); otherwise
 * nothing is collected and nothing measured.
 */
export function createOperatorMetrics(
  config: Pick<Config, 'metricsToken' | 'metricsPort' | 'metricsHost'>,
): OperatorMetrics | undefined {
  if (config.metricsToken === undefined && config.metricsPort === undefined) return undefined;
  const metrics = createMetrics();
  return {
    metrics,
    exposure: { metrics, token: config.metricsToken, onMainPort: config.metricsPort === undefined },
    signedIn(entry) {
      const code = entry.status.errorCode;
      metrics.signIns.inc({
        outcome: code === 0 ? 'success' : INTERRUPTED.has(code) ? 'interrupted' : 'failure',
        // Codes come from Gatehouse's own catalogue (flows/model.ts), never from a request.
        error_code: String(code),
        event_type: entry.signInEventTypes[0] ?? 'other',
      });
    },
    accessChecked({ decision }, facts) {
      if (decision.block)
        metrics.conditionalAccessBlocks.inc({
          principal_type: facts.servicePrincipalAppId ? 'service_principal' : 'user',
        });
      // The user is sent to meet the first requirement; a later one counts when its turn comes.
      else if (decision.requirements[0])
        metrics.conditionalAccessInterrupts.inc({ requirement: REQUIREMENTS[decision.requirements[0]] });
    },
    riskDetected(detections) {
      for (const { riskEventType, riskLevel, detectionTimingType } of detections)
        metrics.riskDetections.inc({
          risk_event_type: riskEventType,
          risk_level: riskLevel,
          timing: detectionTimingType,
        });
    },
    tokenIssued(grantType) {
      // Only grant types the provider enables get this far; the device flow's URN reads `device_code`.
      metrics.tokensIssued.inc({
        grant_type: grantType.replace(/^urn:ietf:params:oauth:grant-type:/, '') || 'other',
      });
    },
    emailDeliveryFailed(outcome) {
      metrics.deliveryFailures.inc({ channel: 'email', outcome: DELIVERY_OUTCOMES[outcome] });
    },
    smsDeliveryFailed() {
      metrics.deliveryFailures.inc({ channel: 'sms', outcome: 'given_up' });
    },
    mfa: {
      challenged(method) {
        metrics.mfaChallenges.inc({ method });
      },
      proved(method, succeeded) {
        metrics.mfaResults.inc({ method, result: succeeded ? 'success' : 'failure' });
      },
    },
    async listen(onError) {
      if (config.metricsPort === undefined) return undefined;
      const { metricsHost: host, metricsPort: port, metricsToken: token } = config;
      return startMetricsListener({ host, port, token, scrape: metrics.scrape, onError });
    },
  };
}
