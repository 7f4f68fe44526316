import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';

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

export function createRedisEventBus(url: string): EventBus {
  const local = createMemoryEventBus();
  const nodeId = randomUUID();
  const publisher = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 2 });
  const subscriber = new Redis(url, { lazyConnect: false });
  void subscriber.subscribe(CHANNEL);
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
      void publisher.publish(CHANNEL, JSON.stringify({ from: nodeId, topic, payload }));
    },
    subscribe: local.subscribe,
    async close() {
      await local.close();
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}
