import { defineConfig } from 'tsup';

// Both entries are built together with code splitting, so `secgov` and `secgov/testing`
// share one copy of every class (an error thrown from testing code is still
// `instanceof SecGovError` from the main entry), in ESM and in CJS.
export default defineConfig({
  entry: { index: 'src/index.ts', testing: 'src/testing/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  splitting: true,
  sourcemap: false,
  clean: true,
  treeshake: true,
  target: 'es2022',
  platform: 'neutral',
  external: ['vitest'],
});
