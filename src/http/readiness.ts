/**
 * Readiness (`/readyz`): named checks (the database; Redis in a cluster…) run side by side
 * within one time budget, so that the answer comes within a second whatever hangs. A check that
 * fails or has not answered within the budget makes the node unready (503).
 */
export interface ReadinessCheck {
  /** Names the check in the answer: `database`, `redis`… */
  name: string;
  /** Resolves when the dependency answers. */
  check(): Promise<void>;
  /**
   * A dependency the node still serves without, degraded (Redis: sign-in goes on with
   * node-local state): its failure is reported, and the status reads `degraded`, but the node
   * stays ready (200). Pulling every node out of the load balancer because Redis is down would
   * turn a degradation into an outage.
   */
  degradesOnly?: boolean;
}

export type CheckOutcome = 'ok' | 'failed' | 'timeout';

export interface Readiness {
  ready: boolean;
  /** Ready, but a `degradesOnly` check failed. */
  degraded: boolean;
  checks: Record<string, CheckOutcome>;
}

/** How long /readyz waits for its checks: under a second, with room for the answer itself. */
export const READINESS_BUDGET_MS = 800;

export async function checkReadiness(
  checks: readonly ReadinessCheck[],
  budgetMs: number = READINESS_BUDGET_MS,
): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<CheckOutcome>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), budgetMs);
  });
  try {
    const outcomes = await Promise.all(
      checks.map(({ check }) =>
        Promise.race([
          // A check that throws synchronously fails like one that rejects.
          Promise.resolve()
            .then(check)
            .then(
              (): CheckOutcome => 'ok',
              (): CheckOutcome => 'failed',
            ),
          deadline,
        ]),
      ),
    );
    const named = Object.fromEntries(checks.map(({ name }, i) => [name, outcomes[i] as CheckOutcome]));
    const ready = outcomes.every((outcome, i) => outcome === 'ok' || checks[i]?.degradesOnly === true);
    return { ready, degraded: ready && outcomes.some((outcome) => outcome !== 'ok'), checks: named };
  } finally {
    clearTimeout(timer);
  }
}
