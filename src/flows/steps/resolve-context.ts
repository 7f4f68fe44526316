import { next, type SignInStep } from '../model.js';

/** Step 1: the attempt is for an application that exists in this tenant, by its current name. */
export function resolveContext(
  findApp: (tenantId: string, appId: string) => Promise<{ displayName: string } | undefined>,
): SignInStep {
  return {
    name: 'resolve-context',
    async run(attempt) {
      const app = await findApp(attempt.tenantId, attempt.app.appId);
      if (!app) return { fail: 'applicationNotFound' };
      attempt.app.displayName = app.displayName;
      return next();
    },
  };
}
