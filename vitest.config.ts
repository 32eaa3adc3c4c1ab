import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/build-dist.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // End-to-end suites open ports and spawn processes; two cores here.
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
