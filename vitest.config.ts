import { defineConfig } from 'vitest/config';

// Two groups, run one after the other: everything else in parallel first, then the probe's engine tests
// alone, because their denial-of-service steps measure a neighbour container's CPU work rate and must not
// share the machine's two cores with the rest of the suite.
export default defineConfig({
  test: {
    testTimeout: 30000,
    pool: 'threads',
    projects: [
      {
        extends: true,
        test: { name: 'main', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], exclude: ['test/probe/*.test.ts', '**/node_modules/**'], sequence: { groupOrder: 0 } },
      },
      { extends: true, test: { name: 'probe-dos', include: ['test/probe/*.test.ts'], sequence: { groupOrder: 1 } } },
    ],
  },
});
