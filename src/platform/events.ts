import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import type { Logger } from './logger.js';
import { createRedisHealth, REDIS_RECONNECT_MAX_MS, type RedisHealth } from './redis-health.js';

/**
 * Events that other processes must hear about too (cache invalidation, "tenant changed").
 * Handlers run in-process at once; with Redis they also run on every other node.
 */
export interface EventBus {
  publish(topic: string, payload: Record<string, unknown>): void;
  /** Runs this node's handlers only: for what concerns this node's own caches. */
  publishLocally(topic: string, payload: Record<string, unknown>): void;
  subscribe(topic: string, handler: (payload: Record<string, unknown>) => void): void;
  close(): Promise<void>;
}

/**
 * Published on a node (locally) when its caches may be stale because it may have missed
 * events: Redis came back after an outage, or the database's configuration version of a
 * tenant moved without this node hearing why. Payload `{ tenantId }`: drop what is cached for
 * that tenant; `{}`: for every tenant. Every cache that an event keeps fresh listens to it too.
 */
export const CACHES_STALE = 'caches.stale';

/** The tenant a `CACHES_STALE` event names, or undefined for every tenant. */
export const staleTenantOf = (payload: Record<string, unknown>): string | undefined =>
  typeof payload.tenantId === 'string' ? payload.tenantId : undefined;

export function createMemoryEventBus(): EventBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const publish = (topic: string, payload: Record<string, unknown>) => void emitter.emit(topic, payload);
  return {
    publish,
    publishLocally: publish,
    subscribe: (topic, handler) => void emitter.on(topic, handler),
    close: async () => void emitter.removeAllListeners(),
  };
}

const CHANNEL = 'gatehouse:events';
/** Events published while Redis was unreachable, kept to send once it is back. */
const MAX_UNSENT = 1000;

export interface RedisEventBusOptions {
  /** Shared with the shared state, so one outage makes one warning. Default: one of its own. */
  health?: RedisHealth;
  /** How long a publish may take before Redis counts as unreachable. Default 500 ms. */
  commandTimeoutMs?: number;
}

/**
 * Events over Redis pub/sub. Start fails when Redis cannot be reached (a wrong URL shows at
 * once). Once running, a Redis outage is not fatal: ioredis reconnects on its own (at most a
 * second apart), publishing never waits, and the gap heals when Redis is back: this node drops
 * every cache events keep fresh (it may have missed other nodes' events; `CACHES_STALE`), and
 * sends the events it could not send meanwhile. Changes made elsewhere still reach a node
 * that misses their event through the configuration version in the database.
 */
export async function createRedisEventBus(
  url: string,
  logger: Logger,
  { health = createRedisHealth(logger), commandTimeoutMs = 500 }: RedisEventBusOptions = {},
): Promise<EventBus> {
  const local = createMemoryEventBus();
  const nodeId = randomUUID();
  const options = {
    connectTimeout: 5000,
    lazyConnect: true,
    retryStrategy: (times: number) => Math.min(times * 100, REDIS_RECONNECT_MAX_MS),
  };
  const publisher = new Redis(url, {
    ...options,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    commandTimeout: commandTimeoutMs,
  });
  const subscriber = new Redis(url, options);
  // ioredis emits an 'error' for each failed reconnection: the health tells the operator once.
  publisher.on('error', () => {});
  subscriber.on('error', () => {});
  try {
    await Promise.all([publisher.connect(), subscriber.connect()]);
    await subscriber.subscribe(CHANNEL);
  } catch (error) {
    publisher.disconnect();
    subscriber.disconnect();
    throw new Error(`cannot reach Redis at GATEHOUSE_REDIS_URL (${(error as Error).message})`);
  }
  const unwatch = [health.watch('event publisher', publisher), health.watch('event subscriber', subscriber)];
  subscriber.on('message', (_channel: string, raw: string) => {
    try {
      const message = JSON.parse(raw) as { from: string; topic: string; payload: Record<string, unknown> };
      if (message.from !== nodeId) local.publish(message.topic, message.payload);
    } catch {
      // a malformed message from another process is ignored
    }
  });

  /** What could not be sent, each message once; past the bound, every node drops everything. */
  const unsent = new Set<string>();
  const encode = (topic: string, payload: Record<string, unknown>) =>
    JSON.stringify({ from: nodeId, topic, payload });
  const keep = (message: string) => {
    if (unsent.size >= MAX_UNSENT) {
      unsent.clear();
      unsent.add(encode(CACHES_STALE, {}));
    } else unsent.add(message);
  };
  const send = (message: string) => {
    if (publisher.status !== 'ready') return keep(message);
    publisher.publish(CHANNEL, message).catch(() => keep(message));
  };

  health.onRecovered(async () => {
    // Subscribed again before dropping, so no event slips between the drop and the subscription
    // (bounded: a Redis that hangs right then must not keep the caches).
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      subscriber.subscribe(CHANNEL).catch(() => {}),
      new Promise((resolve) => {
        timer = setTimeout(resolve, 2000);
      }),
    ]);
    clearTimeout(timer);
    local.publish(CACHES_STALE, {});
    const backlog = [...unsent];
    unsent.clear();
    for (const message of backlog) send(message);
  });

  return {
    publish(topic, payload) {
      local.publish(topic, payload);
      send(encode(topic, payload));
    },
    publishLocally: local.publish,
    subscribe: local.subscribe,
    async close() {
      for (const stop of unwatch) stop();
      await local.close();
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}
