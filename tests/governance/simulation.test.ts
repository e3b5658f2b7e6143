import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createGovernance, createModel, idKey, memoryStore, SecGovError, type Governance, type Session } from '../../src/index.js';
import { ManualClock } from '../../src/testing/index.js';
import { scenarioData } from './fixture.js';

const USERS = ['bob', 'carol', 'break-glass', 'dave', 'erin'];
const ROLES = ['Accountant', 'PaymentsClerk', 'Buyer', 'Auditor'];
const HOUR = 3_600_000;
const START = Date.parse('2026-01-05T00:00:00Z');

type Op =
  | { t: 'temp'; user: string; roles: string[]; type: 'merge' | 'replace'; inH: number; forH: number; approve: boolean }
  | { t: 'priv'; user: string; account: 'enable' | 'disable'; roles: string[]; inH: number; forH: number; approve: boolean }
  | { t: 'assign' | 'unassign'; user: string; role: string }
  | { t: 'enable'; user: string; enabled: boolean }
  | { t: 'advance'; hours: number }
  | { t: 'process'; worker: number }
  | { t: 'signIn' | 'signOut'; user: string }
  | { t: 'endEarly' | 'cancel'; pick: number };

const user = fc.constantFrom(...USERS);
const role = fc.constantFrom(...ROLES);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ t: fc.constant('temp' as const), user, roles: fc.uniqueArray(role, { minLength: 1, maxLength: 3 }), type: fc.constantFrom('merge' as const, 'replace' as const), inH: fc.integer({ min: -2, max: 24 * 20 }), forH: fc.integer({ min: 1, max: 24 * 15 }), approve: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('priv' as const), user, account: fc.constantFrom('enable' as const, 'disable' as const), roles: fc.uniqueArray(role, { maxLength: 2 }), inH: fc.integer({ min: 0, max: 24 * 10 }), forH: fc.integer({ min: 1, max: 30 }), approve: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constantFrom('assign' as const, 'unassign' as const), user, role }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('enable' as const), user, enabled: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('advance' as const), hours: fc.integer({ min: 1, max: 96 }) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('process' as const), worker: fc.integer({ min: 0, max: 1 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constantFrom('signIn' as const, 'signOut' as const), user }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constantFrom('endEarly' as const, 'cancel' as const), pick: fc.nat() }) },
);

/** What DOMAIN.md says the user's own state is: base assignments plus administrator changes. */
class Reference {
  readonly roles = new Map<string, Set<string>>();
  readonly enabled = new Map<string, boolean>();
  /** Roles assigned by an administrator while a Replace session was active, per session. */
  readonly assignedDuring = new Map<string, Set<string>>();

  constructor() {
    const data = scenarioData();
    for (const u of data.users ?? []) this.enabled.set(idKey(u.id), u.enabled ?? true);
    for (const u of USERS) if (!this.enabled.has(u)) this.enabled.set(u, true);
    for (const a of data.assignments ?? []) this.rolesOf(a.user).add(a.role);
  }

  rolesOf(u: string): Set<string> {
    let set = this.roles.get(idKey(u));
    if (!set) this.roles.set(idKey(u), (set = new Set()));
    return set;
  }

  /** The state the user must have now, given the sessions in force. */
  expected(u: string, inForce: Session[]): { roles: string[]; enabled: boolean } {
    let own = [...this.rolesOf(u)];
    const replace = inForce.find((s) => s.kind === 'temporary-role' && s.type === 'replace');
    if (replace) own = own.filter((r) => this.assignedDuring.get(replace.id)?.has(r));
    let enabled = this.enabled.get(idKey(u))!;
    const roles = [...own];
    for (const s of inForce) {
      roles.push(...s.roles);
      if (s.kind === 'privileged') enabled = s.account === 'enable';
    }
    return { roles: roles.sort(), enabled };
  }
}

async function run(ops: Op[]): Promise<void> {
  const store = memoryStore();
  const clock = new ManualClock(START);
  const data = scenarioData();
  data.users = [...(data.users ?? []), { id: 'dave', name: 'Dave' }, { id: 'erin', name: 'Erin' }];
  const workers: Governance[] = [await createGovernance({ store, clock, model: createModel(data) })];
  workers.push(await createGovernance({ store, clock }));
  const gov = workers[0]!;
  const ref = new Reference();
  const sessions: string[] = [];
  const iso = (offsetH: number) => new Date(clock.now().getTime() + offsetH * HOUR).toISOString();
  const expectTyped = (error: unknown) => {
    if (!(error instanceof SecGovError)) throw error;
  };

  const check = async () => {
    await gov.sync();
    const now = clock.now().toISOString();
    const all = await gov.listSessions();
    for (const u of USERS) {
      const inForce = all.filter((s) => idKey(s.user) === u && s.status === 'active' && now < s.end);
      const actual = gov.effectiveState(u);
      const expected = ref.expected(u, inForce);
      expect({ roles: actual.assignments.map((a) => a.role).sort(), enabled: actual.enabled }, `${u} at ${now}`).toEqual(expected);
    }
  };

  for (const o of ops) {
    try {
      switch (o.t) {
        case 'temp': {
          const s = await gov.createTemporaryRoleSession('admin', { user: o.user, roles: o.roles, type: o.type, start: iso(o.inH), end: iso(o.inH + o.forH) });
          sessions.push(s.id);
          if (o.approve) await gov.approveSession('admin2', s.id);
          break;
        }
        case 'priv': {
          const s = await gov.createPrivilegedSession('admin', { user: o.user, account: o.account, roles: o.roles, start: iso(o.inH), end: iso(o.inH + o.forH) });
          sessions.push(s.id);
          if (o.approve) await gov.approveSession('admin2', s.id);
          break;
        }
        case 'assign':
        case 'unassign': {
          if (o.t === 'assign') await gov.assign('admin', { user: o.user, role: o.role });
          else await gov.unassign('admin', o.user, o.role);
          if (o.t === 'assign') ref.rolesOf(o.user).add(o.role);
          else ref.rolesOf(o.user).delete(o.role);
          const now = clock.now().toISOString();
          for (const s of await gov.listSessions({ user: o.user, statuses: ['active'] })) {
            if (s.kind !== 'temporary-role' || s.type !== 'replace' || now >= s.end) continue;
            let set = ref.assignedDuring.get(s.id);
            if (!set) ref.assignedDuring.set(s.id, (set = new Set()));
            if (o.t === 'assign') set.add(o.role);
            else set.delete(o.role);
          }
          break;
        }
        case 'enable':
          await gov.apply('admin', [{ op: 'update', kind: 'user', id: o.user, patch: { enabled: o.enabled } }]);
          ref.enabled.set(o.user, o.enabled);
          break;
        case 'advance':
          clock.advance(o.hours * HOUR);
          break;
        case 'process': {
          const report = await workers[o.worker]!.process({ batchSize: 3 });
          expect(report.failed).toEqual([]);
          break;
        }
        case 'signIn':
          await gov.signIn(o.user);
          break;
        case 'signOut':
          await gov.signOut(o.user);
          break;
        case 'endEarly':
        case 'cancel': {
          if (sessions.length === 0) break;
          const id = sessions[o.pick % sessions.length]!;
          if (o.t === 'endEarly') await gov.endSession('admin', id);
          else await gov.cancelSession('admin', id);
          break;
        }
      }
    } catch (error) {
      expectTyped(error); // refused commands (overlaps, wrong states, disabled sign-ins) are fine
    }
    if (o.t === 'process' || o.t === 'advance') await check();
  }

  // Far in the future every session is over: each user has exactly their own state.
  clock.advance(24 * 365 * HOUR);
  await workers[1]!.process();
  await check();
  for (const u of USERS) {
    const state = gov.effectiveState(u);
    expect(state.sessions).toEqual([]);
    expect(state.assignments.map((a) => a.role).sort()).toEqual([...ref.rolesOf(u)].sort());
    expect(state.enabled).toBe(ref.enabled.get(u));
  }
  for (const s of await gov.listSessions()) {
    expect(['ended', 'cancelled', 'rejected', 'draft']).toContain(s.status);
    const audit = await gov.sessionAuditLog(s.id);
    const events = audit.map((e) => e.event);
    expect(new Set(events).size, `${s.id}: ${events.join(',')}`).toBe(events.length);
    expect(audit.at(-1)!.to).toBe(s.status);
    if (s.kind === 'privileged' && s.startedAt && s.endedAt) expect(Date.parse(s.endedAt) - Date.parse(s.startedAt)).toBeLessThanOrEqual(24 * HOUR);
  }
}

describe('simulation over simulated months', () => {
  it('random sessions, administrator changes, sign-ins and processor runs keep every account exactly as DOMAIN.md says', async () => {
    await fc.assert(fc.asyncProperty(fc.array(op, { minLength: 50, maxLength: 160 }), run), { numRuns: 25 });
  });
});
