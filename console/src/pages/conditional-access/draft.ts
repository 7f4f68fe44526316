import {
  AUTHENTICATION_STRENGTHS,
  type BuiltInControl,
  type ClientAppType,
  type DevicePlatform,
  type DirectoryItem,
  type Policy,
  type PolicyBody,
  type PolicyConditions,
  type PolicyState,
  type RiskLevel,
  type StrengthName,
} from './model';

type Platform = Exclude<DevicePlatform, 'all'>;

/** The editor's form: the policy in the shape the admin edits it (Entra's choices). */
export interface Draft {
  displayName: string;
  state: PolicyState;
  users: {
    mode: 'none' | 'all' | 'selected';
    include: DirectoryItem[];
    exclude: DirectoryItem[];
    includeRoles: string[];
    excludeRoles: string[];
  };
  /** A workload-identity policy's conditions.clientApplications, kept as it is. */
  clientApplications: PolicyConditions['clientApplications'];
  apps: { mode: 'none' | 'all' | 'selected'; include: string[]; exclude: string[] };
  locations: {
    configured: boolean;
    mode: 'all' | 'allTrusted' | 'selected';
    include: string[];
    excludeTrusted: boolean;
    exclude: string[];
  };
  platforms: { configured: boolean; mode: 'all' | 'selected'; include: Platform[]; exclude: Platform[] };
  clientApps: { configured: boolean; include: Exclude<ClientAppType, 'all'>[] };
  signInRiskLevels: RiskLevel[];
  userRiskLevels: RiskLevel[];
  grant: {
    mode: 'none' | 'block' | 'grant';
    mfa: boolean;
    strength: boolean;
    strengthName: StrengthName;
    passwordChange: boolean;
    operator: 'AND' | 'OR';
  };
  session: {
    frequency: boolean;
    frequencyInterval: 'timeBased' | 'everyTime';
    frequencyValue: string;
    frequencyType: 'hours' | 'days';
    persistent: boolean;
    persistentMode: 'always' | 'never';
  };
}

export function emptyDraft(): Draft {
  return {
    displayName: '',
    state: 'enabledForReportingButNotEnforced',
    users: { mode: 'none', include: [], exclude: [], includeRoles: [], excludeRoles: [] },
    clientApplications: null,
    apps: { mode: 'none', include: [], exclude: [] },
    locations: { configured: false, mode: 'all', include: [], excludeTrusted: false, exclude: [] },
    platforms: { configured: false, mode: 'all', include: [], exclude: [] },
    clientApps: { configured: false, include: [] },
    signInRiskLevels: [],
    userRiskLevels: [],
    grant: {
      mode: 'grant',
      mfa: false,
      strength: false,
      strengthName: 'phishingResistant',
      passwordChange: false,
      operator: 'OR',
    },
    session: {
      frequency: false,
      frequencyInterval: 'timeBased',
      frequencyValue: '1',
      frequencyType: 'hours',
      persistent: false,
      persistentMode: 'never',
    },
  };
}

/** A saved policy as a draft; `names` names its users and groups. */
export function draftOf(policy: Policy, names: Map<string, DirectoryItem>): Draft {
  const draft = emptyDraft();
  const c = policy.conditions;
  const item = (id: string, kind: 'user' | 'group'): DirectoryItem =>
    names.get(id) ?? { id, displayName: id, kind };
  draft.displayName = policy.displayName;
  draft.state = policy.state;
  draft.clientApplications = c.clientApplications;
  if (c.users) {
    const ids = c.users.includeUsers;
    draft.users = {
      mode: ids.includes('All') ? 'all' : ids.includes('None') ? 'none' : 'selected',
      include: [
        ...ids.filter((id) => id !== 'All' && id !== 'None').map((id) => item(id, 'user')),
        ...c.users.includeGroups.map((id) => item(id, 'group')),
      ],
      exclude: [
        ...c.users.excludeUsers.map((id) => item(id, 'user')),
        ...c.users.excludeGroups.map((id) => item(id, 'group')),
      ],
      includeRoles: c.users.includeRoles,
      excludeRoles: c.users.excludeRoles,
    };
    if (draft.users.mode === 'none' && (draft.users.include.length > 0 || c.users.includeRoles.length > 0))
      draft.users.mode = 'selected';
  }
  if (c.applications) {
    const ids = c.applications.includeApplications;
    draft.apps = {
      mode: ids.includes('All') ? 'all' : ids.length === 0 || ids.includes('None') ? 'none' : 'selected',
      include: ids.filter((id) => id !== 'All' && id !== 'None'),
      exclude: c.applications.excludeApplications,
    };
  }
  if (c.locations) {
    const ids = c.locations.includeLocations;
    draft.locations = {
      configured: true,
      mode: ids.includes('All') ? 'all' : ids.includes('AllTrusted') ? 'allTrusted' : 'selected',
      include: ids.filter((id) => id !== 'All' && id !== 'AllTrusted'),
      excludeTrusted: c.locations.excludeLocations.includes('AllTrusted'),
      exclude: c.locations.excludeLocations.filter((id) => id !== 'AllTrusted'),
    };
  }
  if (c.platforms) {
    const ids = c.platforms.includePlatforms;
    draft.platforms = {
      configured: true,
      mode: ids.includes('all') ? 'all' : 'selected',
      include: ids.filter((id): id is Platform => id !== 'all'),
      exclude: c.platforms.excludePlatforms.filter((id): id is Platform => id !== 'all'),
    };
  }
  if (!c.clientAppTypes.includes('all'))
    draft.clientApps = {
      configured: true,
      include: c.clientAppTypes.filter((id): id is Exclude<ClientAppType, 'all'> => id !== 'all'),
    };
  draft.signInRiskLevels = c.signInRiskLevels;
  draft.userRiskLevels = c.userRiskLevels;
  const grant = policy.grantControls;
  if (!grant) draft.grant.mode = 'none';
  else if (grant.builtInControls.includes('block')) draft.grant.mode = 'block';
  else {
    const strength = grant.authenticationStrength;
    draft.grant = {
      mode: 'grant',
      mfa: grant.builtInControls.includes('mfa'),
      passwordChange: grant.builtInControls.includes('passwordChange'),
      strength: strength !== null,
      strengthName:
        strength?.id === AUTHENTICATION_STRENGTHS.multifactor ? 'multifactor' : 'phishingResistant',
      operator: grant.operator,
    };
  }
  const frequency = policy.sessionControls?.signInFrequency;
  if (frequency?.isEnabled) {
    draft.session.frequency = true;
    draft.session.frequencyInterval = frequency.frequencyInterval;
    draft.session.frequencyValue = String(frequency.value ?? 1);
    draft.session.frequencyType = frequency.type ?? 'hours';
  }
  const persistent = policy.sessionControls?.persistentBrowser;
  if (persistent?.isEnabled) {
    draft.session.persistent = true;
    draft.session.persistentMode = persistent.mode;
  }
  return draft;
}

const idsOf = (items: DirectoryItem[], kind: 'user' | 'group') =>
  items.filter((item) => item.kind === kind).map((item) => item.id);

/** The draft as the API's create body (PATCH takes the same, whole). */
export function bodyOf(draft: Draft): PolicyBody {
  const workload = draft.clientApplications !== null;
  const { users, apps, locations, platforms, clientApps, grant, session } = draft;
  const includeUsers =
    users.mode === 'all' ? ['All'] : users.mode === 'none' ? ['None'] : idsOf(users.include, 'user');
  const conditions: PolicyConditions = {
    users: workload
      ? null
      : {
          includeUsers,
          includeGroups: users.mode === 'selected' ? idsOf(users.include, 'group') : [],
          excludeUsers: users.mode === 'none' ? [] : idsOf(users.exclude, 'user'),
          excludeGroups: users.mode === 'none' ? [] : idsOf(users.exclude, 'group'),
          includeRoles: users.mode === 'selected' ? users.includeRoles : [],
          excludeRoles: users.mode === 'none' ? [] : users.excludeRoles,
        },
    applications: {
      includeApplications: apps.mode === 'all' ? ['All'] : apps.mode === 'none' ? ['None'] : apps.include,
      excludeApplications: apps.mode === 'none' ? [] : apps.exclude,
    },
    clientApplications: draft.clientApplications,
    signInRiskLevels: draft.signInRiskLevels,
    userRiskLevels: draft.userRiskLevels,
    locations: locations.configured
      ? {
          includeLocations:
            locations.mode === 'all'
              ? ['All']
              : locations.mode === 'allTrusted'
                ? ['AllTrusted']
                : locations.include,
          excludeLocations: [...(locations.excludeTrusted ? ['AllTrusted'] : []), ...locations.exclude],
        }
      : null,
    clientAppTypes: clientApps.configured ? clientApps.include : ['all'],
    platforms: platforms.configured
      ? {
          includePlatforms: platforms.mode === 'all' ? ['all'] : platforms.include,
          excludePlatforms: platforms.exclude,
        }
      : null,
  };
  let grantControls: PolicyBody['grantControls'] = null;
  if (grant.mode === 'block')
    grantControls = { operator: 'OR', builtInControls: ['block'], authenticationStrength: null };
  else if (grant.mode === 'grant') {
    const builtIn: BuiltInControl[] = [];
    if (grant.mfa) builtIn.push('mfa');
    if (grant.passwordChange) builtIn.push('passwordChange');
    const strength = grant.strength ? { id: AUTHENTICATION_STRENGTHS[grant.strengthName] } : null;
    if (builtIn.length > 0 || strength)
      grantControls = {
        operator: grant.operator,
        builtInControls: builtIn,
        authenticationStrength: strength,
      };
  }
  const frequency = session.frequency
    ? session.frequencyInterval === 'everyTime'
      ? { isEnabled: true, frequencyInterval: 'everyTime' as const, value: null, type: null }
      : {
          isEnabled: true,
          frequencyInterval: 'timeBased' as const,
          value: Number.parseInt(session.frequencyValue, 10),
          type: session.frequencyType,
        }
    : null;
  const persistent = session.persistent ? { isEnabled: true, mode: session.persistentMode } : null;
  return {
    displayName: draft.displayName.trim(),
    state: draft.state,
    conditions,
    grantControls,
    sessionControls:
      frequency || persistent ? { signInFrequency: frequency, persistentBrowser: persistent } : null,
  };
}

/** What the form checks before the API does: empty choices the admin left. Keyed by the API's targets. */
export function localErrors(draft: Draft, t: Record<string, string>): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!draft.displayName.trim()) errors.displayName = t.nameRequired as string;
  if (
    !draft.clientApplications &&
    draft.users.mode === 'selected' &&
    draft.users.include.length === 0 &&
    draft.users.includeRoles.length === 0
  )
    errors['conditions.users.includeUsers'] = t.usersSelectedRequired as string;
  if (draft.apps.mode === 'selected' && draft.apps.include.length === 0)
    errors['conditions.applications.includeApplications'] = t.appsSelectedRequired as string;
  if (
    draft.locations.configured &&
    draft.locations.mode === 'selected' &&
    draft.locations.include.length === 0
  )
    errors['conditions.locations'] = t.locationsSelectedRequired as string;
  if (
    draft.platforms.configured &&
    draft.platforms.mode === 'selected' &&
    draft.platforms.include.length === 0
  )
    errors['conditions.platforms'] = t.platformsSelectedRequired as string;
  if (draft.clientApps.configured && draft.clientApps.include.length === 0)
    errors['conditions.clientAppTypes'] = t.clientAppsSelectedRequired as string;
  return errors;
}
