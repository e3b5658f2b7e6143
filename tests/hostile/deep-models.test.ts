/**
 * Deep and wide hierarchies: a 20,000-deep chain of sub-roles and of organizations, and a lattice of
 * sub-roles with 2^40 chains. Every answer is right and comes from walks linear in the model (or
 * bounded): copying a chain per role, or listing every organization's descendants up front, made
 * these quadratic (seconds, and hundreds of megabytes, at this depth). No time is asserted; the test
 * timeout is the only guard.
 */
import { describe, expect, it } from 'vitest';
import {
  MAX_ANALYSIS_PATHS,
  SodMonitor,
  compileAccess,
  createModel,
  roleConflicts,
  userSecurityAnalysis,
  validateRule,
  verifyCompliance,
  type ModelDataInput,
} from '../../src/index.js';

const N = 20_000;
const AT = '2026-01-01T00:00:00.000Z';

/** R0 → R1 → … → R(N-1); R0 lists D0, the last role D1; O0 ← O1 ← … ← O(N-1). */
const chainData: ModelDataInput = {
  entryPoints: [
    { kind: 'table', name: 'T0' },
    { kind: 'table', name: 'T1' },
  ],
  privileges: [
    { id: 'P0', name: 'P0', grants: [{ entryPoint: 'table:T0', read: 'allow' }] },
    { id: 'P1', name: 'P1', grants: [{ entryPoint: 'table:T1', update: 'allow' }] },
  ],
  duties: [
    { id: 'D0', name: 'D0', privileges: ['P0'] },
    { id: 'D1', name: 'D1', privileges: ['P1'] },
  ],
  roles: Array.from({ length: N }, (_, i) => ({ id: `R${i}`, name: `R${i}`, subRoles: i + 1 < N ? [`R${i + 1}`] : [], duties: i === 0 ? ['D0'] : i === N - 1 ? ['D1'] : [] })),
  organizations: Array.from({ length: N }, (_, i) => ({ id: `O${i}`, name: `O${i}`, ...(i > 0 ? { parent: `O${i - 1}` } : {}) })),
  users: [
    { id: 'top', name: 'Scoped to the top with its children' },
    { id: 'bottom', name: 'Scoped to the bottom only' },
  ],
  assignments: [
    { user: 'top', role: 'R0', scope: { organizations: [{ id: 'O0', includeChildren: true }] } },
    { user: 'bottom', role: `R${N - 1}`, scope: { organizations: [{ id: `O${N - 1}`, includeChildren: false }] } },
  ],
  sodRules: [{ id: 'S', name: 'Both duties', firstDuty: 'D0', secondDuty: 'D1', severity: 'high' }],
};

describe('deep hierarchies', () => {
  const model = createModel(chainData);

  it('SoD: the conflict at the ends of a 20,000-deep chain, with its full path', () => {
    const report = verifyCompliance(model, { at: AT });
    expect(report.violations.map((v) => [v.user, v.rule])).toEqual([['top', 'S']]);
    const [violation] = roleConflicts(model, 'R0');
    expect(violation!.firstPaths).toEqual([['R0', 'D0']]);
    expect(violation!.secondPaths[0]).toHaveLength(N + 1);
    expect(violation!.secondPaths[0]!.at(-2)).toBe(`R${N - 1}`);
    expect(validateRule(model, 'S').map((v) => v.role)).toEqual(['R0']);
    const monitor = new SodMonitor(model);
    expect(monitor.scan(AT).violations).toHaveLength(1);
  });

  it('access: the top user reaches the bottom role in the bottom organization', () => {
    const access = compileAccess(model);
    expect(access.check('top', 'table:T1', 'update', `O${N - 1}`)).toBe(true);
    expect(access.check('bottom', 'table:T1', 'update', 'O0')).toBe(false);
  });

  it('security analysis: each path names its whole chain', () => {
    const report = userSecurityAnalysis(model, 'top');
    expect(report.paths.map((p) => [p.roles.length, p.privilege])).toEqual([
      [1, 'P0'],
      [N, 'P1'],
    ]);
    expect(report.truncated).toBe(false);
  });

  it('security analysis: a lattice of sub-roles with 2^40 chains stops at the step limit, marked truncated', () => {
    // L(i) has two sub-roles, A(i) and B(i), which both have L(i+1): every level doubles the chains.
    const levels = 40;
    const roles = [];
    for (let i = 0; i < levels; i++) {
      roles.push({ id: `L${i}`, name: `L${i}`, subRoles: [`A${i}`, `B${i}`] });
      roles.push({ id: `A${i}`, name: `A${i}`, subRoles: [`L${i + 1}`] }, { id: `B${i}`, name: `B${i}`, subRoles: [`L${i + 1}`] });
    }
    roles.push({ id: `L${levels}`, name: 'Bottom', duties: ['D0'] });
    const lattice = createModel({ ...chainData, roles, organizations: [], assignments: [{ user: 'top', role: 'L0' }], sodRules: [] });
    const report = userSecurityAnalysis(lattice, 'top');
    expect(report.truncated).toBe(true);
    expect(report.paths.length).toBeGreaterThan(0);
    expect(report.paths.length).toBeLessThan(MAX_ANALYSIS_PATHS);
    // The effective rights do not depend on the walk: complete.
    expect(report.effective.map((e) => e.entryPoint)).toEqual(['table:T0']);
  });
});
