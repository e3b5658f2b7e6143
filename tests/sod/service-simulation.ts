/**
 * The SoD service simulation, a property test over simulated time: random assignments (scoped or
 * not, by hand or by automatic assignment rules on a user attribute), role and rule changes,
 * enforcement switched on and off, temporary role and privileged sessions, conflict resolutions and
 * processor runs (batches of 1, 2 and 500) through the governance service. After each step the
 * service's incremental compliance scan, on the worker that made the change and on a second worker
 * reading the same store, equals a full `verifyCompliance` of the model with every user's effective
 * assignments (sessions in force), and no session with an unresolved conflict is active. At the end
 * the audit trail is intact and, replayed from the seed, gives the model.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/ports/store.js';
import { applyChanges, createGovernance, createModel, modelToData, SecGovError, verifyCompliance, type Governance } from '../../src/index.js';
import { ManualClock } from '../../src/testing/index.js';
import { race, scenarioData } from '../governance/fixture.js';

const USERS = ['bob', 'carol', 'dave'];
const ROLES = ['Accountant', 'PaymentsClerk', 'Buyer', 'Auditor'];
const DUTIES = ['LedgerJournalMaintainDuty', 'VendPaymentDuty', 'PurchInquiry'];
const RULES = ['JournalVsPayment', 'PurchaseVsPayment', 'JournalVsPurchase'];
const ORGS = ['GLOBAL', 'USMF', 'DEMF'];
const HOUR = 3_600_000;

type Op =
  | { t: 'assign'; user: string; role: string; org: string | null }
  | { t: 'unassign'; user: string; role: string }
  | { t: 'roleDuties'; role: string; duties: string[] }
  | { t: 'rule'; rule: string; enabled: boolean }
  | { t: 'enforce'; on: boolean }
  | { t: 'temp'; user: string; roles: string[]; type: 'merge' | 'replace'; org: string | null; inH: number; forH: number }
  | { t: 'priv'; user: string; roles: string[]; inH: number; forH: number }
  | { t: 'resolve'; pick: number; allow: boolean; expiresInH: number | null }
  | { t: 'advance'; hours: number }
  | { t: 'process'; batchSize: number }
  | { t: 'department'; user: string; department: string }
  | { t: 'assignmentRule'; role: string; department: string }
  | { t: 'runRules' }
  | { t: 'endEarly'; pick: number };

/**
 * Two steps at once, the second after `ticks` turns of the event loop: on the two workers, or both
 * on the first (a command alongside its own processor, or two commands).
 */
type Race = { t: 'race'; a: Op; b: Op; ticks: number; same: boolean };

const user = fc.constantFrom(...USERS);
const role = fc.constantFrom(...ROLES);
const org = fc.option(fc.constantFrom(...ORGS), { nil: null });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ t: fc.constant('assign' as const), user, role, org }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('unassign' as const), user, role }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('roleDuties' as const), role, duties: fc.uniqueArray(fc.constantFrom(...DUTIES), { minLength: 1, maxLength: 2 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('rule' as const), rule: fc.constantFrom(...RULES), enabled: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('enforce' as const), on: fc.boolean() }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('temp' as const), user, roles: fc.uniqueArray(role, { minLength: 1, maxLength: 2 }), type: fc.constantFrom('merge' as const, 'replace' as const), org, inH: fc.integer({ min: 0, max: 6 }), forH: fc.integer({ min: 1, max: 96 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('priv' as const), user, roles: fc.uniqueArray(role, { minLength: 1, maxLength: 2 }), inH: fc.integer({ min: 0, max: 6 }), forH: fc.integer({ min: 1, max: 24 }) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('resolve' as const), pick: fc.nat(), allow: fc.boolean(), expiresInH: fc.option(fc.integer({ min: 1, max: 96 }), { nil: null }) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('advance' as const), hours: fc.integer({ min: 1, max: 24 }) }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('process' as const), batchSize: fc.constantFrom(1, 2, 500) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('department' as const), user, department: fc.constantFrom('Finance', 'Purchasing') }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('assignmentRule' as const), role, department: fc.constantFrom('Finance', 'Purchasing') }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('runRules' as const) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('endEarly' as const), pick: fc.nat() }) },
);
/** Steps, a quarter of them two at once. */
const steps = (ops: fc.Arbitrary<Op>): fc.Arbitrary<Op | Race> =>
  fc.oneof({ weight: 3, arbitrary: ops }, { weight: 1, arbitrary: fc.record({ t: fc.constant('race' as const), a: ops, b: ops, ticks: fc.nat(12), same: fc.boolean() }) });

/**
 * Run `ops`. With `enforced`, every violation must have an override (one that expired): with
 * enforcement on and no role or rule changes, nothing else can give a user both duties of a rule.
 */
async function run(store: Store, ops: (Op | Race)[], enforced = false): Promise<void> {
  const clock = new ManualClock('2026-01-05T00:00:00Z');
  const data = scenarioData();
  data.users = [...(data.users ?? []), { id: 'dave', name: 'Dave' }];
  data.sodRules = [
    { id: 'JournalVsPayment', name: 'Journals and payments', firstDuty: 'LedgerJournalMaintainDuty', secondDuty: 'VendPaymentDuty', severity: 'high' },
    { id: 'PurchaseVsPayment', name: 'Purchases and payments', firstDuty: 'PurchInquiry', secondDuty: 'VendPaymentDuty', severity: 'medium', enabled: false },
    { id: 'JournalVsPurchase', name: 'Journals and purchases', firstDuty: 'LedgerJournalMaintainDuty', secondDuty: 'PurchInquiry', severity: 'low' },
  ];
  const gov = await createGovernance({ store, clock, model: createModel(data) });
  const other: Governance = await createGovernance({ store, clock });
  const iso = (offsetH: number) => new Date(clock.now().getTime() + offsetH * HOUR).toISOString();

  const check = async (step: string) => {
    await gov.sync();
    const expected = verifyCompliance(gov.model(), { at: clock.now().toISOString(), assignmentsOf: (key) => gov.effectiveState(key).assignments });
    expect(gov.verifyCompliance(), step).toEqual(expected);
    await other.sync();
    expect(other.verifyCompliance(), `${step}, second worker`).toEqual(expected);
    for (const s of await gov.listSessions({ statuses: ['active'] })) expect(gov.conflicts({ session: s.id, status: 'unresolved' }), `${step}: active session ${s.id}`).toEqual([]);
    if (enforced) for (const v of expected.violations) expect(v.override, `${step}: ${v.user} breaks ${v.rule} with no override`).not.toBeNull();
  };

  /** One step on worker `g`. Refused commands (a role breaking a rule, overlapping sessions, wrong states) are fine. */
  const perform = async (g: Governance, o: Op): Promise<void> => {
    try {
      switch (o.t) {
        case 'assign':
          await g.assign('admin', { user: o.user, role: o.role, scope: o.org === null ? 'all' : { organizations: [{ id: o.org, includeChildren: true }] } });
          break;
        case 'unassign':
          await g.unassign('admin', o.user, o.role);
          break;
        case 'roleDuties':
          await g.apply('admin', [{ op: 'update', kind: 'role', id: o.role, patch: { duties: o.duties } }]);
          break;
        case 'rule':
          await g.apply('admin', [{ op: 'update', kind: 'sodRule', id: o.rule, patch: { enabled: o.enabled } }]);
          break;
        case 'enforce':
          await g.setParameters('admin', { sodEnforcement: o.on ? 'enforce' : 'report' });
          break;
        case 'temp': {
          const s = await g.createTemporaryRoleSession('admin', { user: o.user, roles: o.roles, type: o.type, start: iso(o.inH), end: iso(o.inH + o.forH), ...(o.org === null ? {} : { organizations: [{ id: o.org, includeChildren: false }] }) });
          await g.approveSession('admin2', s.id);
          break;
        }
        case 'priv': {
          const s = await g.createPrivilegedSession('admin', { user: o.user, account: 'enable', roles: o.roles, start: iso(o.inH), end: iso(o.inH + o.forH) });
          await g.approveSession('admin2', s.id);
          break;
        }
        case 'resolve': {
          const open = g.conflicts({ status: 'unresolved' });
          if (open.length === 0) break;
          const c = open[o.pick % open.length]!;
          await g.resolveConflict('admin', c.id, o.allow ? { decision: 'allow', reason: 'accepted risk', ...(o.expiresInH === null ? {} : { expiresAt: iso(o.expiresInH) }) } : { decision: 'deny' });
          break;
        }
        case 'advance':
          clock.advance(o.hours * HOUR);
          break;
        case 'process':
          expect((await g.process({ batchSize: o.batchSize })).failed).toEqual([]);
          break;
        case 'department':
          await g.apply('admin', [{ op: 'update', kind: 'user', id: o.user, patch: { attributes: { department: o.department } } }]);
          break;
        case 'assignmentRule':
          await g.apply('admin', [{ op: 'add', kind: 'assignmentRule', value: { id: `${o.role}-${o.department}`, name: `${o.role} for ${o.department}`, role: o.role, condition: { attribute: 'department', equals: o.department } } }]);
          break;
        case 'runRules':
          await g.runAssignmentRules('admin');
          break;
        case 'endEarly': {
          const active = await g.listSessions({ statuses: ['active'] });
          if (active.length > 0) await g.endSession('admin', active[o.pick % active.length]!.id);
          break;
        }
      }
    } catch (error) {
      if (!(error instanceof SecGovError)) throw error;
    }
  };

  for (const [i, o] of ops.entries()) {
    if (o.t === 'race') {
      // Each worker decides on what it read before the other committed: the store's revisions
      // must make one of them decide again, never both apply unchecked.
      await race(() => perform(gov, o.a), () => perform(o.same ? gov : other, o.b), o.ticks);
    } else if (o.t === 'process') {
      await perform(other, o);
      await gov.sync();
      // Nothing due is left behind, whatever the batch size, but sessions waiting for conflicts.
      const now = clock.now().toISOString();
      for (const s of await gov.listSessions({ statuses: ['planned', 'approved', 'active'] })) {
        const due = s.status === 'active' ? s.end <= now : s.start <= now;
        if (due) expect(s.status !== 'active' && gov.conflicts({ session: s.id, status: 'unresolved' }).length > 0, `${s.id} (${s.status}) left due`).toBe(true);
      }
    } else await perform(gov, o);
    await check(`step ${i} (${o.t})`);
  }
  // The trail holds every change: replayed from the seed, it gives the model, and it is intact.
  expect((await gov.verifyAuditTrail()).ok).toBe(true);
  let replayed = createModel(data);
  for (const entry of await gov.auditTrail({ limit: 100_000 })) if (entry.changes.length > 0) replayed = applyChanges(replayed, entry.changes);
  expect(modelToData(replayed)).toEqual(modelToData(gov.model()));
}

/**
 * The simulation as a test suite on the stores `makeStore` gives (a fresh one per run), `numRuns`
 * runs per property: the memory store in tests/sod, PostgreSQL (PGlite) in tests/adapters.
 */
export function describeSodSimulation(name: string, makeStore: () => Promise<Store>, numRuns: number): void {
  describe(`the service's compliance scan over simulated time (${name})`, () => {
    it('equals a full scan with the effective assignments after every step, on both workers', async () => {
      await fc.assert(fc.asyncProperty(fc.array(steps(op), { minLength: 10, maxLength: 60 }), async (ops) => run(await makeStore(), ops)), { numRuns });
    });

    it('with enforcement on and the roles and rules left alone, no one breaks a rule without an override', async () => {
      const kept = op.filter((o) => o.t !== 'roleDuties' && o.t !== 'rule' && o.t !== 'enforce');
      await fc.assert(fc.asyncProperty(fc.array(steps(kept), { minLength: 10, maxLength: 60 }), async (ops) => run(await makeStore(), ops, true)), { numRuns });
    });
  });
}
