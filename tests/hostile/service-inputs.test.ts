/**
 * Hostile values NESTED in the inputs of the governance service's methods, the other arguments
 * valid: the whole input, then each of its fields (and of the records nested in it), set in turn to
 * every hostile value (hostile-values.ts), values whose reading throws included. Every call answers
 * a value or a SecGovError, and a refused call leaves the model (published and staged) as it was.
 * tests/hostile/methods.test.ts puts hostile values in each argument position with the others
 * implausible; this file does it with the others valid, and goes down into the fields.
 */
import { describe, expect, it } from 'vitest';
import type { Governance } from '../../src/index.js';
import { outcomeOf } from '../support/errors.js';
import { at, makeFixture, T0 } from '../governance/fixture.js';
import { variants } from './sweep.js';

const LATER = at('2026-03-09T08:00:00Z');
const rule = { id: 'PayAndBook', name: 'Pay and book', firstDuty: 'LedgerJournalMaintainDuty', secondDuty: 'VendPaymentDuty', severity: 'high' } as const;

/** A fixture with what the methods act on: a draft session, an active privileged one, an open conflict and a version. */
async function world(): Promise<{ gov: Governance; draft: string; active: string; conflict: string; version: string }> {
  const { gov, clock } = await makeFixture();
  await gov.apply('admin', [{ op: 'add', kind: 'sodRule', value: rule }]);
  const { conflicts } = await gov.assign('admin', { user: 'carol', role: 'PaymentsClerk' });
  const draft = await gov.createTemporaryRoleSession('admin', { user: 'bob', roles: ['Auditor'], type: 'merge', start: LATER, end: at('2026-03-10T08:00:00Z') });
  const privileged = await gov.createPrivilegedSession('admin', { user: 'break-glass', account: 'enable', roles: ['-SYSADMIN-'], start: T0, end: at('2026-03-02T17:00:00Z'), justification: 'Incident 42' });
  await gov.approveSession('admin', privileged.id);
  clock.set(at('2026-03-02T09:00:00Z'));
  await gov.process();
  const version = await gov.createVersion('admin', { name: 'Baseline' });
  // Changes may then be staged too (stage is refused otherwise).
  await gov.setParameters('admin', { allowUnpublishedObjects: true });
  return { gov, draft: draft.id, active: privileged.id, conflict: conflicts[0]!.id, version: version.id };
}

type World = Awaited<ReturnType<typeof world>>;

/** Each method with a valid input to vary, and how to call it with one. */
const cases: readonly (readonly [string, unknown, (w: World, input: unknown) => unknown])[] = [
  ['apply', [{ op: 'assign', assignment: { user: 'bob', role: 'Auditor', scope: { organizations: [{ id: 'USMF' }] } } }, { op: 'update', kind: 'role', id: 'Buyer', patch: { name: 'Purchaser' } }], (w, v) => w.gov.apply('admin', v as never, { reason: 'r' })],
  ['apply options', { reason: 'r' }, (w, v) => w.gov.apply('admin', [{ op: 'update', kind: 'role', id: 'Buyer', patch: { name: 'Purchaser' } }], v as never)],
  ['stage', [{ op: 'add', kind: 'user', value: { id: 'dave', name: 'Dave', enabled: true } }], (w, v) => w.gov.stage('admin', v as never, { reason: 'r' })],
  ['simulate', [{ op: 'assign', assignment: { user: 'bob', role: 'Accountant' } }], (w, v) => w.gov.simulate('bob', v as never)],
  ['assign', { user: 'bob', role: 'Auditor', scope: { organizations: [{ id: 'USMF', includeChildren: true }] }, source: 'manual' }, (w, v) => w.gov.assign('admin', v as never)],
  ['createTemporaryRoleSession', { user: 'bob', roles: ['Accountant'], type: 'replace', organizations: [{ id: 'USMF', includeChildren: false }], start: LATER, end: at('2026-03-12T08:00:00Z'), justification: 'cover', ticket: 'INC-1' }, (w, v) => w.gov.createTemporaryRoleSession('admin', v as never)],
  ['createPrivilegedSession', { user: 'retired-admin', account: 'enable', roles: ['-SYSADMIN-'], start: LATER, end: at('2026-03-09T12:00:00Z'), justification: 'audit' }, (w, v) => w.gov.createPrivilegedSession('admin', v as never)],
  ['editSession', { roles: ['Buyer'], end: at('2026-03-11T08:00:00Z'), justification: 'longer' }, (w, v) => w.gov.editSession('admin', w.draft, v as never)],
  ['approveSession', { reason: 'ok' }, (w, v) => w.gov.approveSession('admin', w.draft, v as never)],
  ['rejectSession', { reason: 'no' }, (w, v) => w.gov.rejectSession('admin', w.draft, v as never)],
  ['cancelSession', { reason: 'no' }, (w, v) => w.gov.cancelSession('admin', w.draft, v as never)],
  ['endSession', { reason: 'done' }, (w, v) => w.gov.endSession('admin', w.active, v as never)],
  ['recordInteraction', [{ type: 'open-form', target: 'SysUserManagement', value: 'v', at: at('2026-03-02T09:30:00Z') }], (w, v) => w.gov.recordInteraction(w.active, v as never)],
  ['resolveConflict', { decision: 'allow', reason: 'covered', expiresAt: at('2026-04-01T00:00:00Z'), mitigation: 'monthly review' }, (w, v) => w.gov.resolveConflict('admin', w.conflict, v as never)],
  ['setParameters', { checkSimilarity: true, similarityLevel: 80, similarityEnforcement: 'warn', agingPeriods: [30, 60, 90, 180, 365] }, (w, v) => w.gov.setParameters('admin', v as never)],
  ['createVersion', { name: 'v2', description: 'd' }, (w, v) => w.gov.createVersion('admin', v as never)],
  ['restoreVersion', { parts: 'configuration', reason: 'roll back' }, (w, v) => w.gov.restoreVersion('admin', w.version, v as never)],
  ['compareVersions', { detail: 'all', parts: ['configuration'] }, (w, v) => w.gov.compareVersions(w.version, undefined, v as never)],
  ['validateRule', { ...rule, id: 'Other' }, (w, v) => w.gov.validateRule(v as never)],
  ['listSessions', { user: 'bob', statuses: ['draft', 'active'] }, (w, v) => w.gov.listSessions(v as never)],
  ['auditTrail', { after: 1, limit: 5 }, (w, v) => w.gov.auditTrail(v as never)],
  ['conflicts', { status: 'unresolved', user: 'carol' }, (w, v) => w.gov.conflicts(v as never)],
  ['effectiveAt', { includeDrafts: true }, (w, v) => w.gov.effectiveAt('bob', LATER, v as never)],
  ['roleAssignmentTrail', { user: 'bob', role: 'Buyer', from: T0, to: LATER }, (w, v) => w.gov.roleAssignmentTrail(v as never)],
  ['model', { unpublished: true }, (w, v) => w.gov.model(v as never)],
  ['process', { batchSize: 10 }, (w, v) => w.gov.process(v as never)],
];

describe('governance service: hostile fields in the inputs', () => {
  it.each(cases)('%s', async (_name, base, call) => {
    const w = await world();
    expect(await outcomeOf(() => call(w, base))).toBe('value');
    const problems: string[] = [];
    // One world for every variant: a variant that is taken changes it (later ones may then be
    // refused for other reasons, which is fine); one that is refused must not.
    const fresh = await world();
    // The published model and the one with staged changes.
    const models = () => [fresh.gov.model(), fresh.gov.model({ unpublished: true })];
    for (const [name, input] of variants(base, 4)) {
      const before = models();
      const result = await outcomeOf(() => call(fresh, input));
      if (result !== 'value' && result !== 'SecGovError') problems.push(`${name} -> ${result}`);
      if (result === 'SecGovError' && models().some((m, i) => m !== before[i])) problems.push(`${name} was refused but changed the model`);
    }
    expect(problems).toEqual([]);
  });
});
