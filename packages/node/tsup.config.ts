import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/cli.ts', 'src/register.ts'],
  format: ['esm', 'cjs'],
  dts: { entry: ['src/index.ts', 'src/register.ts'] },
  sourcemap: true,
  clean: true,
  target: 'node22',
});
