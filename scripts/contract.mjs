// Writes telemetry-contract.json (the repository root) from packages/instrumentation/src/contract/metrics.ts.
//   pnpm contract            rewrite the file
//   pnpm contract --check    exit 1 when the file is stale
// Run through `pnpm contract` (Node type stripping plus dashboards/src/ts-resolve.mjs for the `.js` → `.ts` imports).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const file = join(root, 'telemetry-contract.json');
const { telemetryContractJson } = await import('../packages/instrumentation/src/contract/metrics.ts');
const text = telemetryContractJson();
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {}
  if (current !== text) {
    console.error('telemetry-contract.json is stale: run `pnpm contract`');
    process.exit(1);
  }
  console.log('telemetry-contract.json is up to date');
} else {
  writeFileSync(file, text);
  console.log(`wrote ${file}`);
}
