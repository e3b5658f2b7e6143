// Every TypeScript sample in README.md and docs/*.md must type-check against the public API.
// Each ```ts block becomes a module; names the public entries export (read from the API reports in
// etc/) that the block uses without importing are imported for it, and a few variables guides
// assume (gov, model, changes...) are declared in samples.d.ts. `node .ci/docs-samples.mjs`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, '.tmp', 'doc-samples');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// Exported names per entry, from the API reports.
const entries = { secgov: 'secgov.api.md', 'secgov/testing': 'secgov-testing.api.md', 'secgov/postgres': 'secgov-postgres.api.md' };
const owner = new Map();
for (const [module, file] of Object.entries(entries)) {
  const text = readFileSync(join(root, 'etc', file), 'utf8');
  for (const m of text.matchAll(/^export (?:declare )?(?:abstract )?(?:function|const|class|interface|type|enum|let) ([A-Za-z_$][\w$]*)/gm)) if (!owner.has(m[1])) owner.set(m[1], module);
}

// Top-level names a guide's earlier samples declare: later samples of the same guide continue them.
const topLevel = (code) => [...code.matchAll(/^(?:export\s+)?(?:const|let|var|function|class)\s+(?:\{([^}]*)\}|([A-Za-z_$][\w$]*))/gm)]
  .flatMap((d) => (d[1] ? d[1].split(',').map((s) => s.trim().split(':').pop().trim()) : [d[2]]))
  .filter(Boolean);
const globals = new Set(['gov', 'model', 'changes', 'clock', 'store', 'xml', 'access', 'freshDatabase']);

const files = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];
let count = 0;
for (const file of files) {
  const text = readFileSync(join(root, file), 'utf8');
  let n = 0;
  const carried = new Set();
  for (const m of text.matchAll(/^```ts\n([\s\S]*?)^```/gm)) {
    const code = m[1];
    const own = new Set(topLevel(code));
    const imported = new Set([...code.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}/g)].flatMap((i) => i[1].split(',').map((s) => s.trim().split(/\s+as\s+/).pop()).filter(Boolean)));
    const declared = new Set([...code.matchAll(/(?:const|let|function|class|interface|type)\s+([A-Za-z_$][\w$]*)/g)].map((d) => d[1]));
    const needed = new Map();
    for (const id of new Set(code.match(/\b[A-Za-z_$][\w$]*\b/g) ?? [])) {
      const module = owner.get(id);
      if (module && !imported.has(id) && !declared.has(id)) {
        if (!needed.has(module)) needed.set(module, []);
        needed.get(module).push(id);
      }
    }
    const continued = [...new Set(code.match(/\b[A-Za-z_$][\w$]*\b/g) ?? [])].filter((id) => carried.has(id) && !own.has(id) && !imported.has(id) && !globals.has(id));
    for (const id of own) carried.add(id);
    const preamble = [
      ...[...needed].map(([module, ids]) => `import { ${ids.join(', ')} } from '${module}';`),
      // Names an earlier sample of this guide declared: their types are not checked here.
      ...continued.map((id) => `declare const ${id}: any;`),
    ].join('\n');
    const line = text.slice(0, m.index).split('\n').length + 1;
    const name = `${file.replace(/[\\/]/g, '_').replace(/\.md$/, '')}-${++n}.ts`;
    writeFileSync(join(out, name), `// ${file}:${line}\n${preamble}\n${code}\nexport {};\n`);
    count++;
  }
}
writeFileSync(join(out, 'samples.d.ts'), `// Variables the guides' samples assume.
import type { ChangeInput, Governance, SecurityModel, Store } from 'secgov';
import type { ManualClock } from 'secgov/testing';
import type { AccessIndex } from 'secgov';
declare global {
  const gov: Governance;
  let model: SecurityModel;
  const changes: ChangeInput[];
  const clock: ManualClock;
  const store: Store;
  const xml: string;
  const access: AccessIndex;
  function freshDatabase(): Promise<unknown>;
}
export {};
`);
// The store adapter the persistence guide imports as an example.
writeFileSync(join(out, 'my-store.ts'), `import type { Store } from 'secgov';
export declare function myStore(options: unknown): Store;
`);
writeFileSync(join(out, 'tsconfig.json'), JSON.stringify({
  compilerOptions: {
    target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', strict: true, noEmit: true, skipLibCheck: true, types: ['node'],
    noUnusedLocals: false, allowImportingTsExtensions: false, baseUrl: '.', typeRoots: [join(root, 'node_modules/@types')],
    paths: { secgov: [join(root, 'src/index.ts')], 'secgov/testing': [join(root, 'src/testing/index.ts')], 'secgov/postgres': [join(root, 'src/postgres.ts')] },
  },
  include: ['*.ts'],
}, null, 2));
try {
  execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', join(out, 'tsconfig.json')], { stdio: 'inherit' });
  console.log(`${count} TypeScript samples in README.md and docs/ type-check`);
} catch {
  console.error(`TypeScript samples in the docs do not type-check (files in ${out}: the first line of each names the guide and line)`);
  process.exit(1);
}
