// The end-to-end test runs alone (`pnpm test:e2e`): it starts real binaries and waits for real alert timers.
import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../vitest.shared.ts';

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      name: 'e2e',
      root: import.meta.dirname,
      include: ['*.test.ts'],
      testTimeout: 600_000,
      hookTimeout: 120_000,
      fileParallelism: false,
    },
  }),
);
