import { describe, expect, it } from 'vitest';
import { compileAccess } from '../../src/access/index.js';
import { applyChanges, changesSchema, emptyModel, rights } from '../../src/model/index.js';
import type { ChangeInput } from '../../src/model/index.js';
import { referenceAccess } from '../reference/access.js';
import { expectMatchesReference } from './compare.js';
import { EP, fixtureModel } from './fixture.js';

const model = fixtureModel();
const access = compileAccess(model);

describe('check', () => {
  it('allows what a role grants through a duty', () => {
    expect(access.check('alice', EP.journal, 'read')).toBe(true);
    expect(access.check('alice', EP.journal, 'delete')).toBe(true);
    expect(access.check('alice', EP.journal, 'correct')).toBe(false);
    expect(access.check('alice', EP.post, 'invoke')).toBe(true);
    expect(access.check('alice', EP.table, 'read')).toBe(false);
  });

  it('includes sub-roles fully, at any depth, and direct privileges', () => {
    // Manager → Auditor → Clerk → ViewLedger, and Clerk's direct ServiceInvoke.
    expect(access.check('bob', EP.journal, 'read')).toBe(true);
    expect(access.check('bob', EP.service, 'invoke')).toBe(true);
    expect(access.check('carol', EP.service, 'invoke')).toBe(true);
  });

  it('lets an explicit deny anywhere win over any allow', () => {
    // Bob: Manager allows delete through MaintainLedger, its sub-role Auditor denies it.
    expect(access.check('bob', EP.journal, 'delete')).toBe(false);
    expect(access.check('bob', EP.journal, 'update')).toBe(true);
    // Henry: the allow comes from one assignment, the deny from another.
    expect(access.check('henry', EP.journal, 'delete')).toBe(false);
    expect(access.check('henry', EP.journal, 'create')).toBe(true);
  });

  it('applies organization scopes, with and without children', () => {
    expect(access.check('carol', EP.journal, 'update', 'USMF')).toBe(true);
    expect(access.check('carol', EP.journal, 'update', 'USMF-East')).toBe(true);
    expect(access.check('carol', EP.journal, 'update', 'DEMF')).toBe(false);
    expect(access.check('carol', EP.journal, 'update', 'Group')).toBe(false);
    // Carol's Clerk role applies everywhere.
    expect(access.check('carol', EP.journal, 'read', 'DEMF')).toBe(true);
    expect(access.check('gina', EP.journal, 'update', 'USMF')).toBe(true);
    expect(access.check('gina', EP.journal, 'update', 'USMF-East')).toBe(false);
  });

  it('answers for every organization when none is given: allowed in at least one', () => {
    expect(access.check('carol', EP.journal, 'update')).toBe(true);
    expect(access.check('gina', EP.journal, 'update')).toBe(true);
    expect(access.check('gina', EP.service, 'invoke')).toBe(false);
    // Ivy: Accountant everywhere, the deny of Auditor only in DEMF: delete is allowed elsewhere.
    expect(access.check('ivy', EP.journal, 'delete')).toBe(true);
    expect(access.check('ivy', EP.journal, 'delete', 'DEMF')).toBe(false);
    expect(access.check('ivy', EP.journal, 'delete', 'USMF')).toBe(true);
  });

  it('gives disabled users no access at all', () => {
    for (const right of rights) expect(access.check('dave', EP.journal, right)).toBe(false);
    expect(access.rightsOf('dave')).toEqual([]);
    expect(access.whoCanReach(EP.journal, 'read')).not.toContain('dave');
  });

  it('gives holders of the administrator role in scope full access', () => {
    expect(access.check('erin', EP.table, 'delete')).toBe(true);
    expect(access.check('erin', EP.journal, 'correct', 'USMF')).toBe(true);
    expect(access.check('frank', EP.table, 'read', 'DEMF')).toBe(true);
    expect(access.check('frank', EP.table, 'read', 'USMF')).toBe(false);
    expect(access.check('frank', EP.table, 'read')).toBe(true);
  });

  it('applies only invoke to service operations and data entity methods', () => {
    expect(access.check('carol', EP.service, 'invoke')).toBe(true);
    expect(access.check('carol', EP.service, 'read')).toBe(false);
    expect(access.check('carol', EP.method, 'invoke')).toBe(true);
    expect(access.check('carol', EP.method, 'read')).toBe(false);
    // The data entity itself is not a method: read applies.
    expect(access.check('carol', EP.entity, 'read')).toBe(true);
    // Not even an administrator has a right that does not apply.
    expect(access.check('erin', EP.service, 'update')).toBe(false);
    expect(access.check('erin', EP.service, 'invoke')).toBe(true);
  });

  it('treats ids case-insensitively', () => {
    expect(access.check('ALICE', 'MENU-ITEM-DISPLAY:ledgerjournaltable', 'update')).toBe(true);
    expect(access.check('Carol', EP.journal, 'update', 'usmf-east')).toBe(true);
    expect(access.check('carol', EP.journal, 'update', 'demf')).toBe(false);
  });

  it('matches the reference on every question of the fixture', () => {
    expectMatchesReference(access, referenceAccess(model), model);
  });
});

describe('rightsOf', () => {
  it('lists every entry point the user reaches with allowed and denied rights and the access level', () => {
    expect(access.rightsOf('bob')).toEqual([
      { entryPoint: EP.entity, allowed: ['read'], denied: [], accessLevel: 'read' },
      { entryPoint: EP.method, allowed: ['invoke'], denied: [], accessLevel: 'write' },
      { entryPoint: EP.post, allowed: ['invoke'], denied: [], accessLevel: 'write' },
      { entryPoint: EP.journal, allowed: ['read', 'update', 'create'], denied: ['delete'], accessLevel: 'write' },
      { entryPoint: EP.service, allowed: ['invoke'], denied: [], accessLevel: 'write' },
    ]);
  });

  it('follows the organization asked about', () => {
    expect(access.rightsOf('gina', 'USMF-East')).toEqual([]);
    expect(access.rightsOf('gina', 'USMF').map((r) => r.entryPoint)).toEqual([EP.post, EP.journal]);
  });

  it('gives an administrator every entry point', () => {
    expect(access.rightsOf('erin')).toHaveLength(model.entryPoints.size);
    expect(access.rightsOf('frank', 'USMF')).toEqual([]);
  });
});

describe('whoCanReach', () => {
  it('lists the users with the right, sorted', () => {
    expect(access.whoCanReach(EP.journal, 'delete')).toEqual(['alice', 'carol', 'erin', 'frank', 'gina', 'ivy']);
    expect(access.whoCanReach(EP.journal, 'delete', 'DEMF')).toEqual(['alice', 'erin', 'frank']);
    expect(access.whoCanReach(EP.service, 'read')).toEqual([]);
  });
});

describe('checkAssignments', () => {
  it('evaluates an arbitrary assignment list without changing anything', () => {
    const what = { assignments: [{ user: 'nobody', role: 'Clerk', scope: 'all' as const, source: 'manual' as const }], enabled: true };
    expect(access.checkAssignments(what, EP.journal, 'read')).toBe(true);
    expect(access.checkAssignments({ ...what, enabled: false }, EP.journal, 'read')).toBe(false);
    expect(access.checkAssignments({ assignments: [], enabled: true }, EP.journal, 'read')).toBe(false);
    expect(access.check('nobody', EP.journal, 'read')).toBe(false);
  });

  it('evaluates the same list again after the caller changed nothing', () => {
    const assignments = [{ user: 'x', role: 'Accountant', scope: { organizations: [{ id: 'USMF', includeChildren: false }] }, source: 'manual' as const }];
    const subject = { assignments, enabled: true };
    expect(access.checkAssignments(subject, EP.journal, 'update', 'USMF')).toBe(true);
    expect(access.checkAssignments(subject, EP.journal, 'update', 'DEMF')).toBe(false);
    expect(access.checkAssignments({ assignments: [...assignments], enabled: true }, EP.journal, 'update', 'USMF-East')).toBe(false);
  });
});

describe('setEffectiveAssignments', () => {
  it('replaces the assignments and enabled flag used for one user until restored', () => {
    const index = compileAccess(model);
    index.setEffectiveAssignments('dave', { assignments: [{ user: 'Dave', role: 'Clerk', scope: 'all', source: 'manual' }], enabled: true });
    expect(index.check('dave', EP.service, 'invoke')).toBe(true);
    expect(index.check('dave', EP.journal, 'update')).toBe(false);
    expect(index.whoCanReach(EP.service, 'invoke')).toContain('dave');
    index.setEffectiveAssignments('dave', undefined);
    expect(index.check('dave', EP.service, 'invoke')).toBe(false);
    expect(index.whoCanReach(EP.service, 'invoke')).not.toContain('dave');
  });

  it('keeps the model enabled flag when the override does not give one', () => {
    const index = compileAccess(model);
    index.setEffectiveAssignments('dave', { assignments: [{ user: 'dave', role: 'Clerk', scope: 'all', source: 'manual' }] });
    expect(index.check('dave', EP.service, 'invoke')).toBe(false);
    index.setEffectiveAssignments('alice', { assignments: [] });
    expect(index.check('alice', EP.journal, 'read')).toBe(false);
  });
});

describe('an empty model', () => {
  it('compiles, knows nobody, and follows the first objects added', () => {
    const index = compileAccess(emptyModel());
    expect(() => index.check('anyone', 'table:T', 'read')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    const input: ChangeInput[] = [
      { op: 'add', kind: 'entryPoint', value: { kind: 'table', name: 'T' } },
      { op: 'add', kind: 'privilege', value: { id: 'P', name: 'P', grants: [{ entryPoint: 'table:T', read: 'allow' }] } },
      { op: 'add', kind: 'role', value: { id: 'R', name: 'R', privileges: ['P'] } },
      { op: 'add', kind: 'user', value: { id: 'U', name: 'U' } },
      { op: 'assign', assignment: { user: 'U', role: 'R' } },
    ];
    const next = applyChanges(index.model, input);
    index.update(next, changesSchema.parse(input));
    expect(index.check('u', 'TABLE:t', 'read')).toBe(true);
    expect(() => index.check('u', 'table:T', 'read', 'Nowhere')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});
