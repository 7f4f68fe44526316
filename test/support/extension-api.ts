import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request Gatehouse made to the business's API. */
export interface ExtensionRequest {
  path: string;
  headers: IncomingHttpHeaders;
  // biome-ignore lint/suspicious/noExplicitAny: the callout bodies are inspected freely
  body: any;
}

/** What the API answers: JSON (or raw text), a status, and how long it takes. */
export interface ExtensionAnswer {
  status?: number;
  body?: unknown;
  raw?: string;
  delayMs?: number;
}

export type Answerer = (request: ExtensionRequest) => ExtensionAnswer | Promise<ExtensionAnswer>;

/**
 * A local HTTP server playing the business's API behind a custom authentication extension: it
 * keeps every request and answers what the test says.
 */
export async function startExtensionApi(initial: Answerer = () => ({ status: 200, body: {} })) {
  let answerer = initial;
  const requests: ExtensionRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const request: ExtensionRequest = {
        path: req.url ?? '/',
        headers: req.headers,
        body: text ? JSON.parse(text) : undefined,
      };
      requests.push(request);
      const answer = await answerer(request);
      if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
      if (res.destroyed) return;
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
      res.end(answer.raw ?? JSON.stringify(answer.body ?? {}));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answer(next: Answerer) {
      answerer = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type ExtensionApi = Awaited<ReturnType<typeof startExtensionApi>>;

/** Entra's answer of one action for an event's response data type. */
export const answerWith = (dataType: string, action: Record<string, unknown>) => ({
  data: { '@odata.type': dataType, actions: [action] },
});
