import { describe, expect, it } from 'vitest';
import { createModel } from '../model/index.js';
import { compileSodContext } from './context.js';
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
    ],
    sodRules: [
      { id: 'R1', name: 'Pay/Approve', firstDuty: 'Pay', secondDuty: 'Approve', severity: 'high' },
      { id: 'R2', name: 'Post/Audit', firstDuty: 'Post', secondDuty: 'Audit', severity: 'low', enabled: false },
    ],
  });
  return compileSodContext(model);
}

describe('RoleRuleTable', () => {
  const keys = ['payer', 'approver', 'lead', 'poster', 'auditor', 'unknown'];
  const table = new RoleRuleTable(context(), keys);
  const n = (key: string) => keys.indexOf(key);

  it('says a user may break a rule when its roles bring both duties, through sub-roles too, in either order', () => {
    expect(table.mayBreak([n('payer'), n('approver')])).toBe(true);
    expect(table.mayBreak([n('lead'), n('payer')])).toBe(true);
  });

  it('says no for one duty alone, disabled rules, unknown roles and no roles', () => {
    expect(table.mayBreak([n('payer'), n('poster')])).toBe(false);
    expect(table.mayBreak([n('poster'), n('auditor')])).toBe(false);
    expect(table.mayBreak([n('unknown'), n('approver')])).toBe(false);
    expect(table.mayBreak([])).toBe(false);
  });

  it('answers each question afresh (marks of one test do not leak into the next)', () => {
    expect(table.mayBreak([n('payer')])).toBe(false);
    expect(table.mayBreak([n('approver')])).toBe(false);
    for (let i = 0; i < 1_000; i++) expect(table.mayBreak(i % 2 ? [n('payer'), n('lead')] : [n('lead')])).toBe(i % 2 === 1);
  });
});
