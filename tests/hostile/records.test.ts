/**
 * Hostile values NESTED in the records and options of the remaining pure functions (model data,
 * change lists, sessions and their events, SoD options, what-if, AOT objects, conditions) and of
 * the methods of the objects the package hands out (monitor, access index, memory store), the
 * other arguments valid: the whole input, then each field, set to every hostile value. Every call
 * answers a value or a SecGovError (never a TypeError from deep inside).
 */
import { describe, expect, it } from 'vitest';
import * as secgov from '../../src/index.js';
import { scenarioData, T0, at } from '../governance/fixture.js';
import { outcomeOf } from '../support/errors.js';
import { crashesOf } from './sweep.js';

const model = secgov.applyChanges(secgov.createModel(scenarioData()), [{ op: 'add', kind: 'sodRule', value: { id: 'PayAndBook', name: 'Pay and book', firstDuty: 'LedgerJournalMaintainDuty', secondDuty: 'VendPaymentDuty', severity: 'high' } }]);
const session: secgov.Session = {
  id: 'S-1', kind: 'temporary-role', status: 'approved', user: 'bob', roles: ['Accountant'], scope: { organizations: [{ id: 'USMF', includeChildren: true }] }, type: 'merge', account: null,
  start: T0, end: at('2026-03-09T08:00:00Z'), justification: 'cover', ticket: 'INC-1', requestedBy: 'admin', requestedAt: T0,
  approvedBy: 'admin', approvedAt: T0, startedAt: null, endedAt: null, endReason: null, assignedDuring: [], version: 2,
};
const assignment = { user: 'bob', role: 'Buyer', scope: { organizations: [{ id: 'USMF', includeChildren: true }] }, source: 'manual' };
const changes = [{ op: 'assign', assignment }, { op: 'update', kind: 'role', id: 'Buyer', patch: { name: 'Purchaser', duties: ['PurchInquiry'] } }];
const whatIf = [{ op: 'assign', assignment: { ...assignment, role: 'Accountant' } }, { op: 'unassign', user: 'bob', role: 'Buyer' }];
const aotRole = { kind: 'AxSecurityRole', name: 'Clerk', label: 'Clerk', duties: ['LedgerJournalMaintainDuty'], privileges: [], subRoles: [], verbatim: [] };

/** Each function with a valid input to vary, how deep, and how to call it with one. */
const cases: readonly (readonly [string, unknown, (input: unknown) => unknown, number?])[] = [
  ['createModel', scenarioData(), (v) => secgov.createModel(v as never), 3],
  ['applyChanges', changes, (v) => secgov.applyChanges(model, v as never)],
  ['safeApplyChanges', changes, (v) => secgov.safeApplyChanges(model, v as never)],
  ['modelDataToChanges', secgov.modelToData(model), (v) => secgov.modelDataToChanges(v as never), 3],
  ['verifyCompliance', { at: T0, assignmentsOf: () => [assignment] }, (v) => secgov.verifyCompliance(model, v as never)],
  ['verifyCompliance answers', [assignment], (v) => secgov.verifyCompliance(model, { at: T0, assignmentsOf: () => v as never })],
  ['simulateAssignments', whatIf, (v) => secgov.simulateAssignments(model, 'bob', v as never, { at: T0 })],
  ['simulateAssignments options', { at: T0, overlay: (_: string, own: unknown) => own }, (v) => secgov.simulateAssignments(model, 'bob', whatIf as never, v as never)],
  ['simulateAssignments overlay answers', [assignment], (v) => secgov.simulateAssignments(model, 'bob', whatIf as never, { at: T0, overlay: () => v as never })],
  ['validateRule', { id: 'R2', name: 'R2', firstDuty: 'PurchInquiry', secondDuty: 'VendPaymentDuty', severity: 'low', risk: 'r', mitigation: 'm', enabled: true }, (v) => secgov.validateRule(model, v as never)],
  ['transition session', session, (v) => secgov.transition(v as never, { type: 'start' }, { actor: 'processor', by: 'processor', now: T0 })],
  ['transition event', { type: 'end', endReason: 'ended-early', reason: 'r' }, (v) => secgov.transition({ ...session, status: 'active', startedAt: T0 }, v as never, { actor: 'admin', by: 'administrator', now: T0 })],
  ['transition context', { actor: 'processor', by: 'processor', now: T0 }, (v) => secgov.transition(session, { type: 'start' }, v as never)],
  ['validateSession', session, (v) => secgov.validateSession(v as never, model, [], T0)],
  ['validateSession others', [session], (v) => secgov.validateSession({ ...session, id: 'S-2' }, model, v as never, T0)],
  ['overlaySessions', [session], (v) => secgov.overlaySessions([assignment as never], true, v as never)],
  ['overlaySessions base', [assignment], (v) => secgov.overlaySessions(v as never, true, [session])],
  ['sessionAssignments', session, (v) => secgov.sessionAssignments(v as never)],
  ['inForceAt', session, (v) => secgov.inForceAt(v as never, T0)],
  ['dueEvent', session, (v) => secgov.dueEvent(v as never, T0)],
  ['sessionDueAt', session, (v) => secgov.sessionDueAt(v as never)],
  ['summarizeUserLog', [{ type: 'sign-in', at: T0, session: 'S-1', signIn: 'i1', user: 'bob' }, { type: 'sign-out', at: at('2026-03-02T09:00:00Z'), session: 'S-1', signIn: 'i1', user: 'bob' }], (v) => secgov.summarizeUserLog(v as never, T0)],
  ['aotToModelData', [aotRole], (v) => secgov.aotToModelData(v as never)],
  ['draftRolesToAotProject options', { modelName: 'M', projectName: 'P' }, (v) => secgov.draftRolesToAotProject(model, ['Buyer'], v as never)],
  ['writeAotObject', aotRole, (v) => secgov.writeAotObject(v as never)],
  ['aotFilePath', { kind: 'AxSecurityRole', name: 'Clerk' }, (v) => secgov.aotFilePath(v as never)],
  ['matchesCondition', { and: [{ attribute: 'dept', equals: 'AP' }, { or: [{ attribute: 'site', in: ['A', 'B'] }, { not: { attribute: 'temp', exists: true } }] }] }, (v) => secgov.matchesCondition(v as never, { dept: 'AP', site: 'A' }), 6],
  ['matchesCondition attributes', { dept: 'AP', site: 'A' }, (v) => secgov.matchesCondition({ attribute: 'dept', equals: 'AP' }, v as never)],
  ['requiredLicense', { entryPoint: 'menu-item-display:PurchTable', read: 'allow', update: 'deny', create: 'unset', delete: 'unset', correct: 'unset', invoke: 'unset' }, (v) => secgov.requiredLicense(model, v as never)],
  ['accessLevel', { read: 'allow', update: 'deny', create: 'unset', delete: 'unset', correct: 'unset', invoke: 'unset' }, (v) => secgov.accessLevel(v as never)],
  ['entryPointId', { kind: 'menu-item-display', name: 'PurchTable' }, (v) => secgov.entryPointId(v as never)],
  ['renderFieldChange', { type: 'value', field: 'name', from: 'a', to: 'b' }, (v) => secgov.renderFieldChange(v as never)],
  ['createGovernance', { model, parameters: { checkSimilarity: true } }, (v) => secgov.createGovernance(v as never)],
  // The objects the package hands out, their methods' records.
  ['SodMonitor.update', changes, (v) => new secgov.SodMonitor(model).update(secgov.applyChanges(model, changes as never), v as never)],
  ['SodMonitor effective answers', [assignment], (v) => new secgov.SodMonitor(model, () => v as never).scan(T0)],
  ['AccessIndex.update', changes, (v) => secgov.compileAccess(model).update(secgov.applyChanges(model, changes as never), v as never)],
  ['AccessIndex.checkAssignments', { assignments: [assignment], enabled: true, user: 'bob' }, (v) => secgov.compileAccess(model).checkAssignments(v as never, 'menu-item-display:PurchTable', 'read', 'USMF')],
  ['AccessIndex.explainAssignments', { assignments: [assignment], enabled: true, user: 'bob' }, (v) => secgov.compileAccess(model).explainAssignments(v as never, 'menu-item-display:PurchTable', 'read')],
  ['AccessIndex.grantersOf', [{ entryPoint: 'menu-item-display:PurchTable', rights: ['read'] }], (v) => secgov.compileAccess(model).grantersOf(v as never)],
  ['AccessIndex.setEffectiveAssignments', { assignments: [assignment], enabled: false }, (v) => secgov.compileAccess(model).setEffectiveAssignments('bob', v as never)],
  ['Store.insertSession', { ...session, version: 1 }, (v) => secgov.memoryStore().transact((tx) => tx.insertSession(v as never))],
  ['Store.appendState', changes, (v) => secgov.memoryStore().transact((tx) => tx.appendState(0, v as never))],
  ['Store.saveSnapshot', { revision: 0, data: secgov.modelToData(model) }, (v) => secgov.memoryStore().transact((tx) => tx.saveSnapshot(v as never)), 3],
  ['Store.putUserActivity', { user: 'bob', lastSignIn: T0, openSignIns: [{ id: 'i1', at: T0, sessions: ['S-1'] }], version: 1 }, (v) => secgov.memoryStore().transact((tx) => tx.putUserActivity(v as never))],
  ['Store.appendLog', [{ at: T0, what: 'x' }], (v) => secgov.memoryStore().transact((tx) => tx.appendLog('stream', v as never))],
  ['Store.saveVersion', { id: 'v1', name: 'V', description: null, createdAt: T0, createdBy: 'admin', revision: 0, data: secgov.modelToData(model) }, (v) => secgov.memoryStore().transact((tx) => tx.saveVersion(v as never)), 2],
  ['Store.findSessions', { user: 'bob', statuses: ['draft'], limit: 5 }, (v) => secgov.memoryStore().transact((tx) => tx.findSessions(v as never))],
  ['Store.readLog options', { after: 0, limit: 5 }, (v) => secgov.memoryStore().transact((tx) => tx.readLog('stream', v as never))],
];

/** The message of what `work` throws, for a failure message. */
async function message(work: () => unknown): Promise<string> {
  try {
    await work();
    return '';
  } catch (error) {
    return String((error as Error)?.message);
  }
}

describe('pure functions and the objects handed out: hostile fields in the records and options', () => {
  it.each(cases.map(([name, base, call, depth]) => [name, base, call, depth ?? 4] as const))('%s', async (_name, base, call, depth) => {
    expect(await outcomeOf(() => call(base)), await message(() => call(base))).toBe('value');
    expect(await crashesOf(base, call, depth)).toEqual([]);
  });
});
