// Root test configuration: one vitest project per package under packages/.
// Workspace packages resolve to their TypeScript sources through the `@genai-otel/source`
// export condition, so tests never need a build first.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*', 'dashboards'],
  },
});
