import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** The response of each request under way, so that work can wait for its answer to go out. */
const responses = new WeakMap<FastifyRequest['raw'], ServerResponse>();

/** Remembers the response of every request of these routes (for `responded`). */
export function trackResponses(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    responses.set(request.raw, reply.raw);
  });
}

/**
 * Settles once the answer to `request` has been sent, or the client has gone away. Work that
 * must not show in how long a page takes (whether an address has an account, and the mail to
 * it) waits for this, so the page answers after the same work in every case.
 */
export function responded(request: FastifyRequest): Promise<void> {
  const response = responses.get(request.raw);
  if (!response || response.writableFinished || response.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      response.off('finish', done);
      response.off('close', done);
      resolve();
    };
    response.once('finish', done);
    response.once('close', done);
  });
}
