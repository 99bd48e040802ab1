import { defineConfig } from 'vitest/config';

// Browser tests drive the built page (dist/) in the system Chromium with WebGPU on the software
// adapter. One file at a time: two Chromiums on a 2-core machine only slow each other down.
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    globalSetup: ['test/browser/global-setup.ts'],
    testTimeout: 240_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
