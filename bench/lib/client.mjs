// One row's client process: the row's instrumentation set-up, then the `openai` SDK, then a client
// pointed at the fake provider. Started with child_process.fork(); the orchestrator (run.mjs) then
// sends commands over IPC and the process answers each with its measurement. Between commands it is
// idle, so the orchestrator can alternate short measured windows between rows that all stay warm.
//
// Each measured window reports the process's own CPU (process.cpuUsage(): user + system, all
// threads) and wall time, and the calls completed in it. Instrumented rows flush their span and
// metric pipelines at the end of every window, inside it, so the export work their calls caused is
// counted in the window that caused it.
//   fork('lib/client.mjs', [JSON.stringify({ row, baseURL })], { execArgv: ['--expose-gc'] })
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { ROWS, loadOpenAI, versionOf } from './rows.mjs';

const spec = JSON.parse(process.argv[2]);
const rowDef = ROWS[spec.row];
if (!rowDef) throw new Error(`unknown row ${spec.row}`);

// 1. The row's instrumentation, before the SDK is loaded (peers patch the module on require).
const telemetry = await rowDef.setup();
// 2. The SDK, then the client (openai reads globalThis.fetch in its constructor).
const OpenAI = loadOpenAI(spec.row);
const client = new OpenAI({ baseURL: spec.baseURL, apiKey: 'sk-bench-not-a-key' });
// 3. Rows that wrap the client itself (the telemetry-only reference).
rowDef.instrumentClient?.(client);

const SYSTEM_PROMPT =
  'You are a support assistant for an online bookshop. Answer in two or three sentences, be precise about ' +
  'order numbers, delivery dates and refund amounts, never invent a policy, and when you do not know an ' +
  'answer say so and offer to hand the conversation over to a human colleague. Prices are in euros and ' +
  'include VAT. Orders ship from Leipzig; standard delivery takes two to four working days within the EU.';
const BODY = {
  model: 'gpt-4.1',
  messages: [
    { role: 'system', content: SYSTEM_PROMPT },
    {
      role: 'user',
      content: 'Hi, I ordered "The Left Hand of Darkness" last Tuesday (order 48213) and it has not arrived yet. Can you check where it is?',
    },
  ],
  max_completion_tokens: 256,
  temperature: 0.2,
};
// No stream_options: the default a user writes; genai-otel adds include_usage and strips it again.
// Its chunks then carry `obfuscation`, as OpenAI's do by default; --no-obfuscation turns it off.
const STREAM_BODY = spec.obfuscation === false ? { ...BODY, stream: true, stream_options: { include_obfuscation: false } } : { ...BODY, stream: true };

const gc = globalThis.gc ?? (() => {});
const now = () => performance.now();
const cpuMicros = (u) => u.user + u.system;
const flushTelemetry = telemetry ? () => telemetry.flush() : async () => {};

let errors = 0;
let firstError;
let totalCalls = 0;
function noteError(error) {
  errors++;
  firstError ??= String(error?.stack ?? error);
}

async function nonStreamCall() {
  const t0 = now();
  const completion = await client.chat.completions.create(BODY);
  if (!completion.choices?.[0]?.message) throw new Error('no message in completion');
  return now() - t0;
}

const chunkCounts = new Map();
let usageChunksSeen = 0;
async function streamCall(headers) {
  const t0 = now();
  const stream = await client.chat.completions.create(STREAM_BODY, { headers });
  let ttfc = -1;
  let n = 0;
  for await (const chunk of stream) {
    if (n === 0) ttfc = now() - t0;
    n++;
    if (chunk.usage) usageChunksSeen++;
  }
  chunkCounts.set(n, (chunkCounts.get(n) ?? 0) + 1);
  return { ttfc, total: now() - t0 };
}

const streamHeaders = (chunks) => ({ 'x-fake-usage': `completion=${chunks}` });
/** Paced stream: headers and the first event at once (ttfb-ms=0), then one event every chunk-delay-ms, as a model sends them. */
const pacedHeaders = (chunks, delayMs) => ({
  'x-fake-usage': `completion=${chunks}`,
  'x-fake-fault': `slow;ttfb-ms=0;chunk-delay-ms=${delayMs}`,
});

/** Runs `fn` back to back for `ms` (the call in progress at the deadline completes); returns per-call results. */
async function sequentialFor(ms, fn) {
  const results = [];
  const end = now() + ms;
  while (now() < end) {
    try {
      results.push(await fn());
      totalCalls++;
    } catch (error) {
      noteError(error);
    }
  }
  return results;
}

const quantile = (values, q) => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

function callFor(cmd) {
  if (cmd.workload === 'nonstream') return nonStreamCall;
  const headers = streamHeaders(cmd.chunks);
  return () => streamCall(headers);
}

let rssBaseline;
let profiler;
const commands = {
  async warmup(cmd) {
    await sequentialFor(cmd.ms, callFor(cmd));
    await flushTelemetry();
    return {};
  },
  async measure(cmd) {
    const call = callFor(cmd);
    const cpu0 = process.cpuUsage();
    const thread0 = process.threadCpuUsage();
    const t0 = now();
    const results = await sequentialFor(cmd.ms, call);
    await flushTelemetry();
    const wallMs = now() - t0;
    const cpuUs = cpuMicros(process.cpuUsage(cpu0));
    const mainUs = cpuMicros(process.threadCpuUsage(thread0));
    const totals = cmd.workload === 'nonstream' ? results : results.map((r) => r.total);
    return {
      calls: results.length,
      wallMs,
      cpuUs,
      mainUs,
      latencyP50Ms: quantile(totals, 0.5),
      ttfcBackToBackP50Ms:
        cmd.workload === 'nonstream'
          ? null
          : quantile(
              results.map((r) => r.ttfc),
              0.5,
            ),
    };
  },
  async ttfc(cmd) {
    const headers = pacedHeaders(cmd.chunks, cmd.chunkDelayMs);
    const ttfc = (await sequentialFor(cmd.ms, () => streamCall(headers))).map((r) => r.ttfc);
    await flushTelemetry();
    return { samples: ttfc.length, p50Ms: quantile(ttfc, 0.5), p90Ms: quantile(ttfc, 0.9), values: ttfc };
  },
  /** One round of `concurrency` concurrent streams; then a full GC and an RSS / heap sample (outside the timed part). */
  async round(cmd) {
    if (rssBaseline === undefined) {
      gc();
      rssBaseline = process.memoryUsage().rss;
    }
    const headers = streamHeaders(cmd.chunks);
    const cpu0 = process.cpuUsage();
    const thread0 = process.threadCpuUsage();
    const t0 = now();
    const settled = await Promise.allSettled(Array.from({ length: cmd.concurrency }, () => streamCall(headers)));
    await flushTelemetry();
    const wallMs = now() - t0;
    const cpuUs = cpuMicros(process.cpuUsage(cpu0));
    const mainUs = cpuMicros(process.threadCpuUsage(thread0));
    let calls = 0;
    for (const s of settled) {
      if (s.status === 'rejected') noteError(s.reason);
      else calls++;
    }
    totalCalls += calls;
    gc();
    const mem = process.memoryUsage();
    return { calls, wallMs, cpuUs, mainUs, rss: mem.rss, heapUsed: mem.heapUsed, rssBaseline };
  },
  /** CPU profile of what follows, until profileStop (the V8 sampling profiler, in process). */
  async profileStart(cmd) {
    profiler = new Session();
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.setSamplingInterval', { interval: cmd.intervalUs ?? 100 });
    await profiler.post('Profiler.start');
    return {};
  },
  async profileStop(cmd) {
    const { profile } = await profiler.post('Profiler.stop');
    profiler.disconnect();
    fs.writeFileSync(cmd.file, JSON.stringify(profile));
    return {};
  },
  async finish() {
    return {
      openai: versionOf(rowDef.openai),
      errors,
      firstError: firstError?.slice(0, 800),
      totalCalls,
      chunksPerStream: Object.fromEntries(chunkCounts),
      usageChunksSeenByCaller: usageChunksSeen,
      peakRss: process.resourceUsage().maxRSS * 1024,
      telemetry: telemetry ? await telemetry.finish() : undefined,
    };
  },
};

process.on('message', async (cmd) => {
  try {
    const result = await commands[cmd.cmd](cmd);
    process.send({ ok: true, ...result }, () => {
      if (cmd.cmd === 'finish') process.exit(0);
    });
  } catch (error) {
    process.send({ ok: false, error: String(error?.stack ?? error) });
  }
});
process.on('disconnect', () => process.exit(0));
process.send({ ready: true, pid: process.pid, openai: versionOf(rowDef.openai) });
