// Workload (d): calls per second of createPricer().price(...) on realistic usage objects, the way
// the instrumentation calls it once per finished LLM call (record/cost.ts: provider, response model,
// raw usage, service tier, timestamp, outcome, server address). Prints `RESULT <json>`.
//   node --expose-gc lib/pricing-bench.mjs '<json spec>'
import { performance } from 'node:perf_hooks';
import { createPricer } from '@genai-otel/pricing';

const spec = JSON.parse(process.argv[2] ?? '{}');
const measureMs = spec.measureMs ?? 1000;
const warmupMs = spec.warmupMs ?? 300;

/** One realistic finished call per model, with the usage object exactly as each API returns it. */
export const CASES = {
  'gpt-4.1': {
    provider: 'openai',
    model: 'gpt-4.1-2025-04-14',
    serviceTier: 'default',
    serverAddress: 'api.openai.com',
    usage: {
      prompt_tokens: 1834,
      completion_tokens: 312,
      total_tokens: 2146,
      prompt_tokens_details: { cached_tokens: 1536, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    },
  },
  'claude-sonnet-4-5': {
    provider: 'anthropic',
    model: 'claude-sonnet-4-5-20250929',
    serverAddress: 'api.anthropic.com',
    usage: {
      input_tokens: 52,
      cache_creation_input_tokens: 1200,
      cache_read_input_tokens: 9000,
      cache_creation: { ephemeral_5m_input_tokens: 1200, ephemeral_1h_input_tokens: 0 },
      output_tokens: 480,
      service_tier: 'standard',
    },
  },
  'gemini-2.5-flash': {
    provider: 'gcp.gemini',
    model: 'gemini-2.5-flash',
    serverAddress: 'generativelanguage.googleapis.com',
    usage: {
      promptTokenCount: 2400,
      candidatesTokenCount: 350,
      thoughtsTokenCount: 620,
      cachedContentTokenCount: 1024,
      totalTokenCount: 3370,
      promptTokensDetails: [{ modality: 'TEXT', tokenCount: 2400 }],
      cacheTokensDetails: [{ modality: 'TEXT', tokenCount: 1024 }],
      candidatesTokensDetails: [{ modality: 'TEXT', tokenCount: 350 }],
    },
  },
  // deepseek-chat is retired (unknown_tariff from 2026-04-24); deepseek-v4-flash has peak/off-peak tariffs by timestamp.
  'deepseek-v4-flash': {
    provider: 'deepseek',
    model: 'deepseek-v4-flash',
    serverAddress: 'api.deepseek.com',
    usage: {
      prompt_tokens: 1300,
      completion_tokens: 250,
      total_tokens: 1550,
      prompt_tokens_details: { cached_tokens: 1152 },
      prompt_cache_hit_tokens: 1152,
      prompt_cache_miss_tokens: 148,
    },
  },
};

const now = () => performance.now();
/**
 * Calls are priced at a fixed instant (a new Date per call, as the instrumentation makes): a Wednesday, 03:00 UTC,
 * in DeepSeek's peak window and inside its reviewed holiday calendar, so the case with tariffs by time does its
 * whole check and the bench never depends on the day it runs.
 */
const AT = Date.parse('2026-11-18T03:00:00Z');
const input = (c) => ({
  provider: c.provider,
  model: c.model,
  usage: c.usage,
  serviceTier: c.serviceTier,
  timestamp: new Date(AT),
  outcome: 'success',
  serverAddress: c.serverAddress,
});

const t0 = now();
const pricer = createPricer();
const createMs = now() - t0;

const results = {};
for (const [name, c] of Object.entries(CASES)) {
  const first0 = now();
  const first = pricer.price(input(c));
  const firstCallUs = (now() - first0) * 1000;
  if (first.status !== 'priced') throw new Error(`${name}: ${JSON.stringify(first)}`);
  const run = (ms) => {
    let n = 0;
    let sink = 0;
    const end = now() + ms;
    while (now() < end) {
      for (let i = 0; i < 1000; i++) sink += pricer.price(input(c)).amount;
      n += 1000;
    }
    return { n, sink };
  };
  run(warmupMs);
  globalThis.gc?.();
  const m0 = now();
  const { n } = run(measureMs);
  const elapsed = now() - m0;
  results[name] = { callsPerSec: (n / elapsed) * 1000, usPerCall: (elapsed * 1000) / n, firstCallUs, amount: first.amount, canonical: first.model };
}
{
  // All four in turn, as an app calling several providers would.
  const inputsOf = () => Object.values(CASES).map(input);
  const run = (ms) => {
    let n = 0;
    const end = now() + ms;
    while (now() < end) {
      for (let i = 0; i < 250; i++) for (const x of inputsOf()) pricer.price(x);
      n += 1000;
    }
    return n;
  };
  run(warmupMs);
  globalThis.gc?.();
  const m0 = now();
  const n = run(measureMs);
  const elapsed = now() - m0;
  results.mixed = { callsPerSec: (n / elapsed) * 1000, usPerCall: (elapsed * 1000) / n };
}
process.stdout.write(`RESULT ${JSON.stringify({ workload: 'pricing', createPricerMs: createMs, results })}\n`);
