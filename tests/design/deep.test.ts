import { describe, expect, it } from 'vitest';
import { createModel, duplicateToLicense, effectiveEntryPoints, roleFromProcess, subtractDuty, tasksUnder, type ModelDataInput, type SecurityModel } from '../../src/index.js';
import { apply } from './fixture.js';

const DEPTH = 10_000;

describe('deep hierarchies (iterative traversals)', () => {
  it('designs a role from the root of a 10,000-deep process tree', () => {
    // The tree is built straight into the model's maps: validating a 10,000-deep process chain
    // in one batch is quadratic in the model's parent-cycle check (walks to the root from every
    // node), which is not what this test measures.
    const base = createModel({
      entryPoints: [{ kind: 'table', name: 'T' }],
      securityCategories: [{ id: 'C', name: 'C' }],
    });
    const processes = Array.from({ length: DEPTH }, (_, i) => ({ id: `P${i}`, name: `P${i}`, category: 'C', ...(i > 0 ? { parent: `P${i - 1}` } : {}) }));
    const tasks = [
      { id: 'Top', name: 'Top', process: 'P0', entryPoints: [{ entryPoint: 'table:T', read: 'allow', update: 'unset', create: 'unset', delete: 'unset', correct: 'unset', invoke: 'unset' }] },
      { id: 'Bottom', name: 'Bottom', process: `P${DEPTH - 1}`, entryPoints: [{ entryPoint: 'table:T', read: 'unset', update: 'allow', create: 'unset', delete: 'unset', correct: 'unset', invoke: 'unset' }] },
    ] as const;
    const model: SecurityModel = {
      ...base,
      processes: new Map(processes.map((p) => [p.id.toLowerCase(), p])),
      tasks: new Map(tasks.map((t) => [t.id.toLowerCase(), { ...t, entryPoints: [...t.entryPoints] }])),
    };
    expect(tasksUnder(model, { kind: 'category', id: 'C' }).map((t) => t.id)).toEqual(['Top', 'Bottom']);
    const result = roleFromProcess(model, { node: { kind: 'process', id: 'P0' }, role: { id: 'R', name: 'R' } });
    expect(apply(model, result).roles.get('r')!.duties).toEqual(['Top', 'Bottom']);
  });

  it('subtracts from and duplicates a 10,000-deep sub-role chain', () => {
    const data: ModelDataInput = {
      entryPoints: [
        { kind: 'table', name: 'Cheap', viewLicense: 'team-members', maintainLicense: 'team-members' },
        { kind: 'table', name: 'Dear', viewLicense: 'operations', maintainLicense: 'operations' },
      ],
      privileges: [
        { id: 'CheapP', name: 'Cheap', grants: [{ entryPoint: 'table:Cheap', read: 'allow' }] },
        { id: 'DearP', name: 'Dear', grants: [{ entryPoint: 'table:Dear', read: 'allow' }, { entryPoint: 'table:Cheap', update: 'allow' }] },
      ],
      // R0 holds R1 holds ... R9999, which holds the privileges.
      roles: Array.from({ length: DEPTH }, (_, i) => ({
        id: `R${i}`,
        name: `R${i}`,
        ...(i < DEPTH - 1 ? { subRoles: [`R${i + 1}`] } : { privileges: ['CheapP', 'DearP'] }),
      })),
    };
    const model = createModel(data);
    expect(effectiveEntryPoints(model, { kind: 'role', id: 'R0' }).map((g) => g.entryPoint)).toEqual(['table:Cheap', 'table:Dear']);
    const sub = subtractDuty(model, { source: { kind: 'role', id: 'R0' }, remove: ['table:Dear'], duty: { id: 'D', name: 'D' } });
    expect(sub.kept).toEqual(['table:Cheap']);
    const dup = duplicateToLicense(model, { source: { kind: 'role', id: 'R0' }, license: 'team-members' });
    expect(dup.copies).toHaveLength(DEPTH + 1); // DearP, then every role of the chain
    expect(dup.omitted).toEqual([expect.objectContaining({ privilege: 'DearP', entryPoint: 'table:Dear', requires: 'operations' })]);
    const next = apply(model, dup);
    expect(next.roles.get(`r${DEPTH - 1}-team-members`)!.privileges).toEqual(['CheapP', 'DearP-team-members']);
  });
});
