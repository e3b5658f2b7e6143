// The core (main entry) must stay browser-safe: bundle it for the browser and fail if anything
// pulls in a Node built-in. Run by .ci/run; `node .ci/browser-check.mjs`.
import { build } from 'esbuild';
import { builtinModules } from 'node:module';

const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const pulled = new Set();
const result = await build({
  entryPoints: ['src/index.ts'],
  bundle: true,
  platform: 'browser',
  format: 'esm',
  write: false,
  metafile: true,
  logLevel: 'silent',
  plugins: [
    {
      name: 'no-node-builtins',
      setup(b) {
        b.onResolve({ filter: /.*/ }, (args) => {
          if (builtins.has(args.path)) {
            pulled.add(`${args.path} (imported by ${args.importer})`);
            return { path: args.path, external: true };
          }
          return undefined;
        });
      },
    },
  ],
}).catch((error) => {
  console.error(`browser bundle of src/index.ts failed: ${error.message}`);
  process.exit(1);
});
if (pulled.size > 0) {
  console.error(`the main entry pulls in Node built-ins:\n  ${[...pulled].join('\n  ')}`);
  process.exit(1);
}
const bytes = result.outputFiles.reduce((n, f) => n + f.contents.length, 0);
console.log(`browser bundle of the main entry: ${(bytes / 1024).toFixed(0)} KiB, ${Object.keys(result.metafile.inputs).length} inputs, no Node built-ins`);
