import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An HTTP receiver that keeps every JSON body POSTed to it (Alertmanager webhooks), by path. */
export class HttpSink {
  readonly received: Array<{ path: string; body: unknown }> = [];
  url = '';
  private server: Server | undefined;
  private listeners: Array<() => void> = [];

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        let body: unknown;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          body = Buffer.concat(chunks).toString('utf8');
        }
        this.received.push({ path: request.url ?? '/', body });
        response.writeHead(200).end();
        for (const listener of [...this.listeners]) listener();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /**
   * Resolves with the first received body for which `match` holds (checked as bodies arrive); rejects
   * after `timeoutMs` with what did arrive, so a routing mistake fails with evidence instead of hanging.
   */
  until<T>(match: (entry: { path: string; body: unknown }) => T | undefined, timeoutMs = 240_000): Promise<T> {
    for (const entry of this.received) {
      const found = match(entry);
      if (found !== undefined) return Promise.resolve(found);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((other) => other !== listener);
        reject(new Error(`no matching webhook within ${timeoutMs} ms; received: ${JSON.stringify(this.received).slice(0, 2000)}`));
      }, timeoutMs);
      const listener = () => {
        const found = match(this.received[this.received.length - 1]!);
        if (found === undefined) return;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((other) => other !== listener);
        resolve(found);
      };
      this.listeners.push(listener);
    });
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
