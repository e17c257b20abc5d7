// Two projects: "unit" (small tests beside the code, no services) and
// "integration" (tests/, against the real Kafka broker, PostgreSQL and models).
// The suite runs as native ESM (NestJS 12 is ESM-only): see scripts/test.mjs.
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest'] },
  moduleNameMapper: {
    '^#(album-sync-client|catalog|cli|config|contracts|database|demo-catalog|embedding|generation|host|http|lexical|messaging|observability|review-relevance|vector-store)$':
      '<rootDir>/libs/$1/src/index.ts',
    '^#apps/(.*)$': '<rootDir>/apps/$1.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testEnvironment: '<rootDir>/tests/node-environment.cjs',
  setupFiles: ['reflect-metadata'],
};

export default {
  testTimeout: 120_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/apps/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts'],
    },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/tests/**/*.test.ts'] },
  ],
};
