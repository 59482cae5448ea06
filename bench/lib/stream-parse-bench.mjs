// The stream parser alone: a 200-chunk OpenAI chat stream (the fake provider's bytes, obfuscated, usage injected) fed in
// network-sized pieces through a providers build's SSE splitter and OpenAI chat stream parser, the way the instrumentation
// reads it (fromBytes, else the decoded data; a cut's bytes taken as the caller's copy would be). Usage:
//   node bench/lib/stream-parse-bench.mjs [--rounds 15] [--streams 400] PATH_TO_PROVIDERS_INDEX_JS...
// (default: this worktree's packages/providers/dist/index.js). Builds alternate round by round; prints the median ns per
// event (main-thread CPU: other processes on the machine disturb it less than wall time) for each build and piece size (1 and 2 events per piece, 7-byte pieces), and the slow-path hits per stream.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { optionTaker } from './cli-options.mjs';

const args = process.argv.slice(2);
const option = optionTaker(args);
const rounds = Number(option('rounds', 15));
const streams = Number(option('streams', 400));
const paths = args.length > 0 ? args : [fileURLToPath(new URL('../../packages/providers/dist/index.js', import.meta.url))];

const { startFakeProvider } = await import('@genai-otel/fake-provider');
const provider = await startFakeProvider();
const response = await fetch(`${provider.baseURL}/chat/completions`, {
  method: 'POST',
  headers: { 'content-type': 'application/json', authorization: 'Bearer sk-x', 'x-fake-usage': 'completion=200' },
  body: JSON.stringify({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'hi' }], stream: true, stream_options: { include_usage: true } }),
});
const bytes = new Uint8Array(await response.arrayBuffer());
await provider.stop();
const text = new TextDecoder().decode(bytes);
const eventCount = text.split('\n\n').length - 1;

/** The stream cut into pieces: each piece a fresh array, as network reads are. */
function piecesOf(size) {
  const pieces = [];
  for (let i = 0; i < bytes.length; i += size) pieces.push(bytes.slice(i, Math.min(i + size, bytes.length)));
  return pieces;
}
function eventPieces(perPiece) {
  const ends = [];
  for (let i = text.indexOf('\n\n'); i !== -1; i = text.indexOf('\n\n', i + 2)) ends.push(i + 2);
  const pieces = [];
  // The text is ASCII (the fake provider's replies), so string offsets are byte offsets.
  let start = 0;
  for (let k = perPiece - 1; k < ends.length; k += perPiece) {
    pieces.push(bytes.slice(start, ends[k]));
    start = ends[k];
  }
  if (start < bytes.length) pieces.push(bytes.slice(start));
  return pieces;
}
// 7-byte pieces cost far more per event: fewer streams of them.
const shapes = {
  '1 event/piece': [eventPieces(1), streams],
  '2 events/piece': [eventPieces(2), streams],
  '7-byte pieces': [piecesOf(7), Math.max(1, Math.round(streams / 20))],
};
if (process.env.PARSE_BENCH_SHAPE) for (const key of Object.keys(shapes)) if (key !== process.env.PARSE_BENCH_SHAPE) delete shapes[key];

const builds = [];
for (const path of paths) {
  const module = await import(`${pathToFileURL(path).href}?build=${builds.length}`);
  builds.push({ path, module });
}

const PASS = { kind: 'pass', output: false };
let sink = 0;
function runStream(module, pieces) {
  const parser = module.openAIChat.createStreamParser({ usageInjected: true, contentMaxLength: undefined });
  const splitter = module.SSE_FRAMING.createSplitter();
  const onEvent = (event) => {
    const action = parser.fromBytes?.(event) ?? (event.data === undefined ? PASS : parser.onEvent(event.data));
    if (action.kind === 'cut') sink += action.from + action.to;
    else if (action.kind === 'pass') sink += event.end - event.start;
  };
  for (const piece of pieces) splitter.push(piece, onEvent);
  splitter.flush(onEvent);
  const result = parser.result();
  if (result.usage === undefined || !result.complete) throw new Error('stream not read in full');
}

const results = new Map();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (let round = 0; round < rounds; round += 1) {
  const order = round % 2 === 0 ? builds : [...builds].reverse();
  for (const build of order) {
    for (const [shape, [pieces, count]] of Object.entries(shapes)) {
      const key = `${build.path} | ${shape}`;
      if (!results.has(key)) results.set(key, []);
      const before = build.module.openAIChatSlowPathHits();
      const started = process.threadCpuUsage();
      for (let s = 0; s < count; s += 1) runStream(build.module, pieces);
      const used = process.threadCpuUsage(started);
      const elapsed = (used.user + used.system) * 1000;
      const slow = (build.module.openAIChatSlowPathHits() - before) / count;
      // The first round warms up.
      if (round > 0) results.get(key).push({ ns: elapsed / (count * eventCount), slow });
    }
  }
}
console.log(
  `${eventCount} events, ${bytes.length} bytes per stream; ${streams} streams (7-byte: ${Math.round(streams / 20)}) × ${rounds - 1} rounds (sink ${sink % 10})`,
);
for (const [key, values] of results) {
  const ns = values.map((v) => v.ns);
  console.log(`${key}: median ${median(ns).toFixed(0)} ns/event [${ns.map((v) => v.toFixed(0)).join(' ')}] slow path ${values[0].slow} per stream`);
}
