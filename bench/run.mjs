#!/usr/bin/env node
// genai-otel overhead benchmarks (`pnpm bench`; not part of the test suite). See README.md.
//
// The fake provider runs in a process of its own; every row (no instrumentation, genai-otel, each
// peer) runs in a client process of its own. For each workload and repeat a fresh set of row
// processes is started and warmed up, then short measured windows alternate between the rows
// (forward, then reverse order), so that whatever else the 2-core machine is doing hits every row
// alike. Each window is paired with the uninstrumented row's window of the same round (same
// `openai` version) to give ratios; tables show median [interquartile range] over the windows.
import { fork, spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_ROWS, ROWS, versionOf } from './lib/rows.mjs';
import { summary, median, scale, fmt } from './lib/stats.mjs';
import { summariseProfile, formatSummary, formatDiff } from './lib/profile-summary.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const WORKLOADS = ['nonstream', 'stream', 'concurrent', 'pricing'];
const WORKLOAD_ALIASES = { a: 'nonstream', b: 'stream', c: 'concurrent', d: 'pricing' };
const MB = 1024 * 1024;

const HELP = `Usage: pnpm bench [options]        (node bench/run.mjs [options])

  --quick                 about one minute: 1 repeat, 2 short windows per row, 2 rounds of (c)
  --workloads LIST        nonstream,stream,concurrent,pricing (or a,b,c,d); default: all
  --rows LIST             default ${DEFAULT_ROWS.join(',')}
                          (the floor row of each openai major used is added automatically)
  --repeats N             fresh sets of row processes per workload (default 2; --quick 1)
  --windows N             measured windows per row and repeat in (a), (b) (default 5; --quick 2)
  --warmup-ms N           warm-up per row process before its first window (default 1000)
  --measure-ms N          length of a measured window in (a), (b) (default 1500)
  --ttfc-ms N             paced time-to-first-chunk window after each (b) window (default 750; 0 = off)
  --ttfc-chunk-delay-ms N pause between events of the paced streams (default 2)
  --stream-chunks N       content chunks per stream in (b) (default 200)
  --concurrency N         concurrent streams per round in (c) (default 1000)
  --rounds N              rounds of (c) per row process; RSS sampled after each; the first is
                          the warm-up (default 5; --quick 2)
  --concurrent-chunks N   content chunks per stream in (c) (default 50)
  --no-obfuscation        streams ask for stream_options.include_obfuscation: false (OpenAI, and
                          the fake provider, pad every chunk with an \`obfuscation\` member by default)
  --candidate PATH        add row 'candidate' (a second --candidate: 'candidate2'): a modified
                          build of @genai-otel/instrumentation (PATH = its dist/index.js, its
                          dependencies resolvable from there) set up like genai-otel, for A/B runs
  --include-slow          also run openlit in (c) (about 1.3 s of CPU per stream: hours)
  --pin                   pin clients to CPU 0 and the fake provider to CPU 1 (taskset)
  --profile               instead of measuring: each row and workload once under
                          node --cpu-prof, summarised (bench/profiles/<time>/)
  --out FILE              results JSON (default bench/results/latest.json; .md beside it)
  --update-readme         write the tables into bench/README.md
  --no-build              do not rebuild a stale dist/ of instrumentation, pricing, fake-provider
  -h, --help
`;

// ---------------------------------------------------------------------------------------------
// options

function parseArgs(argv) {
  argv = argv.flatMap((a) => (a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a]));
  const o = {
    quick: false,
    workloads: [...WORKLOADS],
    rows: [...DEFAULT_ROWS],
    streamChunks: 200,
    ttfcChunks: 10,
    ttfcChunkDelayMs: 2,
    concurrency: 1000,
    concurrentChunks: 50,
    obfuscation: true,
    includeSlow: false,
    pin: false,
    profile: false,
    out: path.join(HERE, 'results', 'latest.json'),
    updateReadme: false,
    build: true,
  };
  const num = (i) => {
    const v = Number(argv[i]);
    if (argv[i] === undefined || !Number.isFinite(v) || v < 0) throw new Error(`${argv[i - 1]} needs a non-negative number`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    switch (a) {
      case '--quick':
        o.quick = true;
        break;
      case '--workloads':
        o.workloads = argv[++i].split(',').map((w) => WORKLOAD_ALIASES[w] ?? w);
        break;
      case '--rows':
        o.rows = argv[++i].split(',');
        break;
      case '--repeats':
        o.repeats = num(++i);
        break;
      case '--windows':
        o.windows = num(++i);
        break;
      case '--warmup-ms':
        o.warmupMs = num(++i);
        break;
      case '--measure-ms':
        o.measureMs = num(++i);
        break;
      case '--ttfc-ms':
        o.ttfcMs = num(++i);
        break;
      case '--ttfc-chunk-delay-ms':
        o.ttfcChunkDelayMs = num(++i);
        break;
      case '--stream-chunks':
        o.streamChunks = num(++i);
        break;
      case '--concurrency':
        o.concurrency = num(++i);
        break;
      case '--rounds':
        o.rounds = num(++i);
        break;
      case '--concurrent-chunks':
        o.concurrentChunks = num(++i);
        break;
      case '--no-obfuscation':
        o.obfuscation = false;
        break;
      case '--include-slow':
        o.includeSlow = true;
        break;
      case '--candidate':
        o.candidates = [...(o.candidates ?? []), path.resolve(argv[++i])];
        break;
      case '--pin':
        o.pin = true;
        break;
      case '--profile':
        o.profile = true;
        break;
      case '--out':
        o.out = path.resolve(argv[++i]);
        break;
      case '--update-readme':
        o.updateReadme = true;
        break;
      case '--no-build':
        o.build = false;
        break;
      case '-h':
      case '--help':
        process.stdout.write(HELP);
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${a}\n\n${HELP}`);
    }
  }
  for (const w of o.workloads) if (!WORKLOADS.includes(w)) throw new Error(`unknown workload ${w}`);
  o.candidates ??= [];
  if (o.candidates.length > 2) throw new Error('at most two --candidate builds');
  o.candidates.forEach((file, i) => {
    if (!fs.existsSync(file)) throw new Error(`--candidate: no such file ${file}`);
    const row = i === 0 ? 'candidate' : 'candidate2';
    process.env[i === 0 ? 'GENAI_OTEL_BENCH_CANDIDATE' : 'GENAI_OTEL_BENCH_CANDIDATE2'] = file;
    if (!o.rows.includes(row)) o.rows.push(row);
  });
  for (const row of ['candidate', 'candidate2']) {
    if (o.rows.includes(row) && !process.env[row === 'candidate' ? 'GENAI_OTEL_BENCH_CANDIDATE' : 'GENAI_OTEL_BENCH_CANDIDATE2'])
      throw new Error(`row ${row} needs --candidate PATH`);
  }
  for (const r of o.rows) if (!ROWS[r]) throw new Error(`unknown row ${r} (known: ${Object.keys(ROWS).join(', ')})`);
  for (const r of [...o.rows]) {
    const floor = ROWS[r].floorRow;
    if (floor && !o.rows.includes(floor)) o.rows.unshift(floor);
  }
  o.rows = Object.keys(ROWS).filter((r) => o.rows.includes(r)); // table order
  o.repeats ??= o.quick ? 1 : 2;
  o.windows ??= o.quick ? 2 : 5;
  o.warmupMs ??= o.quick ? 250 : 1000;
  o.measureMs ??= o.quick ? 500 : 1500;
  o.ttfcMs ??= o.quick ? 250 : 750;
  o.rounds ??= o.quick ? 2 : 5;
  if (o.rounds < 2) throw new Error('--rounds must be at least 2 (the first round is the warm-up)');
  if (o.repeats < 1 || o.windows < 1) throw new Error('--repeats and --windows must be at least 1');
  o.pricingMeasureMs = o.quick ? 200 : 1000;
  return o;
}

// ---------------------------------------------------------------------------------------------
// build freshness: the bench loads the packages' dist/, as users do

function newestMtime(dir, filter) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name === 'node_modules' || entry.name === '__fixtures__') continue;
      newest = Math.max(newest, newestMtime(p, filter));
    } else if (filter(entry.name)) {
      newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  }
  return newest;
}

function ensureBuilt(o) {
  for (const pkg of ['pricing', 'instrumentation', 'fake-provider']) {
    const dir = path.join(ROOT, 'packages', pkg);
    const dist = path.join(dir, 'dist', 'index.js');
    const src = newestMtime(path.join(dir, 'src'), (n) => n.endsWith('.ts') && !n.endsWith('.test.ts'));
    const built = fs.existsSync(dist) ? fs.statSync(dist).mtimeMs : 0;
    if (built >= src) continue;
    if (!o.build) {
      log(`warning: packages/${pkg}/dist is older than its src/ (--no-build): measuring the old build`);
      continue;
    }
    log(`building packages/${pkg} (its dist/ is older than src/) ...`);
    try {
      execFileSync('pnpm', ['--filter', `@genai-otel/${pkg}`, 'run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    } catch {
      if (!fs.existsSync(dist)) throw new Error(`the build of packages/${pkg} failed and it has no dist/`);
      log(`warning: the build of packages/${pkg} failed; measuring its existing dist/`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// processes

function log(message) {
  process.stderr.write(`${message}\n`);
}

function hasTaskset() {
  try {
    execFileSync('taskset', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function pinTo(pid, cpu) {
  execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });
}

/** A forked process answering commands over IPC, one at a time. */
function ipcProcess(child, name) {
  let stderr = '';
  child.stderr?.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  child.stdout?.on('data', () => {});
  const waiting = [];
  let exited;
  child.on('message', (m) => waiting.shift()?.resolve(m));
  child.on('exit', (code, signal) => {
    exited = `exit ${code ?? signal}`;
    for (const w of waiting.splice(0)) w.reject(new Error(`${name}: ${exited}\n${stderr}`));
  });
  const next = (timeoutMs) =>
    new Promise((resolve, reject) => {
      if (exited) return reject(new Error(`${name}: ${exited}\n${stderr}`));
      const timer = setTimeout(() => reject(new Error(`${name}: no answer in ${timeoutMs} ms\n${stderr}`)), timeoutMs);
      waiting.push({
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
    });
  return {
    child,
    next,
    async send(message, timeoutMs = 600_000) {
      const answer = next(timeoutMs);
      child.send(message);
      const m = await answer;
      if (m && m.ok === false) throw new Error(`${name}: ${m.error}`);
      return m;
    },
    kill() {
      if (!exited) child.kill('SIGKILL');
    },
    stderr: () => stderr,
  };
}

async function startServer(o) {
  const child = fork(path.join(HERE, 'lib', 'server.mjs'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const proc = ipcProcess(child, 'fake provider');
  const hello = await proc.next(30_000);
  if (o.pin) pinTo(child.pid, 1);
  return {
    baseURL: hello.baseURL,
    /** Empties the provider's ledger; resolves with the server's cumulative CPU time (µs). */
    reset: () => proc.send('reset', 30_000),
    stop: async () => {
      child.send('stop');
      await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
    },
  };
}

/** Forks one row's client process and waits until its instrumentation and SDK are loaded. */
async function startRow(o, row, baseURL, nodeArgs = []) {
  const child = fork(path.join(HERE, 'lib', 'client.mjs'), [JSON.stringify({ row, baseURL, obfuscation: o.obfuscation })], {
    cwd: HERE,
    execArgv: ['--expose-gc', ...nodeArgs],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const proc = ipcProcess(child, `row ${row}`);
  const hello = await proc.next(120_000);
  if (o.pin) pinTo(child.pid, 0);
  return { row, ...proc, openai: hello.openai };
}

/** Runs `node <script> <spec>` and returns the parsed `RESULT` line (or `{ failed }`). */
function runChild(script, spec, { pin = false, timeoutMs = 600_000 } = {}) {
  return new Promise((resolve) => {
    const args = ['--expose-gc', path.join(HERE, 'lib', script), JSON.stringify(spec)];
    const [cmd, argv] = pin ? ['taskset', ['-c', '0', process.execPath, ...args]] : [process.execPath, args];
    const child = spawn(cmd, argv, { cwd: HERE, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
      if (code === 0 && line) resolve(JSON.parse(line.slice(7)));
      else resolve({ failed: `exit ${code ?? signal}`, stderr: stderr.slice(-2000) });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// one set of row processes per workload and repeat; measured windows alternate between the rows

function rowsFor(o, workload) {
  return o.rows.filter((row) => !(workload === 'concurrent' && row === 'openlit' && !o.includeSlow));
}

/** Row order of a round: forward and reverse in turn, so that no row always follows the same one. */
const orderOf = (rows, k) => (k % 2 === 0 ? rows : [...rows].reverse());

async function runSet(o, server, workload, repeat, windows, finals) {
  const rows = rowsFor(o, workload);
  log(`-- ${workload}, repeat ${repeat + 1}/${o.repeats}: starting ${rows.length} row processes`);
  const procs = await Promise.all(rows.map((row) => startRow(o, row, server.baseURL)));
  const byRow = Object.fromEntries(procs.map((p) => [p.row, p]));
  try {
    const chunks = workload === 'concurrent' ? o.concurrentChunks : o.streamChunks;
    if (workload !== 'concurrent') {
      for (const row of orderOf(rows, repeat)) await byRow[row].send({ cmd: 'warmup', workload, chunks, ms: o.warmupMs });
    }
    const rounds = workload === 'concurrent' ? o.rounds : o.windows;
    for (let round = 0; round < rounds; round++) {
      for (const row of orderOf(rows, round + repeat)) {
        const before = await server.reset();
        let w;
        if (workload === 'concurrent') {
          w = await byRow[row].send({ cmd: 'round', concurrency: o.concurrency, chunks });
        } else {
          w = await byRow[row].send({ cmd: 'measure', workload, chunks, ms: o.measureMs });
          if (workload === 'stream' && o.ttfcMs > 0) {
            const t = await byRow[row].send({ cmd: 'ttfc', chunks: o.ttfcChunks, chunkDelayMs: o.ttfcChunkDelayMs, ms: o.ttfcMs });
            Object.assign(w, { ttfcP50Ms: t.p50Ms, ttfcP90Ms: t.p90Ms, ttfcSamples: t.samples, ttfcValues: t.values });
          }
        }
        const after = await server.reset();
        delete w.ok;
        const rec = {
          workload,
          repeat,
          round,
          row,
          ...w,
          callsPerSec: (w.calls / w.wallMs) * 1000,
          cpuUsPerCall: w.cpuUs / w.calls,
          serverCpuUs: after.cpuUs - before.cpuUs,
        };
        windows.push(rec);
        log(`   r${repeat + 1} w${round + 1} ${row.padEnd(15)} ${describe(rec)}`);
      }
    }
    for (const row of rows) {
      const f = await byRow[row].send({ cmd: 'finish' }, 60_000);
      delete f.ok;
      finals.push({ workload, repeat, row, ...f });
      if (f.errors) log(`   ${row}: ${f.errors} failed calls; first: ${f.firstError}`);
    }
  } finally {
    for (const p of procs) p.kill();
  }
}

function describe(r) {
  let s = `${r.callsPerSec.toFixed(r.callsPerSec < 10 ? 2 : 0).padStart(5)} calls/s  ${(r.cpuUsPerCall / 1000).toFixed(3)} ms CPU/call`;
  if (r.ttfcP50Ms != null) s += `  ttfc p50 ${r.ttfcP50Ms.toFixed(2)} ms`;
  if (r.rss != null) s += `  RSS ${(r.rss / MB).toFixed(0)} MB`;
  return s;
}

// ---------------------------------------------------------------------------------------------
// aggregation

function aggregate(o, windows, finals, pricing) {
  const out = {};
  const key = (w) => `${w.workload}|${w.repeat}|${w.round}`;
  const at = new Map(windows.map((w) => [`${key(w)}|${w.row}`, w]));
  for (const workload of o.workloads) {
    if (workload === 'pricing') {
      const models = {};
      for (const r of pricing) if (!r.failed) for (const [m, v] of Object.entries(r.results)) models[m] = [...(models[m] ?? []), v];
      out.pricing = Object.fromEntries(
        Object.entries(models).map(([m, vs]) => [
          m,
          {
            callsPerSec: summary(vs.map((v) => v.callsPerSec)),
            usPerCall: summary(vs.map((v) => v.usPerCall)),
            firstCallUs: summary(vs.map((v) => v.firstCallUs).filter((x) => x != null)),
          },
        ]),
      );
      continue;
    }
    out[workload] = {};
    for (const row of rowsFor(o, workload)) {
      // (c): round 1 of each process is its warm-up (JIT, connection pool): timed figures from round 2 on.
      const ws = windows.filter((w) => w.workload === workload && w.row === row && !(workload === 'concurrent' && w.round === 0));
      if (ws.length === 0) continue;
      const floorRow = ROWS[row].floorRow ?? row;
      const paired = (fn) =>
        ws
          .map((w) => {
            const f = at.get(`${key(w)}|${floorRow}`);
            return f ? fn(w, f) : undefined;
          })
          .filter((x) => x !== undefined && Number.isFinite(x));
      const fin = finals.filter((f) => f.workload === workload && f.row === row);
      const sum = (f) => ws.reduce((a, w) => a + f(w), 0);
      const agg = {
        openai: fin[0]?.openai,
        windows: ws.length,
        calls: sum((w) => w.calls),
        callsPerSec: summary(ws.map((w) => w.callsPerSec)),
        cpuUsPerCall: summary(ws.map((w) => w.cpuUsPerCall)),
        /** Main thread only (process.threadCpuUsage()); the rest of cpuUsPerCall is GC and other helper threads. */
        mainUsPerCall: summary(ws.map((w) => w.mainUs / w.calls)),
        mainRatio: summary(paired((a, b) => a.mainUs / a.calls / (b.mainUs / b.calls))),
        /** All windows pooled: total CPU / total calls. */
        cpuUsPerCallPooled: sum((w) => w.cpuUs) / sum((w) => w.calls),
        throughputRatio: summary(paired((a, b) => a.callsPerSec / b.callsPerSec)),
        cpuRatio: summary(paired((a, b) => a.cpuUsPerCall / b.cpuUsPerCall)),
        cpuAddedUs: summary(paired((a, b) => a.cpuUsPerCall - b.cpuUsPerCall)),
        latencyP50Ms: summary(ws.map((w) => w.latencyP50Ms)),
        serverCpuUsPerCall: summary(ws.map((w) => w.serverCpuUs / Math.max(1, w.calls + (w.ttfcSamples ?? 0)))),
        errors: fin.reduce((a, f) => a + (f.errors ?? 0), 0),
        firstError: fin.find((f) => f.firstError)?.firstError,
        chunksPerStream: fin[0]?.chunksPerStream,
        usageChunksSeenByCaller: fin.reduce((a, f) => a + (f.usageChunksSeenByCaller ?? 0), 0),
        telemetry: fin[0]?.telemetry && {
          spansPerCall: fin[0].telemetry.spansExported / Math.max(1, fin[0].totalCalls),
          metricNames: fin[0].telemetry.metricNames,
          metricShapes: Object.fromEntries(
            Object.entries(fin[0].telemetry.metricShapes ?? {}).map(([name, { records, ...shape }]) => [
              name,
              { ...shape, recordsPerCall: records / Math.max(1, fin[0].totalCalls) },
            ]),
          ),
          sampleSpan: fin[0].telemetry.sampleSpan,
        },
      };
      if (workload === 'stream' && o.ttfcMs > 0) {
        const pooled = ws.flatMap((w) => w.ttfcValues ?? []);
        const floorPooled = windows.filter((w) => w.workload === workload && w.row === floorRow).flatMap((w) => w.ttfcValues ?? []);
        Object.assign(agg, {
          ttfcSamples: pooled.length,
          ttfcP50Ms: summary(ws.map((w) => w.ttfcP50Ms)),
          ttfcPooledP50Ms: median(pooled),
          ttfcAddedMs: summary(paired((a, b) => a.ttfcP50Ms - b.ttfcP50Ms)),
          ttfcPooledAddedMs: median(pooled) - median(floorPooled),
          ttfcBackToBackAddedMs: summary(paired((a, b) => a.ttfcBackToBackP50Ms - b.ttfcBackToBackP50Ms)),
        });
      }
      if (workload === 'concurrent') {
        const perRepeat = [...new Set(fin.map((f) => f.repeat))].map((repeat) => {
          const mine = windows.filter((w) => w.workload === workload && w.row === row && w.repeat === repeat).sort((a, b) => a.round - b.round);
          const floor = windows.filter((w) => w.workload === workload && w.row === floorRow && w.repeat === repeat);
          const peak = fin.find((f) => f.repeat === repeat).peakRss;
          const floorPeak = finals.find((f) => f.workload === workload && f.row === floorRow && f.repeat === repeat)?.peakRss;
          const first = mine[0];
          const second = mine[Math.min(1, mine.length - 1)];
          const last = mine[mine.length - 1];
          return {
            peakRssMb: peak / MB,
            baselineRssMb: first.rssBaseline / MB,
            peakAddedMb: floorPeak ? (peak - floorPeak) / MB : undefined,
            baselineAddedMb: floor[0] ? (first.rssBaseline - floor[0].rssBaseline) / MB : undefined,
            inFlightAddedMb: floorPeak && floor[0] ? (peak - first.rssBaseline - (floorPeak - floor[0].rssBaseline)) / MB : undefined,
            rssGrowthMb: (last.rss - first.rss) / MB,
            heapGrowthPer1kKb:
              (last.heapUsed - second.heapUsed) / 1024 / Math.max(1, ((mine.length - 1 - Math.min(1, mine.length - 1)) * o.concurrency) / 1000),
            rssAfterMb: mine.map((w) => +(w.rss / MB).toFixed(1)),
            heapAfterMb: mine.map((w) => +(w.heapUsed / MB).toFixed(1)),
          };
        });
        const pick = (k) => summary(perRepeat.map((p) => p[k]).filter((x) => x !== undefined));
        Object.assign(agg, {
          peakRssMb: pick('peakRssMb'),
          baselineRssMb: pick('baselineRssMb'),
          peakAddedMb: pick('peakAddedMb'),
          baselineAddedMb: pick('baselineAddedMb'),
          inFlightAddedMb: pick('inFlightAddedMb'),
          rssGrowthMb: pick('rssGrowthMb'),
          heapGrowthPer1kKb: pick('heapGrowthPer1kKb'),
          perRepeat,
        });
      }
      out[workload][row] = agg;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// report

const TITLES = {
  nonstream: () => '(a) Sequential non-stream calls',
  stream: (o) => `(b) Sequential streams of ${o.streamChunks} content chunks`,
  concurrent: (o) => `(c) ${o.concurrency.toLocaleString('en')} concurrent streams of ${o.concurrentChunks} content chunks`,
  pricing: () => '(d) Cost computation: `createPricer().price(...)`',
};

function rowLabel(row) {
  const def = ROWS[row];
  if (def.reference) return `_${def.label}_`;
  if (!def.package) return 'none (floor)';
  if (def.candidate)
    return `**genai-otel ${row}** (${path.relative(ROOT, process.env[row === 'candidate' ? 'GENAI_OTEL_BENCH_CANDIDATE' : 'GENAI_OTEL_BENCH_CANDIDATE2'])})`;
  if (def.ablation) return `genai-otel (${def.label.replace(/^genai-otel, /, '')})`;
  if (def.package === '@genai-otel/instrumentation') return '**genai-otel**';
  return `${def.package} ${versionOf(def.package) ?? ''}`.trim();
}

/** Issue 20's targets (medians, same run, all genai-otel features on): CPU per call and throughput against the floor. */
const TARGETS = {
  nonstream: { label: '(a)', cpu: 1.06, throughput: 0.94 },
  stream: { label: '(b)', cpu: 1.05, throughput: 0.95 },
  concurrent: { label: '(c)', cpu: 1.08, throughput: 0.92 },
};

function evaluateTargets(o, agg) {
  const checks = [];
  const add = (target, row, value, pass) => checks.push({ target, row, value, pass });
  const gRows = ['genai-otel', 'genai-otel@6', 'candidate', 'candidate2'].filter((r) => o.rows.includes(r));
  for (const g of gRows) {
    const label = `${g.startsWith('candidate') ? g : 'genai-otel'} + openai ${agg.nonstream?.[g]?.openai ?? agg.stream?.[g]?.openai ?? agg.concurrent?.[g]?.openai ?? ''}`;
    const st = agg.stream?.[g];
    const cc = agg.concurrent?.[g];
    for (const [w, t] of Object.entries(TARGETS)) {
      const a = agg[w]?.[g];
      if (!a?.cpuRatio) continue;
      add(`${t.label} CPU per call ≤ ${t.cpu} × floor`, label, fmt.ratio(a.cpuRatio), a.cpuRatio.median <= t.cpu);
      add(`${t.label} throughput ≥ ${Math.round(t.throughput * 100)} % of floor`, label, fmt.pct(a.throughputRatio), a.throughputRatio.median >= t.throughput);
    }
    if (st?.cpuRatio) {
      if (st.ttfcAddedMs)
        add('(b) added time to first chunk < 1 ms (paced streams, p50)', label, `${fmt.signed(st.ttfcAddedMs, 3)} ms`, st.ttfcAddedMs.median < 1);
    }
    if (cc?.inFlightAddedMb) {
      add(
        `(c) RSS added while ${o.concurrency.toLocaleString('en')} streams are in flight < 20 MB`,
        label,
        `${fmt.signed(cc.inFlightAddedMb, 1)} MB (peak vs floor ${fmt.signed(cc.peakAddedMb, 1)} MB, of which ${fmt.signed(cc.baselineAddedMb, 1)} MB already after start-up)`,
        cc.inFlightAddedMb.median < 20,
      );
    }
    if (cc?.heapGrowthPer1kKb) {
      add(
        '(c) RSS flat as completed streams grow',
        label,
        `RSS ${fmt.signed(cc.rssGrowthMb, 1)} MB from ${(o.concurrency / 1000).toFixed(0)}k to ${((o.concurrency * o.rounds) / 1000).toFixed(0)}k streams (floor ${fmt.signed(agg.concurrent[ROWS[g].floorRow]?.rssGrowthMb, 1)}); heap after GC ${fmt.num(cc.heapGrowthPer1kKb)} KB per 1k streams`,
        // Growth beyond the floor's own (the SDK's and Node's), like every other target: a ratio or a difference to the floor row.
        cc.heapGrowthPer1kKb.median < 500 && cc.rssGrowthMb.median - (agg.concurrent[ROWS[g].floorRow]?.rssGrowthMb?.median ?? 0) < 20,
      );
    }
    // CPU per call below every peer row: compared as ratios to each one's own floor, and in absolute
    // terms when the openai version is the same. A peer is compared with the genai-otel row of its
    // own openai major when there is one.
    for (const w of ['nonstream', 'stream', 'concurrent']) {
      if (!agg[w]?.[g]?.cpuRatio) continue;
      for (const peer of o.rows.filter((r) => ROWS[r].peer && agg[w][r]?.cpuRatio)) {
        const sameMajor = ROWS[g].openai === ROWS[peer].openai;
        if (!sameMajor && gRows.some((x) => x !== g && !x.startsWith('candidate') && ROWS[x].openai === ROWS[peer].openai)) continue;
        const a = agg[w][g];
        const b = agg[w][peer];
        add(
          `${w === 'nonstream' ? '(a)' : w === 'stream' ? '(b)' : '(c)'} CPU per call below ${ROWS[peer].package}`,
          label,
          `${fmt.ratio(a.cpuRatio)} vs ${fmt.ratio(b.cpuRatio)}${sameMajor ? ` (${(a.cpuUsPerCall.median / 1000).toFixed(3)} vs ${(b.cpuUsPerCall.median / 1000).toFixed(3)} ms)` : ''}`,
          a.cpuRatio.median < b.cpuRatio.median,
        );
      }
    }
  }
  return checks;
}

/**
 * The reference row against the CPU targets and against genai-otel: would genai-otel's telemetry alone,
 * recorded from the SDK's objects (lib/telemetry-only.mjs), be within them? Not a target of its own.
 */
function referenceFigures(o, agg) {
  if (!o.rows.includes('telemetry-only')) return [];
  const figures = [];
  const names = {
    nonstream: '(a) non-stream',
    stream: `(b) ${o.streamChunks}-chunk streams`,
    concurrent: `(c) ${o.concurrency.toLocaleString('en')} concurrent streams`,
  };
  for (const [w, limit] of Object.entries(TARGETS).map(([w, t]) => [w, t.cpu])) {
    const ref = agg[w]?.['telemetry-only'];
    const ours = agg[w]?.['genai-otel'];
    if (!ref?.cpuRatio) continue;
    figures.push({
      workload: names[w],
      reference: fmt.ratio(ref.cpuRatio),
      genaiOtel: ours?.cpuRatio ? fmt.ratio(ours.cpuRatio) : '—',
      overReference: ours?.cpuRatio ? (ours.cpuRatio.median / ref.cpuRatio.median).toFixed(3) : '—',
      withinTarget: limit === undefined ? '—' : ref.cpuRatio.median <= limit ? `yes (≤ ${limit})` : `**no** (≤ ${limit})`,
    });
  }
  return figures;
}

/** Span attributes whose values differ from call to call (ids, timings). */
const PER_CALL_VALUES = new Set(['gen_ai.response.id', 'gen_ai.response.time_to_first_chunk', 'openai.response.system_fingerprint']);

/**
 * How the reference row's telemetry differs from genai-otel's, or undefined when it does not: the span's
 * name, attribute keys and values (per-call ids and timings aside); each metric's name, unit, the
 * attribute-key sets of its series and, for histograms, the records per call (within 2 %). The
 * rate-limit gauges are left out (see lib/telemetry-only.mjs).
 */
function referenceDrift(genaiOtel, reference) {
  if (!genaiOtel?.sampleSpan || !reference?.sampleSpan) return undefined;
  const diffs = [];
  const [a, b] = [genaiOtel.sampleSpan, reference.sampleSpan];
  if (a.name !== b.name) diffs.push(`span name ${b.name}`);
  for (const key of new Set([...Object.keys(a.attributes), ...Object.keys(b.attributes)])) {
    if (!(key in b.attributes)) diffs.push(`-${key}`);
    else if (!(key in a.attributes)) diffs.push(`+${key}`);
    else if (!PER_CALL_VALUES.has(key) && JSON.stringify(a.attributes[key]) !== JSON.stringify(b.attributes[key]))
      diffs.push(`${key} = ${JSON.stringify(b.attributes[key])}`);
  }
  const shapes = (t) => Object.entries(t.metricShapes ?? {}).filter(([name]) => !name.startsWith('genai_otel.ratelimit.'));
  const theirs = Object.fromEntries(shapes(reference));
  for (const [name, shape] of shapes(genaiOtel)) {
    const other = theirs[name];
    delete theirs[name];
    if (!other) diffs.push(`-${name}`);
    else if (other.unit !== shape.unit || other.keySets.join('|') !== shape.keySets.join('|')) diffs.push(`${name}: unit or series differ`);
    else if (Math.abs(other.recordsPerCall - shape.recordsPerCall) > 0.02 * Math.max(shape.recordsPerCall, 1e-9)) {
      diffs.push(`${name}: ${other.recordsPerCall.toFixed(2)} records per call, not ${shape.recordsPerCall.toFixed(2)}`);
    }
  }
  diffs.push(...Object.keys(theirs).map((name) => `+${name}`));
  return diffs.length ? diffs.join(', ') : undefined;
}

function markdown(o, meta, agg, checks) {
  const L = [];
  const m = meta.machine;
  L.push(`Latest run: ${meta.date}, \`${meta.command}\`, ${meta.durationS.toFixed(0)} s.`);
  L.push(
    `Machine: ${m.nproc} cores (\`nproc\`), ${m.cpuModel}, ${m.memGb} GB, ${m.platform}; Node ${meta.node}; load average ${meta.loadStart.map((x) => x.toFixed(2)).join(' / ')} at start, ${meta.loadEnd.map((x) => x.toFixed(2)).join(' / ')} at the end.`,
  );
  L.push(
    `Versions: ${Object.entries(meta.versions)
      .filter(([, v]) => v)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}.`,
  );
  L.push(
    `Sampling: ${o.repeats} repeat(s) × ${o.windows} measured window(s) of ${o.measureMs} ms per row in (a) and (b) (after ${o.warmupMs} ms of warm-up), ${o.rounds} rounds per row in (c); rows alternate window by window.`,
  );
  L.push('');
  L.push(
    'Cells: median [25th–75th percentile] over the measured windows (for RSS: over the repeats). "vs floor" pairs each window with the uninstrumented row\'s window of the same round, same `openai` version. CPU = the client process\'s own CPU time (user + system, all threads) in the window ÷ calls completed in it; main-thread CPU = the same for the main thread alone (`process.threadCpuUsage()`), the rest being GC and other helper threads.',
  );
  L.push('');
  for (const w of o.workloads) {
    L.push(`#### ${TITLES[w](o)}`);
    L.push('');
    if (w === 'pricing') {
      L.push('| model | calls/s | µs per call | first call (uncached lookup), µs |');
      L.push('| --- | ---: | ---: | ---: |');
      for (const [model, v] of Object.entries(agg.pricing ?? {})) {
        L.push(
          `| ${model === 'mixed' ? 'all four in turn' : model} | ${fmt.num(scale(v.callsPerSec, 1 / 1000))}k | ${fmt.num(v.usPerCall, 2)} | ${v.firstCallUs ? fmt.num(v.firstCallUs) : '—'} |`,
        );
      }
      L.push('');
      continue;
    }
    const rows = o.rows.filter((r) => agg[w]?.[r]);
    const head = ['row', 'openai', 'calls/s', 'throughput vs floor', 'CPU ms/call', 'CPU vs floor', 'CPU added µs/call', 'main-thread CPU vs floor'];
    if (w === 'nonstream') head.push('latency p50 ms');
    if (w === 'stream') head.push('TTFC p50 ms (paced)', 'TTFC added ms', 'TTFC added ms (back-to-back)');
    if (w === 'concurrent') head.push('peak RSS MB', 'RSS added in flight MB', 'RSS after each 1k streams MB (repeat 1)');
    L.push(`| ${head.join(' | ')} |`);
    L.push(`| ${head.map((_, i) => (i < 2 ? '---' : '---:')).join(' | ')} |`);
    for (const row of rows) {
      const a = agg[w][row];
      const floor = Boolean(ROWS[row].floor);
      const cells = [
        rowLabel(row),
        a.openai ?? '',
        fmt.num(a.callsPerSec, a.callsPerSec.median < 10 ? 2 : 0),
        floor ? '1' : fmt.pct(a.throughputRatio),
        fmt.num(scale(a.cpuUsPerCall, 1 / 1000), 3),
        floor ? '1' : fmt.ratio(a.cpuRatio),
        floor ? '0' : fmt.num(a.cpuAddedUs),
        floor ? '1' : fmt.ratio(a.mainRatio),
      ];
      if (w === 'nonstream') cells.push(fmt.num(a.latencyP50Ms, 3));
      if (w === 'stream') cells.push(fmt.num(a.ttfcP50Ms, 2), floor ? '0' : fmt.signed(a.ttfcAddedMs, 3), floor ? '0' : fmt.signed(a.ttfcBackToBackAddedMs, 2));
      if (w === 'concurrent')
        cells.push(fmt.num(a.peakRssMb), floor ? '0' : fmt.signed(a.inFlightAddedMb, 1), a.perRepeat[0].rssAfterMb.map((x) => x.toFixed(0)).join(' → '));
      L.push(`| ${cells.join(' | ')} |`);
    }
    const notes = [];
    for (const row of rows) {
      const a = agg[w][row];
      if (a.errors) notes.push(`${row}: ${a.errors} failed calls (first: ${String(a.firstError).split('\n')[0]})`);
      if (a.usageChunksSeenByCaller) notes.push(`${row}: the caller received ${a.usageChunksSeenByCaller} usage chunks it did not ask for`);
      if (a.telemetry && a.telemetry.spansPerCall < 0.99) notes.push(`${row}: only ${a.telemetry.spansPerCall.toFixed(2)} spans exported per call`);
    }
    const drift = referenceDrift(agg[w]['genai-otel']?.telemetry, agg[w]['telemetry-only']?.telemetry);
    if (drift) notes.push(`telemetry-only no longer records what genai-otel records (${drift}): update lib/telemetry-only.mjs`);
    if (w === 'stream' && rows.includes('openlit')) {
      const ol = agg.stream.openlit;
      notes.push(
        `openlit: ${ol.calls} streams measured in all (each takes ≈ ${(ol.cpuUsPerCall.median / 1e6).toFixed(1)} s of CPU: OpenLIT counts the tokens of streams itself and builds a new js-tiktoken encoder for every count).`,
      );
    }
    if (w === 'concurrent' && o.rows.includes('openlit') && !o.includeSlow)
      notes.push('openlit is not run in (c): at ≈ 1.3 s of CPU per stream (see (b)), 1,000 streams take over 20 minutes per round (`--include-slow` runs it).');
    if (notes.length) L.push('', ...notes.map((n) => `- ${n}`));
    L.push('');
  }
  if (checks.length) {
    L.push('#### Targets (genai-otel with all features on; medians)');
    L.push('');
    L.push('| target | row | measured | met |');
    L.push('| --- | --- | --- | --- |');
    for (const c of checks) L.push(`| ${c.target} | ${c.row} | ${c.value} | ${c.pass ? 'yes' : '**no**'} |`);
    L.push('');
  }
  const reference = referenceFigures(o, agg);
  if (reference.length) {
    L.push("#### Reference: genai-otel's telemetry alone (`telemetry-only`, openai 7; CPU vs floor, medians)");
    L.push('');
    L.push('| workload | telemetry-only | genai-otel | genai-otel ÷ telemetry-only | telemetry-only within the CPU target |');
    L.push('| --- | --- | --- | --- | --- |');
    for (const f of reference) L.push(`| ${f.workload} | ${f.reference} | ${f.genaiOtel} | ${f.overReference} | ${f.withinTarget} |`);
    L.push('');
  }
  return L.join('\n');
}

function machineInfo() {
  let cpuModel = os.cpus()[0]?.model ?? 'unknown';
  try {
    const match = fs.readFileSync('/proc/cpuinfo', 'utf8').match(/^model name\s*:\s*(.+)$/m);
    if (match) cpuModel = match[1].trim();
  } catch {}
  let nproc = os.availableParallelism();
  try {
    nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim());
  } catch {}
  return { nproc, cpuModel, memGb: Math.round(os.totalmem() / 2 ** 30), platform: `${os.type()} ${os.release()} ${os.arch()}` };
}

function updateReadme(text) {
  const file = path.join(HERE, 'README.md');
  const start = '<!-- bench:results:start -->';
  const end = '<!-- bench:results:end -->';
  const readme = fs.readFileSync(file, 'utf8');
  const i = readme.indexOf(start);
  const j = readme.indexOf(end);
  if (i < 0 || j < 0) throw new Error(`README.md lacks the ${start} / ${end} markers`);
  fs.writeFileSync(file, `${readme.slice(0, i + start.length)}\n${text}\n${readme.slice(j)}`);
}

// ---------------------------------------------------------------------------------------------
// profiling mode: each row and workload alone, under node --cpu-prof

async function profile(o, server) {
  const dir = path.join(HERE, 'profiles', new Date().toISOString().replace(/[:.]/g, '-'));
  fs.mkdirSync(dir, { recursive: true });
  for (const workload of o.workloads.filter((w) => w !== 'pricing')) {
    const perCall = {};
    for (const row of rowsFor(o, workload)) {
      const name = `${workload}-${row.replace('@', '-openai')}`;
      const file = path.join(dir, `${name}.cpuprofile`);
      const p = await startRow(o, row, server.baseURL);
      const chunks = workload === 'concurrent' ? o.concurrentChunks : o.streamChunks;
      let calls = 0;
      let w;
      if (workload === 'concurrent') {
        await p.send({ cmd: 'round', concurrency: o.concurrency, chunks });
        await p.send({ cmd: 'profileStart' });
        for (let i = 1; i < o.rounds; i++) {
          w = await p.send({ cmd: 'round', concurrency: o.concurrency, chunks });
          calls += w.calls;
        }
      } else {
        await p.send({ cmd: 'warmup', workload, chunks, ms: o.warmupMs });
        await p.send({ cmd: 'profileStart' });
        w = await p.send({ cmd: 'measure', workload, chunks, ms: o.measureMs * o.windows });
        calls = w.calls;
      }
      await p.send({ cmd: 'profileStop', file });
      await p.send({ cmd: 'finish' }, 60_000);
      await server.reset();
      log(
        `${workload.padEnd(10)} ${row.padEnd(15)} ${describe({ ...w, callsPerSec: (w.calls / w.wallMs) * 1000, cpuUsPerCall: w.cpuUs / w.calls })}  (profile: ${calls} calls)`,
      );
      const s = summariseProfile(file, { top: 40, filter: 'packages/instrumentation', calls });
      perCall[row] = s;
      fs.writeFileSync(path.join(dir, `${name}.txt`), `${formatSummary(s, `${workload} ${row}`)}\n`);
    }
    // What each instrumented row adds per call, function by function, against its floor.
    for (const row of rowsFor(o, workload).filter((r) => ROWS[r].floorRow && perCall[r] && perCall[ROWS[r].floorRow])) {
      const text = formatDiff(perCall[row], perCall[ROWS[row].floorRow], `${workload}: ${row} minus ${ROWS[row].floorRow}`);
      fs.writeFileSync(path.join(dir, `${workload}-${row.replace('@', '-openai')}.diff.txt`), `${text}\n`);
    }
  }
  log(`profiles and their summaries: ${path.relative(process.cwd(), dir)}/`);
}

// ---------------------------------------------------------------------------------------------
// main

async function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.pin && !hasTaskset()) throw new Error('--pin needs taskset (util-linux)');
  ensureBuilt(o);
  const started = Date.now();
  const loadStart = os.loadavg();
  const server = await startServer(o);
  try {
    if (o.profile) return await profile(o, server);
    const windows = [];
    const finals = [];
    const pricing = [];
    for (let repeat = 0; repeat < o.repeats; repeat++) {
      for (const workload of o.workloads) {
        if (workload === 'pricing') {
          const r = await runChild('pricing-bench.mjs', { measureMs: o.pricingMeasureMs, warmupMs: Math.min(300, o.pricingMeasureMs) }, { pin: o.pin });
          pricing.push(r);
          log(
            `-- pricing, repeat ${repeat + 1}/${o.repeats}: ${
              r.failed
                ? `FAILED ${r.failed}\n${r.stderr}`
                : Object.entries(r.results)
                    .map(([k, v]) => `${k} ${(v.callsPerSec / 1e6).toFixed(2)}M/s`)
                    .join(', ')
            }`,
          );
          continue;
        }
        await runSet(o, server, workload, repeat, windows, finals);
      }
    }
    const meta = {
      date: `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      machine: machineInfo(),
      node: process.version,
      loadStart,
      loadEnd: os.loadavg(),
      durationS: (Date.now() - started) / 1000,
      command: `pnpm bench ${process.argv.slice(2).join(' ')}`.trim(),
      versions: Object.fromEntries(
        [
          '@genai-otel/instrumentation',
          '@opentelemetry/instrumentation-openai',
          '@traceloop/instrumentation-openai',
          '@arizeai/openinference-instrumentation-openai',
          'openlit',
          'openai',
          'openai-v6',
          '@opentelemetry/api',
          '@opentelemetry/sdk-trace',
          '@opentelemetry/sdk-metrics',
        ].map((p) => [p, versionOf(p)]),
      ),
      options: o,
    };
    const agg = aggregate(o, windows, finals, pricing);
    const checks = evaluateTargets(o, agg);
    const text = markdown(o, meta, agg, checks);
    fs.mkdirSync(path.dirname(o.out), { recursive: true });
    fs.writeFileSync(
      o.out,
      `${JSON.stringify({ meta, aggregate: agg, checks, windows: windows.map(({ ttfcValues, ...w }) => w), finals, pricing }, null, 1)}\n`,
    );
    fs.writeFileSync(`${o.out.replace(/\.json$/, '')}.md`, `${text}\n`);
    if (o.updateReadme) updateReadme(text);
    process.stdout.write(`\n${text}\n`);
    log(`results: ${path.relative(process.cwd(), o.out)} (and .md)${o.updateReadme ? '; README.md updated' : ''}`);
  } finally {
    await server.stop();
  }
}

main().catch((error) => {
  log(error?.stack ?? String(error));
  process.exit(1);
});
