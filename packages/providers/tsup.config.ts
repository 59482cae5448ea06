import { defineConfig } from 'tsup';

export default defineConfig({
  // fixtures: the test-only `./fixtures` subpath (see src/fixtures.ts).
  entry: ['src/index.ts', 'src/fixtures.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node22',
  // import.meta.url (src/fixtures.ts finds the fixtures from it) in the CommonJS build too.
  shims: true,
});
