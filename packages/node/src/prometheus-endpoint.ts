import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import type { MetricProducer } from '@opentelemetry/sdk-metrics';
import { ConfigError } from './env.js';

/** The app's own scrape endpoint: `GET /metrics` (Prometheus text) and `GET /health`. */
export interface PrometheusEndpoint {
  reader: PrometheusExporter;
  /** Resolves with the bound URL (`http://host:port`) once listening; rejects with a {@link ConfigError}. */
  ready: Promise<{ url: string; port: number }>;
  close(): Promise<void>;
}

/**
 * Serves the metrics of a pull reader from a server of our own (the exporter's built-in server only
 * knows `/metrics`). Starts listening at once, without blocking (registration through `node -r` cannot
 * wait). The server is `unref()`'d so it never keeps the app alive.
 */
export function startPrometheusEndpoint(host: string, port: number, options: { metricProducers?: MetricProducer[] } = {}): PrometheusEndpoint {
  const reader = new PrometheusExporter({ preventServerStart: true, ...(options.metricProducers ? { metricProducers: options.metricProducers } : {}) });
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method === 'GET' && path === '/metrics') {
      reader.getMetricsRequestHandler(request, response);
    } else if (request.method === 'GET' && path === '/health') {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found: try /metrics or /health\n');
    }
  });
  const ready = new Promise<{ url: string; port: number }>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new ConfigError(`GENAI_OTEL_PROMETHEUS_PORT=${port}: port ${port} on ${host} is already in use`)
          : error.code === 'EACCES'
            ? new ConfigError(`GENAI_OTEL_PROMETHEUS_PORT=${port}: not allowed to listen on ${host}:${port}`)
            : error,
      );
    });
    server.listen(port, host, () => {
      const bound = (server.address() as AddressInfo).port;
      const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
      resolve({ url: `http://${shownHost}:${bound}`, port: bound });
    });
  });
  server.unref();
  return {
    reader,
    ready,
    close: () =>
      new Promise<void>((resolve) => {
        if (!server.listening) {
          resolve();
          return;
        }
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
