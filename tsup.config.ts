import { defineConfig } from 'tsup';

// All entries are built together with code splitting, so `secgov`, `secgov/testing` and
// `secgov/postgres` share one copy of every class (an error thrown from testing or postgres code
// is still `instanceof SecGovError` from the main entry), in ESM and in CJS. `pg` is never
// imported by the package (the adapter declares the pool shape it needs).
// The command line (`bin: secgov`) is a separate ESM-only build for Node: it is an application,
// not a library entry, and reads files with node:fs.
export default defineConfig([{
  entry: { index: 'src/index.ts', testing: 'src/testing/index.ts', postgres: 'src/postgres.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  splitting: true,
  sourcemap: false,
  clean: true,
  treeshake: true,
  target: 'es2022',
  platform: 'neutral',
  external: ['vitest', 'pg'],
}, {
  entry: { cli: 'src/cli/bin.ts' },
  format: ['esm'],
  dts: false,
  splitting: false,
  sourcemap: false,
  clean: false,
  treeshake: true,
  target: 'node20',
  platform: 'node',
  external: ['vitest', 'pg'],
}]);
