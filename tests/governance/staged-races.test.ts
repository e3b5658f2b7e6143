/**
 * Staging, publishing and discarding on two servers (two governance services on one store): each
 * decides on the staged changes it read last, and a change staged on the other server in between
 * must be neither published unchecked nor cleared unseen.
 */
import { describe, expect, it } from 'vitest';
import { createGovernance, memoryStore, type Change, type ChangeInput, type Governance } from '../../src/index.js';
import { makeFixture, race } from './fixture.js';

const roleAdded = (c: Change): string => (c.op === 'add' && c.kind === 'role' ? c.value.id : c.op);

const addRole = (id: string): ChangeInput[] => [{ op: 'add', kind: 'role', value: { id, name: id } }];

/**
 * Two servers knowing the staged role First; then the first stages Second while the second runs
 * `other` `ticks` turns of the event loop later. What a server reading afresh sees: the model and
 * the roles still staged.
 */
async function stageSecondWhile(other: (gov: Governance) => Promise<unknown>, ticks: number) {
  const store = memoryStore();
  const { gov, clock } = await makeFixture({ store, parameters: { allowUnpublishedObjects: true } });
  const second = await createGovernance({ store, clock });
  await gov.stage('admin', addRole('First'));
  await second.sync();
  await race(() => gov.stage('admin', addRole('Second')), () => other(second), ticks);
  const reader = await createGovernance({ store, clock });
  return { reader, staged: reader.pendingChanges().flatMap((b) => b.changes.map(roleAdded)) };
}

describe('staged changes on two servers', () => {
  it.each([0, 1, 2, 4, 8, 16])('a change staged while another server publishes %i ticks later is published or still staged, never lost', async (ticks) => {
    const { reader, staged } = await stageSecondWhile((g) => g.publish('admin'), ticks);
    expect(reader.model().roles.has('first')).toBe(true);
    expect(reader.model().roles.has('second') || staged.includes('Second')).toBe(true);
  });

  it.each([0, 1, 2, 4, 8, 16])('a change staged while another server discards %i ticks later is discarded only if that server saw it', async (ticks) => {
    const { reader, staged } = await stageSecondWhile((g) => g.discardPending('admin'), ticks);
    const trail = await reader.auditTrail({ limit: 1000 });
    const discarded = trail.filter((e) => e.command === 'discardPending').flatMap((e) => (e.details as { discarded: Change[] }).discarded.map(roleAdded));
    // What the discarding server saw is what it discarded; anything else is still staged.
    expect([...discarded, ...staged].sort()).toEqual(['First', 'Second']);
  });
});
