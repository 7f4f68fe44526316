/** The JSON shapes the home page reads (Microsoft Graph's), only the properties it uses. */

/** A Graph list page asked with `$count=true`: `@odata.count` is how many match in all. */
export interface CountedPage<T> {
  '@odata.count'?: number;
  value: T[];
  '@odata.nextLink'?: string;
}

/** Graph `application` (its registration; built-in clients have names, not GUIDs, as appId). */
export interface Application {
  id: string;
  appId: string;
  displayName: string;
}

/** Graph `b2xIdentityUserFlow`, as far as the checklist reads it. */
export interface UserFlow {
  id: string;
  displayName: string;
}

/** Graph `signIn`, as far as the checklist reads it. */
export interface SignIn {
  id: string;
  createdDateTime: string;
  status: { errorCode: number };
}
