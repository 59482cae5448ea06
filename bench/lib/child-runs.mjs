// The small bench tools' A/B: each build measured in processes of its own, alternated (forward, then reverse), so
// whatever else the machine does hits every build alike.
import { spawnSync } from 'node:child_process';

/**
 * Runs `script` `processes` times per build, alternating the builds; each child gets `{ [childVar]: build,
 * [optionsVar]: JSON of options }` in its environment and prints its result as JSON on its last line.
 * Returns the parsed results per build, in order.
 */
export function runAlternating(script, builds, processes, { childVar, optionsVar, options, nodeArgs = [] }) {
  const results = new Map(builds.map((build) => [build, []]));
  for (let p = 0; p < processes; p++) {
    for (const build of p % 2 === 0 ? builds : [...builds].reverse()) {
      const out = spawnSync(process.execPath, [...nodeArgs, script], {
        env: { ...process.env, [childVar]: build, [optionsVar]: JSON.stringify(options) },
        encoding: 'utf8',
      });
      if (out.status !== 0) throw new Error(out.stderr);
      results.get(build).push(JSON.parse(out.stdout.trim().split('\n').at(-1)));
    }
  }
  return results;
}

/** The median (upper for an even count). */
export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
