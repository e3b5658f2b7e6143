import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SodRule } from '../model/governance-schemas.js';
import { createModel } from '../model/index.js';
import { compileSodContext } from './context.js';
import { ruleTable } from './compliance.js';
import { RoleRuleTable } from './role-rule-table.js';

function context() {
  const model = createModel({
    entryPoints: [{ kind: 'menu-item-display', name: 'Ledger' }],
    privileges: [{ id: 'P', name: 'P', grants: [{ entryPoint: 'menu-item-display:Ledger', read: 'allow' }] }],
    duties: ['Pay', 'Approve', 'Audit', 'Post'].map((id) => ({ id, name: id, privileges: ['P'] })),
    roles: [
      { id: 'Payer', name: 'Payer', duties: ['Pay'] },
      { id: 'Approver', name: 'Approver', duties: ['Approve'] },
      { id: 'Lead', name: 'Lead', subRoles: ['Approver'] },
      { id: 'Poster', name: 'Poster', duties: ['Post'] },
      { id: 'Auditor', name: 'Auditor', duties: ['Audit'] },
      { id: 'Both', name: 'Both', duties: ['Pay', 'Approve'] },
    ],
    sodRules: [
      { id: 'R1', name: 'Pay/Approve', firstDuty: 'Pay', secondDuty: 'Approve', severity: 'high' },
      { id: 'R2', name: 'Post/Audit', firstDuty: 'Post', secondDuty: 'Audit', severity: 'low', enabled: false },
    ],
  });
  return compileSodContext(model);
}

describe('RoleRuleTable', () => {
  const keys = ['payer', 'approver', 'lead', 'poster', 'auditor', 'unknown', 'both'];
  const table = ruleTable(context(), keys);
  const n = (key: string) => keys.indexOf(key);
  /** The candidates of roles, as [rule id, first mask, second mask]. */
  const of = (roles: number[], from = 0, count = roles.length) => {
    const found = Array.from({ length: table.candidates(roles, from, count) }, (_, k) => table.candidate(k));
    return found.map((n): [string, number, number] => [table.sodRules[n]!.id, table.firstMask(n), table.secondMask(n)]);
  };

  it('finds a rule when the roles bring both duties, through sub-roles too, in either order, with the roles bringing each', () => {
    expect(of([n('payer'), n('approver')])).toEqual([['R1', 0b01, 0b10]]);
    expect(of([n('lead'), n('payer')])).toEqual([['R1', 0b10, 0b01]]);
    expect(of([n('payer'), n('lead'), n('approver')])).toEqual([['R1', 0b001, 0b110]]);
  });

  it('finds nothing for one duty alone, disabled rules, unknown roles and no roles', () => {
    expect(of([n('payer'), n('poster')])).toEqual([]);
    expect(of([n('poster'), n('auditor')])).toEqual([]);
    expect(of([n('unknown'), n('approver'), -1, 99])).toEqual([]);
    expect(of([])).toEqual([]);
  });

  it('reads only the roles asked about', () => {
    expect(of([n('payer'), n('approver'), n('payer')], 1, 2)).toEqual([['R1', 0b10, 0b01]]);
    expect(of([n('payer'), n('approver'), n('poster')], 1, 2)).toEqual([]);
  });

  it('answers each question afresh (what one check marked does not leak into the next)', () => {
    expect(of([n('payer')])).toEqual([]);
    expect(of([n('approver')])).toEqual([]);
    for (let i = 0; i < 1_000; i++) expect(of(i % 2 ? [n('payer'), n('lead')] : [n('lead')]).length).toBe(i % 2);
  });

  it('knows which roles a role breaks a rule with, or alone, organizations aside', () => {
    expect(table.conflictsWith(n('payer'), [n('poster'), n('approver')])).toBe(true);
    expect(table.conflictsWith(n('lead'), [n('payer')])).toBe(true);
    expect(table.conflictsWith(n('approver'), [n('payer')])).toBe(true);
    expect(table.conflictsWith(n('both'), [])).toBe(true);
    expect(table.conflictsWith(n('payer'), [n('both')])).toBe(true);
    expect(table.conflictsWith(n('payer'), [n('payer'), n('poster'), n('auditor')])).toBe(false);
    expect(table.conflictsWith(n('poster'), [n('auditor')])).toBe(false);
    expect(table.conflictsWith(n('unknown'), [n('approver')])).toBe(false);
    expect(table.conflictsWith(-1, [n('approver')])).toBe(false);
    expect(table.conflictsWith(n('approver'), [-1, 99])).toBe(false);
  });

  it('agrees with the candidates of each pair of roles in which the first takes part', () => {
    const numbers = keys.map((_, i) => i);
    for (const a of numbers) for (const b of numbers) expect(table.conflictsWith(a, [b])).toBe(of([a, b]).some(([, first, second]) => ((first | second) & 1) === 1));
  });

  it('answers the same with more roles than partner bits are kept for (partner lists then)', () => {
    // 4,100 roles: past 4,096 the partners are kept as lists only.
    const many = [...keys, ...Array.from({ length: 4_100 - keys.length }, (_, i) => `extra${i}`)];
    const big = ruleTable(context(), many);
    const numbers = keys.map((_, i) => i);
    for (const a of numbers) {
      for (const b of numbers) {
        expect(big.conflictsWith(a, [b])).toBe(table.conflictsWith(a, [b]));
        const found = Array.from({ length: big.candidates([a, b], 0, 2) }, (_, k) => big.sodRules[big.candidate(k)]!.id);
        expect(found).toEqual(of([a, b]).map(([id]) => id));
      }
    }
    expect(big.conflictsWith(n('payer'), [4_099, n('approver')])).toBe(true);
  });

  it('finds the same rules and roles by pairs of roles as by reading every role (the path past too many pairs), and as a plain reading of each role', () => {
    // Random tables: each role brings some rules' first duty and some rules' second duty.
    const tables = fc.integer({ min: 1, max: 12 }).chain((ruleCount) =>
      fc.array(fc.record({ first: fc.uniqueArray(fc.nat(ruleCount - 1), { maxLength: 4 }), second: fc.uniqueArray(fc.nat(ruleCount - 1), { maxLength: 4 }) }), { minLength: 1, maxLength: 40 }).map((roles) => ({ ruleCount, roles })),
    );
    const question = tables.chain((t) => fc.tuple(fc.constant(t), fc.array(fc.integer({ min: -1, max: t.roles.length }), { maxLength: 30 })));
    fc.assert(
      fc.property(question, ([{ ruleCount, roles }, held]) => {
        const rules = Array.from({ length: ruleCount }, (_, n) => ({ id: `R${n}` }) as SodRule);
        const perRole = roles.map((r) => ({ rules: Int32Array.from([...r.first, ...r.second]), split: r.first.length }));
        const answer = (table: RoleRuleTable) => Array.from({ length: table.candidates(held, 0, held.length) }, (_, k) => table.candidate(k)).map((n) => [n, table.firstMask(n), table.secondMask(n)]);
        // Plainly: every rule whose first duty some held role brings and whose second some brings.
        const bits = (n: number, side: 'first' | 'second') => held.reduce((mask, r, i) => (roles[r]?.[side].includes(n) ? mask | (1 << i) : mask), 0);
        const expected = Array.from({ length: ruleCount }, (_, n) => [n, bits(n, 'first'), bits(n, 'second')]).filter(([, f, s]) => f !== 0 && s !== 0);
        expect(answer(new RoleRuleTable(rules, perRole))).toEqual(expected);
        expect(answer(new RoleRuleTable(rules, perRole, 0))).toEqual(expected);
        // And a role conflicts with the held roles when it takes part in a candidate with them.
        const table = new RoleRuleTable(rules, perRole);
        for (let a = 0; a < roles.length; a++) {
          const all = [a, ...held];
          const found = Array.from({ length: table.candidates(all, 0, all.length) }, (_, k) => table.candidate(k));
          expect(table.conflictsWith(a, held)).toBe(found.some((n) => ((table.firstMask(n) | table.secondMask(n)) & 1) === 1));
        }
      }),
      { numRuns: 300 },
    );
  });
});
