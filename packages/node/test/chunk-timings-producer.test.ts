/**
 * The per-chunk histogram from genai-otel's metric producer through the readers start() builds: the app's
 * Prometheus endpoint (/metrics: one TYPE line, the _bucket, _sum and _count lines) and OTLP over HTTP, JSON
 * and protobuf (the protobuf request decoded field by field along the OTLP schema). One point per chunk after
 * the first, exported once.
 */
import { startFakeProvider, type FakeProvider } from '@genai-otel/fake-provider';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { start } from '../src/start.js';
import { OtlpReceiver } from './otlp-receiver.js';

const NAME = 'gen_ai.client.inference.time_per_output_chunk';
let provider: FakeProvider;
let receiver: OtlpReceiver;

beforeAll(async () => {
  provider = await startFakeProvider();
  receiver = await new OtlpReceiver().start();
});
const saved = { endpoint: process.env['OTEL_EXPORTER_OTLP_ENDPOINT'], protocol: process.env['OTEL_EXPORTER_OTLP_PROTOCOL'] };
afterEach(() => {
  for (const [key, value] of [
    ['OTEL_EXPORTER_OTLP_ENDPOINT', saved.endpoint],
    ['OTEL_EXPORTER_OTLP_PROTOCOL', saved.protocol],
  ] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});
afterAll(async () => {
  await receiver.stop();
  await provider.stop();
});

/** Streams one chat completion of `completion` content chunks; returns how many chunks the SDK gave. */
async function stream(completion: number): Promise<number> {
  const client = new OpenAI({ apiKey: 'sk-test-not-a-key', baseURL: provider.baseURL, maxRetries: 0 });
  let received = 0;
  const chunks = await client.chat.completions.create(
    { model: 'gpt-4.1', messages: [{ role: 'user', content: 'Count' }], stream: true },
    { headers: { 'x-fake-usage': `prompt=10,completion=${completion}` } },
  );
  for await (const _chunk of chunks) received++;
  return received;
}

/**
 * The settings for start(); the OTLP exporters read the endpoint and protocol from process.env themselves, so
 * those are set there too (and restored after each test).
 */
function env(protocol: 'http/json' | 'http/protobuf', prometheus: boolean): NodeJS.ProcessEnv {
  process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] = receiver.url;
  process.env['OTEL_EXPORTER_OTLP_PROTOCOL'] = protocol;
  return {
    OTEL_TRACES_EXPORTER: 'none',
    OTEL_METRICS_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
    OTEL_METRIC_EXPORT_INTERVAL: '600000',
    ...(prometheus ? { GENAI_OTEL_PROMETHEUS_PORT: '0', GENAI_OTEL_PROMETHEUS_HOST: '127.0.0.1' } : {}),
  };
}

describe('time_per_output_chunk from the readers start() builds', () => {
  it('on /metrics and over OTLP/JSON: one series, one point per chunk after the first, the name once', async () => {
    const telemetry = start({ sdk: 'always', shutdownHooks: false, env: env('http/json', true) });
    let received: number;
    try {
      received = await stream(20);
      const text = await (await fetch(`${(await telemetry.prometheus!.ready).url}/metrics`)).text();
      const lines = text.split('\n').filter((line) => line.includes('time_per_output_chunk'));
      expect(lines.filter((line) => line.startsWith('# TYPE'))).toHaveLength(1);
      expect(lines.find((line) => line.startsWith('# TYPE'))).toMatch(/ histogram$/);
      const count = lines.find((line) => /_count\{/.test(line));
      expect(count).toContain('gen_ai_request_model="gpt-4.1"');
      expect(Number(count!.split(' ').at(-1))).toBe(received - 1);
      expect(lines.filter((line) => /_sum\{/.test(line))).toHaveLength(1);
      const buckets = lines.filter((line) => /_bucket\{/.test(line));
      expect(buckets.at(-1)).toContain('le="+Inf"');
      expect(Number(buckets.at(-1)!.split(' ').at(-1))).toBe(received - 1);
    } finally {
      await telemetry.shutdown();
    }
    const histograms = receiver.metrics().filter((metric) => metric.name === NAME);
    expect(histograms).toHaveLength(1);
    const points = histograms[0]!.histogram!.dataPoints;
    expect(points).toHaveLength(1);
    expect(Number(points[0]!.count)).toBe(received - 1);
  });

  it('over OTLP/protobuf: a well-formed request with the histogram once', async () => {
    const before = receiver.requests.length;
    const telemetry = start({ sdk: 'always', shutdownHooks: false, env: env('http/protobuf', false) });
    let received: number;
    try {
      received = await stream(12);
    } finally {
      await telemetry.shutdown();
    }
    const bodies = receiver.requests.slice(before).filter((request) => request.path === '/v1/metrics' && request.contentType.includes('protobuf'));
    expect(bodies.length).toBeGreaterThan(0);
    const found = bodies.flatMap((request) => histogramsNamed(request.body, NAME));
    expect(found).toHaveLength(1);
    const [metric] = found;
    expect(metric!.points).toHaveLength(1);
    const point = metric!.points[0]!;
    expect(point.count).toBe(received - 1);
    expect(point.bucketCounts.reduce((a, b) => a + b, 0)).toBe(point.count);
    expect(point.explicitBounds).toHaveLength(point.bucketCounts.length - 1);
    expect(point.min).toBeLessThanOrEqual(point.max);
  });
});

// ── A protobuf reader for the few OTLP messages the test needs (wire format: varint, i64, len, i32) ──

type Field = { number: number; wire: number; value: bigint | Buffer | number };

function fields(buffer: Buffer): Field[] {
  const out: Field[] = [];
  let at = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (at >= buffer.length) throw new Error('truncated varint');
      const byte = buffer[at++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  while (at < buffer.length) {
    const key = Number(varint());
    const number = key >>> 3;
    const wire = key & 7;
    if (wire === 0) out.push({ number, wire, value: varint() });
    else if (wire === 1) {
      if (at + 8 > buffer.length) throw new Error('truncated i64');
      out.push({ number, wire, value: buffer.subarray(at, at + 8) });
      at += 8;
    } else if (wire === 2) {
      const length = Number(varint());
      if (at + length > buffer.length) throw new Error('truncated length-delimited field');
      out.push({ number, wire, value: buffer.subarray(at, at + length) });
      at += length;
    } else if (wire === 5) {
      out.push({ number, wire, value: buffer.subarray(at, at + 4) });
      at += 4;
    } else throw new Error(`unexpected wire type ${wire}`);
  }
  return out;
}

const sub = (list: Field[], number: number): Buffer[] => list.filter((f) => f.number === number && f.wire === 2).map((f) => f.value as Buffer);

interface DecodedPoint {
  count: number;
  bucketCounts: number[];
  explicitBounds: number[];
  min: number;
  max: number;
}

/** ExportMetricsServiceRequest.resource_metrics(1) → scope_metrics(2) → metrics(2): the histograms named `name`. */
function histogramsNamed(body: Buffer, name: string): { points: DecodedPoint[] }[] {
  const out: { points: DecodedPoint[] }[] = [];
  for (const resource of sub(fields(body), 1)) {
    for (const scope of sub(fields(resource), 2)) {
      for (const metric of sub(fields(scope), 2)) {
        const metricFields = fields(metric);
        if (sub(metricFields, 1)[0]?.toString('utf8') !== name) continue;
        const histogram = sub(metricFields, 9)[0];
        if (histogram === undefined) throw new Error(`${name} is not a histogram`);
        const points = sub(fields(histogram), 1).map((point): DecodedPoint => {
          const f = fields(point);
          const fixed = (n: number) => (f.find((x) => x.number === n)?.value as Buffer | undefined)?.readBigUInt64LE(0);
          const double = (n: number) => (f.find((x) => x.number === n)?.value as Buffer | undefined)?.readDoubleLE(0) ?? Number.NaN;
          const packed = (n: number, read: (b: Buffer, at: number) => number) => {
            const bytes = sub(f, n)[0] ?? Buffer.alloc(0);
            return Array.from({ length: bytes.length / 8 }, (_, i) => read(bytes, i * 8));
          };
          return {
            count: Number(fixed(4) ?? 0n),
            bucketCounts: packed(6, (b, at) => Number(b.readBigUInt64LE(at))),
            explicitBounds: packed(7, (b, at) => b.readDoubleLE(at)),
            min: double(11),
            max: double(12),
          };
        });
        out.push({ points });
      }
    }
  }
  return out;
}
