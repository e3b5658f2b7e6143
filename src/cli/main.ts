/**
 * The `secgov` command line: validate, question, report on and convert security models from a CI
 * pipeline or a terminal. Exit codes: 0 nothing found, 1 findings (SoD violations, similarity above
 * the level, validation errors, differences), 2 bad usage or unreadable input.
 *
 * @module
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { compileAccess } from '../access/index.js';
import { compileLicenses } from '../licensing/compile.js';
import { applyChanges } from '../model/apply.js';
import { SecGovError } from '../model/errors.js';
import { idKey } from '../model/ids.js';
import type { SecurityModel } from '../model/model.js';
import { rights, type Right } from '../model/schemas.js';
import { sodRuleSchema, type SodRuleInput } from '../model/governance-schemas.js';
import { verifyCompliance } from '../sod/compliance.js';
import { roleConflicts } from '../sod/roles.js';
import { similarityReport } from '../sod/similarity.js';
import { compareModels } from '../versioning/compare.js';
import { renderComparison } from '../versioning/render.js';
import { exportXmlChunks } from '../transfer/format/export.js';
import { draftRolesToAotProject } from '../transfer/aot/model.js';
import { sodConflictsReport, separationOfPrivilegesReport } from '../reports/sod.js';
import { licenseUsageReport, type LicenseReportBy } from '../reports/licenses.js';
import { dormantUsersReport, userAgingReport } from '../reports/aging.js';
import { userSecurityAnalysis } from '../reports/analysis.js';
import { renderReport, reportFormats, type ReportFormat } from '../reports/render.js';
import type { ReportDocument } from '../reports/document.js';
import { generateModel } from '../testing/generate.js';
import { loadInput, nodeFileSystem } from './input.js';
import { writeListing, type CliIo, type Listing } from './output.js';

/** Exit codes of the CLI. */
export const exitCodes = { ok: 0, findings: 1, usage: 2 } as const;

/** A usage mistake: exit code 2 with a one-line message. */
class UsageError extends Error {}

type Values = Record<string, string | boolean | string[] | undefined>;

interface Command {
  readonly usage: string;
  readonly summary: string;
  readonly example: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  readonly positionals: number;
  run(args: { values: Values; positionals: string[]; io: CliIo; format: 'table' | 'json'; now: string }): Promise<number>;
}

const common = {
  format: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  debug: { type: 'boolean' },
} as const;

const str = (values: Values, name: string): string | undefined => {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
};
const need = (values: Values, name: string): string => {
  const v = str(values, name);
  if (v === undefined || v === '') throw new UsageError(`--${name} is required`);
  return v;
};

function note(io: CliIo, text: string): void {
  io.stderr.write(`${text}\n`);
}

async function load(io: CliIo, path: string): Promise<SecurityModel> {
  if (io.stderrIsTty) note(io, `reading ${path}…`);
  const input = await loadInput(path);
  for (const n of input.notes.slice(0, 5)) note(io, `note: ${n}`);
  return input.model;
}

async function writeOut(io: CliIo, out: string | undefined, chunks: Iterable<string>): Promise<void> {
  if (out === undefined) {
    for (const c of chunks) io.stdout.write(c);
    return;
  }
  let text = '';
  for (const c of chunks) text += c;
  await writeFile(out, text);
  note(io, `wrote ${out}`);
}

/** Rules from a JSON file (an array of rules, or `{ "sodRules": [...] }`) added to or replacing those of the model. */
async function withRules(model: SecurityModel, path: string): Promise<SecurityModel> {
  const { readFile } = await import('node:fs/promises');
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new SecGovError('PARSE_FAILED', `cannot read rules from "${path}": ${(error as Error).message}`, { file: path });
  }
  const list = Array.isArray(data) ? data : (data as { sodRules?: unknown })?.sodRules;
  if (!Array.isArray(list)) throw new SecGovError('PARSE_FAILED', `"${path}" must hold an array of SoD rules or { "sodRules": [...] }`, { file: path });
  const changes = (list as SodRuleInput[]).flatMap((rule) => {
    const parsed = sodRuleSchema.safeParse(rule);
    const id = parsed.success ? parsed.data.id : undefined;
    return id !== undefined && model.sodRules.has(idKey(id)) ? [{ op: 'remove' as const, kind: 'sodRule' as const, id }, { op: 'add' as const, kind: 'sodRule' as const, value: rule }] : [{ op: 'add' as const, kind: 'sodRule' as const, value: rule }];
  });
  return applyChanges(model, changes);
}

const commands: Record<string, Command> = {
  demo: {
    usage: 'secgov demo',
    summary: 'A short tour on a generated model: an access question, SoD, licences.',
    example: 'secgov demo',
    options: {},
    positionals: 0,
    async run({ io, format, now }) {
      const model = generateModel({ seed: 1, size: 'small' });
      const access = compileAccess(model);
      const user = [...model.users.values()].find((u) => u.enabled && idKey(u.id) !== 'admin')!;
      const reach = access.rightsOf(user.id).slice(0, 1)[0];
      const licenses = compileLicenses(model).summary();
      const listing: Listing = {
        summary: `Generated model: ${model.users.size} users, ${model.roles.size} roles, ${model.privileges.size} privileges. ${user.id} can reach ${access.rightsOf(user.id).length} entry points${reach ? `, e.g. ${reach.entryPoint}` : ''}. SoD violations now: ${verifyCompliance(model, { at: now }).violations.length} (no rules yet). Licences:`,
        columns: ['licence', 'base', 'attach'],
        rows: licenses.licenses.map((l) => [l.license, l.base, l.attach]),
        json: { users: model.users.size, roles: model.roles.size, licenses },
      };
      writeListing(io, listing, format);
      return exitCodes.ok;
    },
  },
  validate: {
    usage: 'secgov validate <input>',
    summary: 'Check a model completely (references, duplicates, cycles, licences) and its roles against its SoD rules.',
    example: 'secgov validate security.xml',
    options: {},
    positionals: 1,
    async run({ positionals, io, format }) {
      let model: SecurityModel;
      try {
        model = await load(io, positionals[0]!);
      } catch (error) {
        if (error instanceof SecGovError && validationCodes.has(error.code)) {
          const problems = (error.details['problems'] as { code: string; message: string }[] | undefined) ?? [{ code: error.code, message: error.message }];
          writeListing(io, { summary: `${problems.length} problem(s) found`, columns: ['code', 'problem'], rows: problems.map((p) => [p.code, p.message]), json: { ok: false, problems } }, format);
          return exitCodes.findings;
        }
        throw error;
      }
      const violations = [...model.roles.values()].flatMap((r) => roleConflicts(model, r.id));
      writeListing(io, {
        summary: violations.length === 0 ? `valid: ${model.roles.size} roles, ${model.duties.size} duties, ${model.privileges.size} privileges, ${model.users.size} users` : `${violations.length} role(s) break an SoD rule`,
        columns: ['role', 'rule', 'first duty', 'second duty'],
        rows: violations.map((v) => [v.role, v.rule, v.firstDuty, v.secondDuty]),
        json: { ok: violations.length === 0, roleViolations: violations },
      }, format);
      return violations.length === 0 ? exitCodes.ok : exitCodes.findings;
    },
  },
  check: {
    usage: 'secgov check <input> --user U --entry-point E --right R [--org O] [--explain]',
    summary: 'Can the user exercise the right on the entry point? With --explain, the paths behind the answer.',
    example: 'secgov check security.json --user alice --entry-point menu-item-display:VendTable --right read --explain',
    options: { user: { type: 'string' }, 'entry-point': { type: 'string' }, right: { type: 'string' }, org: { type: 'string' }, explain: { type: 'boolean' } },
    positionals: 1,
    async run({ values, positionals, io, format }) {
      const model = await load(io, positionals[0]!);
      const right = need(values, 'right');
      if (!(rights as readonly string[]).includes(right)) throw new UsageError(`--right must be one of ${rights.join(', ')}`);
      const access = compileAccess(model);
      const org = str(values, 'org');
      const explanation = access.explain(need(values, 'user'), need(values, 'entry-point'), right as Right, org);
      const rows = values['explain'] === true ? explanation.paths.map((p) => [p.permission, p.roles.join(' → '), p.duty ?? '', p.privilege]) : [];
      writeListing(io, {
        summary: `${explanation.allowed ? 'allowed' : 'not allowed'}: ${explanation.user} ${right} ${explanation.entryPoint}${org ? ` in ${org}` : ''}${explanation.reason ? ` (${explanation.reason})` : ''}`,
        columns: ['effect', 'roles', 'duty', 'privilege'],
        rows,
        json: explanation,
      }, format);
      return exitCodes.ok;
    },
  },
  who: {
    usage: 'secgov who <input> --entry-point E --right R [--org O]',
    summary: 'Which users can exercise the right on the entry point (in every organization, or in one).',
    example: 'secgov who security.json --entry-point menu-item-action:VendPaymentPost --right invoke --org USMF',
    options: { 'entry-point': { type: 'string' }, right: { type: 'string' }, org: { type: 'string' } },
    positionals: 1,
    async run({ values, positionals, io, format }) {
      const model = await load(io, positionals[0]!);
      const right = need(values, 'right');
      if (!(rights as readonly string[]).includes(right)) throw new UsageError(`--right must be one of ${rights.join(', ')}`);
      const users = compileAccess(model).whoCanReach(need(values, 'entry-point'), right as Right, str(values, 'org'));
      writeListing(io, { summary: `${users.length} user(s)`, columns: ['user'], rows: users.map((u) => [u]), json: users }, format);
      return exitCodes.ok;
    },
  },
  sod: {
    usage: 'secgov sod <input> [--rules rules.json] [--at instant]',
    summary: 'Scan every user for SoD violations (exit 1 when there are any).',
    example: 'secgov sod security.xml --rules sod-rules.json',
    options: { rules: { type: 'string' }, at: { type: 'string' } },
    positionals: 1,
    async run({ values, positionals, io, format, now }) {
      let model = await load(io, positionals[0]!);
      const rules = str(values, 'rules');
      if (rules !== undefined) model = await withRules(model, rules);
      const report = verifyCompliance(model, { at: str(values, 'at') ?? now });
      const roles = [...model.roles.values()].flatMap((r) => roleConflicts(model, r.id));
      const count = report.violations.length + roles.length;
      writeListing(io, {
        summary: `${report.violations.length} user violation(s), ${report.overridden.length} overridden, ${roles.length} role(s) breaking a rule, ${model.sodRules.size} rule(s), ${report.users} users`,
        columns: ['user', 'rule', 'severity', 'first duty via', 'second duty via', 'organizations'],
        rows: report.violations.map((v) => [v.user, v.rule, v.severity, `${v.firstDuty} (${v.firstRoles.join(', ')})`, `${v.secondDuty} (${v.secondRoles.join(', ')})`, v.organizations === 'all' ? 'all' : v.organizations.join(', ')]),
        json: { ...report, roleViolations: roles },
      }, format);
      return count === 0 ? exitCodes.ok : exitCodes.findings;
    },
  },
  similarity: {
    usage: 'secgov similarity <input> --level N [--kind privilege|duty]',
    summary: 'Duties or privileges whose entry points another grants at or above the level (exit 1 when any).',
    example: 'secgov similarity security.xml --level 90 --kind duty',
    options: { level: { type: 'string' }, kind: { type: 'string' } },
    positionals: 1,
    async run({ values, positionals, io, format }) {
      const model = await load(io, positionals[0]!);
      const level = Number(need(values, 'level'));
      if (!Number.isFinite(level) || level < 0 || level > 100) throw new UsageError('--level must be a number from 0 to 100');
      const kind = str(values, 'kind');
      if (kind !== undefined && kind !== 'privilege' && kind !== 'duty') throw new UsageError('--kind must be privilege or duty');
      const kinds = kind === undefined ? (['duty', 'privilege'] as const) : ([kind] as const);
      const pairs = kinds.flatMap((k) => similarityReport(model, k, level));
      writeListing(io, {
        summary: `${pairs.length} pair(s) at or above ${level}%`,
        columns: ['kind', 'object', 'also granted by', 'shared', 'of', 'percent'],
        rows: pairs.map((p) => [p.kind, p.object, p.other, p.shared, p.total, Math.round(p.percent * 100) / 100]),
        json: pairs,
      }, format);
      return pairs.length === 0 ? exitCodes.ok : exitCodes.findings;
    },
  },
  licenses: {
    usage: 'secgov licenses <input> --by user|role|duty|privilege|entry-point',
    summary: 'Licence usage per object, with totals per licence.',
    example: 'secgov licenses security.json --by user --format json',
    options: { by: { type: 'string' } },
    positionals: 1,
    async run({ values, positionals, io, format }) {
      const model = await load(io, positionals[0]!);
      const by = need(values, 'by');
      if (!['user', 'role', 'duty', 'privilege', 'entry-point'].includes(by)) throw new UsageError('--by must be user, role, duty, privilege or entry-point');
      return writeReport(io, licenseUsageReport(model, { by: by as LicenseReportBy }), format);
    },
  },
  aging: {
    usage: 'secgov aging <input> [--at instant] [--days N]',
    summary: 'User activity aging over the five configured periods; with --days, the dormant users.',
    example: 'secgov aging security.json --days 90',
    options: { at: { type: 'string' }, days: { type: 'string' } },
    positionals: 1,
    async run({ values, positionals, io, format, now }) {
      const model = await load(io, positionals[0]!);
      const at = str(values, 'at') ?? now;
      const days = str(values, 'days');
      if (days === undefined) return writeReport(io, userAgingReport(model, { at }), format);
      const n = Number(days);
      if (!Number.isInteger(n) || n < 0) throw new UsageError('--days must be a whole number of days');
      return writeReport(io, dormantUsersReport(model, { at, daysInactive: n }), format);
    },
  },
  diff: {
    usage: 'secgov diff <old> <new>',
    summary: 'What changed between two models (exit 1 when anything did).',
    example: 'secgov diff main.xml feature.xml',
    options: {},
    positionals: 2,
    async run({ positionals, io, format }) {
      const [a, b] = [await load(io, positionals[0]!), await load(io, positionals[1]!)];
      const comparison = compareModels(a, b);
      if (format === 'json') io.stdout.write(`${JSON.stringify(comparison, null, 2)}\n`);
      else io.stdout.write(`${renderComparison(comparison)}\n`);
      return comparison.entries.length === 0 ? exitCodes.ok : exitCodes.findings;
    },
  },
  export: {
    usage: 'secgov export <input> [--parts governance|configuration|both] [--out file.xml]',
    summary: 'Write the model in the secgov XML transfer format (deterministic, diff-friendly).',
    example: 'secgov export AxSecurity/ --parts configuration --out security.xml',
    options: { parts: { type: 'string' }, out: { type: 'string' } },
    positionals: 1,
    async run({ values, positionals, io }) {
      const model = await load(io, positionals[0]!);
      const parts = str(values, 'parts') ?? 'both';
      if (!['governance', 'configuration', 'both'].includes(parts)) throw new UsageError('--parts must be governance, configuration or both');
      await writeOut(io, str(values, 'out'), exportXmlChunks(model, { parts: parts as 'both' }));
      return exitCodes.ok;
    },
  },
  'aot read': {
    usage: 'secgov aot read <folder> [--out state.json]',
    summary: 'Read a folder of AOT security files (AxSecurityRole, AxSecurityDuty, AxSecurityPrivilege and extensions).',
    example: 'secgov aot read PackagesLocalDirectory/MyModel/MyModel --out state.json',
    options: { out: { type: 'string' } },
    positionals: 1,
    async run({ values, positionals, io, format }) {
      const model = await load(io, positionals[0]!);
      const out = str(values, 'out');
      if (out !== undefined) {
        const { modelToData } = await import('../model/data.js');
        await writeFile(out, `${JSON.stringify(modelToData(model), null, 2)}\n`);
        note(io, `wrote ${out}`);
      }
      const licenses = compileLicenses(model);
      writeListing(io, {
        summary: `${model.roles.size} role(s), ${model.duties.size} duty(ies), ${model.privileges.size} privilege(s), ${model.entryPoints.size} entry point(s)`,
        columns: ['role', 'duties', 'privileges', 'sub-roles', 'licences'],
        rows: [...model.roles.values()].map((r) => [r.id, r.duties.length, r.privileges.length, r.subRoles.length, licenses.ofRole(r.id).licenses.join(', ') || 'none']),
        json: [...model.roles.values()].map((r) => ({ role: r.id, licenses: licenses.ofRole(r.id).licenses })),
      }, format);
      return exitCodes.ok;
    },
  },
  'aot write': {
    usage: 'secgov aot write <input> --out <folder> [--project name] [--model name] [--roles a,b]',
    summary: 'Write roles (with their duties and privileges) as AOT files plus a Visual Studio project listing them.',
    example: 'secgov aot write security.xml --out ./aot --project SecurityDrafts --model MyModel',
    options: { out: { type: 'string' }, project: { type: 'string' }, model: { type: 'string' }, roles: { type: 'string' } },
    positionals: 1,
    async run({ values, positionals, io }) {
      const model = await load(io, positionals[0]!);
      const out = need(values, 'out');
      const roles = str(values, 'roles')?.split(',').map((r) => r.trim()).filter(Boolean) ?? [...model.roles.values()].map((r) => r.id);
      const project = draftRolesToAotProject(model, roles, { projectName: str(values, 'project') ?? 'SecurityDrafts', modelName: str(values, 'model') ?? 'SecurityDrafts' });
      for (const file of project.files) {
        const path = `${out}/${file.path}`;
        await nodeFileSystem.mkdir!(path.slice(0, path.lastIndexOf('/')), { recursive: true });
        await nodeFileSystem.writeFile!(path, file.content);
      }
      note(io, `wrote ${project.files.length} file(s) to ${out}`);
      return exitCodes.ok;
    },
  },
  report: {
    usage: 'secgov report <name> <input> [--format json|csv|md|html] [--out file] [--at instant] [--by ...] [--user U] [--days N] [--level N]',
    summary: 'A report (sod, similarity, licenses, aging, dormant, analysis) in JSON, CSV, Markdown or self-contained HTML.',
    example: 'secgov report sod security.xml --format html --out sod.html',
    options: { out: { type: 'string' }, at: { type: 'string' }, by: { type: 'string' }, user: { type: 'string' }, days: { type: 'string' }, level: { type: 'string' } },
    positionals: 2,
    async run({ values, positionals, io, now }) {
      const [name, path] = positionals as [string, string];
      const format = (str(values, 'format') ?? 'json') as ReportFormat;
      if (!(reportFormats as readonly string[]).includes(format)) throw new UsageError(`--format must be one of ${reportFormats.join(', ')}`);
      if (!reportNames.includes(name)) throw new UsageError(`unknown report "${name}": one of ${reportNames.join(', ')}`);
      const model = await load(io, path);
      const at = str(values, 'at') ?? now;
      const report = makeReport(name, model, values, at);
      await writeOut(io, str(values, 'out'), renderReport(report, format));
      return exitCodes.ok;
    },
  },
};

const reportNames = ['sod', 'similarity', 'licenses', 'aging', 'dormant', 'analysis'];

function makeReport(name: string, model: SecurityModel, values: Values, at: string): ReportDocument {
  switch (name) {
    case 'sod':
      return sodConflictsReport(model, { at });
    case 'similarity': {
      const level = str(values, 'level');
      return separationOfPrivilegesReport(model, level === undefined ? {} : { level: Number(level) });
    }
    case 'licenses':
      return licenseUsageReport(model, { by: (str(values, 'by') ?? 'user') as LicenseReportBy });
    case 'aging':
      return userAgingReport(model, { at });
    case 'dormant':
      return dormantUsersReport(model, { at, daysInactive: Number(str(values, 'days') ?? 90) });
    default:
      return userSecurityAnalysis(model, need(values, 'user'));
  }
}

async function writeReport(io: CliIo, report: ReportDocument, format: 'table' | 'json'): Promise<number> {
  if (format === 'json') {
    for (const chunk of renderReport(report, 'json')) io.stdout.write(chunk);
    return exitCodes.ok;
  }
  // A terminal gets the main table as text; the other tables are in --format json.
  const { renderMarkdown } = await import('../reports/render-text.js');
  for (const chunk of renderMarkdown(report)) io.stdout.write(chunk);
  return exitCodes.ok;
}

const validationCodes = new Set(['VALIDATION_FAILED', 'MISSING_REFERENCE', 'DUPLICATE_ID', 'ROLE_CYCLE', 'IN_USE', 'SOD_ROLE_CONFLICT']);

function help(command?: string): string {
  if (command !== undefined) {
    const c = commands[command]!;
    return `${c.usage}\n\n${c.summary}\n\nExample:\n  ${c.example}\n\nOptions: --format table|json (default: table on a terminal, JSON otherwise), --debug (stack traces), --help\n`;
  }
  const lines = Object.values(commands).map((c) => `  ${c.usage}\n      ${c.summary}`);
  return `secgov: ERP user security governance from the command line.\n\n<input> is a secgov XML document, a JSON state or a folder of AOT security files, detected by content.\nExit codes: 0 nothing found, 1 findings (SoD violations, similarity above the level, validation errors, differences), 2 bad usage or unreadable input.\n\nCommands:\n${lines.join('\n')}\n\nRun secgov <command> --help for an example.\n`;
}

/**
 * Run the CLI with `argv` (without the node and script paths).
 * @returns the exit code
 */
export async function main(argv: readonly string[], io: CliIo, now: () => string = () => new Date().toISOString()): Promise<number> {
  const debug = argv.includes('--debug');
  let name = argv[0];
  let rest = argv.slice(1);
  if (name === 'aot') {
    name = `aot ${argv[1] ?? ''}`;
    rest = argv.slice(2);
  }
  try {
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      io.stdout.write(help());
      return name === undefined ? exitCodes.usage : exitCodes.ok;
    }
    const command = commands[name];
    if (!command) throw new UsageError(`unknown command "${name}"; run secgov --help`);
    let parsed;
    try {
      parsed = parseArgs({ args: [...rest], options: { ...common, ...command.options }, allowPositionals: true, strict: true });
    } catch (error) {
      throw new UsageError((error as Error).message.split('\n')[0]!);
    }
    const values = parsed.values as Values;
    if (values['help'] === true) {
      io.stdout.write(help(name));
      return exitCodes.ok;
    }
    if (parsed.positionals.length !== command.positionals) {
      throw new UsageError(`${name} takes ${command.positionals} argument(s): ${command.usage}`);
    }
    const formatValue = str(values, 'format');
    if (name !== 'report' && formatValue !== undefined && formatValue !== 'table' && formatValue !== 'json') throw new UsageError('--format must be table or json');
    const format = (formatValue ?? (io.stdoutIsTty ? 'table' : 'json')) as 'table' | 'json';
    return await command.run({ values, positionals: parsed.positionals, io, format, now: now() });
  } catch (error) {
    if (debug && error instanceof Error) io.stderr.write(`${error.stack ?? error.message}\n`);
    if (error instanceof UsageError) {
      io.stderr.write(`secgov: ${error.message}\n`);
      return exitCodes.usage;
    }
    if (error instanceof SecGovError) {
      io.stderr.write(`secgov: ${error.code}: ${error.message.split('\n')[0]}\n`);
      return exitCodes.usage;
    }
    io.stderr.write(`secgov: unexpected error: ${(error as Error)?.message ?? String(error)}${debug ? '' : ' (run with --debug for details)'}\n`);
    return exitCodes.usage;
  }
}
