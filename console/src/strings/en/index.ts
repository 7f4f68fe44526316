import { apps } from './apps';
import { branding } from './branding';
import { common } from './common';
import { flows } from './flows';
import { groups } from './groups';
import { home } from './home';
import { idp } from './idp';
import { nav } from './nav';
import { roles } from './roles';
import { tenants } from './tenants';
import { users } from './users';

/** English: the reference catalog, one section per area of the console. */
export const en = { common, nav, home, tenants, users, groups, apps, flows, idp, branding, roles };
