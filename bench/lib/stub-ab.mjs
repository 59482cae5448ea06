// Same-machine A/B with the network taken out: `fetch` returns the fake provider's recorded bytes, so a call's CPU is
// the SDK's and the instrumentation's only (main thread, process.threadCpuUsage; `--threads all`: every thread, as
// `pnpm bench` counts, so the GC helper threads' share of the garbage a call makes is in). Usage:
//   node bench/lib/stub-ab.mjs [--processes 4] [--calls 2000] [--windows 4] [--workload nonstream|stream|concurrent] [--threads main|all] none|PATH...
// Bytes allocated per call, by function (V8's sampling heap profiler, collected objects included), one build:
//   STUB_AB_CHILD=workspace STUB_AB_OPTIONS='{"calls":2000,"windows":1,"workload":"nonstream"}' STUB_AB_ALLOCATIONS=25 node bench/lib/stub-ab.mjs
// (STUB_AB_SURVIVORS=1: only what outlived a scavenge, the garbage that costs GC time; STUB_AB_NO_SPANS=1: no tracer provider.)
// Each build runs in processes of its own, alternated; prints median µs of main-thread CPU per call per build.
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runAlternating, median } from './child-runs.mjs';
import { optionTaker } from './cli-options.mjs';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const option = optionTaker(args);

if (process.env.STUB_AB_CHILD) {
  await child(process.env.STUB_AB_CHILD, JSON.parse(process.env.STUB_AB_OPTIONS));
} else {
  const processes = Number(option('processes', 4));
  const options = {
    calls: Number(option('calls', 2000)),
    windows: Number(option('windows', 4)),
    workload: option('workload', 'nonstream'),
    threads: option('threads', 'main'),
  };
  const runs = runAlternating(fileURLToPath(import.meta.url), args, processes, { childVar: 'STUB_AB_CHILD', optionsVar: 'STUB_AB_OPTIONS', options });
  const results = new Map([...runs].map(([build, windows]) => [build, windows.flat()]));
  for (const [build, values] of results)
    console.log(
      `${options.workload} ${build}: median ${median(values).toFixed(1)} µs/call ${options.threads === 'all' ? 'all threads' : 'main thread'} [${values.map((v) => v.toFixed(0)).join(' ')}]`,
    );
}

async function child(build, { calls, windows, workload, threads = 'main' }) {
  const cpu = threads === 'all' ? (before) => process.cpuUsage(before) : (before) => process.threadCpuUsage(before);
  const { startFakeProvider } = await import('@genai-otel/fake-provider');
  const provider = await startFakeProvider();
  const stream = workload !== 'nonstream';
  const concurrent = workload === 'concurrent';
  const body = JSON.stringify({
    model: 'gpt-4.1',
    messages: [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'Say hello' },
    ],
    temperature: 0.2,
    max_completion_tokens: 256,
    ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  });
  const recorded = await fetch(`${provider.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer sk-x', ...(stream ? { 'x-fake-usage': `completion=${concurrent ? 50 : 200}` } : {}) },
    body,
  });
  const headers = [...recorded.headers].filter(([k]) => k !== 'content-length' && k !== 'transfer-encoding' && k !== 'connection');
  const bytes = new Uint8Array(await recorded.arrayBuffer());
  await provider.stop();
  // Streams arrive in network-sized pieces: 2 events per piece.
  const pieces = [];
  if (stream) {
    const text = new TextDecoder().decode(bytes);
    const events = text
      .split('\n\n')
      .filter(Boolean)
      .map((e) => `${e}\n\n`);
    for (let i = 0; i < events.length; i += 2) pieces.push(new TextEncoder().encode(events.slice(i, i + 2).join('')));
  }
  globalThis.fetch = async () =>
    new Response(
      stream
        ? new ReadableStream({
            start(controller) {
              for (const piece of pieces) controller.enqueue(piece);
              controller.close();
            },
          })
        : bytes,
      { status: 200, headers },
    );
  let telemetry;
  if (build !== 'none') {
    const { startTelemetry } = await import('./telemetry.mjs');
    const module = await import(build === 'workspace' ? '@genai-otel/instrumentation' : pathToFileURL(build).href);
    telemetry = startTelemetry({
      traces: !process.env.STUB_AB_NO_SPANS,
      metricProducers: typeof module.genAIMetricProducer === 'function' ? [module.genAIMetricProducer()] : [],
    });
    const { registerInstrumentations } = require('@opentelemetry/instrumentation');
    registerInstrumentations({ instrumentations: [new module.GenAIInstrumentation({ providerHosts: { '127.0.0.1': 'openai' } })] });
  }
  const { default: OpenAI } = await import('openai');
  const client = new OpenAI({ apiKey: 'sk-x', baseURL: provider.baseURL, maxRetries: 0 });
  const request = JSON.parse(body);
  delete request.stream_options;
  const single = async () => {
    if (!stream) return client.chat.completions.create(request, { headers: {} });
    const s = await client.chat.completions.create(request);
    for await (const _ of s);
  };
  // concurrent: each call is a round of 100 streams read side by side (CPU reported per stream).
  const one = concurrent ? () => Promise.all(Array.from({ length: 100 }, single)) : single;
  const perCall = concurrent ? 100 : 1;
  for (let i = 0; i < calls; i++) await one();
  await telemetry?.flush();
  if (process.env.STUB_AB_SNAPSHOT) {
    const { writeHeapSnapshot } = await import('node:v8');
    console.log(writeHeapSnapshot(process.env.STUB_AB_SNAPSHOT));
    process.exit(0);
  }
  if (process.env.STUB_AB_ALLOCATIONS) {
    const { allocationsPerCall } = await import('./allocations.mjs');
    const survivors = process.env.STUB_AB_SURVIVORS === '1';
    console.log(await allocationsPerCall(one, calls, perCall, { top: Number(process.env.STUB_AB_ALLOCATIONS) || 25, survivors }));
    process.exit(0);
  }
  const out = [];
  for (let w = 0; w < windows; w++) {
    const before = cpu();
    for (let i = 0; i < calls; i++) await one();
    await telemetry?.flush();
    const used = cpu(before);
    out.push((used.user + used.system) / calls / perCall);
  }
  console.log(JSON.stringify(out));
  process.exit(0);
}
