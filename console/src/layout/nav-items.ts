import {
  AppsListDetailRegular,
  ArrowTrendingLinesRegular,
  BuildingMultipleRegular,
  ColorRegular,
  DocumentBulletListClockRegular,
  FlowRegular,
  type FluentIcon,
  HomeRegular,
  PeopleRegular,
  PeopleTeamRegular,
  PersonKeyRegular,
  PlugConnectedRegular,
  SendRegular,
  SettingsRegular,
  ShieldCheckmarkRegular,
  ShieldErrorRegular,
  ShieldPersonRegular,
  ShieldTaskRegular,
  TextBulletListSquareEditRegular,
} from '@fluentui/react-icons';
import type { Catalog } from '../strings';

export interface NavItem {
  /** Under the selected tenant (/t/:tenantId/…) or not. */
  path: string;
  tenant: boolean;
  label: (t: Catalog) => string;
  icon: FluentIcon;
  /** The read action the page needs: the item is shown only when the admin's roles allow it. */
  action: string;
  /** The group the item is listed under (none: the tenant's main areas). */
  section?: 'extensions' | 'protection' | 'monitoring';
}

const d = (rest: string) => `microsoft.directory/${rest}`;

export const NAV_ITEMS: NavItem[] = [
  {
    path: '',
    tenant: true,
    label: (t) => t.nav.home,
    icon: HomeRegular,
    action: d('organization/allProperties/read'),
  },
  {
    path: 'users',
    tenant: true,
    label: (t) => t.nav.users,
    icon: PeopleRegular,
    action: d('users/allProperties/read'),
  },
  {
    path: 'groups',
    tenant: true,
    label: (t) => t.nav.groups,
    icon: PeopleTeamRegular,
    action: d('groups/allProperties/read'),
  },
  {
    path: 'apps',
    tenant: true,
    label: (t) => t.nav.apps,
    icon: AppsListDetailRegular,
    action: d('applications/allProperties/read'),
  },
  {
    path: 'user-flows',
    tenant: true,
    label: (t) => t.nav.userFlows,
    icon: FlowRegular,
    action: d('b2cUserFlow/allProperties/read'),
  },
  {
    path: 'custom-attributes',
    tenant: true,
    label: (t) => t.nav.customAttributes,
    icon: TextBulletListSquareEditRegular,
    action: d('customAttributes/allProperties/read'),
  },
  {
    path: 'identity-providers',
    tenant: true,
    label: (t) => t.nav.identityProviders,
    icon: PersonKeyRegular,
    action: d('identityProviders/allProperties/read'),
  },
  {
    path: 'branding',
    tenant: true,
    label: (t) => t.nav.branding,
    icon: ColorRegular,
    action: d('organization/branding/allProperties/read'),
  },
  {
    path: 'settings',
    tenant: true,
    label: (t) => t.nav.tenantSettings,
    icon: SettingsRegular,
    action: d('organization/allProperties/read'),
  },
  {
    path: 'conditional-access',
    tenant: true,
    label: (t) => t.nav.conditionalAccess,
    icon: ShieldCheckmarkRegular,
    action: d('conditionalAccessPolicies/allProperties/read'),
    section: 'protection',
  },
  {
    path: 'identity-protection',
    tenant: true,
    label: (t) => t.nav.identityProtection,
    icon: ShieldErrorRegular,
    action: d('identityProtection/allProperties/read'),
    section: 'protection',
  },
  {
    path: 'sign-in-logs',
    tenant: true,
    label: (t) => t.nav.signInLogs,
    icon: ShieldTaskRegular,
    action: d('signInReports/allProperties/read'),
    section: 'monitoring',
  },
  {
    path: 'audit-logs',
    tenant: true,
    label: (t) => t.nav.auditLogs,
    icon: DocumentBulletListClockRegular,
    action: d('auditLogs/allProperties/read'),
    section: 'monitoring',
  },
  {
    path: 'insights',
    tenant: true,
    label: (t) => t.nav.usageInsights,
    icon: ArrowTrendingLinesRegular,
    action: d('signInReports/allProperties/read'),
    section: 'monitoring',
  },
  {
    path: 'extensions',
    tenant: true,
    label: (t) => t.nav.customExtensions,
    icon: PlugConnectedRegular,
    action: d('customAuthenticationExtensions/allProperties/read'),
    section: 'extensions',
  },
  {
    path: 'webhooks',
    tenant: true,
    label: (t) => t.nav.webhooks,
    icon: SendRegular,
    action: d('webhooks/allProperties/read'),
    section: 'extensions',
  },
  {
    path: '/tenants',
    tenant: false,
    label: (t) => t.nav.tenants,
    icon: BuildingMultipleRegular,
    action: d('organization/allProperties/read'),
  },
  {
    path: '/roles',
    tenant: false,
    label: (t) => t.nav.roles,
    icon: ShieldPersonRegular,
    action: d('roleDefinitions/allProperties/read'),
  },
];
