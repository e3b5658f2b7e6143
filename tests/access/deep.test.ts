import { describe, expect, it } from 'vitest';
import { compileAccess } from '../../src/access/index.js';
import { applyChanges, changesSchema, createModel } from '../../src/model/index.js';
import type { ChangeInput, RoleInput } from '../../src/model/index.js';

const DEPTH = 10_000;

// R0 → R1 → ... → R9999, the last one holding the only privilege.
function chainModel() {
  const roles: RoleInput[] = Array.from({ length: DEPTH }, (_, i) => ({
    id: `R${i}`,
    name: `Role ${i}`,
    subRoles: i + 1 < DEPTH ? [`R${i + 1}`] : [],
    privileges: i + 1 === DEPTH ? ['Bottom'] : [],
  }));
  return createModel({
    entryPoints: [{ kind: 'table', name: 'Deep' }, { kind: 'table', name: 'Other' }],
    privileges: [
      { id: 'Bottom', name: 'Bottom', grants: [{ entryPoint: 'table:Deep', read: 'allow' }] },
      { id: 'Extra', name: 'Extra', grants: [{ entryPoint: 'table:Other', read: 'allow' }, { entryPoint: 'table:Deep', update: 'deny' }] },
    ],
    roles,
    users: [{ id: 'top', name: 'Top' }],
    assignments: [{ user: 'top', role: 'R0' }],
  });
}

describe('a 10,000-deep sub-role chain', () => {
  const model = chainModel();
  const index = compileAccess(model);

  it('compiles and answers through the whole chain', () => {
    expect(index.check('top', 'table:Deep', 'read')).toBe(true);
    expect(index.check('top', 'table:Other', 'read')).toBe(false);
    expect(index.rightsOf('top').map((r) => r.entryPoint)).toEqual(['table:Deep']);
    expect(index.whoCanReach('table:Deep', 'read')).toEqual(['top']);
  });

  it('explains with the whole chain of roles', () => {
    const explanation = index.explain('top', 'table:Deep', 'read');
    expect(explanation.reason).toBe('allowed');
    expect(explanation.paths).toHaveLength(1);
    expect(explanation.paths[0]!.roles).toHaveLength(DEPTH);
    expect(explanation.paths[0]!.roles[DEPTH - 1]).toBe(`R${DEPTH - 1}`);
  });

  it('finds every role of the chain as a granter', () => {
    const roles = index.grantersOf([{ entryPoint: 'table:Deep', rights: ['read'] }]).roles;
    expect(roles).toHaveLength(DEPTH);
    expect(roles[0]).toEqual({ id: 'R0', entryPoints: 1 });
  });

  it('follows a change at the bottom incrementally', () => {
    const input: ChangeInput[] = [{ op: 'update', kind: 'role', id: `R${DEPTH - 1}`, patch: { privileges: ['Bottom', 'Extra'] } }];
    const next = applyChanges(model, input);
    const updated = compileAccess(model);
    updated.update(next, changesSchema.parse(input));
    expect(updated.check('top', 'table:Other', 'read')).toBe(true);
    expect(updated.check('top', 'table:Deep', 'update')).toBe(false);
    expect(updated.explain('top', 'table:Deep', 'update').reason).toBe('denied');
    const grant: ChangeInput[] = [{ op: 'removeGrant', privilege: 'Bottom', entryPoint: 'table:Deep' }];
    updated.update(applyChanges(next, grant), changesSchema.parse(grant));
    expect(updated.check('top', 'table:Deep', 'read')).toBe(false);
  });
});
