/** English: the reference catalog. Every hosted-page string comes from here. */
export const en = {
  'signIn.title': 'Sign in',
  'signIn.heading': 'Sign in to {app}',
  'signIn.email': 'Email address',
  'signIn.password': 'Password',
  'signIn.submit': 'Sign in',
  'signIn.cancel': 'Cancel',
  'signIn.invalidCredentials': 'The email address or password is incorrect.',
  'signIn.throttled': 'Too many attempts. Wait a few minutes, then try again.',
  'signIn.missing': 'Enter your email address and password.',
  'error.title': 'Something went wrong',
  'error.heading': 'We could not complete your request',
  'error.generic': 'The request could not be completed. Go back to the application and try again.',
  'error.expired': 'This sign-in page has expired. Go back to the application and start again.',
  'error.csrf':
    'This form has expired or was not sent from this page. Go back to the application and try again.',
  'error.notFound': 'The page you asked for does not exist.',
  'error.correlation': 'Reference: {id}',
  'error.details': 'Details: {details}',
  'signedOut.title': 'Signed out',
  'signedOut.body': 'You are signed out.',
  'logout.title': 'Sign out',
  'logout.body': 'Do you want to sign out?',
  'logout.yes': 'Sign out',
  'logout.no': 'Stay signed in',
} as const;

export type MessageKey = keyof typeof en;
