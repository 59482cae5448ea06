// Summarises a V8 .cpuprofile: self time per function and per file (µs per call when the number of
// calls is known), the inclusive time of frames under a path filter, and the difference between an
// instrumented row's profile and its floor's, function by function.
//   node lib/profile-summary.mjs <file.cpuprofile> [--calls N] [--top N] [--filter packages/instrumentation]
import fs from 'node:fs';

const shortUrl = (url) =>
  url
    .replace(/^file:\/\//, '')
    .replace(/.*\/node_modules\/\.pnpm\/[^/]+\/node_modules\//, '')
    .replace(/^\/work\/main\//, '');

export function summariseProfile(file, { top = 30, filter, calls } = {}) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  // timeDeltas[i] is the time between sample i-1 and sample i: charge it to sample i-1's node.
  for (let i = 1; i < profile.samples.length; i++) {
    const id = profile.samples[i - 1];
    selfUs.set(id, (selfUs.get(id) ?? 0) + profile.timeDeltas[i]);
  }
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (cf) => {
    const url = shortUrl(cf.url);
    return `${cf.functionName || '(anonymous)'}${url ? ` ${url}:${cf.lineNumber + 1}` : ''}`;
  };
  const idle = new Set(['(idle)']);
  let total = 0;
  const byFn = new Map();
  const byFile = new Map();
  for (const [id, us] of selfUs) {
    const cf = nodes.get(id).callFrame;
    if (idle.has(cf.functionName)) continue;
    total += us;
    const key = label(cf);
    byFn.set(key, (byFn.get(key) ?? 0) + us);
    const fileKey = cf.url ? shortUrl(cf.url) : `(${cf.functionName || 'native'})`;
    byFile.set(fileKey, (byFile.get(fileKey) ?? 0) + us);
  }
  // Inclusive time of frames whose url contains `filter` (each frame counted once per sample).
  const inclusive = new Map();
  if (filter) {
    for (const [id, us] of selfUs) {
      const seen = new Set();
      for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
        const cf = nodes.get(cur).callFrame;
        if (!cf.url.includes(filter)) continue;
        const key = label(cf);
        if (seen.has(key)) continue;
        seen.add(key);
        inclusive.set(key, (inclusive.get(key) ?? 0) + us);
      }
    }
  }
  const perCall = (us) => (calls ? us / calls : us);
  const rank = (m) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, us: perCall(us), share: us / total }));
  return {
    calls,
    totalUs: perCall(total),
    selfByFunction: rank(byFn),
    selfByFile: rank(byFile),
    inclusive: rank(inclusive),
    allByFunction: new Map([...byFn].map(([k, v]) => [k, perCall(v)])),
    allByFile: new Map([...byFile].map(([k, v]) => [k, perCall(v)])),
  };
}

const unit = (s) => (s.calls ? 'µs/call' : 'ms');
const val = (s, us) => (s.calls ? us : us / 1000);

export function formatSummary(s, title) {
  const lines = [`## ${title}: ${val(s, s.totalUs).toFixed(1)} ${unit(s)} of main-thread time sampled ((idle) excluded)${s.calls ? `, ${s.calls} calls` : ''}`];
  const table = (name, rows) => {
    lines.push('', `### ${name}`);
    for (const r of rows) lines.push(`${(r.share * 100).toFixed(1).padStart(5)} %  ${val(s, r.us).toFixed(2).padStart(9)} ${unit(s)}  ${r.name}`);
  };
  table('self time by function', s.selfByFunction);
  table('self time by file', s.selfByFile);
  if (s.inclusive.length) table('inclusive time of instrumentation frames', s.inclusive);
  return lines.join('\n');
}

/** Row minus floor, per call: where the added CPU goes. Both summaries need `calls`. */
export function formatDiff(row, floor, title, top = 40) {
  const diff = (a, b) => {
    const keys = new Set([...a.keys(), ...b.keys()]);
    return [...keys]
      .map((k) => ({ name: k, row: a.get(k) ?? 0, floor: b.get(k) ?? 0 }))
      .map((d) => ({ ...d, delta: d.row - d.floor }))
      .sort((x, y) => y.delta - x.delta);
  };
  const lines = [
    `## ${title}`,
    `CPU sampled per call: ${row.totalUs.toFixed(1)} µs vs ${floor.totalUs.toFixed(1)} µs (${(row.totalUs - floor.totalUs).toFixed(1)} µs added, ×${(row.totalUs / floor.totalUs).toFixed(3)})`,
    '',
    '### added self time by file (µs/call: row, floor, delta)',
  ];
  for (const d of diff(row.allByFile, floor.allByFile).slice(0, 25)) {
    lines.push(`${d.delta.toFixed(2).padStart(9)}  ${d.row.toFixed(2).padStart(9)} ${d.floor.toFixed(2).padStart(9)}  ${d.name}`);
  }
  lines.push('', '### added self time by function (µs/call: row, floor, delta)');
  for (const d of diff(row.allByFunction, floor.allByFunction).slice(0, top)) {
    lines.push(`${d.delta.toFixed(2).padStart(9)}  ${d.row.toFixed(2).padStart(9)} ${d.floor.toFixed(2).padStart(9)}  ${d.name}`);
  }
  if (row.inclusive.length) {
    lines.push('', '### inclusive time of instrumentation frames (µs/call)');
    for (const r of row.inclusive) lines.push(`${r.us.toFixed(2).padStart(9)}  ${r.name}`);
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const opt = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const file = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
  const s = summariseProfile(file, { top: Number(opt('--top')) || 30, filter: opt('--filter'), calls: Number(opt('--calls')) || undefined });
  console.log(formatSummary(s, file));
}
