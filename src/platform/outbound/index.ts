/**
 * The outbound policy: every server-side request to a URL someone configured (an identity
 * provider's discovery, metadata, keys and endpoints, a back-channel logout URL, the SMS gateway,
 * extension callouts) is made through `createOutbound().fetch`, which connects only to addresses
 * the policy allows. The address judged is the one the socket connects to — the answer of the
 * DNS lookup made for that connection, then the socket's remote address — so a name that
 * resolves elsewhere the second time (DNS rebinding) and a redirect go through the same check.
 *
 *   - link-local (169.254.0.0/16, fe80::/10: cloud metadata services), unspecified (0.0.0.0/8,
 *     ::), multicast and broadcast addresses: never, whatever is allowed;
 *   - loopback (127.0.0.0/8, ::1) and private addresses (10/8, 172.16/12, 192.168/16,
 *     100.64/10, fc00::/7): only when allowed (`loopback`, `private`, or a CIDR range);
 *   - other special-use addresses (documentation, benchmarking, reserved…): only in a CIDR range
 *     allowed by name;
 *   - every other (public) address.
 *
 * IPv4 addresses inside IPv6 ones (::ffff:a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16) are
 * judged as the IPv4 address they lead to.
 */
export * from './addresses.js';
export * from './failure-memory.js';
export * from './fetch.js';
export * from './policy.js';
