// The rows of the benchmark: what each child process loads before it imports the `openai` SDK.
// Every instrumented row uses the same OpenTelemetry SDK set-up (lib/telemetry.mjs); the floor rows
// load nothing at all.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { instrumentClient } from './telemetry-only.mjs';
import { dropView, startTelemetry } from './telemetry.mjs';

const require = createRequire(import.meta.url);

/** The fake provider listens on 127.0.0.1; genai-otel is told it is OpenAI so that every call is priced. */
const GENAI_OTEL_CONFIG = { providerHosts: { '127.0.0.1': 'openai' } };

/**
 * OpenLIT prices from a table it downloads from GitHub at start-up (no network here): it gets a
 * table in its own documented format (USD per 1K tokens, OpenAI list prices for gpt-4.1) so that it
 * computes a cost per call like genai-otel does.
 */
const OPENLIT_PRICING = {
  chat: Object.fromEntries(['gpt-4.1', 'gpt-4.1-2025-04-14'].map((m) => [m, { promptPrice: 0.002, completionPrice: 0.008, cacheReadPrice: 0.0005 }])),
};

/** OpenLIT also loads any installed OTel HTTP/framework instrumentation; those are off so that every row emits the GenAI telemetry only. */
const OPENLIT_COMMUNITY = ['http', 'undici', 'express', 'fastify', 'koa', 'hapi', 'nestjs-core'];

/**
 * The genai-otel set-up every genai-otel row shares: the OTel SDK (lib/telemetry.mjs, with `telemetry`
 * options), then the instrumentation from `module` (the workspace package, or a candidate build),
 * registered with GENAI_OTEL_CONFIG and `config` on top.
 */
async function setupGenAIOtel({ module = '@genai-otel/instrumentation', config = {}, telemetry: options = {} } = {}) {
  const { GenAIInstrumentation, genAIMetricProducer } = await import(module);
  // The reader gets genai-otel's metric producer, as @genai-otel/node's readers do and its README tells an app with
  // its own MeterProvider to do (the per-chunk histogram from per-stream accumulators); not in rows whose Views act
  // on the instruments (Views do not apply to produced metrics), nor with builds that have no producer.
  const producers = typeof genAIMetricProducer === 'function' && !(options.views?.length > 0) ? [genAIMetricProducer()] : [];
  const telemetry = startTelemetry({ ...options, metricProducers: producers });
  const { registerInstrumentations } = require('@opentelemetry/instrumentation');
  registerInstrumentations({ instrumentations: [new GenAIInstrumentation({ ...GENAI_OTEL_CONFIG, ...config })] });
  return telemetry;
}

export const ROWS = {
  none: {
    label: 'none (floor)',
    openai: 'openai',
    floor: true,
    setup: async () => undefined,
  },
  'genai-otel': {
    label: 'genai-otel',
    openai: 'openai',
    floorRow: 'none',
    package: '@genai-otel/instrumentation',
    setup: () => setupGenAIOtel(),
  },
  // A reference, not a product: genai-otel's telemetry recorded from the SDK's own objects with no
  // capture at all (lib/telemetry-only.mjs) — what the telemetry alone costs through the OTel JS SDK.
  'telemetry-only': {
    label: "reference: genai-otel's telemetry alone",
    openai: 'openai',
    floorRow: 'none',
    reference: true,
    setup: async () => startTelemetry(),
    instrumentClient,
  },
  'none@6': {
    label: 'none (floor)',
    openai: 'openai-v6',
    floor: true,
    setup: async () => undefined,
  },
  'genai-otel@6': {
    label: 'genai-otel',
    openai: 'openai-v6',
    floorRow: 'none@6',
    package: '@genai-otel/instrumentation',
    setup: () => setupGenAIOtel(),
  },
  'otel-contrib@6': {
    label: '@opentelemetry/instrumentation-openai',
    openai: 'openai-v6',
    floorRow: 'none@6',
    package: '@opentelemetry/instrumentation-openai',
    peer: true,
    // README: NodeSDK({ instrumentations: [new OpenAIInstrumentation()] }), started before `openai` is loaded.
    setup: async () => {
      const telemetry = startTelemetry();
      const { registerInstrumentations } = require('@opentelemetry/instrumentation');
      const { OpenAIInstrumentation } = require('@opentelemetry/instrumentation-openai');
      registerInstrumentations({ instrumentations: [new OpenAIInstrumentation()] });
      return telemetry;
    },
  },
  'traceloop@6': {
    label: '@traceloop/instrumentation-openai',
    openai: 'openai-v6',
    floorRow: 'none@6',
    package: '@traceloop/instrumentation-openai',
    peer: true,
    // README: registerInstrumentations({ instrumentations: [new OpenAIInstrumentation()] }) after the provider.
    setup: async () => {
      const telemetry = startTelemetry();
      const { registerInstrumentations } = require('@opentelemetry/instrumentation');
      const { OpenAIInstrumentation } = require('@traceloop/instrumentation-openai');
      registerInstrumentations({ instrumentations: [new OpenAIInstrumentation()] });
      return telemetry;
    },
  },
  openinference: {
    label: '@arizeai/openinference-instrumentation-openai',
    openai: 'openai',
    floorRow: 'none',
    package: '@arizeai/openinference-instrumentation-openai',
    peer: true,
    // README: registerInstrumentations({ instrumentations: [new OpenAIInstrumentation()] }) after the provider.
    setup: async () => {
      const telemetry = startTelemetry();
      const { registerInstrumentations } = require('@opentelemetry/instrumentation');
      const { OpenAIInstrumentation } = require('@arizeai/openinference-instrumentation-openai');
      registerInstrumentations({ instrumentations: [new OpenAIInstrumentation()] });
      return telemetry;
    },
  },
  openlit: {
    label: 'openlit',
    openai: 'openai',
    floorRow: 'none',
    package: 'openlit',
    peer: true,
    // README: Openlit.init() before the SDK is used. OpenLIT means to reuse an application's SDK
    // TracerProvider but recognises one by `addSpanProcessor`, which OTel SDK >= 2 no longer has;
    // without help it would build its own provider with a console exporter. During init() it is
    // shown the shared provider (plus a no-op addSpanProcessor) so that its spans go through the
    // same BatchSpanProcessor as every other row. It finds the shared MeterProvider by itself.
    // Its log events (message content, on by default) go to a LoggerProvider with no processor.
    setup: async () => {
      process.env.OTEL_LOGS_EXPORTER ??= 'none';
      const telemetry = startTelemetry();
      const { default: openlit } = require('openlit');
      // The CommonJS instance of the API, the one OpenLIT holds (the ESM build has its own TraceAPI object).
      const { trace } = require('@opentelemetry/api');
      const getTracerProvider = trace.getTracerProvider;
      const shown = Object.assign(telemetry.tracerProvider, { addSpanProcessor() {} });
      trace.getTracerProvider = () => shown;
      try {
        openlit.init({
          applicationName: 'bench',
          pricingJson: OPENLIT_PRICING,
          disabledInstrumentors: OPENLIT_COMMUNITY,
        });
      } finally {
        trace.getTracerProvider = getTracerProvider;
      }
      return telemetry;
    },
  },
};

// `--candidate PATH` (up to two): a modified build of @genai-otel/instrumentation (its dist/index.js, e.g. from
// another worktree), set up exactly like the genai-otel row, to measure a fix against the current build in one run.
for (const [name, env] of [
  ['candidate', 'GENAI_OTEL_BENCH_CANDIDATE'],
  ['candidate2', 'GENAI_OTEL_BENCH_CANDIDATE2'],
]) {
  ROWS[name] = {
    label: `genai-otel ${name}`,
    openai: 'openai',
    floorRow: 'none',
    package: '@genai-otel/instrumentation',
    candidate: true,
    setup: () => {
      const file = process.env[env];
      if (!file) throw new Error(`row ${name} needs --candidate PATH`);
      return setupGenAIOtel({ module: pathToFileURL(path.resolve(file)).href });
    },
  };
}

/**
 * Ablations of the genai-otel row (not run by default): which feature costs what. `--rows
 * genai-otel,genai-otel:no-metrics,…` (openai 7, compared with the `none` floor like genai-otel).
 */
const ABLATIONS = {
  'genai-otel:no-cost': { label: 'genai-otel, cost: false', config: { cost: false } },
  'genai-otel:no-inject': { label: 'genai-otel, injectStreamUsage: false', config: { injectStreamUsage: false } },
  'genai-otel:no-metrics': { label: 'genai-otel, no MeterProvider', metrics: false },
  'genai-otel:no-spans': { label: 'genai-otel, no TracerProvider', traces: false },
  'genai-otel:capture-only': { label: 'genai-otel, no providers, cost: false', traces: false, metrics: false, config: { cost: false } },
  'genai-otel:no-chunk-timings': {
    label: 'genai-otel, time_per_output_chunk dropped by a View',
    views: [dropView('gen_ai.client.inference.time_per_output_chunk')],
  },
};
for (const [name, a] of Object.entries(ABLATIONS)) {
  ROWS[name] = {
    label: a.label,
    openai: 'openai',
    floorRow: 'none',
    package: '@genai-otel/instrumentation',
    ablation: true,
    setup: () => setupGenAIOtel({ config: a.config, telemetry: { traces: a.traces, metrics: a.metrics, views: a.views } }),
  };
}

export const DEFAULT_ROWS = ['none', 'genai-otel', 'telemetry-only', 'none@6', 'genai-otel@6', 'otel-contrib@6', 'traceloop@6', 'openinference', 'openlit'];

/** Loads the row's `openai` SDK the CommonJS way (require), after the row's set-up, as the peers' READMEs require. */
export function loadOpenAI(row) {
  const mod = require(ROWS[row].openai);
  return mod.OpenAI ?? mod.default ?? mod;
}

/** The installed version of a package (or npm alias), read from the package.json above its entry point. */
export function versionOf(pkg) {
  try {
    let dir = path.dirname(require.resolve(pkg));
    for (;;) {
      const file = path.join(dir, 'package.json');
      if (fs.existsSync(file)) {
        const json = JSON.parse(fs.readFileSync(file, 'utf8'));
        if (json.name && json.version) return json.version;
      }
      const parent = path.dirname(dir);
      if (parent === dir) return undefined;
      dir = parent;
    }
  } catch {
    return undefined;
  }
}
