import type { Redis } from 'ioredis';
import type { Logger } from './logger.js';

/**
 * Whether this node reaches Redis, over every connection it holds to it (the shared state's,
 * the event bus's publisher and subscriber), and the two lines an operator needs: one warning
 * when Redis goes away, one line when it is back. What happens in between (ioredis retrying
 * every second, each retry an error) is not logged.
 */
export interface RedisHealth {
  /** True when every watched connection is up. */
  readonly reachable: boolean;
  /** When Redis became unreachable (epoch ms), while it is. */
  readonly downSince: number | undefined;
  /**
   * Follows one connection: down when it closes, up when it is ready again. Returns what stops
   * following it (call it before closing the connection on purpose: that is no outage).
   */
  watch(name: string, redis: Redis): () => void;
  /** A connection that still looks open failed a command (a timeout): down until `markUp`. */
  markDown(name: string, reason: string): void;
  markUp(name: string): void;
  /**
   * Runs after an outage, once every connection is up again, before the "back" line is
   * logged (so that line means the node has caught up).
   */
  onRecovered(handler: () => void | Promise<void>): void;
}

/** The longest wait between two attempts to reconnect to Redis (ioredis retries by itself). */
export const REDIS_RECONNECT_MAX_MS = 1000;

export function createRedisHealth(logger: Logger, now: () => number = Date.now): RedisHealth {
  /** Connections down, with why. */
  const downs = new Map<string, string>();
  const lastErrors = new Map<string, string>();
  const handlers: (() => void | Promise<void>)[] = [];
  let since: number | undefined;

  function down(name: string, reason: string): void {
    if (downs.has(name)) return;
    downs.set(name, reason);
    if (since !== undefined) return;
    since = now();
    logger.warn(
      { redis: { connection: name, reason } },
      'Redis is unreachable: this node carries on alone until it returns (throttling counters, ' +
        'one-time codes and multi-page sign-in steps in its own memory; configuration changes ' +
        'travel through the database, checked every GATEHOUSE_CONFIG_CHECK_INTERVAL)',
    );
  }

  function up(name: string): void {
    if (!downs.delete(name) || downs.size > 0 || since === undefined) return;
    const downFor = now() - since;
    since = undefined;
    void Promise.allSettled(handlers.map(async (handler) => handler())).then((results) => {
      for (const result of results)
        if (result.status === 'rejected')
          logger.error({ err: result.reason }, 'catching up after the Redis outage failed');
      // Still up (it may have gone again meanwhile: then that outage has its own warning).
      if (downs.size === 0)
        logger.info(
          { redis: { downForMs: downFor } },
          `Redis is back after ${(downFor / 1000).toFixed(1)} s: shared state and events go through it again`,
        );
    });
  }

  return {
    get reachable() {
      return downs.size === 0;
    },
    get downSince() {
      return since;
    },
    watch(name, redis) {
      const onError = (error: Error) => void lastErrors.set(name, error.message);
      const onClose = () => down(name, lastErrors.get(name) ?? 'connection closed');
      const onReady = () => {
        lastErrors.delete(name);
        up(name);
      };
      redis.on('error', onError);
      redis.on('close', onClose);
      redis.on('ready', onReady);
      return () => {
        // The 'error' listener stays: ioredis throws an 'error' event nobody listens to.
        redis.off('close', onClose);
        redis.off('ready', onReady);
        lastErrors.delete(name);
        if (downs.delete(name) && downs.size === 0) since = undefined;
      };
    },
    markDown: down,
    markUp: up,
    onRecovered(handler) {
      handlers.push(handler);
    },
  };
}
