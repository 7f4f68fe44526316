import { z } from 'zod';

/** The device kinds of a sign-in, as the sign-in log and Conditional Access see them. */
export const deviceTypeSchema = z.enum(['desktop', 'mobile', 'tablet', 'other']);
export type DeviceType = z.output<typeof deviceTypeSchema>;

/** Entra's `clientAppUsed` values for modern authentication. */
export const clientAppUsedSchema = z.enum(['Browser', 'Mobile Apps and Desktop clients']);
export type ClientAppUsed = z.output<typeof clientAppUsedSchema>;

/** What a user agent tells, in Entra's words: "Chrome 120.0", "Windows 10", "iOS 17". */
export const userAgentDetailsSchema = z.object({
  browser: z.string().max(64),
  operatingSystem: z.string().max(64),
  deviceType: deviceTypeSchema,
  clientAppUsed: clientAppUsedSchema,
});
export type UserAgentDetails = z.output<typeof userAgentDetailsSchema>;

/** The network facts of a request, as plain values (no HTTP framework types). */
export interface RequestAddress {
  /** The direct peer's address (the socket's remote address). */
  remoteAddress: string;
  /** The raw `X-Forwarded-For` header(s), if any. */
  forwardedFor?: string | string[];
}

/** The proxies whose `X-Forwarded-For` is believed. */
export interface TrustedProxies {
  /** Whether an address (any textual form, IPv4-mapped IPv6 included) is a trusted proxy. */
  contains(address: string): boolean;
  /** The configured entries, normalised ("10.0.0.0/8", "2001:db8::/32", "::1"). */
  readonly entries: readonly string[];
}
