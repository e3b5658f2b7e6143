import { describe, expect, it } from 'vitest';
import {
  applyChanges,
  copyTask,
  createTask,
  dutyFromTask,
  duplicateToLicense,
  effectiveEntryPoints,
  explodeEntryPoint,
  mergeDuties,
  roleFromProcess,
  roleFromResponsibilities,
  subtractDuty,
  taskFromAccess,
  taskFromRecording,
  tasksUnder,
  type SecurityModel,
} from '../../src/index.js';
import { apply, designModel, expectCode, LJT, WORKSPACE } from './fixture.js';

const huge = 'x'.repeat(100_000);

/** Every design function with a well-formed input for the fixture. */
const calls: Record<string, (model: SecurityModel, input: unknown) => unknown> = {
  createTask: (m, i) => createTask(m, i as never),
  taskFromRecording: (m, i) => taskFromRecording(m, i as never),
  taskFromAccess: (m, i) => taskFromAccess(m, i as never),
  copyTask: (m, i) => copyTask(m, i as never),
  explodeEntryPoint: (m, i) => explodeEntryPoint(m, i as never),
  dutyFromTask: (m, i) => dutyFromTask(m, i as never),
  subtractDuty: (m, i) => subtractDuty(m, i as never),
  mergeDuties: (m, i) => mergeDuties(m, i as never),
  roleFromProcess: (m, i) => roleFromProcess(m, i as never),
  roleFromResponsibilities: (m, i) => roleFromResponsibilities(m, i as never),
  duplicateToLicense: (m, i) => duplicateToLicense(m, i as never),
  effectiveEntryPoints: (m, i) => effectiveEntryPoints(m, i as never),
  tasksUnder: (m, i) => tasksUnder(m, i as never),
};

describe('design functions on hostile input', () => {
  it('answer VALIDATION_FAILED for wrong types, unknown keys, huge strings and a non-model', () => {
    const model = designModel();
    for (const [name, call] of Object.entries(calls)) {
      for (const input of [null, undefined, 42, 'text', [], { id: huge }, { unexpected: true }]) {
        expectCode(() => call(model, input), 'VALIDATION_FAILED');
      }
      expectCode(() => call({} as SecurityModel, { id: 'x' }), 'VALIDATION_FAILED');
      expect(name).toBeTruthy();
    }
  });

  it('refuse extra keys (strict objects) and oversized lists', () => {
    const model = designModel();
    expectCode(() => createTask(model, { id: 'T', name: 'T', process: 'GL', extra: 1 } as never), 'VALIDATION_FAILED');
    expectCode(() => subtractDuty(model, { source: { kind: 'role', id: 'Clerk' }, remove: Array.from({ length: 100_001 }, (_, i) => `table:T${i}`), duty: { id: 'D', name: 'D' } }), 'VALIDATION_FAILED');
    expectCode(() => mergeDuties(model, { duties: Array.from({ length: 100_001 }, (_, i) => `D${i}`), duty: { id: 'D', name: 'D' } }), 'VALIDATION_FAILED');
    expectCode(() => roleFromResponsibilities(model, { role: { id: 'R', name: 'R' }, responsibilities: [{ name: 'x', duties: Array.from({ length: 100_001 }, () => 'ViewJournals') }] }), 'VALIDATION_FAILED');
    expectCode(() => taskFromRecording(model, { id: 'R', name: 'R', process: 'GL', steps: Array.from({ length: 1_000_001 }, () => ({ entryPoint: LJT })) }), 'VALIDATION_FAILED');
    expectCode(() => effectiveEntryPoints(model, { kind: 'sodRule', id: 'x' } as never), 'VALIDATION_FAILED');
    expectCode(() => duplicateToLicense(model, { source: { kind: 'privilege', id: 'JournalView' }, license: 'none' } as never), 'VALIDATION_FAILED');
  });

  it('answer NOT_FOUND for unknown ids, including prototype names', () => {
    const model = designModel();
    for (const id of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expectCode(() => copyTask(model, { from: id, id: 'New' }), 'NOT_FOUND');
      expectCode(() => dutyFromTask(model, { task: id }), 'NOT_FOUND');
      expectCode(() => effectiveEntryPoints(model, { kind: 'role', id }), 'NOT_FOUND');
      expectCode(() => effectiveEntryPoints(model, { kind: 'user', id }), 'NOT_FOUND');
      expectCode(() => subtractDuty(model, { source: { kind: 'duty', id }, duty: { id: 'D', name: 'D' } }), 'NOT_FOUND');
      expectCode(() => mergeDuties(model, { duties: ['ViewJournals', id], duty: { id: 'D', name: 'D' } }), 'NOT_FOUND');
      expectCode(() => roleFromProcess(model, { node: { kind: 'process', id }, role: { id: 'R', name: 'R' } }), 'NOT_FOUND');
      expectCode(() => duplicateToLicense(model, { source: { kind: 'role', id }, license: 'none' }), 'NOT_FOUND');
      expectCode(() => duplicateToLicense(model, { source: { kind: 'role', id: 'Clerk' }, license: id }), 'NOT_FOUND');
      expectCode(() => explodeEntryPoint(model, { task: id, related: {} }), 'NOT_FOUND');
    }
  });

  it('create objects named __proto__ and constructor as ordinary ids, without touching any prototype', () => {
    let model = designModel();
    model = apply(model, createTask(model, { id: '__proto__', name: 'Proto task', process: 'GL', entryPoints: [{ entryPoint: WORKSPACE, read: 'allow' }] }));
    model = apply(model, dutyFromTask(model, { task: '__proto__' }));
    model = apply(model, roleFromResponsibilities(model, { role: { id: 'constructor', name: 'C' }, responsibilities: [{ name: '__proto__', duties: ['__proto__'] }] }));
    model = apply(model, duplicateToLicense(model, { source: { kind: 'role', id: 'constructor' }, license: 'none', id: 'toString' }));
    expect(model.roles.get('constructor')!.duties).toEqual(['__proto__']);
    expect(model.roles.get('tostring')).toBeDefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, 'entryPoints')).toBe(false);
  });

  it('read a relation keyed by __proto__ as an ordinary key, and ignore inherited keys', () => {
    let model = designModel();
    model = applyChanges(model, [{ op: 'add', kind: 'entryPoint', value: { kind: 'table', name: '__proto__' } }]);
    model = apply(model, createTask(model, { id: 'T', name: 'T', process: 'GL', entryPoints: [{ entryPoint: 'table:__proto__', read: 'allow' }, { entryPoint: WORKSPACE, read: 'allow' }] }));
    const related = JSON.parse(`{"table:__proto__": ["${LJT}"]}`) as Record<string, string[]>;
    const result = explodeEntryPoint(model, { task: 'T', related });
    expect(result.added).toEqual([{ entryPoint: LJT, from: 'table:__proto__' }]);
    // An object whose prototype has a matching key adds nothing from it.
    const inherited = Object.create({ [WORKSPACE]: [LJT] }) as Record<string, string[]>;
    expect(explodeEntryPoint(model, { task: 'T', entryPoints: [WORKSPACE], related: inherited }).changes).toEqual([]);
  });

  it('a relation that answers junk gets a typed error', () => {
    const model = apply(designModel(), createTask(designModel(), { id: 'T', name: 'T', process: 'GL', entryPoints: [{ entryPoint: WORKSPACE, read: 'allow' }] }));
    expectCode(() => explodeEntryPoint(model, { task: 'T', related: () => [42] as never }), 'VALIDATION_FAILED');
    expectCode(() => explodeEntryPoint(model, { task: 'T', related: () => 7 as never }), 'VALIDATION_FAILED');
    expectCode(() => explodeEntryPoint(model, { task: 'T', related: () => [huge] }), 'VALIDATION_FAILED');
    // A relation that never ends stops at the limit.
    function* forever(): Generator<string> {
      for (;;) yield LJT;
    }
    expectCode(() => explodeEntryPoint(model, { task: 'T', related: () => forever() }), 'LIMIT_EXCEEDED');
  });

  it('never changes the model it is given', () => {
    const model = designModel();
    const before = structuredClone(model);
    roleFromProcess(model, { node: { kind: 'category', id: 'Finance' }, role: { id: 'R', name: 'R' } });
    duplicateToLicense(model, { source: { kind: 'role', id: 'Accountant' }, license: 'team-members' });
    mergeDuties(model, { duties: ['ViewJournals', 'MaintainJournals'], duty: { id: 'D', name: 'D' }, replaceInRoles: true });
    subtractDuty(model, { source: { kind: 'user', id: 'alice' }, remove: [LJT], duty: { id: 'S', name: 'S' } });
    expect(model).toEqual(before);
  });
});
