import { describe, expect, it } from 'vitest';
import { createGovernance, createModel, memoryStore, type Governance, type Store } from '../../src/index.js';
import { faultyStore, ManualClock } from '../../src/testing/index.js';
import { scenarioData, T0 } from './fixture.js';

/**
 * An instance adopts the model it computed for its own committed batch instead of applying the
 * batch again: the result must be exactly what any other instance gets by applying the stored
 * batches, and a batch whose unit of work failed must never be adopted.
 */
const open = (store: Store): Promise<Governance> => createGovernance({ store, clock: new ManualClock(T0), model: createModel(scenarioData()) });

async function expectSameAsReplayed(gov: Governance, store: Store): Promise<void> {
  const fresh = await open(store);
  expect(gov.model()).toEqual(fresh.model());
  // The per-user assignments the instance patches batch by batch, against a fresh build.
  for (const user of fresh.model().users.values()) expect(gov.effectiveState(user.id), user.id).toEqual(fresh.effectiveState(user.id));
}

describe('committed batches', () => {
  it('the committing instance, a second instance and a fresh one hold the same model', async () => {
    const store = memoryStore();
    const a = await open(store);
    const b = await open(store);
    for (const g of [a, b]) for (const user of g.model().users.values()) g.effectiveState(user.id);
    await a.apply('admin', [{ op: 'add', kind: 'sodRule', value: { id: 'SOD-1', name: 'Journals vs payments', firstDuty: 'LedgerJournalMaintainDuty', secondDuty: 'VendPaymentDuty', severity: 'high' } }]);
    await a.assign('admin', { user: 'carol', role: 'Buyer', scope: 'all' });
    // Held as an unresolved conflict: the batch that commits differs from the one asked for.
    const held = await a.assign('admin', { user: 'carol', role: 'PaymentsClerk', scope: 'all' });
    expect(held.conflicts).toHaveLength(1);
    await b.unassign('admin', 'bob', 'Buyer');
    await a.apply('admin', [{ op: 'update', kind: 'role', id: 'Auditor', patch: { name: 'Internal auditor' } }], { reason: 'Rename' });
    await b.sync();
    expect(a.model()).toEqual(b.model());
    await expectSameAsReplayed(a, store);
    expect(a.model().assignments.has('bob\u0000buyer')).toBe(false);
  });

  it('a unit of work that fails at commit leaves nothing to adopt', async () => {
    const store = faultyStore(memoryStore());
    const gov = await open(store);
    const before = gov.model();
    store.reset({ failCommits: [1] });
    await expect(gov.assign('admin', { user: 'carol', role: 'Buyer', scope: 'all' })).rejects.toMatchObject({ code: 'STORE_FAILURE' });
    store.reset();
    expect(gov.model()).toBe(before);
    // Another instance commits the next revision: the failed batch's model must not stand for it.
    const other = await open(store);
    await other.assign('admin', { user: 'carol', role: 'Auditor', scope: 'all' });
    await gov.sync();
    expect(gov.model().assignments.has('carol\u0000buyer')).toBe(false);
    expect(gov.model().assignments.has('carol\u0000auditor')).toBe(true);
    await expectSameAsReplayed(gov, store);
  });
});
