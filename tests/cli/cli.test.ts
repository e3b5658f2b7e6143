import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyChanges, createModel, exportXml, modelToData } from '../../src/index.js';
import { scenarioData } from '../governance/fixture.js';

let dir: string;
let cli: string;

/** Run the built binary; stdout is a pipe, so output defaults to JSON. */
function run(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const rule = { id: 'SOD-1', name: 'Journals vs payments', firstDuty: 'LedgerJournalMaintainDuty', secondDuty: 'VendPaymentDuty', severity: 'high' };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'secgov-cli-'));
  // The binary as tsup builds it for `bin`: one ESM file for Node.
  cli = join(dir, 'cli.mjs');
  await build({ entryPoints: ['src/cli/bin.ts'], bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: cli, logLevel: 'silent', external: ['pg'] });
  const model = createModel(scenarioData());
  writeFileSync(join(dir, 'state.json'), JSON.stringify(modelToData(model)));
  writeFileSync(join(dir, 'state.xml'), exportXml(model));
  const violating = applyChanges(model, [{ op: 'assign', assignment: { user: 'carol', role: 'PaymentsClerk' } }]);
  writeFileSync(join(dir, 'violating.json'), JSON.stringify(modelToData(violating)));
  writeFileSync(join(dir, 'rules.json'), JSON.stringify([rule]));
  writeFileSync(join(dir, 'broken.json'), JSON.stringify({ ...modelToData(model), roles: [{ id: 'X', name: 'X', duties: ['Nope'] }] }));
  writeFileSync(join(dir, 'garbage.txt'), 'hello');
  writeFileSync(join(dir, 'hostile.xml'), '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "c">]><a>&b;</a>');
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('secgov CLI', () => {
  it('prints help with examples, and exits 2 without a command', () => {
    const help = run('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('secgov sod <input>');
    expect(run().code).toBe(2);
    for (const c of ['validate', 'check', 'who', 'sod', 'similarity', 'licenses', 'aging', 'diff', 'export', 'report', 'demo']) {
      const r = run(c, '--help');
      expect(r.code, c).toBe(0);
      expect(r.stdout, c).toContain('Example:');
    }
    expect(run('aot', 'read', '--help').stdout).toContain('Example:');
  });

  it('demo runs on the embedded default', () => {
    const r = run('demo');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).users).toBeGreaterThan(0);
  });

  it('validate: JSON, XML and AOT inputs; broken models are findings', () => {
    for (const input of ['state.json', 'state.xml']) {
      const r = run('validate', join(dir, input));
      expect(r.code, input).toBe(0);
      expect(JSON.parse(r.stdout).ok).toBe(true);
    }
    const aot = run('validate', 'tests/fixtures/aot');
    expect(aot.code).toBe(0);
    const broken = run('validate', join(dir, 'broken.json'));
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout).problems[0].code).toBe('MISSING_REFERENCE');
  });

  it('check and who answer access questions', () => {
    const yes = run('check', join(dir, 'state.json'), '--user', 'carol', '--entry-point', 'menu-item-display:LedgerJournalTable', '--right', 'update', '--explain');
    expect(yes.code).toBe(0);
    expect(JSON.parse(yes.stdout).allowed).toBe(true);
    const table = run('check', join(dir, 'state.json'), '--user', 'bob', '--entry-point', 'menu-item-display:LedgerJournalTable', '--right', 'read', '--format', 'table');
    expect(table.stdout).toMatch(/^not allowed: bob read/);
    const who = run('who', join(dir, 'state.json'), '--entry-point', 'menu-item-action:VendPaymentPost', '--right', 'invoke', '--org', 'USMF');
    expect(JSON.parse(who.stdout)).toEqual(['admin', 'admin2', 'bob']); // administrators have full access
    expect(run('check', join(dir, 'state.json'), '--user', 'carol', '--entry-point', 'x', '--right', 'fly').code).toBe(2);
  });

  it('sod gates a pipeline: exit 1 when users break a rule', () => {
    expect(run('sod', join(dir, 'state.json'), '--rules', join(dir, 'rules.json')).code).toBe(0);
    const r = run('sod', join(dir, 'violating.json'), '--rules', join(dir, 'rules.json'));
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).violations.map((v: { user: string }) => v.user)).toEqual(['carol']);
  });

  it('similarity, licenses and aging', () => {
    const sim = run('similarity', join(dir, 'state.json'), '--level', '100');
    expect(sim.code).toBe(0);
    const lic = run('licenses', join(dir, 'state.json'), '--by', 'user');
    expect(lic.code).toBe(0);
    expect(JSON.parse(lic.stdout).report).toBe('license-usage');
    expect(run('aging', join(dir, 'state.json'), '--at', '2026-06-01T00:00:00Z').code).toBe(0);
    expect(run('licenses', join(dir, 'state.json'), '--by', 'galaxy').code).toBe(2);
  });

  it('diff exits 1 when the models differ, export round-trips', () => {
    expect(run('diff', join(dir, 'state.xml'), join(dir, 'state.xml')).code).toBe(0);
    const d = run('diff', join(dir, 'state.json'), join(dir, 'violating.json'), '--format', 'table');
    expect(d.code).toBe(1);
    expect(d.stdout).toContain('carol');
    const out = join(dir, 'exported.xml');
    expect(run('export', join(dir, 'state.json'), '--out', out).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(join(dir, 'state.xml'), 'utf8'));
  });

  it('aot read and aot write', () => {
    const read = run('aot', 'read', 'tests/fixtures/aot');
    expect(read.code).toBe(0);
    expect(JSON.parse(read.stdout).length).toBeGreaterThan(0);
    const out = join(dir, 'aot-out');
    const write = run('aot', 'write', join(dir, 'state.json'), '--out', out, '--roles', 'Accountant,Buyer');
    expect(write.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(expect.arrayContaining(['AxSecurityRole', 'SecurityDrafts.rnrproj']));
  });

  it.each(['json', 'csv', 'md', 'html'])('report sod --format %s', (format) => {
    const out = join(dir, `sod.${format}`);
    const r = run('report', 'sod', join(dir, 'violating.json'), '--format', format, '--out', out);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8').length).toBeGreaterThan(10);
  });

  it('bad input: missing file, wrong format, hostile XML, unknown flags and commands: exit 2 with one line, no stack', () => {
    for (const args of [
      ['validate', join(dir, 'missing.json')],
      ['validate', join(dir, 'garbage.txt')],
      ['validate', join(dir, 'hostile.xml')],
      ['sod', join(dir, 'state.json'), '--frobnicate'],
      ['teleport'],
      ['check', join(dir, 'state.json')],
      ['report', 'nope', join(dir, 'state.json')],
    ]) {
      const r = run(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(run('validate', join(dir, 'hostile.xml'), '--debug').stderr).toMatch(/\n\s+at /);
  });
});
