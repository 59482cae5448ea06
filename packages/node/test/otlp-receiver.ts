/**
 * A minimal OTLP/HTTP receiver for tests: accepts JSON and protobuf posts to /v1/traces and
 * /v1/metrics on 127.0.0.1 (port chosen at run time), keeps JSON bodies decoded, and lets a test
 * await the arrival of what it expects.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OtlpAttribute {
  key: string;
  value: Record<string, unknown>;
}
export interface OtlpSpan {
  name: string;
  kind: number;
  spanId: string;
  parentSpanId?: string;
  attributes: OtlpAttribute[];
  status?: { code?: number; message?: string };
}
export interface OtlpMetric {
  name: string;
  unit?: string;
  sum?: { dataPoints: Array<{ attributes: OtlpAttribute[]; asInt?: string | number; asDouble?: number }> };
  histogram?: { dataPoints: Array<{ attributes: OtlpAttribute[]; count: string | number; sum?: number; explicitBounds?: number[] }> };
}
export interface ReceivedRequest {
  path: string;
  contentType: string;
  bytes: number;
  json: unknown;
  /** The body as received (protobuf bodies are not decoded here). */
  body: Buffer;
}

export class OtlpReceiver {
  readonly requests: ReceivedRequest[] = [];
  private server: Server | undefined;
  private listeners: Array<() => void> = [];
  url = '';

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks);
        const contentType = request.headers['content-type'] ?? '';
        this.requests.push({
          path: request.url ?? '',
          contentType,
          bytes: body.length,
          json: contentType.includes('json') ? JSON.parse(body.toString('utf8')) : undefined,
          body,
        });
        response
          .writeHead(200, { 'content-type': contentType.includes('json') ? 'application/json' : 'application/x-protobuf' })
          .end(contentType.includes('json') ? '{}' : '');
        for (const listener of this.listeners) listener();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  spans(): OtlpSpan[] {
    return this.requests
      .filter((request) => request.path === '/v1/traces' && request.json)
      .flatMap((request) => (request.json as { resourceSpans: Array<{ scopeSpans: Array<{ spans: OtlpSpan[] }> }> }).resourceSpans)
      .flatMap((resource) => resource.scopeSpans.flatMap((scope) => scope.spans));
  }

  resourceAttributes(): OtlpAttribute[] {
    const first = this.requests.find((request) => request.json && request.path === '/v1/traces');
    return (first?.json as { resourceSpans: Array<{ resource: { attributes: OtlpAttribute[] } }> } | undefined)?.resourceSpans[0]?.resource.attributes ?? [];
  }

  metrics(): OtlpMetric[] {
    return this.requests
      .filter((request) => request.path === '/v1/metrics' && request.json)
      .flatMap(
        (request) => (request.json as { resourceMetrics: Array<{ scopeMetrics: Array<{ scope: { name: string }; metrics: OtlpMetric[] }> }> }).resourceMetrics,
      )
      .flatMap((resource) => resource.scopeMetrics.filter((scope) => scope.scope.name === '@genai-otel/instrumentation').flatMap((scope) => scope.metrics));
  }

  /** Resolves once `condition` holds (checked on every request that arrives). */
  until(condition: () => boolean): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve) => {
      const listener = () => {
        if (!condition()) return;
        this.listeners = this.listeners.filter((other) => other !== listener);
        resolve();
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

/** OTLP/JSON attributes → a plain object (int64 values arrive as strings). */
export function attributeMap(attributes: OtlpAttribute[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { key, value } of attributes) out[key] = plain(value);
  return out;
}

function plain(value: Record<string, unknown>): unknown {
  if ('stringValue' in value) return value['stringValue'];
  if ('intValue' in value) return Number(value['intValue']);
  if ('doubleValue' in value) return value['doubleValue'];
  if ('boolValue' in value) return value['boolValue'];
  if ('arrayValue' in value) {
    const values = (value['arrayValue'] as { values?: Array<Record<string, unknown>> }).values ?? [];
    return values.map(plain);
  }
  return undefined;
}
