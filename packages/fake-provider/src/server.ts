import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { KeyedAttempts } from './attempts.js';
import { billingMeta, type BillingMeta, type BilledCall } from './billing.js';
import { createExchange } from './exchange.js';
import { anthropicAdminRoute } from './handlers/anthropic-admin.js';
import { anthropicMessagesRoute } from './handlers/anthropic-messages.js';
import { geminiRoute } from './handlers/gemini.js';
import { ollamaChatRoute } from './handlers/ollama-chat.js';
import { openAIAdminRoute } from './handlers/openai-admin.js';
import { openAIChatRoute } from './handlers/openai-chat.js';
import { openAIEmbeddingsRoute } from './handlers/openai-embeddings.js';
import { openAIResponsesRoute } from './handlers/openai-responses.js';
import type { Route } from './route.js';
import { sendBody } from './transport.js';
import type { FakeProvider, FakeProviderOptions, ServedApi, ServedCall, ServedCallOf } from './types.js';
import { unknownRouteError } from './wire/openai-errors.js';

/** Every endpoint the server answers, one per wire API; the first match wins. */
const ROUTES: readonly Route[] = [
  openAIChatRoute,
  openAIResponsesRoute,
  openAIEmbeddingsRoute,
  anthropicMessagesRoute,
  geminiRoute,
  ollamaChatRoute,
  openAIAdminRoute,
  anthropicAdminRoute,
];

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', () => resolve(undefined));
    req.once('close', () => {
      if (!req.complete) resolve(undefined);
    });
  });
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** Starts the fake provider on `host:port` (default `127.0.0.1:0`, i.e. a free port). */
export async function startFakeProvider(options: FakeProviderOptions = {}): Promise<FakeProvider> {
  const host = options.host ?? '127.0.0.1';
  const clock = options.clock ?? Date.now;
  const served: ServedCall[] = [];
  // When and for whom each ledger entry was served; the admin reports bill from it.
  const billing = new WeakMap<ServedCall, BillingMeta>();
  const billed = (): BilledCall[] =>
    served.flatMap((call) => {
      const meta = billing.get(call);
      return meta === undefined ? [] : [{ call, meta }];
    });
  const sockets = new Set<Socket>();
  const keyedAttempts = new KeyedAttempts();
  let received = 0;
  let waiters: Array<{ count: number; resolve: () => void }> = [];

  const noteReceived = (): void => {
    received += 1;
    const ready = waiters.filter((waiter) => received >= waiter.count);
    waiters = waiters.filter((waiter) => received < waiter.count);
    for (const waiter of ready) waiter.resolve();
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    const { pathname: path, searchParams: query } = new URL(req.url ?? '/', 'http://fake-provider');
    const body = await readBody(req);
    if (body === undefined) return;
    noteReceived();
    const route = ROUTES.find((candidate) => candidate.method === method && candidate.matches(path));
    if (route === undefined) {
      await sendBody(
        createExchange(res, () => undefined),
        unknownRouteError(method, path),
      );
      return;
    }
    await route.handle({
      req,
      res,
      path,
      query,
      body,
      now: clock,
      keyedAttempts,
      record: (call) => {
        billing.set(call, billingMeta(req, body, clock()));
        served.push(call);
      },
      billed,
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message, type: 'server_error', param: null, code: null } }));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${urlHost(host)}:${port}`;

  let stopping: Promise<void> | undefined;
  return {
    url,
    baseURL: `${url}/v1`,
    port,
    served,
    waitForRequests(count) {
      if (received >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    calls<A extends ServedApi>(api: A): Array<ServedCallOf<A>> {
      return served.filter((call): call is ServedCallOf<A> => call.api === api);
    },
    reset() {
      served.length = 0;
      received = 0;
      keyedAttempts.clear();
    },
    stop() {
      // Waits for every socket's 'close' too: the server reports closed before its sockets do,
      // and hung exchanges are only settled (recorded) when their socket has closed.
      stopping ??= Promise.all([
        new Promise<void>((resolve, reject) => {
          server.close((error) => (error === undefined ? resolve() : reject(error)));
        }),
        ...[...sockets].map((socket) => {
          const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
          socket.destroy();
          return closed;
        }),
      ]).then(() => undefined);
      return stopping;
    },
  };
}
