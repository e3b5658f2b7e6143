/**
 * setEffectiveAssignments on its fast paths: the hand-written check of plain overrides must accept
 * and produce exactly what the schema does (and leave everything else to it), and ending an
 * override must give back the model's subject, also after the model changed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { compileAccess } from '../../src/access/index.js';
import type { AccessIndex, AssignmentOverride } from '../../src/access/index.js';
import { SecGovError } from '../../src/model/errors.js';
import { applyChanges, changesSchema, entryPointId, rights } from '../../src/model/index.js';
import type { ChangeInput, SecurityModel } from '../../src/model/index.js';
import { assignmentSchema } from '../../src/model/schemas.js';
import { expectSameAnswers, organizationArgs } from './compare.js';
import { EP, fixtureModel } from './fixture.js';

// What the index documents: the override's schema, then every assignment naming the user.
const overrideSchema = z.strictObject({ assignments: z.array(assignmentSchema), enabled: z.boolean().optional() });

type Outcome = { readonly ok: true; readonly override: AssignmentOverride } | { readonly ok: false; readonly code: string };

/** What setEffectiveAssignments must do with `input` for `user`, decided without the index. */
function expected(model: SecurityModel, user: string, input: unknown): Outcome {
  const parsed = overrideSchema.safeParse(input);
  if (!parsed.success) return { ok: false, code: 'VALIDATION_FAILED' };
  if (parsed.data.assignments.some((a) => a.user.toLowerCase() !== user.toLowerCase())) return { ok: false, code: 'VALIDATION_FAILED' };
  for (const a of parsed.data.assignments) {
    if (!model.roles.has(a.role.toLowerCase())) return { ok: false, code: 'NOT_FOUND' };
    if (a.scope !== 'all' && a.scope.organizations.some((o) => !model.organizations.has(o.id.toLowerCase()))) return { ok: false, code: 'NOT_FOUND' };
  }
  const { assignments, enabled } = parsed.data;
  return { ok: true, override: enabled === undefined ? { assignments } : { assignments, enabled } };
}

function outcome(index: AccessIndex, user: string, input: unknown): { ok: true } | { ok: false; code: string } {
  try {
    index.setEffectiveAssignments(user, input as AssignmentOverride);
    return { ok: true };
  } catch (error) {
    if (!(error instanceof SecGovError)) throw error;
    return { ok: false, code: error.code };
  }
}

// Assignment-like records for one user of the fixture: mostly well formed, in every shape the
// schema accepts (defaults left out, frozen or not, prototype-less), plus malformed variants.
const wellFormed = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> =>
  fc.oneof({ weight: 9, arbitrary: good as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: bad });
const roleArb = wellFormed(fc.constantFrom('Clerk', 'clerk', 'ACCOUNTANT', 'Auditor', 'Manager', '-SYSADMIN-', 'Ghost'), fc.constantFrom('', ' ', 'Cl\u0001erk', 'x'.repeat(300), 7));
const orgArb = wellFormed(fc.constantFrom('USMF', 'usmf', 'DEMF', 'Group', 'Mars'), fc.constantFrom('', 'US\u0000MF', null));
const childrenArb = wellFormed(fc.constantFrom<unknown>(undefined, true, false), fc.constant('yes'));
const organizationsArb = fc.array(fc.record({ id: orgArb, includeChildren: childrenArb }, { requiredKeys: ['id'] }), { minLength: 1, maxLength: 3 });
const scopeArb = wellFormed(
  fc.oneof(fc.constant<unknown>(undefined), fc.constant<unknown>('all'), organizationsArb.map((organizations) => ({ organizations }))),
  fc.constantFrom<unknown>('ALL', null, { organizations: [] }, { organizations: [{ id: 'USMF', includeChildren: true, extra: 1 }] }, { organizations: [{ id: 'USMF' }], other: true }),
);
const userArb = wellFormed(fc.constantFrom('alice', 'ALICE', 'Alice'), fc.constantFrom('bob', '', 42));
const sourceArb = wellFormed(fc.constantFrom<unknown>(undefined, 'manual', 'automatic'), fc.constant('other'));
const fieldsArb = fc.oneof(
  { weight: 9, arbitrary: fc.record({ user: userArb, role: roleArb, scope: scopeArb, source: sourceArb }, { requiredKeys: ['user', 'role'] }) },
  { weight: 1, arbitrary: fc.record({ user: userArb, role: roleArb, scope: scopeArb, extra: fc.constant(1) }, { requiredKeys: [] }) },
);
const assignmentArb = fc.tuple(fieldsArb, fc.constantFrom('plain', 'plain', 'frozen', 'frozen', 'null-prototype', 'class')).map(([fields, shape]): unknown => {
  const copy: Record<string, unknown> = { ...fields };
  if (shape === 'frozen') return deepFreeze(copy);
  if (shape === 'null-prototype') return Object.assign(Object.create(null) as object, copy);
  if (shape === 'class') return Object.assign(new (class Assignment {})(), copy);
  return copy;
});
const inputArb = fc.oneof(
  { weight: 6, arbitrary: fc.record({ assignments: fc.array(assignmentArb, { maxLength: 4 }), enabled: fc.constantFrom<unknown>(undefined, true, false) }, { requiredKeys: ['assignments'] }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, 42, 'x', [], { assignments: 'x' }, { assignments: [], enabled: 'yes' }, { assignments: [], other: 1 }, { assignments: [undefined] }, { assignments: new Array(1) }) },
);

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** The answers about one user (the others cannot change): explanations, rights, and who reaches. */
function expectSameUser(actual: AccessIndex, expected: AccessIndex, model: SecurityModel, user: string): void {
  const eps = [...model.entryPoints.values()].map(entryPointId);
  for (const org of organizationArgs(model)) {
    for (const ep of eps) for (const right of rights) expect(actual.explain(user, ep, right, org)).toEqual(expected.explain(user, ep, right, org));
    expect(actual.rightsOf(user, org)).toEqual(expected.rightsOf(user, org));
  }
  for (const ep of eps) expect(actual.whoCanReach(ep, 'read')).toEqual(expected.whoCanReach(ep, 'read'));
}

describe('setEffectiveAssignments: the quick check of plain overrides', () => {
  it('accepts, refuses and normalizes exactly like the schema', () => {
    const model = fixtureModel();
    const outcomes = new Set<string>();
    fc.assert(
      fc.property(inputArb, (input) => {
        const index = compileAccess(model);
        const want = expected(model, 'alice', input);
        const got = outcome(index, 'alice', input);
        expect(got.ok ? 'ok' : got.code).toBe(want.ok ? 'ok' : want.code);
        const reference = compileAccess(model);
        if (want.ok) reference.setEffectiveAssignments('alice', want.override);
        // Refused: nothing changed. Accepted: the same answers (and explanations) as the schema's output gives.
        expectSameUser(index, reference, model, 'alice');
        outcomes.add(got.ok ? 'ok' : got.code);
      }),
      { numRuns: 400 },
    );
    // The inputs reached every outcome.
    expect([...outcomes].sort()).toEqual(['NOT_FOUND', 'VALIDATION_FAILED', 'ok']);
  });

  it('keeps its own copy of records the caller may change later', () => {
    const model = fixtureModel();
    const index = compileAccess(model);
    const scope = { organizations: [{ id: 'DEMF', includeChildren: false }] };
    const clerk = { user: 'alice', role: 'Clerk', scope: 'all' as const, source: 'manual' as const };
    const auditor = { user: 'alice', role: 'Auditor', scope, source: 'manual' as const };
    const assignments = [clerk, auditor];
    index.setEffectiveAssignments('alice', { assignments });
    const reference = compileAccess(model);
    reference.setEffectiveAssignments('alice', structuredClone({ assignments }));
    clerk.role = 'Manager';
    scope.organizations[0]!.id = 'USMF';
    assignments.pop();
    expectSameAnswers(index, reference, model);
    // A model update recompiles the user from the stored override: still the original records.
    const next = applyChanges(model, [{ op: 'update', kind: 'user', id: 'bob', patch: { name: 'Robert' } }]);
    index.update(next, changesSchema.parse([{ op: 'update', kind: 'user', id: 'bob', patch: { name: 'Robert' } }]));
    reference.update(next, changesSchema.parse([{ op: 'update', kind: 'user', id: 'bob', patch: { name: 'Robert' } }]));
    expectSameAnswers(index, reference, next);
  });

  it('takes the model\'s own (frozen) assignments with a session role added', () => {
    const model = fixtureModel();
    const index = compileAccess(model);
    const own = [...model.assignments.values()].filter((a) => a.user === 'ivy');
    expect(own.every((a) => Object.isFrozen(a))).toBe(true);
    index.setEffectiveAssignments('ivy', { assignments: [...own, { user: 'ivy', role: 'Clerk', scope: 'all', source: 'manual' }], enabled: true });
    expect(index.check('ivy', EP.service, 'invoke')).toBe(true);
    expect(index.check('ivy', EP.journal, 'delete', 'DEMF')).toBe(false);
    expect([...new Set(index.explain('ivy', EP.journal, 'read').paths.map((p) => p.assignment.role))]).toEqual(['Accountant', 'Auditor', 'Clerk']);
  });
});

describe('setEffectiveAssignments: ending an override', () => {
  const session = (user: string, role: string): AssignmentOverride => ({ assignments: [{ user, role, scope: 'all', source: 'manual' }] });
  const change = (index: AccessIndex, input: ChangeInput[]): SecurityModel => {
    const next = applyChanges(index.model, input);
    index.update(next, changesSchema.parse(input));
    return next;
  };

  it('gives back the model\'s subject, unchanged or after the model changed', () => {
    const model = fixtureModel();
    const index = compileAccess(model);
    index.setEffectiveAssignments('carol', session('carol', 'Manager'));
    index.setEffectiveAssignments('carol', session('carol', 'Auditor')); // replaced, not stacked
    index.setEffectiveAssignments('carol', undefined);
    expectSameAnswers(index, compileAccess(model), model);

    index.setEffectiveAssignments('alice', session('alice', 'Clerk'));
    index.setEffectiveAssignments('gina', session('gina', 'Clerk'));
    let next = change(index, [{ op: 'assign', assignment: { user: 'alice', role: 'Manager' } }, { op: 'update', kind: 'user', id: 'gina', patch: { enabled: false } }]);
    index.setEffectiveAssignments('alice', undefined);
    index.setEffectiveAssignments('gina', undefined);
    expectSameAnswers(index, compileAccess(next), next);

    index.setEffectiveAssignments('henry', session('henry', 'Clerk'));
    next = change(index, [{ op: 'setParameters', patch: { administratorRole: 'Accountant' } }]);
    index.setEffectiveAssignments('henry', undefined);
    expectSameAnswers(index, compileAccess(next), next);
  });

  it('is a no-op for a user without an override', () => {
    const model = fixtureModel();
    const index = compileAccess(model);
    index.setEffectiveAssignments('bob', undefined);
    expectSameAnswers(index, compileAccess(model), model);
    expect(() => index.setEffectiveAssignments('zoe', undefined)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});
