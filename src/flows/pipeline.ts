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
 *
 * A step that throws (a dependency did not answer) ends the attempt as a `transientError`,
 * which the hooks still see — so it is counted and logged like any failed attempt — and then
 * the error goes on to the caller (the error page). A hook that throws does not keep the next
 * hooks from running; the first such error is thrown once all have run.
 */
export function createSignInPipeline(steps: SignInStep[], after: AfterSignIn[]) {
  return async function signIn(attempt: SignInAttempt): Promise<SignInOutcome> {
    let thrown: { error: unknown } | undefined;
    try {
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
    } catch (error) {
      thrown = { error };
      attempt.failure = 'transientError';
      attempt.interruption = undefined;
    }
    for (const hook of after) {
      try {
        await hook(attempt);
      } catch (error) {
        thrown ??= { error };
      }
    }
    if (thrown) throw thrown.error;
    return { attempt, ok: attempt.failure === undefined && attempt.interruption === undefined };
  };
}

export type SignInPipeline = ReturnType<typeof createSignInPipeline>;
