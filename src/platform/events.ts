import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import type { Logger } from './logger.js';

/**
 * Events that other processes must hear about too (cache invalidation, "tenant changed").
 * Handlers run in-process at once; with Redis they also run on every other node.
 */
export interface EventBus {
  publish(topic: string, payload: Record<string, unknown>): void;
  subscribe(topic: string, handler: (payload: Record<string, unknown>) => void): void;
  close(): Promise<void>;
}

export function createMemoryEventBus(): EventBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish: (topic, payload) => void emitter.emit(topic, payload),
    subscribe: (topic, handler) => void emitter.on(topic, handler),
    close: async () => void emitter.removeAllListeners(),
  };
}

const CHANNEL = 'gatehouse:events';

/**
 * Events over Redis pub/sub. Start fails when Redis cannot be reached (a node that misses
 * invalidations would serve stale keys); once running, a Redis outage is logged, not fatal:
 * ioredis reconnects on its own.
 */
export async function createRedisEventBus(url: string, logger: Logger): Promise<EventBus> {
  const local = createMemoryEventBus();
  const nodeId = randomUUID();
  const options = { maxRetriesPerRequest: 2, connectTimeout: 5000, lazyConnect: true };
  const publisher = new Redis(url, options);
  const subscriber = new Redis(url, options);
  let lastError = 0;
  const onError = (error: Error) => {
    // ioredis retries by itself; one line a minute is enough to tell the operator.
    if (Date.now() - lastError > 60_000) logger.error({ err: error }, 'redis event bus error');
    lastError = Date.now();
  };
  publisher.on('error', onError);
  subscriber.on('error', onError);
  try {
    await Promise.all([publisher.connect(), subscriber.connect()]);
    await subscriber.subscribe(CHANNEL);
  } catch (error) {
    publisher.disconnect();
    subscriber.disconnect();
    throw new Error(`cannot reach Redis at GATEHOUSE_REDIS_URL (${(error as Error).message})`);
  }
  subscriber.on('message', (_channel: string, raw: string) => {
    try {
      const message = JSON.parse(raw) as { from: string; topic: string; payload: Record<string, unknown> };
      if (message.from !== nodeId) local.publish(message.topic, message.payload);
    } catch {
      // a malformed message from another process is ignored
    }
  });
  return {
    publish(topic, payload) {
      local.publish(topic, payload);
      publisher.publish(CHANNEL, JSON.stringify({ from: nodeId, topic, payload })).catch(onError);
    },
    subscribe: local.subscribe,
    async close() {
      await local.close();
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}
