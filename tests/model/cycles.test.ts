import { describe, expect, it } from 'vitest';
import { applyChanges, emptyModel, type ChangeInput } from '../../src/index.js';
import { baseModel, expectRejected } from './helpers.js';

const role = (id: string, subRoles: string[] = []): ChangeInput => ({ op: 'add', kind: 'role', value: { id, name: id, subRoles } });

/** The ids a ROLE_CYCLE error names, as a set of lowercase ids. */
const cycleIds = (ids: readonly string[] | undefined) => new Set((ids ?? []).map((id) => id.toLowerCase()));

describe('ROLE_CYCLE', () => {
  it('a role that is its own sub-role', () => {
    const error = expectRejected(emptyModel(), [role('A', ['a'])], 'ROLE_CYCLE');
    expect(error.details.ids).toEqual(['A']);
    expect(error.message).toContain('A → A');
  });

  it('two roles containing each other', () => {
    const error = expectRejected(emptyModel(), [role('A', ['B']), role('B', ['A'])], 'ROLE_CYCLE');
    expect(cycleIds(error.details.ids)).toEqual(new Set(['a', 'b']));
  });

  it('a long cycle names exactly the roles on it', () => {
    const ids = Array.from({ length: 50 }, (_, i) => `R${i}`);
    const changes = ids.map((id, i) => role(id, [ids[(i + 1) % ids.length]!]));
    // A role hanging off the cycle is not part of it.
    changes.push(role('Outside', ['R7']));
    const error = expectRejected(emptyModel(), changes, 'ROLE_CYCLE');
    expect(cycleIds(error.details.ids)).toEqual(new Set(ids.map((id) => id.toLowerCase())));
  });

  it('a cycle created by an update of an existing role', () => {
    const model = applyChanges(emptyModel(), [role('Top', ['Middle']), role('Middle', ['Bottom']), role('Bottom')]);
    const error = expectRejected(model, [{ op: 'update', kind: 'role', id: 'bottom', patch: { subRoles: ['TOP'] } }], 'ROLE_CYCLE');
    expect(cycleIds(error.details.ids)).toEqual(new Set(['top', 'middle', 'bottom']));
    for (const id of ['Top', 'Middle', 'Bottom']) expect(error.message).toContain(id);
  });

  it('putting a role under its own sub-role (Accountant contains Clerk; Clerk may not contain Accountant)', () => {
    const error = expectRejected(baseModel(), [{ op: 'update', kind: 'role', id: 'Clerk', patch: { subRoles: ['Accountant'] } }], 'ROLE_CYCLE');
    expect(cycleIds(error.details.ids)).toEqual(new Set(['clerk', 'accountant']));
  });

  it('a diamond (two paths to one sub-role) is not a cycle', () => {
    const model = applyChanges(emptyModel(), [role('Top', ['Left', 'Right']), role('Left', ['Bottom']), role('Right', ['Bottom']), role('Bottom')]);
    expect(model.roles.size).toBe(4);
  });

  it('removing the edge in the same batch that would close a cycle is fine', () => {
    const model = applyChanges(emptyModel(), [role('A', ['B']), role('B')]);
    const next = applyChanges(model, [
      { op: 'update', kind: 'role', id: 'B', patch: { subRoles: ['A'] } },
      { op: 'update', kind: 'role', id: 'A', patch: { subRoles: [] } },
    ]);
    expect(next.roles.get('b')?.subRoles).toEqual(['A']);
    expect(next.roles.get('a')?.subRoles).toEqual([]);
  });
});

describe('organization parent cycles', () => {
  const org = (id: string, parent?: string): ChangeInput => ({ op: 'add', kind: 'organization', value: parent === undefined ? { id, name: id } : { id, name: id, parent } });

  it('an organization that is its own parent', () => {
    const error = expectRejected(emptyModel(), [org('O', 'o')], 'VALIDATION_FAILED');
    expect(error.message).toContain('cycle');
    expect(error.details.ids).toContain('O');
  });

  it('two organizations that are each other’s parent', () => {
    const error = expectRejected(emptyModel(), [org('A', 'B'), org('B', 'A')], 'VALIDATION_FAILED');
    expect(error.message).toContain('cycle');
    expect(cycleIds(error.details.ids)).toEqual(new Set(['a', 'b']));
  });

  it('a cycle created by moving an organization under its own descendant', () => {
    const model = applyChanges(emptyModel(), [org('Group'), org('Country', 'Group'), org('Branch', 'Country')]);
    const error = expectRejected(model, [{ op: 'update', kind: 'organization', id: 'Group', patch: { parent: 'Branch' } }], 'VALIDATION_FAILED');
    expect(cycleIds(error.details.ids)).toEqual(new Set(['group', 'country', 'branch']));
  });

  it('a parent may be cleared with null', () => {
    const model = applyChanges(emptyModel(), [org('Group'), org('Country', 'Group')]);
    const next = applyChanges(model, [{ op: 'update', kind: 'organization', id: 'Country', patch: { parent: null } }]);
    expect(next.organizations.get('country')).toEqual({ id: 'Country', name: 'Country' });
  });
});
