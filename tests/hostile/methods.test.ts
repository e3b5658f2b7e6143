/**
 * Every public method of the objects the package hands out (the governance service, the SoD
 * monitor, the access and licence indexes, the memory store, the audit chain verifier, the manual
 * clock), given hostile values for its arguments, answers with a value or a SecGovError: never a
 * TypeError or another crash. A refused call to the service leaves its model as it was. The
 * methods are read from the API reports (etc/*.api.md), so a method added later is swept too.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as secgov from '../../src/index.js';
import { ManualClock } from '../../src/testing/index.js';
import { outcomeOf } from '../support/errors.js';
import { hostileValues, labelOf } from './hostile-values.js';

/** The methods an API report lists for one interface or class. */
function methodsOf(report: string, declaration: string): string[] {
  const text = readFileSync(new URL(`../../etc/${report}`, import.meta.url), 'utf8').replace(/\r\n/g, '\n');
  const start = text.indexOf(`export ${declaration} `);
  if (start < 0) throw new Error(`${declaration} is not in ${report}`);
  const end = text.indexOf('\n}\n', start);
  if (end < 0) throw new Error(`the end of ${declaration} is not in ${report}`);
  const body = text.slice(start, end);
  return [...new Set([...body.matchAll(/^ {4}(?:readonly )?([a-z][A-Za-z]*)(?:<[^>]*>)?\(/gm)].map((m) => m[1]!))].filter((m) => m !== 'constructor');
}

const model = secgov.createModel({
  entryPoints: [
    { kind: 'menu-item-display', name: 'A' },
    { kind: 'menu-item-action', name: 'B' },
  ],
  privileges: [
    { id: 'PA', name: 'PA', grants: [{ entryPoint: 'menu-item-display:A', read: 'allow' }] },
    { id: 'PB', name: 'PB', grants: [{ entryPoint: 'menu-item-action:B', invoke: 'allow' }] },
  ],
  duties: [
    { id: 'DA', name: 'DA', privileges: ['PA'] },
    { id: 'DB', name: 'DB', privileges: ['PB'] },
  ],
  roles: [
    { id: '-SYSADMIN-', name: 'System administrator' },
    { id: 'RA', name: 'RA', duties: ['DA'] },
    { id: 'RB', name: 'RB', duties: ['DB'] },
  ],
  organizations: [{ id: 'O1', name: 'O1' }],
  users: [
    { id: 'admin', name: 'Admin' },
    { id: 'bob', name: 'Bob' },
  ],
  assignments: [
    { user: 'admin', role: '-SYSADMIN-' },
    { user: 'bob', role: 'RA' },
  ],
  sodRules: [{ id: 'S1', name: 'S1', firstDuty: 'DA', secondDuty: 'DB', severity: 'high' }],
});

type Target = { readonly name: string; readonly report: string; readonly declaration: string; readonly make: () => unknown };
const targets: readonly Target[] = [
  { name: 'Governance', report: 'secgov.api.md', declaration: 'interface Governance', make: () => secgov.createGovernance({ model, clock: new ManualClock('2026-03-02T08:00:00Z') }) },
  { name: 'SodMonitor', report: 'secgov.api.md', declaration: 'class SodMonitor', make: () => new secgov.SodMonitor(model) },
  { name: 'AccessIndex', report: 'secgov.api.md', declaration: 'interface AccessIndex', make: () => secgov.compileAccess(model) },
  { name: 'LicenseIndex', report: 'secgov.api.md', declaration: 'interface LicenseIndex', make: () => secgov.compileLicenses(model) },
  { name: 'Store', report: 'secgov.api.md', declaration: 'interface Store', make: () => secgov.memoryStore() },
  { name: 'AuditChainVerifier', report: 'secgov.api.md', declaration: 'class AuditChainVerifier', make: () => new secgov.AuditChainVerifier() },
  { name: 'ManualClock', report: 'secgov-testing.api.md', declaration: 'class ManualClock', make: () => new ManualClock() },
];


describe('every public method answers hostile arguments with a value or a SecGovError', () => {
  const cases = targets.flatMap((target) => methodsOf(target.report, target.declaration).map((method) => [`${target.name}.${method}`, target, method] as const));

  it('finds the methods in the API reports', () => {
    expect(cases.length).toBeGreaterThan(60);
    expect(cases.map(([name]) => name)).toEqual(expect.arrayContaining(['Governance.apply', 'SodMonitor.update', 'AccessIndex.check', 'Store.transact', 'AuditChainVerifier.push']));
  });

  it.each(cases)('%s', async (_name, target, method) => {
    const crashes: string[] = [];
    for (const value of hostileValues) {
      // One object per hostile value: calls that are refused change nothing, those that answer may.
      const object = (await target.make()) as Record<string, (...args: unknown[]) => unknown>;
      const f = object[method]!;
      expect(typeof f).toBe('function');
      const arity = Math.max(1, Math.min(4, f.length));
      const calls: unknown[][] = [Array.from({ length: arity }, () => value)];
      // The hostile value in each place, with an actor and plausible strings elsewhere.
      for (let at = 0; at < arity; at++) calls.push(Array.from({ length: arity }, (_, i) => (i === at ? value : i === 0 ? 'admin' : 'x')));
      for (const args of calls) {
        const before = target.name === 'Governance' ? (object as unknown as secgov.Governance).model() : undefined;
        const result = await outcomeOf(() => f.apply(object, args));
        if (result !== 'value' && result !== 'SecGovError') crashes.push(`${method}(${args.map(labelOf).join(', ')}) -> ${result}`);
        if (result === 'SecGovError' && before !== undefined && (object as unknown as secgov.Governance).model() !== before) crashes.push(`${method}(${args.map(labelOf).join(', ')}) was refused but changed the model`);
      }
    }
    expect(crashes).toEqual([]);
  });
});
