import { SignInLogs } from './SignInLogs';

/** Monitoring › Sign-in logs (one page: the list, its filters and the details pane). */
export function Component() {
  return <SignInLogs />;
}
