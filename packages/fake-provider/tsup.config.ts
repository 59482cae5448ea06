import { defineConfig } from 'tsup';

export default defineConfig({
  // cli.ts is the `genai-otel-fake-provider` bin (package.json "bin" → dist/cli.js).
  entry: ['src/index.ts', 'src/cli.ts'],
  format: ['esm', 'cjs'],
  dts: { entry: 'src/index.ts' },
  sourcemap: true,
  clean: true,
  target: 'node22',
});
