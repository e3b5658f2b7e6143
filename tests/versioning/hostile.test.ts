import { describe, expect, it } from 'vitest';
import { applyChanges, compareModels, comparisonChanges, emptyModel, renderComparison, restoreChanges, type SecurityModel } from '../../src/index.js';
import { expectSecGovError } from '../model/helpers.js';
import { fixtureModel } from './fixtures.js';

const model = fixtureModel();
const notModels: unknown[] = [null, undefined, 42, 'model', [], {}, { roles: {} }, { ...emptyModel(), roles: [] }, { ...emptyModel(), licenses: null }, { ...emptyModel(), licenses: { licenses: 'x' } }];

describe('versioning: hostile input gets typed errors', () => {
  it('refuses non-models', () => {
    for (const bad of notModels) {
      expectSecGovError(() => compareModels(bad as SecurityModel, model), 'VALIDATION_FAILED');
      expectSecGovError(() => compareModels(model, bad as SecurityModel), 'VALIDATION_FAILED');
      expectSecGovError(() => comparisonChanges(bad as SecurityModel, model), 'VALIDATION_FAILED');
      expectSecGovError(() => comparisonChanges(model, bad as SecurityModel), 'VALIDATION_FAILED');
      expectSecGovError(() => restoreChanges(bad as SecurityModel, model, { parts: 'both' }), 'VALIDATION_FAILED');
      expectSecGovError(() => restoreChanges(model, bad as SecurityModel, { parts: 'both' }), 'VALIDATION_FAILED');
    }
  });

  it('refuses malformed options', () => {
    const bad: unknown[] = [null, 'all', { detail: 'some' }, { parts: [] }, { parts: ['everything'] }, { parts: 'governance' }, { extra: true }, { parts: Array(100).fill('governance') }];
    for (const options of bad) expectSecGovError(() => compareModels(model, model, options as never), 'VALIDATION_FAILED');
    for (const parts of [[], ['x'], 'governance', null, [{}]]) expectSecGovError(() => comparisonChanges(model, model, parts as never), 'VALIDATION_FAILED');
    for (const options of [undefined, null, {}, { parts: 'assignments' }, { parts: 'both', removeCustomizations: 'yes' }, { parts: 'both', __proto__: { x: 1 }, extra: 1 }]) {
      expectSecGovError(() => restoreChanges(model, model, options as never), 'VALIDATION_FAILED');
    }
  });

  it('handles ids such as __proto__ and constructor as ordinary ids', () => {
    const a = applyChanges(emptyModel(), [
      { op: 'add', kind: 'duty', value: { id: '__proto__', name: 'p' } },
      { op: 'add', kind: 'role', value: { id: 'constructor', name: 'c', duties: ['__proto__'] } },
      { op: 'add', kind: 'user', value: { id: 'hasOwnProperty', name: 'h', attributes: JSON.parse('{"__proto__":"x","constructor":"y"}') as Record<string, string> } },
    ]);
    const b = applyChanges(a, [
      { op: 'update', kind: 'role', id: 'constructor', patch: { duties: [] } },
      { op: 'update', kind: 'user', id: 'hasOwnProperty', patch: { attributes: JSON.parse('{"__proto__":"z"}') as Record<string, string> } },
    ]);
    const c = compareModels(a, b);
    expect(c.entries.map((e) => `${e.kind} ${e.id}`)).toEqual(['role constructor', 'user hasOwnProperty']);
    expect(c.entries[1]!.changes).toEqual([
      { type: 'attribute', field: 'attributes', key: '__proto__', from: 'x', to: 'z' },
      { type: 'attribute', field: 'attributes', key: 'constructor', from: 'y', to: undefined },
    ]);
    expect(renderComparison(c)).toContain('__proto__');
    expect(compareModels(applyChanges(a, comparisonChanges(a, b)), b).identical).toBe(true);
    const plan = restoreChanges(b, a, { parts: 'configuration' });
    expect(compareModels(a, applyChanges(b, plan.changes), { parts: ['configuration'] }).identical).toBe(true);
    expect(({} as Record<string, unknown>)['x']).toBeUndefined();
  });

  it('shortens huge values in the text rendering but keeps them in the data', () => {
    const huge = 'x'.repeat(10_000);
    const b = applyChanges(model, [{ op: 'update', kind: 'duty', id: 'SettlePayments', patch: { description: huge } }]);
    const c = compareModels(model, b);
    expect(c.entries[0]!.changes[0]).toMatchObject({ to: huge });
    expect(renderComparison(c).length).toBeLessThan(1_000);
  });
});
