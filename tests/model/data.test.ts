import { describe, expect, it } from 'vitest';
import {
  SecGovError,
  applyChanges,
  createModel,
  defaultParameters,
  emptyModel,
  modelDataSchema,
  modelDataToChanges,
  modelToData,
} from '../../src/index.js';
import { baseData, baseModel, expectSecGovError, roundTrip } from './helpers.js';

describe('createModel', () => {
  it('builds a model from plain data, validated like applyChanges', () => {
    const model = baseModel();
    expect([model.entryPoints.size, model.privileges.size, model.duties.size, model.roles.size, model.users.size, model.organizations.size, model.assignments.size]).toEqual([3, 3, 1, 3, 2, 2, 2]);
  });

  it('every list is optional', () => {
    expect(createModel({})).toEqual(emptyModel());
  });

  it('equals applying the changes of modelDataToChanges to an empty model', () => {
    const data = modelDataSchema.parse(baseData());
    expect(applyChanges(emptyModel(), modelDataToChanges(data))).toEqual(createModel(baseData()));
  });

  it('refuses invalid data with the same errors as applyChanges', () => {
    const data = baseData();
    expectSecGovError(() => createModel({ ...data, roles: [...(data.roles ?? []), { id: 'Loop', name: 'L', subRoles: ['Loop'] }] }), 'ROLE_CYCLE');
    expectSecGovError(() => createModel({ ...data, users: [...(data.users ?? []), { id: 'ALICE', name: 'again' }] }), 'DUPLICATE_ID');
    expectSecGovError(() => createModel({ ...data, assignments: [{ user: 'ghost', role: 'Clerk' }] }), 'MISSING_REFERENCE');
    const error = expectSecGovError(() => createModel({ ...data, users: [{ id: 'x' }] } as never), 'VALIDATION_FAILED');
    expect(error.message).toContain('model data');
    expect(error.details.problems?.[0]?.path).toEqual(['users', 0, 'name']);
  });

  it('refuses unknown top-level keys', () => {
    expectSecGovError(() => createModel({ groups: [] } as never), 'VALIDATION_FAILED');
  });

  it('takes licences and parameters', () => {
    const model = createModel({
      licenses: { licenses: [{ id: 'none', name: 'None' }, { id: 'gold', name: 'Gold', covers: ['none'] }] },
      roles: [{ id: 'Admin', name: 'Admin' }],
      parameters: { administratorRole: 'Admin', similarityLevel: 60 },
    });
    expect(model.licenses.licenses.map((l) => l.id)).toEqual(['none', 'gold']);
    expect(model.parameters).toEqual({ ...defaultParameters, administratorRole: 'Admin', similarityLevel: 60 });
  });
});

describe('modelToData', () => {
  it('lists every object in insertion order, with licences and parameters', () => {
    const data = modelToData(baseModel());
    expect(data.roles.map((r) => r.id)).toEqual(['Accountant', 'Clerk', '-SYSADMIN-']);
    expect(data.entryPoints).toHaveLength(3);
    expect(data.assignments).toHaveLength(2);
    expect(data.parameters).toEqual(defaultParameters);
  });

  it('round-trips through JSON to an equal model', () => {
    const model = applyChanges(baseModel(), [
      { op: 'update', kind: 'user', id: 'alice', patch: { lastSignIn: new Date(Date.UTC(2026, 1, 2, 3, 4, 5)), attributes: JSON.parse('{"department":"Finance","__proto__":"kept"}') as Record<string, string> } },
      { op: 'update', kind: 'entryPoint', id: 'menu-item-display:LedgerJournalTable', patch: { label: 'Journals' } },
      { op: 'setParameters', patch: { sodEnforcement: 'report' } },
    ]);
    const again = roundTrip(model);
    expect(again).toEqual(model);
    expect(modelToData(again)).toEqual(modelToData(model));
    const attributes = again.users.get('alice')?.attributes ?? {};
    expect(Object.keys(attributes)).toEqual(['department', '__proto__']);
    expect(Object.getOwnPropertyDescriptor(attributes, '__proto__')?.value).toBe('kept');
  });

  it('round-trips a model whose administrator role was changed', () => {
    const model = applyChanges(baseModel(), [{ op: 'setParameters', patch: { administratorRole: 'Accountant' } }]);
    expect(roundTrip(model)).toEqual(model);
  });

  // Regression: modelToData writes the full parameters and createModel used to require the
  // default administrator role ("-SYSADMIN-") to exist, so such models could not be rebuilt.
  it('round-trips a model without the administrator role (such as an empty model)', () => {
    expect(roundTrip(createModel({}))).toEqual(emptyModel());
    const data = baseData();
    const noAdmin = createModel({ ...data, roles: (data.roles ?? []).filter((r) => r.id !== '-SYSADMIN-') });
    expect(roundTrip(noAdmin)).toEqual(noAdmin);
  });

  it('a model whose data failed to load is never half-built', () => {
    let thrown: unknown;
    try {
      createModel({ ...baseData(), duties: [{ id: 'D', name: 'D', privileges: ['ghost'] }] });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SecGovError);
  });
});
