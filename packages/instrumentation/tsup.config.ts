import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node22',
  // import.meta.url (the ESM loader hook is resolved from this package) in the CommonJS build too.
  shims: true,
});
