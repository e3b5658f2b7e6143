/**
 * A month of temporary role sessions against "our" roles, on a manual clock, with invariants a team
 * would want to hold for its own security design. Copy it into your repository (see README.md).
 */
import { describe, expect, it } from 'vitest';
import { createGovernance, idKey, memoryStore, type Governance, type SecurityModel } from '../../src/index.js'; // in your repo: 'secgov'
import { describeStoreConformance, faultyStore, generateModel, generatedReferenceDate, ManualClock } from '../../src/testing/index.js'; // in your repo: 'secgov/testing'

const SEED = 7;

/** Our security model: here a generated one; use your own roles instead. */
function ourModel(): SecurityModel {
  return generateModel({ seed: SEED, size: 'tiny' });
}

const hours = (n: number) => n * 3_600_000;

/** A small seeded random source (mulberry32), so every run simulates the same month. */
class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)]!;
  }
}

/** The roles a user holds at `at` by their own assignments only. */
function baseRoles(model: SecurityModel, user: string): string[] {
  return [...model.assignments.values()].filter((a) => idKey(a.user) === idKey(user)).map((a) => idKey(a.role)).sort();
}

async function simulateMonth(gov: Governance, clock: ManualClock, random: Random, admin: string): Promise<{ created: string[] }> {
  const model = gov.model();
  const adminRole = idKey(model.parameters.administratorRole);
  const users = [...model.users.values()].filter((u) => u.enabled && idKey(u.id) !== idKey(admin)).map((u) => u.id);
  const roles = [...model.roles.values()].filter((r) => idKey(r.id) !== adminRole).map((r) => r.id);
  const created: string[] = [];
  const start = clock.now().getTime();
  for (let day = 0; day < 30; day++) {
    // A few requests a day: cover a colleague for one to five days, starting tomorrow.
    for (let n = 0; n < 3; n++) {
      const user = random.pick(users);
      const from = start + hours(24 * (day + 1) + 8);
      try {
        const session = await gov.createTemporaryRoleSession(admin, {
          user,
          roles: [random.pick(roles)],
          type: random.next() < 0.8 ? 'merge' : 'replace',
          start: new Date(from).toISOString(),
          end: new Date(from + hours(24 * (1 + Math.floor(random.next() * 5)))).toISOString(),
          justification: `cover ${day}-${n}`,
        });
        await gov.approveSession(admin, session.id);
        created.push(session.id);
      } catch (error) {
        // Overlapping Replace sessions of one user are refused by design: that is fine here.
        if ((error as { code?: string }).code !== 'SESSION_INVALID') throw error;
      }
    }
    // The background processor runs every hour.
    for (let h = 0; h < 24; h++) {
      clock.advance({ hours: 1 });
      await gov.process();
    }
  }
  clock.advance({ days: 10 });
  await gov.process();
  return { created };
}

describe('a month of temporary roles on our model', () => {
  it('leaves every account exactly as its own assignments say, and audits every transition once', async () => {
    const model = ourModel();
    const clock = new ManualClock(generatedReferenceDate(SEED));
    const gov = await createGovernance({ model, clock });
    const admin = [...model.assignments.values()].find((a) => idKey(a.role) === idKey(model.parameters.administratorRole))!.user;
    const { created } = await simulateMonth(gov, clock, new Random(SEED), admin);
    expect(created.length).toBeGreaterThan(30);

    // Invariant 1: every session ended, and nobody keeps a session role.
    for (const id of created) expect((await gov.getSession(id)).status).toBe('ended');
    for (const user of model.users.values()) {
      const state = gov.effectiveState(user.id);
      expect(state.sessions).toEqual([]);
      expect(state.assignments.map((a) => idKey(a.role)).sort()).toEqual(baseRoles(model, user.id));
      expect(state.enabled).toBe(user.enabled);
    }
    // Invariant 2: each session started and ended exactly once in its audit log.
    for (const id of created) {
      const events = (await gov.sessionAuditLog(id)).map((e) => e.event);
      expect(events.filter((e) => e === 'start').length).toBeLessThanOrEqual(1);
      expect(events.filter((e) => e === 'end' || e === 'expire').length).toBe(1);
    }
    // Invariant 3: the security audit trail is intact.
    expect(await gov.verifyAuditTrail()).toMatchObject({ ok: true });
  });

  it('converges to the same state when the store fails in the middle of processing', async () => {
    const run = async (failEvery: number) => {
      const inner = memoryStore();
      const store = faultyStore(inner);
      const clock = new ManualClock(generatedReferenceDate(SEED));
      const model = ourModel();
      const gov = await createGovernance({ model, clock, store });
      const admin = [...model.assignments.values()].find((a) => idKey(a.role) === idKey(model.parameters.administratorRole))!.user;
      store.reset(failEvery > 0 ? { failWhen: (p) => p.kind === 'commit' && p.position % failEvery === 0 } : {});
      try {
        await simulateMonth(gov, clock, new Random(SEED), admin);
      } catch (error) {
        if ((error as { code?: string }).code !== 'STORE_FAILURE') throw error;
      }
      if (failEvery > 0) expect(store.faults).toBeGreaterThan(0);
      store.reset({});
      await gov.process();
      return [...model.users.values()].map((u) => gov.effectiveState(u.id).assignments.map((a) => idKey(a.role)).sort().join(',')).join(';');
    };
    expect(await run(7)).toBe(await run(0));
  });
});

// Your own Store adapter would be checked the same way: replace memoryStore() with it.
describeStoreConformance('memoryStore (as an example of your adapter)', () => memoryStore(), { describe, it });
