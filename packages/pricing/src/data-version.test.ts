import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { BUNDLED_PRICES_PACKAGE, BUNDLED_PRICES_VERSION } from './data-version.js';

describe('bundled data version', () => {
  it('matches the installed @pydantic/genai-prices release', () => {
    // The package's exports map hides package.json: resolve its entry point and walk up.
    const entry = createRequire(import.meta.url).resolve(BUNDLED_PRICES_PACKAGE);
    const manifest = JSON.parse(readFileSync(join(dirname(entry), '..', 'package.json'), 'utf8')) as { name: string; version: string };
    expect(manifest.name).toBe(BUNDLED_PRICES_PACKAGE);
    expect(manifest.version).toBe(BUNDLED_PRICES_VERSION);
  });
});
