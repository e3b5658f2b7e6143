import type { ChangeInput } from '../../src/index.js';
import { describe, expect, it } from 'vitest';
import { expectCode, makeFixture } from './fixture.js';

const newRole: ChangeInput = { op: 'add', kind: 'role', value: { id: 'Reviewer', name: 'Reviewer', duties: ['PurchInquiry'] } };

describe('publishing', () => {
  it('stages changes, shows them only in the unpublished model, and publishes them at once', async () => {
    const { gov } = await makeFixture({ parameters: { allowUnpublishedObjects: true } });
    const withStaged = await gov.stage('admin', [newRole], { reason: 'New review role' });
    expect(withStaged.roles.has('reviewer')).toBe(true);
    expect(gov.model().roles.has('reviewer')).toBe(false);
    expect(gov.model({ unpublished: true }).roles.has('reviewer')).toBe(true);
    expect(gov.pendingChanges()).toHaveLength(1);
    await gov.stage('admin', [{ op: 'update', kind: 'role', id: 'Reviewer', patch: { description: 'Reviews purchase orders' } }]);
    const outcome = await gov.publish('admin', { reason: 'Release 12' });
    expect(outcome.model.roles.get('reviewer')?.description).toBe('Reviews purchase orders');
    expect(gov.model().roles.has('reviewer')).toBe(true);
    expect(gov.pendingChanges()).toEqual([]);
    const trail = await gov.auditTrail();
    expect(trail.map((e) => e.command).slice(-3)).toEqual(['stage', 'stage', 'publish']);
    expect(trail.at(-1)!.changes).toHaveLength(2);
  });

  it('checks staged changes at once, refuses staging when the parameter is off, and publishes nothing when SoD refuses', async () => {
    const off = await makeFixture();
    await expectCode(off.gov.stage('admin', [newRole]), 'VALIDATION_FAILED');
    const { gov } = await makeFixture({ parameters: { allowUnpublishedObjects: true } });
    await expectCode(gov.stage('admin', [{ op: 'add', kind: 'role', value: { id: 'X', name: 'X', duties: ['Nope'] } }]), 'MISSING_REFERENCE');
    await gov.apply('admin', [{ op: 'add', kind: 'sodRule', value: { id: 'R', name: 'R', firstDuty: 'LedgerJournalMaintainDuty', secondDuty: 'VendPaymentDuty' } }]);
    await gov.stage('admin', [{ op: 'update', kind: 'role', id: 'Accountant', patch: { duties: ['LedgerJournalMaintainDuty', 'VendPaymentDuty'] } }]);
    const before = gov.model();
    await expectCode(gov.publish('admin'), 'SOD_ROLE_CONFLICT');
    expect(gov.model()).toBe(before);
    expect(gov.pendingChanges()).toHaveLength(1);
    await gov.discardPending('admin');
    expect(gov.pendingChanges()).toEqual([]);
    expect(gov.model({ unpublished: true })).toBe(gov.model());
  });
});

describe('automatic role assignment', () => {
  it('assigns matching users, removes automatic assignments that no longer match, never touches manual ones, and skips exclusions', async () => {
    const { gov } = await makeFixture();
    await gov.apply('admin', [
      { op: 'update', kind: 'user', id: 'bob', patch: { attributes: { department: 'Purchasing' } } },
      { op: 'update', kind: 'user', id: 'carol', patch: { attributes: { department: 'Purchasing' } } },
      { op: 'add', kind: 'assignmentRule', value: { id: 'buyers', name: 'Purchasing buys', role: 'Buyer', condition: { attribute: 'department', equals: 'Purchasing' } } },
      { op: 'add', kind: 'assignmentRule', value: { id: 'auditors', name: 'Audit', role: 'Auditor', condition: { attribute: 'department', in: ['Audit', 'Purchasing'] } } },
      { op: 'exclude', exclusion: { user: 'carol', role: 'Auditor', reason: 'Conflict of interest' } },
    ]);
    const first = await gov.runAssignmentRules('admin');
    expect(first.keptManual).toEqual([{ user: 'bob', role: 'Buyer' }]); // bob holds Buyer manually
    expect(first.skippedExcluded).toEqual([{ user: 'carol', role: 'Auditor' }]);
    const auto = () => [...gov.model().assignments.values()].filter((a) => a.source === 'automatic').map((a) => `${a.user}:${a.role}`).sort();
    expect(auto()).toEqual(['bob:Auditor', 'carol:Buyer']);
    expect(gov.model().assignments.get('bob\u0000buyer')?.source).toBe('manual');
    const again = await gov.runAssignmentRules('admin');
    expect(again.model).toBe(gov.model()); // idempotent: nothing to change
    await gov.apply('admin', [{ op: 'update', kind: 'user', id: 'carol', patch: { attributes: { department: 'Sales' } } }]);
    await gov.runAssignmentRules('admin');
    expect(auto()).toEqual(['bob:Auditor']);
    await gov.apply('admin', [{ op: 'include', user: 'carol', role: 'Auditor' }, { op: 'update', kind: 'user', id: 'carol', patch: { attributes: { department: 'Audit' } } }]);
    await gov.runAssignmentRules('admin');
    expect(auto()).toEqual(['bob:Auditor', 'carol:Auditor']);
  });
});
