// Shared vitest settings for every package (each package's vitest.config.ts extends this).
import { defineConfig } from 'vitest/config';

const conditions = ['@genai-otel/source', 'node', 'import', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    restoreMocks: true,
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
