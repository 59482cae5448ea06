// Bytes allocated per call, by allocating function: V8's sampling heap profiler with the objects that minor and
// major GCs collected kept in the profile, so what is measured is the garbage a call makes, not what survives it.
// A call's garbage is CPU twice over: the allocation, and the scavenges (on the GC helper threads too) it brings.
import { Session } from 'node:inspector/promises';

const shortUrl = (url) =>
  url
    .replace(/^file:\/\//, '')
    .replace(/.*\/node_modules\/\.pnpm\/[^/]+\/node_modules\//, '')
    .replace(/^\/work\/[^/]+\//, '');

/** Runs `one` `calls` times under the sampling heap profiler; returns a text table of bytes per call (`perCall` calls per run). */
/**
 * `survivors`: count only what outlived a scavenge (objects collected by minor GCs left out): what the GC copies,
 * promotes and later marks — the garbage that costs GC time, where short-lived garbage costs next to none.
 */
export async function allocationsPerCall(one, calls, perCall = 1, { top = 25, samplingInterval = 256, survivors = false } = {}) {
  const session = new Session();
  session.connect();
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', {
    samplingInterval,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: !survivors,
  });
  for (let i = 0; i < calls; i++) await one();
  const { profile } = await session.post('HeapProfiler.stopSampling');
  session.disconnect();
  const byFunction = new Map();
  let total = 0;
  // A builtin's allocations (no url: `Map`, `entries`, `sort`…) are shown under the JavaScript function calling it.
  const walk = (node, caller) => {
    const { functionName, url, lineNumber } = node.callFrame;
    const name = `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}`;
    const own = url === '' && caller !== undefined ? `${functionName || '(anonymous)'} in ${caller}` : name;
    const self = node.selfSize;
    if (self > 0) {
      byFunction.set(own, (byFunction.get(own) ?? 0) + self);
      total += self;
    }
    for (const child of node.children) walk(child, url === '' ? caller : name);
  };
  walk(profile.head, undefined);
  const n = calls * perCall;
  const what = survivors ? 'allocated and outliving a scavenge' : 'allocated';
  const lines = [`${what} per call: ${(total / n).toFixed(0)} bytes (sampled every ${samplingInterval} bytes)`];
  for (const [name, bytes] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    lines.push(`${(bytes / n).toFixed(0).padStart(8)}  ${name}`);
  }
  return lines.join('\n');
}
