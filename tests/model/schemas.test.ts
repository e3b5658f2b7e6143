import { describe, expect, it } from 'vitest';
import {
  MAX_ID_LENGTH,
  MAX_NAME_LENGTH,
  MAX_TEXT_LENGTH,
  applyChanges,
  assignmentSchema,
  changeSchema,
  defaultLicenseCatalogue,
  defaultParameters,
  dutySchema,
  emptyModel,
  entryPointId,
  entryPointSchema,
  grantSchema,
  idSchema,
  instantSchema,
  licenseCatalogueSchema,
  licenseSchema,
  organizationSchema,
  parametersPatchSchema,
  parametersSchema,
  privilegeSchema,
  roleSchema,
  scopeSchema,
  userSchema,
} from '../../src/index.js';
import { expectSecGovError } from './helpers.js';

describe('record schemas fill in defaults', () => {
  it('entry point: licences default to none', () => {
    expect(entryPointSchema.parse({ kind: 'table', name: 'CustTable' })).toEqual({ kind: 'table', name: 'CustTable', viewLicense: 'none', maintainLicense: 'none' });
  });

  it('grant: every right defaults to unset', () => {
    expect(grantSchema.parse({ entryPoint: 'table:CustTable' })).toEqual({
      entryPoint: 'table:CustTable', read: 'unset', update: 'unset', create: 'unset', delete: 'unset', correct: 'unset', invoke: 'unset',
    });
  });

  it('privilege, duty and role: member lists default to empty', () => {
    expect(privilegeSchema.parse({ id: 'p', name: 'P' })).toEqual({ id: 'p', name: 'P', grants: [] });
    expect(dutySchema.parse({ id: 'd', name: 'D' })).toEqual({ id: 'd', name: 'D', privileges: [] });
    expect(roleSchema.parse({ id: 'r', name: 'R' })).toEqual({ id: 'r', name: 'R', duties: [], privileges: [], subRoles: [] });
  });

  it('user: enabled, never signed in, no attributes', () => {
    const user = userSchema.parse({ id: 'u', name: 'U' });
    expect(user).toEqual({ id: 'u', name: 'U', enabled: true, lastSignIn: null, attributes: {} });
    // Each user gets its own attributes object.
    expect(userSchema.parse({ id: 'v', name: 'V' }).attributes).not.toBe(user.attributes);
  });

  it('assignment: all organizations, manual; scoped organizations without children', () => {
    expect(assignmentSchema.parse({ user: 'u', role: 'r' })).toEqual({ user: 'u', role: 'r', scope: 'all', source: 'manual' });
    expect(assignmentSchema.parse({ user: 'u', role: 'r', scope: { organizations: [{ id: 'o' }] }, source: 'automatic' })).toEqual({
      user: 'u', role: 'r', scope: { organizations: [{ id: 'o', includeChildren: false }] }, source: 'automatic',
    });
  });

  it('licence: covers nothing by default', () => {
    expect(licenseSchema.parse({ id: 'l', name: 'L' })).toEqual({ id: 'l', name: 'L', covers: [] });
  });

  it('organization: parent is optional', () => {
    expect(organizationSchema.parse({ id: 'o', name: 'O' })).toEqual({ id: 'o', name: 'O' });
  });

  it('the default catalogue and parameters are valid for their own schemas', () => {
    expect(licenseCatalogueSchema.parse(defaultLicenseCatalogue)).toEqual(defaultLicenseCatalogue);
    expect(parametersSchema.parse(defaultParameters)).toEqual(defaultParameters);
    expect(defaultLicenseCatalogue.licenses.map((l) => l.id)).toEqual(['none', 'self-serve', 'team-members', 'activity', 'operations']);
  });

  it('an empty model has the default catalogue and parameters', () => {
    const model = emptyModel();
    expect(model.licenses).toEqual(defaultLicenseCatalogue);
    expect(model.parameters).toEqual(defaultParameters);
    for (const map of [model.entryPoints, model.privileges, model.duties, model.roles, model.users, model.organizations, model.assignments]) expect(map.size).toBe(0);
  });
});

describe('strict objects reject unknown keys', () => {
  const cases: [string, { safeParse(v: unknown): { success: boolean } }, Record<string, unknown>][] = [
    ['entry point', entryPointSchema, { kind: 'table', name: 'T' }],
    ['grant', grantSchema, { entryPoint: 'table:T' }],
    ['privilege', privilegeSchema, { id: 'p', name: 'P' }],
    ['duty', dutySchema, { id: 'd', name: 'D' }],
    ['role', roleSchema, { id: 'r', name: 'R' }],
    ['user', userSchema, { id: 'u', name: 'U' }],
    ['organization', organizationSchema, { id: 'o', name: 'O' }],
    ['assignment', assignmentSchema, { user: 'u', role: 'r' }],
    ['licence', licenseSchema, { id: 'l', name: 'L' }],
    ['catalogue', licenseCatalogueSchema, { licenses: [{ id: 'l', name: 'L' }] }],
    ['parameters patch', parametersPatchSchema, {}],
    ['change', changeSchema, { op: 'unassign', user: 'u', role: 'r' }],
  ];
  it.each(cases)('%s', (_, schema, valid) => {
    expect(schema.safeParse(valid).success).toBe(true);
    expect(schema.safeParse({ ...valid, surprise: 1 }).success).toBe(false);
  });

  it('a scoped organization and an organization scope are strict too', () => {
    expect(scopeSchema.safeParse({ organizations: [{ id: 'o', extra: true }] }).success).toBe(false);
    expect(scopeSchema.safeParse({ organizations: [{ id: 'o' }], extra: true }).success).toBe(false);
  });

  it('update patches reject fields they do not know, including the id', () => {
    const model = emptyModel();
    for (const kind of ['privilege', 'duty', 'role', 'user', 'organization', 'entryPoint'] as const) {
      expectSecGovError(() => applyChanges(model, [{ op: 'update', kind, id: 'x', patch: { id: 'y' } } as never]), 'VALIDATION_FAILED');
    }
    expectSecGovError(() => applyChanges(model, [{ op: 'update', kind: 'entryPoint', id: 'table:T', patch: { kind: 'form-control' } } as never]), 'VALIDATION_FAILED');
  });
});

describe('unknown enum values are refused', () => {
  it('entry point kind', () => {
    expect(entryPointSchema.safeParse({ kind: 'menu-item', name: 'X' }).success).toBe(false);
    expect(entryPointSchema.safeParse({ kind: 'TABLE', name: 'X' }).success).toBe(false);
  });
  it('permission', () => {
    expect(grantSchema.safeParse({ entryPoint: 'e', read: 'grant' }).success).toBe(false);
    expect(grantSchema.safeParse({ entryPoint: 'e', read: true }).success).toBe(false);
  });
  it('a right that does not exist', () => {
    expect(grantSchema.safeParse({ entryPoint: 'e', execute: 'allow' }).success).toBe(false);
  });
  it('assignment source and scope', () => {
    expect(assignmentSchema.safeParse({ user: 'u', role: 'r', source: 'rule' }).success).toBe(false);
    expect(assignmentSchema.safeParse({ user: 'u', role: 'r', scope: 'none' }).success).toBe(false);
    expect(assignmentSchema.safeParse({ user: 'u', role: 'r', scope: { organizations: [] } }).success).toBe(false);
  });
  it('parameters', () => {
    expect(parametersPatchSchema.safeParse({ similarityEnforcement: 'ignore' }).success).toBe(false);
    expect(parametersPatchSchema.safeParse({ sodEnforcement: 'off' }).success).toBe(false);
    expect(parametersPatchSchema.safeParse({ similarityLevel: 101 }).success).toBe(false);
    expect(parametersPatchSchema.safeParse({ similarityLevel: -1 }).success).toBe(false);
    expect(parametersPatchSchema.safeParse({ agingPeriods: [30, 60, 60, 180, 365] }).success).toBe(false);
    expect(parametersPatchSchema.safeParse({ agingPeriods: [30, 60, 90, 180] }).success).toBe(false);
    expect(parametersPatchSchema.safeParse({ agingPeriods: [0, 60, 90, 180, 365] }).success).toBe(false);
    expect(parametersPatchSchema.safeParse({ agingPeriods: [1.5, 60, 90, 180, 365] }).success).toBe(false);
    expect(parametersPatchSchema.safeParse({ agingPeriods: [7, 14, 30, 60, 90] }).success).toBe(true);
  });
  it('change op and kind', () => {
    expect(changeSchema.safeParse({ op: 'upsert', kind: 'role', value: { id: 'r', name: 'R' } }).success).toBe(false);
    expect(changeSchema.safeParse({ op: 'add', kind: 'group', value: { id: 'r', name: 'R' } }).success).toBe(false);
  });
  it('through applyChanges the error is VALIDATION_FAILED with the path', () => {
    const error = expectSecGovError(
      () => applyChanges(emptyModel(), [{ op: 'add', kind: 'privilege', value: { id: 'p', name: 'P', grants: [{ entryPoint: 'e', read: 'maybe' }] } } as never]),
      'VALIDATION_FAILED',
    );
    expect(error.details.problems?.[0]?.path).toEqual(['changes', 0, 'value', 'grants', 0, 'read']);
    expect(error.message).toContain('changes.0.value.grants.0.read');
  });
});

describe('ids, names and text', () => {
  it('ids are 1 to MAX_ID_LENGTH characters, not blank, no control characters', () => {
    expect(idSchema.safeParse('a').success).toBe(true);
    expect(idSchema.safeParse('x'.repeat(MAX_ID_LENGTH)).success).toBe(true);
    expect(idSchema.safeParse('x'.repeat(MAX_ID_LENGTH + 1)).success).toBe(false);
    expect(idSchema.safeParse('').success).toBe(false);
    expect(idSchema.safeParse('   ').success).toBe(false);
    for (const c of ['\u0000', '\n', '\t', '\u001f', '\u007f']) expect(idSchema.safeParse(`a${c}b`).success).toBe(false);
    // Ordinary punctuation and non-ASCII letters are fine.
    expect(idSchema.safeParse('-SYSADMIN-').success).toBe(true);
    expect(idSchema.safeParse('Zoë Ärger').success).toBe(true);
  });

  it('names are 1 to MAX_NAME_LENGTH characters; text up to MAX_TEXT_LENGTH', () => {
    expect(roleSchema.safeParse({ id: 'r', name: '' }).success).toBe(false);
    expect(roleSchema.safeParse({ id: 'r', name: 'n'.repeat(MAX_NAME_LENGTH) }).success).toBe(true);
    expect(roleSchema.safeParse({ id: 'r', name: 'n'.repeat(MAX_NAME_LENGTH + 1) }).success).toBe(false);
    expect(roleSchema.safeParse({ id: 'r', name: 'R', description: 't'.repeat(MAX_TEXT_LENGTH) }).success).toBe(true);
    expect(roleSchema.safeParse({ id: 'r', name: 'R', description: 't'.repeat(MAX_TEXT_LENGTH + 1) }).success).toBe(false);
  });

  it('securable names may not contain the entry point id separators', () => {
    for (const name of ['a:b', 'a/b', 'a\nb', '', ' ']) {
      expect(entryPointSchema.safeParse({ kind: 'table', name }).success, name).toBe(false);
      expect(entryPointSchema.safeParse({ kind: 'table', name: 'T', childName: name }).success, name).toBe(false);
    }
  });

  it('entryPointId is kind:name or kind:name/child', () => {
    expect(entryPointId({ kind: 'menu-item-display', name: 'LedgerJournalTable' })).toBe('menu-item-display:LedgerJournalTable');
    expect(entryPointId({ kind: 'data-entity', name: 'CustomersV3', childName: 'insert' })).toBe('data-entity:CustomersV3/insert');
  });
});

describe('instants', () => {
  it('accepts a Date or an ISO string with offset, and yields canonical UTC', () => {
    expect(instantSchema.parse(new Date(Date.UTC(2026, 0, 31, 9)))).toBe('2026-01-31T09:00:00.000Z');
    expect(instantSchema.parse('2026-01-31T10:00:00+01:00')).toBe('2026-01-31T09:00:00.000Z');
    expect(instantSchema.parse('2026-01-31T09:00:00Z')).toBe('2026-01-31T09:00:00.000Z');
  });
  it('refuses local times, invalid dates and other types', () => {
    for (const value of ['2026-01-31T09:00:00', '2026-01-31', 'yesterday', new Date(Number.NaN), 1_700_000_000_000, null, {}]) {
      expect(instantSchema.safeParse(value).success, String(value)).toBe(false);
    }
  });
  it('a user keeps the canonical form', () => {
    const model = applyChanges(emptyModel(), [{ op: 'add', kind: 'user', value: { id: 'u', name: 'U', lastSignIn: '2026-03-01T12:00:00-05:00' } }]);
    expect(model.users.get('u')?.lastSignIn).toBe('2026-03-01T17:00:00.000Z');
  });
});
