// Writes (or checks) the committed dashboard JSON under dashboards/generated/.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDashboards, renderDashboard } from './dashboards.js';

/** dashboards/generated/, where Grafana's file provider reads the JSON (provisioning/dashboards/genai-otel.yaml). */
export const GENERATED_DIR = join(import.meta.dirname, '..', 'generated');

export const REGENERATE_HINT = 'run `pnpm dashboards` (= pnpm --filter @genai-otel/dashboards run generate) and commit dashboards/generated/';

export interface Drift {
  file: string;
  problem: 'missing' | 'different' | 'stale';
}

/** The expected content of every file under generated/, by file name. */
export function expectedFiles(): Map<string, string> {
  return new Map(buildDashboards().map(({ file, dashboard }) => [file, renderDashboard(dashboard)]));
}

/** Differences between generated/ and what the code produces (empty when up to date). */
export function checkGenerated(dir: string = GENERATED_DIR): Drift[] {
  const expected = expectedFiles();
  const present = new Set(
    readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.json'))
      .map((e) => e.name),
  );
  const drift: Drift[] = [];
  for (const [file, content] of expected) {
    if (!present.has(file)) drift.push({ file, problem: 'missing' });
    else if (readFileSync(join(dir, file), 'utf8') !== content) drift.push({ file, problem: 'different' });
  }
  for (const file of present) if (!expected.has(file)) drift.push({ file, problem: 'stale' });
  return drift;
}

/** Writes every dashboard and removes JSON files no dashboard produces. Returns the files written or removed. */
export function writeGenerated(dir: string = GENERATED_DIR): string[] {
  mkdirSync(dir, { recursive: true });
  const drift = checkGenerated(dir);
  const expected = expectedFiles();
  for (const { file, problem } of drift) {
    if (problem === 'stale') rmSync(join(dir, file));
    else writeFileSync(join(dir, file), expected.get(file)!);
  }
  return drift.map(({ file, problem }) => `${problem === 'stale' ? 'removed' : 'wrote'} ${file}`);
}
