import { describe, expect, it } from 'vitest';
import { createModel, modelToData, roleConflicts, SecGovError, separationOfPrivilegesReport, sodConflictsReport, similarityReport, similarTo, simulateAssignments, SodMonitor, validateRule, verifyCompliance } from '../../src/index.js';
import { expectCode, makeFixture, scenarioData, T0 } from '../governance/fixture.js';
import { errorCode, refused } from '../support/errors.js';

const model = createModel(scenarioData());
const huge = 'x'.repeat(1_000_000);
const hostileIds: unknown[] = ['__proto__', 'constructor', '', huge, 42, null, undefined, {}, ['a'], 'a\u0000b'];


describe('pure SoD functions answer hostile input with typed errors', () => {
  it.each(hostileIds)('roleConflicts(%j)', (id) => {
    expect(['NOT_FOUND', 'VALIDATION_FAILED']).toContain(errorCode(() => roleConflicts(model, id as string)));
  });

  it.each(hostileIds)('validateRule(%j)', (id) => {
    expect(['NOT_FOUND', 'VALIDATION_FAILED']).toContain(errorCode(() => validateRule(model, id as string)));
  });

  it('validateRule with malformed rules', () => {
    for (const rule of [{}, { id: 'r', name: 'r', firstDuty: 'PurchInquiry' }, { id: 'r', name: 'r', firstDuty: 'PurchInquiry', secondDuty: 'purchinquiry' }, { id: 'r', name: huge, firstDuty: 'a', secondDuty: 'b' }, { id: 'r', name: 'r', firstDuty: 'a', secondDuty: 'b', severity: 'x' }]) {
      expect(errorCode(() => validateRule(model, rule as never))).toBe('VALIDATION_FAILED');
    }
  });

  it('callbacks and options: a wrong one, or a wrong answer, is refused naming it', () => {
    // A rule, so that the scans read every answer.
    const ruled = createModel({ ...scenarioData(), sodRules: [{ id: 'R', name: 'R', firstDuty: 'PurchInquiry', secondDuty: 'VendPaymentDuty' }] });
    const at = T0;
    const badAnswers: unknown[] = [42, 'Buyer', {}, [null], [{}], [{ user: 'bob', role: 'Buyer', scope: { organizations: [null] } }], [{ user: 'bob', role: 'Buyer', scope: 'some' }]];
    for (const answer of badAnswers) {
      const fn = () => answer;
      expect(refused(() => verifyCompliance(ruled, { at, assignmentsOf: fn as never }), 'assignmentsOf').message).toMatch(/answer of assignmentsOf for "/);
      refused(() => new SodMonitor(ruled, fn as never).scan(at), 'effective');
      refused(() => new SodMonitor(ruled, fn as never).hitsOf('bob'), 'effective');
      refused(() => simulateAssignments(ruled, 'bob', [{ op: 'unassign', user: 'bob', role: 'Buyer' }], { at, overlay: fn as never }), 'overlay');
    }
    // undefined answers "the model's own" where the option allows it, and not for the overlay.
    expect(verifyCompliance(ruled, { at, assignmentsOf: () => undefined }).violations).toEqual(verifyCompliance(ruled, { at }).violations);
    refused(() => simulateAssignments(ruled, 'bob', [{ op: 'unassign', user: 'bob', role: 'Buyer' }], { at, overlay: (() => undefined) as never }), 'overlay');
    for (const notAFunction of [42, 'f', {}, null]) {
      refused(() => verifyCompliance(ruled, { at, assignmentsOf: notAFunction as never }), 'assignmentsOf');
      refused(() => new SodMonitor(ruled, notAFunction as never), 'effective');
      refused(() => simulateAssignments(ruled, 'bob', [{ op: 'unassign', user: 'bob', role: 'Buyer' }], { at, overlay: notAFunction as never }), 'overlay');
    }
    for (const options of [null, 42, 'soon', []]) {
      refused(() => verifyCompliance(ruled, options as never), 'options');
      refused(() => simulateAssignments(ruled, 'bob', [{ op: 'unassign', user: 'bob', role: 'Buyer' }], options as never), 'options');
    }
    // Compiled parts of another model would answer for that model.
    refused(() => simulateAssignments(ruled, 'bob', [{ op: 'unassign', user: 'bob', role: 'Buyer' }], { at, context: 42 } as never), 'options.context');
    refused(() => simulateAssignments(ruled, 'bob', [{ op: 'unassign', user: 'bob', role: 'Buyer' }], { at, licenses: { model } } as never), 'options.licenses');
    // Good answers work as before.
    const monitor = new SodMonitor(ruled, (key) => (key === 'bob' ? [...ruled.assignments.values()].filter((a) => a.user === 'bob') : undefined));
    expect(monitor.scan(at).violations).toEqual(verifyCompliance(ruled, { at }).violations);
  });

  it('the SoD conflicts report refuses a compliance report that is not one, or not of its instant', () => {
    const ruled = createModel({ ...scenarioData(), sodRules: [{ id: 'R', name: 'R', firstDuty: 'PurchInquiry', secondDuty: 'VendPaymentDuty' }] });
    const at = T0;
    const good = verifyCompliance(ruled, { at });
    expect(good.violations).toHaveLength(1);
    const [v] = good.violations;
    const bad: unknown[] = [
      42,
      {},
      { ...good, at: '2026-01-01T00:00:00.000Z' },
      { ...good, violations: 42 },
      { ...good, violations: [null] },
      { ...good, violations: [{ ...v, severity: 'huge' }] },
      { ...good, violations: [{ ...v, firstRoles: [null] }] },
      { ...good, violations: [{ ...v, organizations: 'some' }] },
      { ...good, overridden: [{ ...v, override: 42 }] },
      { ...good, expiredOverrides: null },
      { ...good, users: -1 },
    ];
    for (const compliance of bad) refused(() => sodConflictsReport(ruled, { at, compliance } as never), 'compliance');
    refused(() => sodConflictsReport(ruled, 42 as never), 'options');
    refused(() => sodConflictsReport(null as never, { at, compliance: good }), 'model');
    expect(sodConflictsReport(ruled, { at, compliance: good }).conflicts).toEqual(sodConflictsReport(ruled, { at }).conflicts);
  });

  it('every SoD function refuses what is not a model', () => {
    const at = T0;
    for (const bad of [null, undefined, {}, 42, 'model', [], modelToData(model), { ...model, users: [...model.users.values()] }]) {
      const m = bad as never;
      expect(errorCode(() => verifyCompliance(m, { at }))).toBe('VALIDATION_FAILED');
      expect(errorCode(() => roleConflicts(m, 'Buyer'))).toBe('VALIDATION_FAILED');
      expect(errorCode(() => validateRule(m, 'R'))).toBe('VALIDATION_FAILED');
      expect(errorCode(() => similarityReport(m, 'privilege', 50))).toBe('VALIDATION_FAILED');
      expect(errorCode(() => similarTo(m, 'privilege', 'P'))).toBe('VALIDATION_FAILED');
      expect(errorCode(() => separationOfPrivilegesReport(m))).toBe('VALIDATION_FAILED');
      expect(errorCode(() => simulateAssignments(m, 'bob', [{ op: 'unassign', user: 'bob', role: 'Buyer' }], { at }))).toBe('VALIDATION_FAILED');
      expect(errorCode(() => new SodMonitor(m))).toBe('VALIDATION_FAILED');
    }
  });

  it('verifyCompliance with a bad instant or a non-model', () => {
    for (const at of ['', 'yesterday', 42, null, huge, '0000-01-01T00:00:00Z']) expect(errorCode(() => verifyCompliance(model, { at: at as string }))).toBe('VALIDATION_FAILED');
    expect(errorCode(() => verifyCompliance(model, undefined as never))).toBe('VALIDATION_FAILED');
  });

  it('similarity with bad kinds, levels and ids', () => {
    expect(errorCode(() => similarityReport(model, 'role' as never, 50))).toBe('VALIDATION_FAILED');
    for (const level of [-1, 101, Number.NaN, '50', Infinity]) expect(errorCode(() => similarityReport(model, 'privilege', level as number))).toBe('VALIDATION_FAILED');
    for (const id of hostileIds) expect(['NOT_FOUND', 'VALIDATION_FAILED']).toContain(errorCode(() => similarTo(model, 'duty', id as string)));
  });

  it('simulateAssignments with malformed, foreign and oversized changes', () => {
    const at = T0;
    expect(errorCode(() => simulateAssignments(model, 'bob', [], { at }))).toBe('VALIDATION_FAILED');
    expect(errorCode(() => simulateAssignments(model, 'bob', [{ op: 'remove', kind: 'role', id: 'Buyer' }], { at }))).toBe('VALIDATION_FAILED');
    expect(errorCode(() => simulateAssignments(model, 'bob', [{ op: 'unassign', user: 'carol', role: 'Accountant' }], { at }))).toBe('VALIDATION_FAILED');
    const many = Array.from({ length: 1_001 }, () => ({ op: 'unassign' as const, user: 'bob', role: 'Buyer' }));
    expect(errorCode(() => simulateAssignments(model, 'bob', many, { at }))).toBe('VALIDATION_FAILED');
    expect(errorCode(() => simulateAssignments(model, 'bob', [{ op: 'unassign', user: 'bob', role: 'Buyer' }], { at: 'soon' }))).toBe('VALIDATION_FAILED');
    for (const id of hostileIds) expect(['NOT_FOUND', 'VALIDATION_FAILED']).toContain(errorCode(() => simulateAssignments(model, id as string, [{ op: 'unassign', user: 'bob', role: 'Buyer' }], { at })));
  });
});

describe('service SoD commands answer hostile input with typed errors and store nothing', () => {
  it('resolveConflict', async () => {
    const { gov } = await makeFixture();
    const before = gov.model();
    for (const id of hostileIds) {
      const error = await gov.resolveConflict('admin', id as string, { decision: 'deny' }).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(SecGovError);
      expect(['NOT_FOUND', 'VALIDATION_FAILED']).toContain((error as SecGovError).code);
    }
    for (const resolution of [null, {}, { decision: 'maybe' }, { decision: 'allow', reason: huge }, { decision: 'allow', reason: 'x', expiresAt: 'later' }, { decision: 'deny', extra: 1 }]) {
      await expectCode(gov.resolveConflict('admin', 'SOD-000001', resolution as never), 'VALIDATION_FAILED');
    }
    await expectCode(gov.resolveConflict('admin', 'SOD-000001', { decision: 'deny' }), 'NOT_FOUND');
    expect(gov.model()).toBe(before);
  });

  it('conflicts, simulate and similarityReport queries', async () => {
    const { gov } = await makeFixture();
    await expectCode(() => gov.conflicts({ status: 'open' as never }), 'VALIDATION_FAILED');
    await expectCode(() => gov.conflicts({ user: huge }), 'VALIDATION_FAILED');
    await expectCode(() => gov.simulate('bob', [{ op: 'assign', assignment: { user: 'bob', role: '__proto__' } }]), 'MISSING_REFERENCE');
    await expectCode(() => gov.similarityReport('privilege', 1000), 'VALIDATION_FAILED');
    expect(gov.conflicts()).toEqual([]);
  });
});
