/**
 * Hostile and malformed input from untyped callers: every call answers with a typed
 * SecGovError or works, never crashes, never corrupts a model, never touches a prototype.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  SecGovError,
  applyChanges,
  assignmentKey,
  createModel,
  emptyModel,
  idKey,
  modelToData,
  safeApplyChanges,
  type SecurityModel,
} from '../../src/index.js';
import { JOURNAL_FORM, baseModel, expectRejected, expectSecGovError, roundTrip, snapshot } from './helpers.js';

const HUGE = 'x'.repeat(100_000);

// ---------------------------------------------------------------------------------------------
// Prototype pollution guard: checked after every test of this file.
const prototypes = [Object.prototype, Array.prototype, Function.prototype, Map.prototype, Set.prototype, String.prototype];
let ownNames: string[][] = [];
beforeAll(() => {
  ownNames = prototypes.map((p) => Object.getOwnPropertyNames(p).sort());
});
afterEach(() => {
  expect(prototypes.map((p) => Object.getOwnPropertyNames(p).sort())).toEqual(ownNames);
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  expect(({} as Record<string, unknown>)['isAdmin']).toBeUndefined();
  expect(Object.getPrototypeOf({})).toBe(Object.prototype);
});
afterAll(() => {
  expect(Object.prototype.toString.call([])).toBe('[object Array]');
});

/**
 * Apply `changes` to `model` and classify the outcome: the new model, or the error code.
 * Anything that is not a SecGovError fails the test; a failure must leave `model` unchanged.
 */
function outcome(model: SecurityModel, changes: unknown): { ok: true; model: SecurityModel } | { ok: false; code: string } {
  const before = snapshot(model);
  try {
    return { ok: true, model: applyChanges(model, changes as never) };
  } catch (error) {
    if (!(error instanceof SecGovError)) throw new Error(`crash instead of a typed error: ${String(error)}`);
    expect(model).toEqual(before);
    expect(typeof error.message).toBe('string');
    return { ok: false, code: error.code };
  }
}

const dangerousIds = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf', '__defineGetter__', 'Object'];

describe('ids that are names of prototype properties work as ordinary ids', () => {
  it.each(dangerousIds)('%s for every kind, referenced, updated, assigned and removed', (id) => {
    let model = applyChanges(emptyModel(), [
      { op: 'add', kind: 'entryPoint', value: { kind: 'table', name: id, childName: id } },
      { op: 'add', kind: 'privilege', value: { id, name: id, grants: [{ entryPoint: `table:${id}/${id}`, read: 'allow' }] } },
      { op: 'add', kind: 'duty', value: { id, name: id, privileges: [id] } },
      { op: 'add', kind: 'role', value: { id, name: id, duties: [id], privileges: [id] } },
      { op: 'add', kind: 'role', value: { id: `${id}-parent`, name: 'parent', subRoles: [id] } },
      { op: 'add', kind: 'role', value: { id: 'Admin', name: 'Administrator' } },
      { op: 'add', kind: 'user', value: { id, name: id, attributes: { [id]: id } } },
      { op: 'add', kind: 'organization', value: { id, name: id } },
      { op: 'add', kind: 'organization', value: { id: `${id}-child`, name: 'child', parent: id } },
      { op: 'assign', assignment: { user: id, role: id, scope: { organizations: [{ id, includeChildren: true }] } } },
      { op: 'setLicenseCatalogue', catalogue: { licenses: [{ id: 'none', name: 'None' }, { id, name: id, covers: ['none'] }] } },
    ]);
    expect(model.privileges.get(idKey(id))?.id).toBe(id);
    expect(model.roles.get(idKey(id))?.duties).toEqual([id]);
    expect(model.users.get(idKey(id))?.attributes[id]).toBe(id);
    expect(model.assignments.get(assignmentKey(id, id))?.user).toBe(id);
    expect(model.licenses.licenses[1]?.id).toBe(id);
    // Lookups of ids that were never added do not find prototype members.
    expect(emptyModel().roles.get(idKey(id))).toBeUndefined();

    expectRejected(model, [{ op: 'remove', kind: 'role', id }], 'IN_USE');
    expectRejected(model, [{ op: 'add', kind: 'user', value: { id: id.toUpperCase(), name: 'again' } }], 'DUPLICATE_ID');
    model = applyChanges(model, [
      { op: 'update', kind: 'role', id, patch: { name: 'renamed' } },
      { op: 'setParameters', patch: { administratorRole: id } },
    ]);
    expect(model.roles.get(idKey(id))?.name).toBe('renamed');
    expect(roundTrip(model)).toEqual(model);

    model = applyChanges(model, [
      { op: 'setParameters', patch: { administratorRole: 'Admin' } },
      { op: 'unassign', user: id, role: id },
      { op: 'remove', kind: 'role', id: `${id}-parent` },
      { op: 'remove', kind: 'role', id },
      { op: 'remove', kind: 'duty', id },
      { op: 'remove', kind: 'privilege', id },
      { op: 'remove', kind: 'entryPoint', id: `table:${id}/${id}` },
      { op: 'remove', kind: 'user', id },
      { op: 'remove', kind: 'organization', id: `${id}-child` },
      { op: 'remove', kind: 'organization', id },
    ]);
    expect([...model.roles.keys()]).toEqual(['admin']);
    expect(model.duties.size + model.privileges.size + model.users.size + model.organizations.size + model.entryPoints.size).toBe(0);
  });

  it('__proto__ in createModel data', () => {
    const model = createModel({ roles: [{ id: '__proto__', name: 'p' }], users: [{ id: '__proto__', name: 'u' }], assignments: [{ user: '__proto__', role: '__PROTO__' }] });
    expect(model.assignments.size).toBe(1);
  });
});

describe('user attributes', () => {
  it('keep a __proto__ key as an own attribute (from JSON)', () => {
    const attributes = JSON.parse('{"__proto__":"admin","constructor":"c","department":"AP"}') as Record<string, string>;
    const model = applyChanges(emptyModel(), [{ op: 'add', kind: 'user', value: { id: 'u', name: 'U', attributes } }]);
    const stored = model.users.get('u')!.attributes;
    expect(Object.keys(stored)).toEqual(['__proto__', 'constructor', 'department']);
    expect(Object.getOwnPropertyDescriptor(stored, '__proto__')?.value).toBe('admin');
    expect(stored['constructor']).toBe('c');
    expect(JSON.parse(JSON.stringify(modelToData(model).users[0]?.attributes))).toEqual(attributes);
  });

  it('keep a __proto__ key through an update patch', () => {
    const attributes = JSON.parse('{"__proto__":"x"}') as Record<string, string>;
    const model = applyChanges(baseModel(), [{ op: 'update', kind: 'user', id: 'alice', patch: { attributes } }]);
    expect(Object.keys(model.users.get('alice')!.attributes)).toEqual(['__proto__']);
  });

  it('refuse an object under __proto__ and never pollute', () => {
    const attributes = JSON.parse('{"__proto__":{"polluted":"yes","isAdmin":"true"}}') as Record<string, string>;
    expect(outcome(emptyModel(), [{ op: 'add', kind: 'user', value: { id: 'u', name: 'U', attributes } }])).toEqual({ ok: false, code: 'VALIDATION_FAILED' });
  });

  it.each([
    ['null', null],
    ['an array', ['a']],
    ['a string', 'a=b'],
    ['a number', 1],
    ['a Date', new Date()],
    ['a function', () => 1],
    ['non-string values', { a: 1 }],
    ['nested objects', { a: { b: 'c' } }],
    ['a huge value', { a: HUGE }],
    ['a huge key', { [HUGE]: 'a' }],
    ['an empty key', { '': 'a' }],
    ['too many keys', Object.fromEntries(Array.from({ length: 1_001 }, (_, i) => [`k${i}`, 'v']))],
  ])('refuse %s', (_, attributes) => {
    expect(outcome(emptyModel(), [{ op: 'add', kind: 'user', value: { id: 'u', name: 'U', attributes } }])).toEqual({ ok: false, code: 'VALIDATION_FAILED' });
  });
});

describe('__proto__ keys inside change records from JSON', () => {
  const cases = [
    '[{"op":"add","kind":"user","value":{"id":"u","name":"U","__proto__":{"polluted":true}}}]',
    '[{"op":"add","kind":"role","value":{"id":"r","name":"R","__proto__":{"isAdmin":true}},"__proto__":{"polluted":1}}]',
    '[{"op":"setParameters","patch":{"__proto__":{"polluted":true}}}]',
    '[{"op":"update","kind":"user","id":"alice","patch":{"__proto__":{"enabled":false}}}]',
    '[{"op":"assign","assignment":{"user":"alice","role":"Clerk","__proto__":{"scope":"all"}}}]',
    '[{"op":"setGrant","privilege":"LedgerJournalView","grant":{"entryPoint":"x","__proto__":{"read":"allow"}}}]',
    '{"__proto__":[]}',
  ];
  it.each(cases)('%s', (json) => {
    const result = outcome(baseModel(), JSON.parse(json));
    // Unknown keys are refused by the strict schemas; nothing leaks into the model either way.
    expect(result).toEqual({ ok: false, code: 'VALIDATION_FAILED' });
  });

  it('in createModel data', () => {
    expectSecGovError(() => createModel(JSON.parse('{"__proto__":{"polluted":true},"users":[]}') as never), 'VALIDATION_FAILED');
    expectSecGovError(() => createModel(JSON.parse('{"users":[{"id":"u","name":"U","__proto__":{"polluted":true}}]}') as never), 'VALIDATION_FAILED');
  });
});

describe('100,000-character strings are refused with VALIDATION_FAILED', () => {
  const cases: [string, unknown][] = [
    ['privilege id', { op: 'add', kind: 'privilege', value: { id: HUGE, name: 'n' } }],
    ['privilege name', { op: 'add', kind: 'privilege', value: { id: 'p', name: HUGE } }],
    ['privilege description', { op: 'add', kind: 'privilege', value: { id: 'p', name: 'n', description: HUGE } }],
    ['duty id', { op: 'add', kind: 'duty', value: { id: HUGE, name: 'n' } }],
    ['duty member', { op: 'add', kind: 'duty', value: { id: 'd', name: 'n', privileges: [HUGE] } }],
    ['role id', { op: 'add', kind: 'role', value: { id: HUGE, name: 'n' } }],
    ['role name', { op: 'add', kind: 'role', value: { id: 'r', name: HUGE } }],
    ['role sub-role', { op: 'add', kind: 'role', value: { id: 'r', name: 'n', subRoles: [HUGE] } }],
    ['user id', { op: 'add', kind: 'user', value: { id: HUGE, name: 'n' } }],
    ['user name', { op: 'add', kind: 'user', value: { id: 'u', name: HUGE } }],
    ['organization id', { op: 'add', kind: 'organization', value: { id: HUGE, name: 'n' } }],
    ['organization parent', { op: 'add', kind: 'organization', value: { id: 'o', name: 'n', parent: HUGE } }],
    ['entry point name', { op: 'add', kind: 'entryPoint', value: { kind: 'table', name: HUGE } }],
    ['entry point child name', { op: 'add', kind: 'entryPoint', value: { kind: 'table', name: 'T', childName: HUGE } }],
    ['entry point label', { op: 'add', kind: 'entryPoint', value: { kind: 'table', name: 'T', label: HUGE } }],
    ['entry point licence', { op: 'add', kind: 'entryPoint', value: { kind: 'table', name: 'T', viewLicense: HUGE } }],
    ['grant entry point', { op: 'setGrant', privilege: 'LedgerJournalView', grant: { entryPoint: HUGE } }],
    ['update id', { op: 'update', kind: 'role', id: HUGE, patch: {} }],
    ['remove id', { op: 'remove', kind: 'user', id: HUGE }],
    ['assignment user', { op: 'assign', assignment: { user: HUGE, role: 'Clerk' } }],
    ['assignment organization', { op: 'assign', assignment: { user: 'alice', role: 'Clerk', scope: { organizations: [{ id: HUGE }] } } }],
    ['unassign role', { op: 'unassign', user: 'alice', role: HUGE }],
    ['licence id', { op: 'setLicenseCatalogue', catalogue: { licenses: [{ id: HUGE, name: 'n' }] } }],
    ['licence name', { op: 'setLicenseCatalogue', catalogue: { licenses: [{ id: 'l', name: HUGE }] } }],
    ['administrator role', { op: 'setParameters', patch: { administratorRole: HUGE } }],
  ];
  it.each(cases)('%s', (_, change) => {
    const error = expectRejected(baseModel(), [change], 'VALIDATION_FAILED');
    // The message names the field, and does not echo the huge input back.
    expect(error.message.length).toBeLessThan(2_000);
  });

  it('in createModel', () => {
    const error = expectSecGovError(() => createModel({ roles: [{ id: HUGE, name: HUGE }] }), 'VALIDATION_FAILED');
    expect(error.message.length).toBeLessThan(2_000);
  });
});

describe('control characters', () => {
  it.each(['\u0000', '\u0007', '\n', '\r', '\u001b[31m', '\u007f'])('are refused in ids (%j)', (c) => {
    for (const change of [
      { op: 'add', kind: 'role', value: { id: `a${c}b`, name: 'n' } },
      { op: 'add', kind: 'user', value: { id: `${c}`, name: 'n' } },
      { op: 'add', kind: 'entryPoint', value: { kind: 'table', name: `T${c}` } },
      { op: 'assign', assignment: { user: `alice${c}`, role: 'Clerk' } },
    ]) {
      expectRejected(baseModel(), [change], 'VALIDATION_FAILED');
    }
  });

  it('names and descriptions may hold line breaks (free text)', () => {
    const model = applyChanges(emptyModel(), [{ op: 'add', kind: 'role', value: { id: 'r', name: 'Line 1\nLine 2', description: 'a\tb' } }]);
    expect(model.roles.get('r')?.name).toBe('Line 1\nLine 2');
  });
});

describe('wrong types in every field, from untyped JavaScript callers', () => {
  const hostileValues: [string, unknown][] = [
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['NaN', Number.NaN],
    ['a bigint', 10n],
    ['a boolean', true],
    ['an empty string', ''],
    ['an array', ['x']],
    ['an object', { x: 1 }],
    ['a function', () => 'x'],
    ['a Symbol', Symbol('x')],
    ['a Date', new Date(Date.UTC(2026, 0, 1))],
    ['an invalid Date', new Date(Number.NaN)],
    ['a Map', new Map([['x', 'y']])],
  ];

  const records: Record<string, Record<string, unknown>> = {
    entryPoint: { kind: 'table', name: 'T', childName: 'c', label: 'L', viewLicense: 'none', maintainLicense: 'operations' },
    privilege: { id: 'P', name: 'P', description: 'd', grants: [{ entryPoint: JOURNAL_FORM, read: 'allow', update: 'unset', create: 'deny', delete: 'unset', correct: 'unset', invoke: 'unset' }] },
    duty: { id: 'D', name: 'D', description: 'd', privileges: ['LedgerJournalView'] },
    role: { id: 'R', name: 'R', description: 'd', duties: ['MaintainJournals'], privileges: ['LedgerJournalView'], subRoles: ['Clerk'] },
    user: { id: 'U', name: 'U', enabled: true, lastSignIn: '2026-01-01T00:00:00Z', attributes: { a: 'b' } },
    organization: { id: 'O', name: 'O', parent: 'USMF' },
  };
  // Which of the hostile values each field's type legitimately accepts. Accepted values may still
  // fail later with a typed reference error (for example a list naming a missing object).
  const optional = (field: string) => !['id', 'name', 'kind'].includes(field);
  const accepts = (kind: string, field: string, value: unknown): boolean => {
    if (value === undefined) return optional(field);
    if (field === 'description') return value === '';
    if (['privileges', 'duties', 'subRoles'].includes(field)) return Array.isArray(value) && value.every((v) => typeof v === 'string');
    if (field === 'enabled') return typeof value === 'boolean';
    if (kind === 'user' && field === 'lastSignIn') return value === null || (value instanceof Date && !Number.isNaN(value.getTime()));
    return false;
  };

  const model = baseModel();
  for (const [kind, record] of Object.entries(records)) {
    for (const field of Object.keys(record)) {
      it(`${kind}.${field}`, () => {
        for (const [label, value] of hostileValues) {
          const result = outcome(model, [{ op: 'add', kind, value: { ...record, [field]: value } }]);
          if (result.ok) {
            expect(accepts(kind, field, value), `${kind}.${field} = ${label} was accepted`).toBe(true);
            expect(roundTrip(result.model)).toEqual(result.model);
          } else if (accepts(kind, field, value)) {
            expect(result.code, `${kind}.${field} = ${label}`).toBe('MISSING_REFERENCE');
          } else {
            expect(result.code, `${kind}.${field} = ${label}`).toBe('VALIDATION_FAILED');
          }
        }
      });
    }
  }

  it('grant rights and entry point', () => {
    for (const field of ['entryPoint', 'read', 'update', 'create', 'delete', 'correct', 'invoke']) {
      for (const [label, value] of hostileValues) {
        const result = outcome(model, [{ op: 'setGrant', privilege: 'LedgerJournalView', grant: { entryPoint: JOURNAL_FORM, [field]: value } }]);
        const expected = value === undefined && field !== 'entryPoint';
        expect(result.ok, `grant.${field} = ${label}`).toBe(expected);
        if (!result.ok) expect(result.code).toBe('VALIDATION_FAILED');
      }
    }
  });

  it('assignment fields and scope', () => {
    const valid = { user: 'alice', role: 'Clerk', scope: { organizations: [{ id: 'USMF', includeChildren: true }] }, source: 'manual' };
    for (const field of Object.keys(valid)) {
      for (const [label, value] of hostileValues) {
        const result = outcome(model, [{ op: 'assign', assignment: { ...valid, [field]: value } }]);
        const expected = value === undefined && (field === 'scope' || field === 'source');
        expect(result.ok, `assignment.${field} = ${label}`).toBe(expected);
        if (!result.ok) expect(result.code).toBe('VALIDATION_FAILED');
      }
    }
    for (const [label, value] of hostileValues) {
      const cases: [unknown, boolean][] = [
        [{ id: value }, false],
        [{ id: 'USMF', includeChildren: value }, value === undefined || value === true],
        [value, false],
      ];
      for (const [organization, acceptable] of cases) {
        const result = outcome(model, [{ op: 'assign', assignment: { user: 'alice', role: 'Clerk', scope: { organizations: [organization] } } }]);
        if (result.ok) expect(acceptable, label).toBe(true);
        else expect(result.code).toBe('VALIDATION_FAILED');
      }
    }
  });

  it('update patches, every field of every kind', () => {
    const patchFields: Record<string, string[]> = {
      entryPoint: ['label', 'viewLicense', 'maintainLicense'],
      privilege: ['name', 'description', 'grants'],
      duty: ['name', 'description', 'privileges'],
      role: ['name', 'description', 'duties', 'privileges', 'subRoles'],
      user: ['name', 'enabled', 'lastSignIn', 'attributes'],
      organization: ['name', 'parent'],
    };
    const ids: Record<string, string> = { entryPoint: JOURNAL_FORM, privilege: 'LedgerJournalView', duty: 'MaintainJournals', role: 'Clerk', user: 'alice', organization: 'USMF-East' };
    for (const [kind, fields] of Object.entries(patchFields)) {
      for (const field of fields) {
        for (const [label, value] of hostileValues) {
          const result = outcome(model, [{ op: 'update', kind, id: ids[kind], patch: { [field]: value } }]);
          const nullable = ['label', 'description', 'lastSignIn', 'parent'].includes(field);
          const acceptable = value === undefined || (value === null && nullable) || accepts(kind, field, value);
          if (result.ok) {
            expect(acceptable, `${kind}.${field} = ${label} was accepted`).toBe(true);
            expect(roundTrip(result.model)).toEqual(result.model);
          } else if (acceptable) {
            expect(result.code, `${kind}.${field} = ${label}`).toBe('MISSING_REFERENCE');
          } else {
            expect(result.code, `${kind}.${field} = ${label}`).toBe('VALIDATION_FAILED');
          }
        }
      }
    }
  });

  it('the top-level fields of every change record', () => {
    const changes: Record<string, unknown>[] = [
      { op: 'add', kind: 'role', value: { id: 'r', name: 'r' } },
      { op: 'update', kind: 'role', id: 'Clerk', patch: {} },
      { op: 'remove', kind: 'organization', id: 'USMF-East' },
      { op: 'assign', assignment: { user: 'bob', role: 'Accountant' } },
      { op: 'unassign', user: 'bob', role: 'Clerk' },
      { op: 'setGrant', privilege: 'LedgerJournalView', grant: { entryPoint: JOURNAL_FORM } },
      { op: 'removeGrant', privilege: 'LedgerJournalView', entryPoint: JOURNAL_FORM },
      { op: 'setLicenseCatalogue', catalogue: { licenses: [{ id: 'none', name: 'n' }, { id: 'self-serve', name: 's' }, { id: 'team-members', name: 't' }, { id: 'activity', name: 'a' }, { id: 'operations', name: 'o' }] } },
      { op: 'setParameters', patch: { similarityLevel: 10 } },
    ];
    for (const change of changes) {
      for (const field of Object.keys(change)) {
        for (const [label, value] of hostileValues) {
          const result = outcome(model, [{ ...change, [field]: value }]);
          // zod accepts any object without own keys as an empty patch, so a Date or a Map as
          // a patch is a harmless no-op.
          const emptyPatch = field === 'patch' && (value instanceof Date || value instanceof Map);
          expect(result.ok, `${String(change['op'])}.${field} = ${label}`).toBe(emptyPatch);
          if (!result.ok) expect(result.code).toBe('VALIDATION_FAILED');
        }
      }
      // Each valid change works on its own, so the failures above are about the field.
      expect(outcome(model, [change]).ok).toBe(true);
    }
  });

  it('parameters', () => {
    for (const field of ['checkSimilarity', 'similarityLevel', 'similarityEnforcement', 'allowUnpublishedObjects', 'agingPeriods', 'sodEnforcement', 'fourEyesApproval', 'requireJustification', 'administratorRole']) {
      for (const [label, value] of hostileValues) {
        const result = outcome(model, [{ op: 'setParameters', patch: { [field]: value } }]);
        const acceptable = value === undefined || (typeof value === 'boolean' && !['similarityLevel', 'similarityEnforcement', 'agingPeriods', 'sodEnforcement', 'administratorRole'].includes(field)) || (value === 42 && field === 'similarityLevel');
        expect(result.ok, `${field} = ${label}`).toBe(acceptable);
        if (!result.ok) expect(result.code).toBe('VALIDATION_FAILED');
      }
    }
  });

  it('licence catalogue', () => {
    for (const [label, value] of hostileValues) {
      const catalogues = [value, { licenses: value }, { licenses: [value] }, { licenses: [{ id: value, name: 'n' }] }, { licenses: [{ id: 'none', name: 'n', covers: value }] }];
      for (const catalogue of catalogues) {
        const result = outcome(emptyModel(), [{ op: 'setLicenseCatalogue', catalogue }]);
        if (result.ok) expect(value, label).toBeUndefined();
        // ['x'] is a well-formed covers list naming a missing licence.
        else if (Array.isArray(value) && catalogue === catalogues[4]) expect(result.code, label).toBe('MISSING_REFERENCE');
        else expect(result.code, label).toBe('VALIDATION_FAILED');
      }
      const result = outcome(emptyModel(), [{ op: 'setLicenseCatalogue', catalogue: { licenses: [{ id: 'none', name: 'n', covers: [value] }] } }]);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.code, label).toBe('VALIDATION_FAILED');
    }
    expect(outcome(emptyModel(), [{ op: 'setLicenseCatalogue', catalogue: { licenses: [] } }])).toEqual({ ok: false, code: 'VALIDATION_FAILED' });
    expect(outcome(emptyModel(), [{ op: 'setLicenseCatalogue', catalogue: { licenses: [{ id: 'none', name: 'n', covers: ['x'] }] } }])).toEqual({ ok: false, code: 'MISSING_REFERENCE' });
  });
});

describe('regressions (bugs these tests found in src/model, since fixed)', () => {
  // A Map (or Set, RegExp, class instance) given as attributes was accepted and silently
  // stored as {}, losing its entries.
  it('a Map as user attributes is refused rather than silently emptied', () => {
    expectSecGovError(() => applyChanges(emptyModel(), [{ op: 'add', kind: 'user', value: { id: 'u', name: 'U', attributes: new Map([['department', 'AP']]) as never } }]), 'VALIDATION_FAILED');
  });

  // `null` in a patch deleted the field, so user.lastSignIn (required, nullable) disappeared and
  // the user no longer matched its own schema.
  it('update user lastSignIn: null stores lastSignIn: null ("never signed in")', () => {
    const model = applyChanges(baseModel(), [
      { op: 'update', kind: 'user', id: 'alice', patch: { lastSignIn: '2026-01-01T00:00:00Z' } },
      { op: 'update', kind: 'user', id: 'alice', patch: { lastSignIn: null } },
    ]);
    expect(model.users.get('alice')).toHaveProperty('lastSignIn', null);
  });
});

describe('changes that are not an array of change records', () => {
  const notArrays: [string, unknown][] = [
    ['undefined', undefined],
    ['null', null],
    ['a string', 'add role'],
    ['a number', 1],
    ['an object', { op: 'add', kind: 'role', value: { id: 'r', name: 'r' } }],
    ['an array-like object', { length: 1, 0: { op: 'remove', kind: 'user', id: 'bob' } }],
    ['a Set', new Set([{ op: 'remove', kind: 'user', id: 'bob' }])],
    ['a Map', new Map()],
    ['a function', () => []],
    ['a Symbol', Symbol('changes')],
    ['a Promise', Promise.resolve([])],
  ];
  it.each(notArrays)('%s', (_, changes) => {
    expect(outcome(baseModel(), changes)).toEqual({ ok: false, code: 'VALIDATION_FAILED' });
    const result = safeApplyChanges(baseModel(), changes as never);
    expect(result.ok).toBe(false);
  });

  it.each([
    ['null', null],
    ['a number', 7],
    ['a string', 'remove everything'],
    ['an empty object', {}],
    ['an array', []],
    ['a change without op', { kind: 'user', id: 'bob' }],
    ['a change without kind', { op: 'remove', id: 'bob' }],
    ['a function', () => ({ op: 'remove', kind: 'user', id: 'bob' })],
  ])('an array holding %s', (_, element) => {
    expect(outcome(baseModel(), [{ op: 'add', kind: 'role', value: { id: 'x', name: 'x' } }, element])).toEqual({ ok: false, code: 'VALIDATION_FAILED' });
  });

  it('a sparse array', () => {
    const changes: unknown[] = [];
    changes[3] = { op: 'add', kind: 'role', value: { id: 'x', name: 'x' } };
    expect(outcome(baseModel(), changes).ok).toBe(false);
  });
});

describe('something that is not a model passed as the model', () => {
  const notModels: [string, unknown][] = [
    ['undefined', undefined],
    ['null', null],
    ['a string', 'model'],
    ['a number', 0],
    ['an array', []],
    ['an empty object', {}],
    ['a Map', new Map()],
    ['the plain data of a model', modelToData(baseModel())],
    ['a function', () => baseModel()],
  ];
  it.each(notModels)('%s', (_, model) => {
    const error = expectSecGovError(() => applyChanges(model as never, [{ op: 'add', kind: 'role', value: { id: 'r', name: 'r' } }]), 'VALIDATION_FAILED');
    expect(error.message).toContain('SecurityModel');
    expect(safeApplyChanges(model as never, []).ok).toBe(false);
  });

  // Regression: only three of the maps were checked, so this crashed with a TypeError.
  it('an object with only some of the model maps', () => {
    const partial = { roles: new Map(), privileges: new Map(), assignments: new Map() };
    expectSecGovError(() => applyChanges(partial as never, [{ op: 'add', kind: 'user', value: { id: 'u', name: 'u' } }]), 'VALIDATION_FAILED');
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a string', '{}'],
    ['an array', []],
    ['a number', 1],
    ['a model instead of its data', baseModel()],
  ])('createModel with %s', (_, data) => {
    expectSecGovError(() => createModel(data as never), 'VALIDATION_FAILED');
  });
});

describe('dangling references and mismatched kinds', () => {
  it('a grant naming an entry point of another kind is a missing reference', () => {
    expectRejected(baseModel(), [{ op: 'setGrant', privilege: 'LedgerJournalView', grant: { entryPoint: 'menu-item-output:LedgerJournalTable', read: 'allow' } }], 'MISSING_REFERENCE');
  });

  it('a role listing a duty id as a privilege is a missing reference', () => {
    expectRejected(baseModel(), [{ op: 'add', kind: 'role', value: { id: 'R', name: 'R', privileges: ['MaintainJournals'] } }], 'MISSING_REFERENCE');
  });

  it('an assignment naming a role id as its user is a missing reference', () => {
    expectRejected(baseModel(), [{ op: 'assign', assignment: { user: 'Clerk', role: 'Clerk' } }], 'MISSING_REFERENCE');
  });

  it('removing a parent organization while re-pointing its child works', () => {
    const model = applyChanges(baseModel(), [
      { op: 'update', kind: 'organization', id: 'USMF-East', patch: { parent: null } },
      { op: 'unassign', user: 'alice', role: 'Accountant' },
      { op: 'remove', kind: 'organization', id: 'USMF' },
    ]);
    expect(model.organizations.size).toBe(1);
  });

  it('a failed batch can be followed by a good one on the same model', () => {
    const model = baseModel();
    expectRejected(model, [{ op: 'remove', kind: 'role', id: 'Clerk' }], 'IN_USE');
    const next = applyChanges(model, [{ op: 'unassign', user: 'bob', role: 'Clerk' }, { op: 'update', kind: 'role', id: 'Accountant', patch: { subRoles: [] } }, { op: 'remove', kind: 'role', id: 'Clerk' }]);
    expect(next.roles.has('clerk')).toBe(false);
    expect(model.roles.has('clerk')).toBe(true);
  });
});
