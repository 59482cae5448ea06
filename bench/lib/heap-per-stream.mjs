// JS heap (and RSS) held per stream in flight, network-free: `fetch` is stubbed with the fake provider's recorded stream
// bytes, the real `openai` SDK opens N streams, reads the first chunks of each and holds them all open; after a forced
// GC the growth of `heapUsed` per stream is what one stream in flight costs. Usage:
//   node --expose-gc bench/lib/heap-per-stream.mjs [--streams 1000] [--chunks 10] [--prompt 0] [--processes 3] none|workspace|PATH...
// --prompt N pads the user message to N characters (real prompts are KBs: what a stream in flight keeps of its request).
// Each build runs in processes of its own (alternated); prints the median KB of heap and of RSS per stream per build.
// HEAP_SNAPSHOT=dir also writes a heap snapshot of each child (streams held) there, to count what a stream keeps.
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { writeHeapSnapshot } from 'node:v8';
import { runAlternating, median } from './child-runs.mjs';
import { optionTaker } from './cli-options.mjs';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const option = optionTaker(args);

if (process.env.HEAP_CHILD) {
  await child(process.env.HEAP_CHILD, JSON.parse(process.env.HEAP_OPTIONS));
} else {
  const processes = Number(option('processes', 3));
  const options = { streams: Number(option('streams', 1000)), chunks: Number(option('chunks', 10)), prompt: Number(option('prompt', 0)) };
  const results = runAlternating(fileURLToPath(import.meta.url), args, processes, {
    childVar: 'HEAP_CHILD',
    optionsVar: 'HEAP_OPTIONS',
    options,
    nodeArgs: ['--expose-gc'],
  });
  for (const [build, runs] of results) {
    const heap = runs.map((r) => r.heap);
    const rss = runs.map((r) => r.rss);
    const total = runs.map((r) => r.heapTotal);
    const external = runs.map((r) => r.external);
    console.log(
      `${build}: heap ${median(heap).toFixed(1)} KB/stream [${heap.map((v) => v.toFixed(1)).join(' ')}], rss ${median(rss).toFixed(1)} KB/stream [${rss.map((v) => v.toFixed(1)).join(' ')}], heap committed ${median(total).toFixed(1)}, external ${median(external).toFixed(1)} KB/stream`,
    );
  }
}

async function child(build, { streams, chunks, prompt }) {
  const { startFakeProvider } = await import('@genai-otel/fake-provider');
  const provider = await startFakeProvider();
  const body = JSON.stringify({
    model: 'gpt-4.1',
    messages: [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'Say hello' },
    ],
    temperature: 0.2,
    max_completion_tokens: 256,
    stream: true,
    stream_options: { include_usage: true },
  });
  const recorded = await fetch(`${provider.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-x', 'x-fake-usage': 'completion=200' },
    body,
  });
  const headers = [...recorded.headers].filter(([k]) => k !== 'content-length' && k !== 'transfer-encoding' && k !== 'connection');
  const text = await recorded.text();
  await provider.stop();
  // One event per network piece, made fresh per stream (as a socket's reads would be).
  const events = text
    .split('\n\n')
    .filter(Boolean)
    .map((e) => `${e}\n\n`);
  const encoder = new TextEncoder();
  globalThis.fetch = async () => {
    let i = 0;
    return new Response(
      new ReadableStream({
        pull(controller) {
          if (i < events.length) controller.enqueue(encoder.encode(events[i++]));
          else controller.close();
        },
      }),
      { status: 200, headers },
    );
  };
  let telemetry;
  if (build !== 'none') {
    const { startTelemetry } = await import('./telemetry.mjs');
    const module = await import(build === 'workspace' ? '@genai-otel/instrumentation' : pathToFileURL(build).href);
    telemetry = startTelemetry({ metricProducers: typeof module.genAIMetricProducer === 'function' ? [module.genAIMetricProducer()] : [] });
    const { registerInstrumentations } = require('@opentelemetry/instrumentation');
    registerInstrumentations({ instrumentations: [new module.GenAIInstrumentation({ providerHosts: { '127.0.0.1': 'openai' } })] });
  }
  const { default: OpenAI } = await import('openai');
  const client = new OpenAI({ apiKey: 'sk-x', baseURL: provider.baseURL, maxRetries: 0 });
  const request = JSON.parse(body);
  delete request.stream_options;
  // Each call's own body string, as an application builds it per call.
  const padding = prompt > 0 ? 'x'.repeat(prompt) : '';
  const open = async () => {
    const messages = prompt > 0 ? [request.messages[0], { role: 'user', content: `${padding.slice(1)}${Math.random()}` }] : request.messages;
    const stream = await client.chat.completions.create({ ...request, messages });
    const iterator = stream[Symbol.asyncIterator]();
    for (let c = 0; c < chunks; c++) await iterator.next();
    return iterator;
  };
  // Warm up (code, pools, telemetry), finished streams only.
  for (let i = 0; i < 50; i++) {
    const it = await open();
    while (!(await it.next()).done);
  }
  await telemetry?.flush();
  const settle = async () => {
    for (let i = 0; i < 4; i++) {
      globalThis.gc();
      await new Promise((resolve) => setImmediate(resolve));
    }
    return process.memoryUsage();
  };
  const before = await settle();
  const held = [];
  for (let i = 0; i < streams; i++) held.push(await open());
  const after = await settle();
  if (process.env.HEAP_SNAPSHOT) writeHeapSnapshot(`${process.env.HEAP_SNAPSHOT}/heap-${build.replace(/\W+/g, '_')}-${process.pid}.heapsnapshot`);
  const per = (key) => (after[key] - before[key]) / streams / 1024;
  console.log(JSON.stringify({ heap: per('heapUsed'), rss: per('rss'), heapTotal: per('heapTotal'), external: per('external'), held: held.length }));
  process.exit(0);
}
