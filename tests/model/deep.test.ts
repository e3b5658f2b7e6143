/**
 * Deep role hierarchies: traversals must be iterative, so 10,000-deep chains neither overflow the
 * stack nor fail.
 */
import { describe, expect, it } from 'vitest';
import { applyChanges, createModel, emptyModel, modelToData, type ChangeInput, type SecurityModel } from '../../src/index.js';
import { expectRejected } from './helpers.js';

const DEPTH = 10_000;
const roleId = (i: number) => `Role${i}`;

/** Roles Role0 → Role1 → … → Role{DEPTH-1}, each the only sub-role of the one before. */
function chain(): ChangeInput[] {
  return Array.from({ length: DEPTH }, (_, i) => ({
    op: 'add' as const,
    kind: 'role' as const,
    value: { id: roleId(i), name: `Role ${i}`, subRoles: i + 1 < DEPTH ? [roleId(i + 1)] : [] },
  }));
}

describe(`a ${DEPTH.toLocaleString('en')}-deep sub-role chain`, () => {
  let model: SecurityModel;

  it('is built in one batch (added deepest last, so every reference is forward)', () => {
    model = applyChanges(emptyModel(), chain());
    expect(model.roles.size).toBe(DEPTH);
    expect(model.roles.get(roleId(0).toLowerCase())?.subRoles).toEqual([roleId(1)]);
  });

  it('is built in one batch in reverse order too', () => {
    expect(applyChanges(emptyModel(), chain().reverse()).roles.size).toBe(DEPTH);
  });

  it('closing it into a 10,000-long cycle is ROLE_CYCLE naming every role on it', () => {
    const error = expectRejected(model, [{ op: 'update', kind: 'role', id: roleId(DEPTH - 1), patch: { subRoles: [roleId(0)] } }], 'ROLE_CYCLE');
    expect(error.details.ids).toHaveLength(DEPTH);
    expect(new Set(error.details.ids)).toEqual(new Set(Array.from({ length: DEPTH }, (_, i) => roleId(i))));
  });

  it('a cycle in the middle of the chain names only the roles on it', () => {
    const error = expectRejected(model, [{ op: 'update', kind: 'role', id: roleId(7_000), patch: { subRoles: [roleId(3_000)] } }], 'ROLE_CYCLE');
    expect(error.details.ids).toHaveLength(4_001);
    expect(error.details.ids).toContain(roleId(3_000));
    expect(error.details.ids).not.toContain(roleId(2_999));
  });

  it('a 10,000-long cycle built in one batch is ROLE_CYCLE', () => {
    const changes = chain();
    changes[DEPTH - 1] = { op: 'add', kind: 'role', value: { id: roleId(DEPTH - 1), name: 'last', subRoles: [roleId(0)] } };
    expectRejected(emptyModel(), changes, 'ROLE_CYCLE');
  });

  it('round-trips through modelToData and createModel', () => {
    const data = modelToData(model);
    const again = createModel({ ...data, parameters: { ...data.parameters, administratorRole: roleId(0) } });
    expect(again.roles.size).toBe(DEPTH);
  });

  it('removing a role in the middle is IN_USE by its parent; removing the root works', () => {
    expectRejected(model, [{ op: 'remove', kind: 'role', id: roleId(5_000) }], 'IN_USE');
    expect(applyChanges(model, [{ op: 'remove', kind: 'role', id: roleId(0) }]).roles.size).toBe(DEPTH - 1);
  });

  it('a deep organization chain with a cycle at the end is refused', () => {
    const orgs: ChangeInput[] = Array.from({ length: 2_000 }, (_, i) => ({ op: 'add' as const, kind: 'organization' as const, value: { id: `O${i}`, name: `O${i}`, ...(i > 0 ? { parent: `O${i - 1}` } : {}) } }));
    const built = applyChanges(emptyModel(), orgs);
    expect(built.organizations.size).toBe(2_000);
    expectRejected(built, [{ op: 'update', kind: 'organization', id: 'O0', patch: { parent: 'O1999' } }], 'VALIDATION_FAILED');
  });
});
