import { next, type SignInStep } from '../model.js';

/** Whether a user may reach an app: false when the app requires assignment and they hold none. */
export type MayUserReach = (tenantId: string, userId: string, appId: string) => Promise<boolean>;

/**
 * Step 4½: right after the first factor, an app whose service principal requires assignment
 * (`appRoleAssignmentRequired`) refuses a user who holds no assignment to it, directly or
 * through a group (Entra's 50105) — before any second factor is asked for an app they cannot
 * use. Single sign-on and refresh apply the same rule (protocol access).
 */
export function appAssignment(mayUserReach: MayUserReach): SignInStep {
  return {
    name: 'app-assignment',
    async run(attempt) {
      if (!attempt.user) return next();
      if (!(await mayUserReach(attempt.tenantId, attempt.user.id, attempt.app.appId)))
        return { fail: 'notAssigned' };
      return next();
    },
  };
}
