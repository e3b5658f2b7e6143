/**
 * Property test: random sequences of valid and invalid batches. After each batch either the new
 * model is valid (it equals its rebuild from modelToData, and agrees with the simple reference
 * implementation), or the error is a typed SecGovError and the old model is unchanged.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SecGovError,
  createModel,
  entryPointKinds,
  idKey,
  modelToData,
  permissionSchema,
  rights,
  safeApplyChanges,
  type SecurityModel,
} from '../../src/index.js';
import { referenceApply, sortedState, type RefState } from './reference-model.js';
import { roundTrip, snapshot } from './helpers.js';

// Small id pools with case variants, so duplicates, references and cycles happen often.
const ids = ['A', 'a', 'B', 'C', '__proto__'];
const entryPointNames = ['T1', 't1', 'Form'];
const entryPointKindsUsed = ['table', 'menu-item-display'] as const satisfies readonly (typeof entryPointKinds)[number][];
const licences = ['none', 'self-serve', 'team-members', 'activity', 'operations', 'gold'];

const id = fc.constantFrom(...ids);
const roleIdArb = fc.constantFrom(...ids, '-SYSADMIN-');
// Mostly short lists, often empty, so that enough batches are accepted.
const idList = fc.oneof(fc.constant([] as string[]), fc.array(id, { maxLength: 2 }));
const name = fc.constantFrom('Name', 'Other name', 'Ünïcode');
const entryPointRef = fc.tuple(fc.constantFrom(...entryPointKindsUsed), fc.constantFrom(...entryPointNames)).map(([k, n]) => `${k}:${n}`);
const grant = fc.record(
  { entryPoint: entryPointRef, ...Object.fromEntries(rights.map((r) => [r, permissionSchema.options.length ? fc.constantFrom(...permissionSchema.options) : fc.constant('unset')])) },
  { requiredKeys: ['entryPoint'] },
);
const optionalText = fc.option(fc.constantFrom('text', ''), { nil: undefined });

const entryPoint = fc.record(
  { kind: fc.constantFrom(...entryPointKindsUsed), name: fc.constantFrom(...entryPointNames), viewLicense: fc.constantFrom(...licences), maintainLicense: fc.constantFrom(...licences) },
  { requiredKeys: ['kind', 'name'] },
);
const scope = fc.oneof(
  fc.constant('all' as const),
  fc.record({ organizations: fc.array(fc.record({ id, includeChildren: fc.boolean() }), { minLength: 1, maxLength: 2 }) }),
);

const add = <T>(arbitrary: fc.Arbitrary<T>) => ({ weight: 3, arbitrary });
const validChange = fc.oneof(
  add(entryPoint.map((value) => ({ op: 'add', kind: 'entryPoint', value }))),
  add(fc.record({ id, name, grants: fc.oneof(fc.constant([]), fc.array(grant, { maxLength: 2 })) }).map((value) => ({ op: 'add', kind: 'privilege', value }))),
  add(fc.record({ id, name, privileges: idList }).map((value) => ({ op: 'add', kind: 'duty', value }))),
  add(fc.record({ id, name, duties: idList, privileges: idList, subRoles: idList }).map((value) => ({ op: 'add', kind: 'role', value }))),
  add(fc.record({ id, name, enabled: fc.boolean() }).map((value) => ({ op: 'add', kind: 'user', value }))),
  add(fc.record({ id, name, parent: fc.option(id, { nil: undefined }) }).map(({ parent, ...rest }) => ({ op: 'add', kind: 'organization', value: parent === undefined ? rest : { ...rest, parent } }))),
  fc.record({ kind: fc.constantFrom('privilege', 'duty', 'role', 'user', 'organization'), id }).map(({ kind, id: target }) => ({ op: 'remove', kind, id: target })),
  fc.tuple(entryPointRef).map(([target]) => ({ op: 'remove', kind: 'entryPoint', id: target })),
  fc.record({ id: roleIdArb, subRoles: idList, duties: idList, description: optionalText }).map(({ id: target, ...patch }) => ({ op: 'update', kind: 'role', id: target, patch })),
  fc.record({ id, privileges: idList }).map(({ id: target, ...patch }) => ({ op: 'update', kind: 'duty', id: target, patch })),
  fc.record({ id, parent: fc.option(id, { nil: null }) }).map(({ id: target, ...patch }) => ({ op: 'update', kind: 'organization', id: target, patch })),
  fc.record({ id, enabled: fc.boolean(), lastSignIn: fc.constantFrom('2026-01-01T00:00:00Z', null, undefined) }).map(({ id: target, ...patch }) => ({ op: 'update', kind: 'user', id: target, patch })),
  fc.record({ id: entryPointRef, viewLicense: fc.constantFrom(...licences) }).map(({ id: target, ...patch }) => ({ op: 'update', kind: 'entryPoint', id: target, patch })),
  fc.record({ user: id, role: roleIdArb, scope, source: fc.constantFrom('manual', 'automatic') }).map((assignment) => ({ op: 'assign', assignment })),
  fc.record({ user: id, role: roleIdArb }).map((r) => ({ op: 'unassign', ...r })),
  fc.record({ privilege: id, grant }).map((r) => ({ op: 'setGrant', ...r })),
  fc.record({ privilege: id, entryPoint: entryPointRef }).map((r) => ({ op: 'removeGrant', ...r })),
  fc.record({ administratorRole: roleIdArb, similarityLevel: fc.integer({ min: 0, max: 100 }) }, { requiredKeys: [] }).map((patch) => ({ op: 'setParameters', patch })),
  fc.constantFrom(
    { licenses: [{ id: 'none', name: 'None' }, { id: 'gold', name: 'Gold', covers: ['none'] }] },
    { licenses: [{ id: 'none', name: 'None' }, { id: 'self-serve', name: 'S', covers: ['none'] }, { id: 'team-members', name: 'T' }, { id: 'activity', name: 'A' }, { id: 'operations', name: 'O', covers: ['activity', 'team-members'] }] },
    { licenses: [{ id: 'none', name: 'None', covers: ['gold'] }, { id: 'gold', name: 'Gold', covers: ['none'] }] },
  ).map((catalogue) => ({ op: 'setLicenseCatalogue', catalogue })),
);

// Malformed changes: wrong types, unknown keys, bad ids.
const invalidChange = fc.oneof(
  fc.anything({ maxDepth: 2 }),
  fc.constant({ op: 'add', kind: 'role', value: { id: '', name: 'x' } }),
  fc.constant({ op: 'add', kind: 'user', value: { id: 'u', name: 'x', extra: true } }),
  fc.constant({ op: 'update', kind: 'role', id: 'A', patch: { subRoles: 'B' } }),
  fc.constant({ op: 'assign', assignment: { user: 'A', role: 'A', scope: { organizations: [] } } }),
  fc.constant({ op: 'setParameters', patch: { agingPeriods: [1, 1, 1, 1, 1] } }),
);

const batch = fc.array(fc.oneof({ weight: 19, arbitrary: validChange }, { weight: 1, arbitrary: invalidChange }), { minLength: 1, maxLength: 4 });

// Half the runs start with the administrator role, half without (then nobody administers).
const initialData = [{ roles: [{ id: '-SYSADMIN-', name: 'System administrator' }] }, {}];

describe('random batches of changes', () => {
  it('either give a valid model that matches the reference, or a typed error and the old model untouched', () => {
    let accepted = 0;
    let rejected = 0;
    fc.assert(
      fc.property(fc.constantFrom(...initialData), fc.array(batch, { minLength: 1, maxLength: 12 }), (initial, batches) => {
        let model: SecurityModel = createModel(initial);
        let reference: RefState = modelToData(model);
        for (const changes of batches) {
          const before = snapshot(model);
          const expected = referenceApply(reference, changes);
          const result = safeApplyChanges(model, changes as never);
          if (result.ok) {
            accepted++;
            expect(expected.ok, `the reference refused a batch secgov accepted: ${JSON.stringify(changes)}`).toBe(true);
            expect(roundTrip(result.model)).toEqual(result.model);
            for (const [key, role] of result.model.roles) expect(key).toBe(idKey(role.id));
            if (expected.ok) expect(sortedState(modelToData(result.model))).toEqual(sortedState(expected.state));
            model = result.model;
            if (expected.ok) reference = expected.state;
          } else {
            rejected++;
            expect(result.error).toBeInstanceOf(SecGovError);
            expect(model).toEqual(before);
            expect(expected.ok, `secgov refused a batch the reference accepts (${result.error.code}: ${result.error.message}): ${JSON.stringify(changes)}`).toBe(false);
            if (!expected.ok) {
              // Removing an object still referred to is IN_USE in secgov and a dangling reference in the reference.
              const allowed = new Set<string>(expected.codes);
              if (allowed.has('MISSING_REFERENCE')) allowed.add('IN_USE');
              expect([...allowed], result.error.message).toContain(result.error.code);
            }
          }
        }
      }),
      { numRuns: 400 },
    );
    // Both outcomes must be exercised, or the property says little.
    expect(accepted).toBeGreaterThan(200);
    expect(rejected).toBeGreaterThan(200);
  });
});
