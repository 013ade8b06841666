// Tests are TypeScript ES modules, run by ts-jest's ESM preset
// (npm test sets NODE_OPTIONS=--experimental-vm-modules, which jest's ESM support needs).
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.test.json' }],
  },
  testTimeout: 30000,
  // Most suites wait on the processes they start and on timers, not on a CPU: two at a time keep
  // the whole run near three minutes on a machine of two cores (one, jest's default there, took
  // more than five).
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/summary-reporter.cjs'],
};
