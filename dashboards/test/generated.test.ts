// The committed dashboards/generated/*.json must be exactly what the TypeScript sources produce.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DASHBOARDS } from '../src/dashboards.js';
import { checkGenerated, expectedFiles, GENERATED_DIR, REGENERATE_HINT } from '../src/generate.js';

describe('dashboards/generated/', () => {
  it('matches the TypeScript sources', () => {
    const drift = checkGenerated();
    expect(drift, `dashboards/generated/ is out of date (${drift.map(({ file, problem }) => `${file}: ${problem}`).join(', ')}): ${REGENERATE_HINT}`).toEqual(
      [],
    );
  });

  it('generation is deterministic', () => {
    const first = expectedFiles();
    const second = expectedFiles();
    expect([...second]).toEqual([...first]);
  });

  it.each(DASHBOARDS.map((d) => d.file))('%s is valid JSON ending with a newline', (file) => {
    const text = readFileSync(join(GENERATED_DIR, file), 'utf8');
    expect(text.endsWith('}\n')).toBe(true);
    expect(() => JSON.parse(text)).not.toThrow();
  });
});
