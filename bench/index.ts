/**
 * `npm run bench`: generate a model of the chosen size, run every benchmark section on it, print
 * a table of figures, ratios and goals, and write them as JSON.
 *
 * ```
 * npm run bench                          # d365 size, writes bench/results.json
 * npm run bench -- --smoke               # small size, few iterations: proves the code runs (CI)
 * npm run bench -- --size medium --section access --seed 7 --out /tmp/results.json
 * ```
 *
 * @module
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyTrustedChanges } from '../src/model/apply.js';
import { modelDataSchema, modelDataToChanges } from '../src/model/data.js';
import { emptyModel } from '../src/model/model.js';
import type { SecurityModel } from '../src/model/model.js';
import { generateModelData, modelSizes, type ModelSize } from '../src/testing/generate.js';
import type { BenchContext } from './context.js';
import { BenchReport } from './report.js';
import { sections } from './sections.js';
import { garbageCollector, heapUsed, sink } from './timing.js';

interface Options {
  readonly size: ModelSize;
  readonly smoke: boolean;
  readonly seed: number;
  readonly out: string | undefined;
  readonly only: readonly string[];
}

const usage = `usage: npm run bench -- [--smoke] [--size ${Object.keys(modelSizes).join('|')}] [--seed N] [--section NAME | NAME]... [--out FILE]
  --smoke     run every section on the 'small' model with few iterations (seconds; for CI)
  --size      model size (default d365; 'small' with --smoke)
  --seed      generator seed (default 1)
  --section   run only this section (${sections.map((s) => s.name).join(', ')}); repeatable
  --out       where to write the JSON results (default bench/results.json; a temp file with --smoke)`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${usage}\n`);
  process.exit(2);
}

function parseArgs(argv: readonly string[]): Options {
  let size: string | undefined;
  let smoke = false;
  let seed = 1;
  let out: string | undefined;
  const only: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) fail(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--smoke': smoke = true; break;
      case '--size': size = value(); break;
      case '--seed': seed = Number(value()); break;
      case '--out': out = value(); break;
      case '--section': only.push(value()); break;
      case '--help': case '-h': process.stdout.write(`${usage}\n`); process.exit(0); break;
      default:
        // A bare section name (`npm run bench -- postgres`) is the same as --section NAME.
        if (!arg.startsWith('-') && sections.some((s) => s.name === arg)) only.push(arg);
        else fail(`unknown argument ${arg}`);
    }
  }
  const chosen = size ?? (smoke ? 'small' : 'd365');
  if (!Object.hasOwn(modelSizes, chosen)) fail(`unknown size ${chosen}`);
  if (!Number.isSafeInteger(seed) || seed < 0) fail('--seed must be a non-negative integer');
  for (const name of only) if (!sections.some((s) => s.name === name)) fail(`unknown section ${name}`);
  return { size: chosen as ModelSize, smoke, seed, out, only };
}

/** Build the model the way createModel does, timing its two halves (zod parse, immer apply + validation). */
function buildModel(options: Options, report: BenchReport, log: (m: string) => void): SecurityModel {
  log(`model: generating '${options.size}' (seed ${options.seed})`);
  let start = performance.now();
  const data = generateModelData({ seed: options.seed, size: options.size });
  report.figure('model', 'model.generate_ms', performance.now() - start, 'ms', 'generateModelData (plain records)');
  start = performance.now();
  const parsed = modelDataSchema.parse(data);
  report.figure('model', 'model.parse_ms', performance.now() - start, 'ms', 'createModel, part 1: zod parse of the model data');
  start = performance.now();
  const model = applyTrustedChanges(emptyModel(), modelDataToChanges(parsed));
  report.figure('model', 'model.apply_ms', performance.now() - start, 'ms', 'createModel, part 2: applyChanges (immer) + validation');
  return model;
}

function counts(model: SecurityModel): Record<string, number> {
  let grants = 0;
  for (const p of model.privileges.values()) grants += p.grants.length;
  return {
    entryPoints: model.entryPoints.size,
    privileges: model.privileges.size,
    grants,
    duties: model.duties.size,
    roles: model.roles.size,
    users: model.users.size,
    organizations: model.organizations.size,
    assignments: model.assignments.size,
  };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
  const gcAvailable = garbageCollector() !== undefined;
  const report = new BenchReport();
  const model = buildModel(options, report, log);
  const modelCounts = counts(model);
  report.figure('model', 'model.heap_mb', heapUsed() / (1024 * 1024), 'MB', 'heap in use with the model loaded (after gc)');
  const context: BenchContext = {
    size: options.size,
    seed: options.seed,
    smoke: options.smoke,
    model,
    report,
    scale: (full, smoke) => (options.smoke ? smoke : full),
    log,
  };
  for (const section of sections) {
    if (options.only.length > 0 && !options.only.includes(section.name)) continue;
    log(`section ${section.name}: ${section.title}`);
    await section.run(context);
  }

  const cpus = os.cpus();
  const results = {
    ...report.toJSON({
      size: options.size,
      seed: options.seed,
      smoke: options.smoke,
      gcAvailable,
      environment: { node: process.version, platform: `${process.platform}-${process.arch}`, cpus: cpus.length, cpuModel: cpus[0]?.model ?? 'unknown' },
    }),
    model: modelCounts,
  };
  const here = path.dirname(fileURLToPath(import.meta.url));
  const out = options.out ?? (options.smoke ? path.join(os.tmpdir(), 'secgov-bench-smoke.json') : path.join(here, 'results.json'));
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);

  const shape = Object.entries(modelCounts).map(([k, v]) => `${v.toLocaleString('en-US')} ${k}`).join(', ');
  process.stdout.write(
    `secgov bench: size ${options.size}${options.smoke ? ' (smoke: few iterations, figures not meaningful)' : ''}, seed ${options.seed}, node ${process.version}, ${cpus.length} CPUs, gc ${gcAvailable ? 'forced before heap readings' : 'NOT available: heap figures include garbage'}\n` +
      `model: ${shape}\n` +
      `ratios are taken between figures of this run; absolute times vary with machine load\n\n` +
      `${report.format()}\n\nwritten to ${out} (sink ${sink.value})\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
