import { apps } from './apps';
import { auditLogs } from './auditLogs';
import { branding } from './branding';
import { common } from './common';
import { conditionalAccess } from './conditionalAccess';
import { extensions } from './extensions';
import { flows } from './flows';
import { groups } from './groups';
import { home } from './home';
import { identityProtection } from './identityProtection';
import { idp } from './idp';
import { insights } from './insights';
import { nav } from './nav';
import { roles } from './roles';
import { signInLogs } from './signInLogs';
import { tenants } from './tenants';
import { users } from './users';

/** English: the reference catalog, one section per area of the console. */
export const en = {
  common,
  nav,
  home,
  tenants,
  users,
  groups,
  apps,
  flows,
  idp,
  branding,
  roles,
  conditionalAccess,
  identityProtection,
  signInLogs,
  auditLogs,
  insights,
  extensions,
};
