import { randomBytes, randomUUID } from 'node:crypto';

/** Object ids follow Microsoft Graph: lower-case GUIDs. */
export const newId = (): string => randomUUID();

/** A URL-safe random string of `bytes` bytes of entropy. */
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isGuid = (value: string): boolean => GUID.test(value);
