import { startFakeProvider, type FakeProvider } from '@genai-otel/fake-provider';
import { connect } from 'node:net';
import { AggregationTemporality, DataPointType, MetricReader, type MetricData } from '@opentelemetry/sdk-metrics';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import Anthropic from '@anthropic-ai/sdk';
import { GoogleGenAI } from '@google/genai';
import OpenAI from 'openai';
import { start, withGenAIAttributes } from '@genai-otel/node';
import { avoidableSpend, formatAvoidableSpend, type AvoidableSpendSummary } from './avoidable-spend.js';
import { Progress } from './progress.js';
import { formatSummary, outcomeFromSpan, summarize, table, type CallOutcome, type DemoSummary } from './summary.js';
import { planCall, type DemoCall, type DemoTarget, type TrafficOptions } from './traffic.js';

export interface DemoOptions extends TrafficOptions {
  concurrency: number;
  /** Run for this long instead of a number of requests (calls in flight are finished). */
  durationSeconds?: number;
  /** Print the summary and metric list to this stream. */
  out: NodeJS.WritableStream;
  /** Show a progress bar. @default true */
  progress: boolean;
  /** Where status lines go (stderr for the CLI). */
  log: NodeJS.WritableStream;
  /** Port of the Prometheus endpoint while the demo runs (`GENAI_OTEL_PROMETHEUS_PORT` wins). 0 picks one. */
  prometheusPort: number;
}

export interface DemoResult {
  summary: DemoSummary;
  /** Spend that could have been saved, from the avoidable-spend metrics (avoidable-spend.ts). */
  avoidable: AvoidableSpendSummary;
  /** What the fake providers served, per target. */
  served: Record<DemoTarget, FakeProvider['served']>;
  metrics: MetricData[];
}

/** Collects the GenAI spans the demo produces (synchronously, as they end). */
class OutcomeCollector implements SpanProcessor {
  readonly outcomes: CallOutcome[] = [];
  onStart(_span: Span): void {}
  onEnd(span: ReadableSpan): void {
    if (span.attributes['gen_ai.operation.name'] === undefined) return;
    this.outcomes.push(outcomeFromSpan(span.attributes, span.duration[0] + span.duration[1] / 1e9));
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

class InProcessReader extends MetricReader {
  constructor() {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE });
  }
  protected override onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
  protected override onShutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * Runs the demo: two fake providers (one answering as OpenAI, one as a DeepSeek-style gateway), the
 * real `openai` SDK instrumented by genai-otel (started as `--import @genai-otel/node/register` would,
 * exporting OTLP when a collector is reachable and serving /metrics), a planned traffic mix, then a
 * summary read back from the spans and the list of metrics recorded.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  // One fake provider per target, so each gets its own gen_ai.provider.name: the OpenAI-format ones
  // through providerHosts, Anthropic and Gemini from their wire format.
  const servers: Record<DemoTarget, FakeProvider> = {
    openai: await startFakeProvider(),
    deepseek: await startFakeProvider(),
    anthropic: await startFakeProvider(),
    gemini: await startFakeProvider(),
  };
  const collector = new OutcomeCollector();
  const reader = new InProcessReader();
  const env = { ...process.env };
  env['GENAI_OTEL_PROMETHEUS_PORT'] ??= String(options.prometheusPort);
  const otlpEndpoint = env['OTEL_EXPORTER_OTLP_ENDPOINT'] ?? 'http://localhost:4318';
  const exportOtlp = await reachable(otlpEndpoint);
  if (!exportOtlp) {
    env['OTEL_TRACES_EXPORTER'] = 'none';
    env['OTEL_METRICS_EXPORTER'] = 'none';
  }
  env['OTEL_SERVICE_NAME'] ??= 'genai-otel-demo';
  const telemetry = start({
    sdk: 'always',
    env,
    spanProcessors: [collector],
    metricReaders: [reader],
    instrumentation: {
      // The demo's calls are attributed to a feature, team and tenant; all three split the metrics (unless
      // GENAI_OTEL_METRIC_ATTRIBUTES says otherwise).
      ...(env['GENAI_OTEL_METRIC_ATTRIBUTES'] === undefined ? { metricAttributes: ['feature', 'team', 'tenant'] } : {}),
      providerHosts: {
        [`127.0.0.1:${servers.openai.port}`]: 'openai',
        [`127.0.0.1:${servers.deepseek.port}`]: 'deepseek',
      },
    },
  });
  const log = (line: string) => options.log.write(`${line}\n`);
  log(exportOtlp ? `exporting OTLP to ${otlpEndpoint}` : `no OTLP collector at ${otlpEndpoint}: not exporting OTLP`);
  const endpoint = await telemetry.prometheus?.ready.then(
    ({ url }) => url,
    (error: unknown) => {
      log(`no Prometheus endpoint: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    },
  );
  if (endpoint) log(`Prometheus metrics on ${endpoint}/metrics while the demo runs`);
  try {
    // Clients are built after start(): they pick up the instrumented fetch in their constructor.
    const clients: Clients = {
      openai: new OpenAI({ apiKey: 'sk-demo-not-a-key', baseURL: servers.openai.baseURL, maxRetries: 0 }),
      deepseek: new OpenAI({ apiKey: 'sk-demo-not-a-key', baseURL: servers.deepseek.baseURL, maxRetries: 0 }),
      anthropic: new Anthropic({ apiKey: 'sk-ant-demo-not-a-key', baseURL: servers.anthropic.url, maxRetries: 0 }),
      gemini: (headers) => new GoogleGenAI({ apiKey: 'demo-not-a-key', httpOptions: { baseUrl: servers.gemini.url, headers } }),
    };
    const deadline = options.durationSeconds === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.durationSeconds * 1000;
    const total = options.durationSeconds === undefined ? options.requests : Number.POSITIVE_INFINITY;
    const progress = options.progress ? new Progress(total, deadline) : undefined;
    let done = 0;
    let failed = 0;
    let nextIndex = 0;
    const worker = async (): Promise<void> => {
      while (nextIndex < total && Date.now() < deadline) {
        const call = planCall(nextIndex++, options);
        const ok = await withGenAIAttributes(call.attribution, () => makeCall(clients, call));
        done += 1;
        if (!ok) failed += 1;
        progress?.update(done, failed);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
    progress?.finish();
    // Non-streaming spans end when the instrumentation has read its copy of the body.
    await waitFor(() => collector.outcomes.length >= done);

    const { resourceMetrics } = await reader.collect();
    const metrics = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics);
    const summary = summarize(collector.outcomes);
    const avoidable = avoidableSpend(metrics);
    options.out.write(`${formatSummary(summary)}\n\n${formatAvoidableSpend(avoidable)}\n\n${formatMetrics(metrics)}\n\n${NEXT_STEPS}`);
    // The live ledgers: hung requests are entered when their socket closes, at the latest by stop() below.
    return {
      summary,
      avoidable,
      served: { openai: servers.openai.served, deepseek: servers.deepseek.served, anthropic: servers.anthropic.served, gemini: servers.gemini.served },
      metrics,
    };
  } finally {
    await telemetry.shutdown();
    await Promise.all(Object.values(servers).map((server) => server.stop()));
  }
}

/** Where to go from here, printed after the summary. */
export const NEXT_STEPS = `Next:
  See the same data in Grafana:  docker compose up   (in the genai-otel repository; then http://localhost:3000,
                                  dashboard "GenAI / LLM overview"; the demo app in the stack feeds it)
  Add genai-otel to your app:    npm install @genai-otel/node
                                  OTEL_SERVICE_NAME=my-app node --import @genai-otel/node/register app.mjs
                                  (GENAI_OTEL_PROMETHEUS_PORT=9464 serves /metrics without a collector)
  Check a pipeline:              npx genai-otel doctor --help
`;

/** Whether something accepts TCP connections at the URL's host and port. */
async function reachable(url: string): Promise<boolean> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  const port = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
  return new Promise((resolve) => {
    const socket = connect({ host: target.hostname, port, timeout: 500 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

interface Clients {
  openai: OpenAI;
  deepseek: OpenAI;
  anthropic: Anthropic;
  /** @google/genai takes extra headers per client, not per call. */
  gemini: (headers: Record<string, string>) => GoogleGenAI;
}

const PROMPT = (index: number) => `Demo request ${index}: summarise the benefits of observability.`;

/** One planned call through the real SDK of its provider; resolves false when it failed (failures are part of the demo). */
async function makeCall(clients: Clients, call: DemoCall): Promise<boolean> {
  const headers: Record<string, string> = {
    ...(call.fault === undefined ? {} : { 'x-fake-fault': call.fault }),
    ...(call.usage === undefined ? {} : { 'x-fake-usage': call.usage }),
  };
  const timeout = call.timeoutMs === undefined ? {} : { timeout: call.timeoutMs };
  try {
    if (call.target === 'anthropic') {
      const request = { model: call.model, max_tokens: 64, messages: [{ role: 'user' as const, content: PROMPT(call.index) }] };
      if (call.stream) await clients.anthropic.messages.stream(request, { headers, ...timeout }).finalMessage();
      else await clients.anthropic.messages.create(request, { headers, ...timeout });
    } else if (call.target === 'gemini') {
      const client = clients.gemini(headers);
      const signal = call.timeoutMs === undefined ? undefined : AbortSignal.timeout(call.timeoutMs);
      const request = { model: call.model, contents: PROMPT(call.index), config: { maxOutputTokens: 64, ...(signal ? { abortSignal: signal } : {}) } };
      if (call.stream) {
        for await (const _chunk of await client.models.generateContentStream(request)) {
          // read the whole stream, as an app would
        }
      } else {
        await client.models.generateContent(request);
      }
    } else {
      const client = clients[call.target];
      const request = {
        model: call.model,
        messages: [
          { role: 'system' as const, content: 'You are a concise assistant.' },
          { role: 'user' as const, content: call.faq ?? PROMPT(call.index) },
        ],
        max_completion_tokens: 64,
        // The FAQ bot answers at temperature 0: its repeats are the ones a response cache would have answered.
        ...(call.faq === undefined ? {} : { temperature: 0 }),
      };
      if (call.stream) {
        for await (const _chunk of await client.chat.completions.create({ ...request, stream: true }, { headers, ...timeout })) {
          // read the whole stream, as an app would
        }
      } else {
        await client.chat.completions.create(request, { headers, ...timeout });
      }
    }
    return true;
  } catch {
    return false;
  }
}

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Lists every metric recorded: name, unit, instrument type and number of series. */
export function formatMetrics(metrics: readonly MetricData[]): string {
  const rows = metrics
    .filter((metric) => metric.dataPoints.length > 0)
    .map((metric) => [metric.descriptor.name, metric.descriptor.unit, DataPointType[metric.dataPointType] ?? '', String(metric.dataPoints.length)]);
  return table(['metric', 'unit', 'type', 'series'], rows);
}
