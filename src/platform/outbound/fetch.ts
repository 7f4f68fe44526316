import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP, type Socket } from 'node:net';
import type { Agent, buildConnector } from 'undici';
import {
  createOutboundPolicy,
  type OutboundAllowance,
  type OutboundPolicy,
  OutboundRefusedError,
} from './policy.js';

/** A fetch for configured URLs (http and https only). */
export type OutboundFetch = (url: string | URL, init?: RequestInit) => Promise<Response>;

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;
/** `dns.lookup`'s shape, as net.connect calls it. */
export type OutboundLookup = (
  hostname: string,
  options: LookupOptions & { all: true },
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

export interface OutboundOptions {
  allow: OutboundAllowance;
  /** How names are resolved (tests); `dns.lookup` by default. */
  lookup?: OutboundLookup;
  /** How long a connection may take to open. Default 10 s. */
  connectTimeoutMs?: number;
}

export interface Outbound {
  policy: OutboundPolicy;
  fetch: OutboundFetch;
  /** Closes the pooled connections. */
  close(): Promise<void>;
}

const systemLookup: OutboundLookup = (hostname, options, callback) => dnsLookup(hostname, options, callback);

/**
 * The policy and a fetch that obeys it: an undici Agent whose connector refuses an IP literal
 * before connecting, resolves names through a lookup that keeps only allowed addresses (so
 * net.connect never sees the others), and checks the connected socket's remote address again.
 * Redirects open their connections through the same Agent.
 */
export function createOutbound(options: OutboundOptions): Outbound {
  const policy = createOutboundPolicy(options.allow);
  const resolve = options.lookup ?? systemLookup;

  const lookup = (hostname: string, lookupOptions: LookupOptions, callback: LookupCallback): void => {
    resolve(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const allowed = addresses.filter((a) => !policy.refusal(a.address));
      const first = addresses[0];
      if (allowed.length === 0 || !first)
        return callback(
          new OutboundRefusedError(
            hostname,
            first?.address ?? '',
            first ? (policy.refusal(first.address) ?? '') : 'no address',
          ),
          [],
        );
      if (lookupOptions.all) return callback(null, allowed);
      const [one] = allowed as [LookupAddress];
      return callback(null, one.address, one.family);
    });
  };

  /** The Agent whose connections obey the policy, with undici's fetch (loaded on first use: ~18 MiB). */
  async function createClient() {
    const undici = await import('undici');
    const connect = undici.buildConnector({
      lookup: lookup as never,
      timeout: options.connectTimeoutMs ?? 10_000,
    });
    const checkedConnect: buildConnector.connector = (connectOptions, callback) => {
      const host = connectOptions.hostname;
      if (isIP(host)) {
        const reason = policy.refusal(host);
        if (reason) return callback(new OutboundRefusedError(host, host, reason), null);
      }
      connect(connectOptions, (error, socket) => {
        if (error || !socket) return callback(error ?? new Error('no socket'), null);
        const remote = (socket as Socket).remoteAddress ?? '';
        const reason = policy.refusal(remote);
        if (!reason) return callback(null, socket);
        socket.destroy();
        return callback(new OutboundRefusedError(host, remote, reason), null);
      });
    };
    return { agent: new undici.Agent({ connect: checkedConnect }) as Agent, fetch: undici.fetch };
  }
  let client: ReturnType<typeof createClient> | undefined;

  const fetch: OutboundFetch = async (url, init) => {
    const target = new URL(url);
    if (target.protocol !== 'https:' && target.protocol !== 'http:')
      throw new TypeError(`outbound requests are http(s) only, not ${target.protocol}`);
    client ??= createClient();
    const { agent, fetch: undiciFetch } = await client;
    const response = await undiciFetch(target, { ...(init as object), dispatcher: agent });
    return response as unknown as Response;
  };

  const close = async () => {
    if (client) await (await client).agent.close();
  };
  return { policy, fetch, close };
}
