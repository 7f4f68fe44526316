/** Strings of the home pages: a tenant's overview and its getting-started checklist. */
export const home = {
  subtitle: '{type} tenant · id {id}',
  tenantTypes: { customer: 'Customer', workforce: 'Workforce' },
  cardsHeading: 'At a glance',
  cardsLabel: 'Counts of this tenant',
  cards: {
    users: 'Users',
    apps: 'App registrations',
    signIns: 'Sign-ins in the last 24 hours',
    riskyUsers: 'Users at risk',
  },
  cardHint: {
    users: 'In the directory, enabled or not',
    apps: 'Including the built-in ones',
    signIns: 'Successful and failed',
    riskyUsers: 'Risk state: at risk',
  },
  cardNotAllowed: 'Your roles do not let you see this.',
  cardFailed: 'Could not count: {message}',
  checklistHeading: 'Get started',
  checklistIntro: 'Three steps to a first sign-in. Each one ticks itself once it is done in this tenant.',
  progress: '{done} of {total} done',
  done: 'Done',
  notDone: 'Not done yet',
  cannotCheck: 'Your roles do not let you check this.',
  checkFailed: 'Could not check: {message}',
  opensInNewTab: '{label} (opens in a new tab)',
  steps: {
    app: {
      title: 'Register an app',
      body: 'Register the app your customers will sign in to: its redirect URIs and, for a web app, a secret.',
      action: 'Go to App registrations',
    },
    flow: {
      title: 'Set up a user flow',
      body: 'Choose how customers sign up and sign in: sign-in methods, the attributes to collect, identity providers.',
      action: 'Go to User flows',
    },
    signIn: {
      title: 'Try a sign-in',
      body: "Sign in as one of this tenant's users on its account page. A successful sign-in shows in the sign-in logs.",
      action: 'Open the account page',
    },
  },
};
