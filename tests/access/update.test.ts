import { describe, expect, it } from 'vitest';
import { compileAccess } from '../../src/access/index.js';
import type { AccessIndex } from '../../src/access/index.js';
import { accessIndexStats } from '../../src/access/access-index.js';
import { applyChanges, changesSchema } from '../../src/model/index.js';
import type { ChangeInput, SecurityModel } from '../../src/model/index.js';
import { expectSameAnswers } from './compare.js';
import { EP, fixtureModel } from './fixture.js';

/** Apply `input` to the index's model, update the index, and check it against a fresh compile. */
function step(index: AccessIndex, input: ChangeInput[]): SecurityModel {
  const next = applyChanges(index.model, input);
  index.update(next, changesSchema.parse(input));
  expect(index.model).toBe(next);
  expectSameAnswers(index, compileAccess(next), next);
  return next;
}

describe('update', () => {
  it('follows grant changes', () => {
    const index = compileAccess(fixtureModel());
    step(index, [{ op: 'setGrant', privilege: 'LedgerJournalView', grant: { entryPoint: EP.table, read: 'allow' } }]);
    expect(index.check('bob', EP.table, 'read')).toBe(true);
    step(index, [{ op: 'removeGrant', privilege: 'denyledgerdelete', entryPoint: EP.journal.toUpperCase() }]);
    expect(index.check('bob', EP.journal, 'delete')).toBe(true);
    step(index, [{ op: 'update', kind: 'privilege', id: 'LedgerJournalMaintain', patch: { grants: [] } }]);
    expect(index.check('alice', EP.journal, 'read')).toBe(false);
    expect(accessIndexStats(index).rebuilds).toBe(0);
  });

  it('follows SoD conflicts and exclusions without a rebuild (they do not change access)', () => {
    const index = compileAccess(fixtureModel());
    const conflict = { id: 'C1', user: 'bob', role: 'Accountant', scope: 'all' as const, source: 'manual' as const, rules: [{ rule: 'R1', firstDuty: 'ViewLedger', secondDuty: 'PostLedger', firstRoles: ['Accountant'], secondRoles: ['Accountant'], organizations: 'all' as const }], raisedAt: '2026-01-01T00:00:00Z' };
    step(index, [{ op: 'raiseConflict', conflict }]);
    step(index, [{ op: 'resolveConflict', id: 'c1', status: 'allowed', reason: 'Cover', resolvedBy: 'alice', resolvedAt: '2026-01-02T00:00:00Z' }]);
    step(index, [{ op: 'exclude', exclusion: { user: 'bob', role: 'Clerk', reason: 'Denied' } }]);
    step(index, [{ op: 'include', user: 'BOB', role: 'clerk' }]);
    expect(accessIndexStats(index)).toMatchObject({ rebuilds: 0, incrementalUpdates: 4 });
  });

  it('follows duty and role structure', () => {
    const index = compileAccess(fixtureModel());
    step(index, [{ op: 'update', kind: 'duty', id: 'ViewLedger', patch: { privileges: ['LedgerJournalView', 'DenyLedgerDelete'] } }]);
    expect(index.check('alice', EP.journal, 'delete')).toBe(true);
    step(index, [{ op: 'update', kind: 'role', id: 'Accountant', patch: { subRoles: ['Clerk'] } }]);
    expect(index.check('alice', EP.journal, 'delete')).toBe(false);
    expect(index.check('alice', EP.service, 'invoke')).toBe(true);
    step(index, [{ op: 'update', kind: 'role', id: 'Auditor', patch: { subRoles: [] } }]);
    expect(index.check('bob', EP.service, 'invoke')).toBe(false);
    step(index, [
      { op: 'add', kind: 'role', value: { id: 'Intern', name: 'Intern', duties: ['ViewLedger'] } },
      { op: 'assign', assignment: { user: 'nobody', role: 'intern' } },
    ]);
    expect(index.check('nobody', EP.journal, 'read')).toBe(true);
    step(index, [
      { op: 'unassign', user: 'NOBODY', role: 'Intern' },
      { op: 'remove', kind: 'role', id: 'intern' },
    ]);
    expect(index.check('nobody', EP.journal, 'read')).toBe(false);
    expect(accessIndexStats(index).rebuilds).toBe(0);
  });

  it('follows users, organizations, entry points and the administrator parameter', () => {
    const index = compileAccess(fixtureModel());
    step(index, [{ op: 'update', kind: 'user', id: 'dave', patch: { enabled: true } }]);
    expect(index.check('dave', EP.journal, 'update')).toBe(true);
    // Moving USMF-East under DEMF takes it out of carol's scope (USMF with children).
    step(index, [{ op: 'update', kind: 'organization', id: 'USMF-East', patch: { parent: 'DEMF' } }]);
    expect(index.check('carol', EP.journal, 'update', 'USMF-East')).toBe(false);
    step(index, [{ op: 'add', kind: 'organization', value: { id: 'USMF-West', name: 'West', parent: 'USMF' } }]);
    expect(index.check('carol', EP.journal, 'update', 'USMF-West')).toBe(true);
    step(index, [
      { op: 'add', kind: 'entryPoint', value: { kind: 'service-operation', name: 'New.op' } },
      { op: 'setGrant', privilege: 'LedgerJournalView', grant: { entryPoint: 'service-operation:New.op', invoke: 'allow', read: 'allow' } },
    ]);
    expect(index.check('bob', 'service-operation:new.op', 'invoke')).toBe(true);
    expect(index.check('bob', 'service-operation:new.op', 'read')).toBe(false);
    step(index, [
      { op: 'removeGrant', privilege: 'LedgerJournalView', entryPoint: 'service-operation:New.op' },
      { op: 'remove', kind: 'entryPoint', id: 'service-operation:NEW.OP' },
    ]);
    expect(() => index.check('bob', 'service-operation:new.op', 'invoke')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    step(index, [{ op: 'setParameters', patch: { administratorRole: 'Clerk' } }]);
    expect(index.check('carol', EP.table, 'delete')).toBe(true);
    expect(index.check('erin', EP.table, 'delete')).toBe(false);
    expect(accessIndexStats(index).rebuilds).toBe(0);
  });

  it('keeps the display spelling of an object added again in another case', () => {
    const index = compileAccess(fixtureModel());
    step(index, [
      { op: 'remove', kind: 'user', id: 'nobody' },
      { op: 'add', kind: 'user', value: { id: 'NoBody', name: 'Nobody' } },
      { op: 'assign', assignment: { user: 'nobody', role: 'Clerk' } },
    ]);
    expect(index.whoCanReach(EP.service, 'invoke')).toContain('NoBody');
    expect(index.check('NoBody', EP.service, 'invoke')).toBe(true);
    expect(index.check('nobody', EP.service, 'invoke')).toBe(true);
    expect(() => index.check('Nobody2', EP.service, 'invoke')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('keeps session overrides across updates, and drops them with the user', () => {
    const index = compileAccess(fixtureModel());
    index.setEffectiveAssignments('nobody', { assignments: [{ user: 'nobody', role: 'Clerk', scope: 'all', source: 'manual' }] });
    const grant: ChangeInput[] = [{ op: 'setGrant', privilege: 'ServiceInvoke', grant: { entryPoint: EP.table, read: 'allow' } }];
    index.update(applyChanges(index.model, grant), changesSchema.parse(grant));
    expect(index.check('nobody', EP.table, 'read')).toBe(true);
    const next = applyChanges(index.model, [{ op: 'remove', kind: 'user', id: 'nobody' }]);
    index.update(next, changesSchema.parse([{ op: 'remove', kind: 'user', id: 'nobody' }]));
    expect(() => index.check('nobody', EP.table, 'read')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    const back = applyChanges(next, [{ op: 'add', kind: 'user', value: { id: 'nobody', name: 'Nobody' } }]);
    index.update(back, changesSchema.parse([{ op: 'add', kind: 'user', value: { id: 'nobody', name: 'Nobody' } }]));
    expect(index.check('nobody', EP.table, 'read')).toBe(false);
  });

  it('drops the roles of an override that were removed from the model', () => {
    const index = compileAccess(fixtureModel());
    step(index, [{ op: 'add', kind: 'role', value: { id: 'Temp', name: 'Temp', duties: ['MaintainLedger'] } }]);
    index.setEffectiveAssignments('nobody', { assignments: [{ user: 'nobody', role: 'Temp', scope: 'all', source: 'manual' }] });
    expect(index.check('nobody', EP.journal, 'update')).toBe(true);
    const input: ChangeInput[] = [{ op: 'remove', kind: 'role', id: 'Temp' }];
    index.update(applyChanges(index.model, input), changesSchema.parse(input));
    expect(index.check('nobody', EP.journal, 'update')).toBe(false);
    expect(accessIndexStats(index).rebuilds).toBe(0);
  });

  it('recompiles only the roles a structural change affects', () => {
    const index = compileAccess(fixtureModel());
    const before = accessIndexStats(index).compiledRoles;
    step(index, [{ op: 'update', kind: 'role', id: 'Clerk', patch: { privileges: ['ServiceInvoke'] } }]);
    expect(accessIndexStats(index).compiledRoles).toBe(before);
  });

  it('rebuilds when the changes do not lead to the next model, and is then still right', () => {
    const index = compileAccess(fixtureModel());
    // No change records for another model: nothing says what differs.
    const enabled = applyChanges(index.model, [{ op: 'update', kind: 'user', id: 'dave', patch: { enabled: true } }]);
    index.update(enabled, []);
    expect(accessIndexStats(index).rebuilds).toBe(1);
    expect(index.check('dave', EP.journal, 'read')).toBe(true);
    // Change records that cannot have produced the next model (a user count that does not match).
    const removed = applyChanges(index.model, [{ op: 'remove', kind: 'user', id: 'nobody' }]);
    index.update(removed, changesSchema.parse([{ op: 'update', kind: 'user', id: 'dave', patch: { enabled: false } }]));
    expect(accessIndexStats(index).rebuilds).toBe(2);
    expect(() => index.check('nobody', EP.journal, 'read')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    // Malformed records.
    index.update(fixtureModel(), [{ op: 'add' } as never]);
    expect(accessIndexStats(index).rebuilds).toBe(3);
    expect(index.check('nobody', EP.journal, 'read')).toBe(false);
    expect(index.check('dave', EP.journal, 'read')).toBe(false);
  });
});
