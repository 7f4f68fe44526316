/** The JSON shapes of the admin API's groups routes (Microsoft Graph's `group` and its members). */
export type { Group, User } from '../users/model';
