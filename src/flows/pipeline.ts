import type { SignInAttempt, SignInStep } from './model.js';

export interface SignInOutcome {
  attempt: SignInAttempt;
  /** True only when every step passed: the HTTP layer may complete the sign-in. */
  ok: boolean;
}

/** Work that follows every attempt, whatever its result (recording, failure counting). */
export type AfterSignIn = (attempt: SignInAttempt) => Promise<void> | void;

/**
 * The sign-in pipeline: ordered steps, each with one job; the first failure ends the
 * attempt. Then every `after` hook sees the attempt, successful or not. Every sign-in method
 * enters here, so none can skip a step.
 */
export function createSignInPipeline(steps: SignInStep[], after: AfterSignIn[]) {
  return async function signIn(attempt: SignInAttempt): Promise<SignInOutcome> {
    for (const step of steps) {
      const result = await step.run(attempt);
      if ('fail' in result) {
        attempt.failure = result.fail;
        attempt.retryAfterMs = result.retryAfterMs;
        break;
      }
      if ('interrupt' in result) {
        attempt.interruption = result.interrupt;
        break;
      }
    }
    for (const hook of after) await hook(attempt);
    return { attempt, ok: attempt.failure === undefined && attempt.interruption === undefined };
  };
}

export type SignInPipeline = ReturnType<typeof createSignInPipeline>;
