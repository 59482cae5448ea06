// The packaging test runs alone (`pnpm test:packaging`): it builds and packs every package and installs
// the tarballs with npm from the registry into a folder outside the workspace.
import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../vitest.shared.ts';

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      name: 'packaging',
      root: import.meta.dirname,
      include: ['*.test.ts'],
      testTimeout: 60_000,
      hookTimeout: 300_000,
    },
  }),
);
