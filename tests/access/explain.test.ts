import { describe, expect, it } from 'vitest';
import { MAX_EXPLAINED_PATHS, compileAccess } from '../../src/access/index.js';
import { createModel } from '../../src/model/index.js';
import { EP, fixtureModel } from './fixture.js';

const model = fixtureModel();
const access = compileAccess(model);
const journalGrant = (privilege: string) => model.privileges.get(privilege.toLowerCase())!.grants.find((g) => g.entryPoint.toLowerCase() === EP.journal.toLowerCase())!;

describe('explain', () => {
  it('lists every path, and the deny that won', () => {
    const explanation = access.explain('bob', EP.journal, 'delete');
    const deny = {
      assignment: { role: 'manager', scope: 'all' },
      roles: ['Manager', 'Auditor'],
      privilege: 'DenyLedgerDelete',
      grant: journalGrant('DenyLedgerDelete'),
      permission: 'deny',
    };
    const allow = {
      assignment: { role: 'manager', scope: 'all' },
      roles: ['Manager'],
      duty: 'MaintainLedger',
      privilege: 'LedgerJournalMaintain',
      grant: journalGrant('LedgerJournalMaintain'),
      permission: 'allow',
    };
    expect(explanation).toEqual({
      user: 'bob',
      entryPoint: EP.journal,
      right: 'delete',
      allowed: false,
      reason: 'denied',
      // Depth-first: the role's duties, then its direct privileges, then its sub-roles.
      paths: [allow, deny],
      deciding: [deny],
      truncated: false,
    });
  });

  it('shows the allow paths through sub-roles, without a duty for direct privileges', () => {
    const explanation = access.explain('bob', EP.service, 'invoke');
    expect(explanation.reason).toBe('allowed');
    expect(explanation.deciding).toEqual(explanation.paths);
    expect(explanation.paths).toHaveLength(1);
    expect(explanation.paths[0]).toMatchObject({ roles: ['Manager', 'Auditor', 'Clerk'], privilege: 'ServiceInvoke', permission: 'allow' });
    expect(explanation.paths[0]).not.toHaveProperty('duty');
    const viaDuty = access.explain('bob', EP.journal, 'read');
    expect(viaDuty.paths.map((p) => [p.roles.join('>'), p.duty, p.privilege])).toEqual([
      ['Manager', 'MaintainLedger', 'LedgerJournalMaintain'],
      ['Manager>Auditor>Clerk', 'ViewLedger', 'LedgerJournalView'],
    ]);
  });

  it('explains an answer without any grant', () => {
    expect(access.explain('alice', EP.table, 'read')).toMatchObject({ allowed: false, reason: 'no-grant', paths: [], deciding: [] });
  });

  it('explains disabled users, administrators and rights that do not apply', () => {
    const disabled = access.explain('dave', EP.journal, 'read');
    expect(disabled).toMatchObject({ allowed: false, reason: 'user-disabled', deciding: [] });
    expect(disabled.paths).toHaveLength(1);
    expect(access.explain('erin', EP.table, 'delete')).toMatchObject({ allowed: true, reason: 'administrator' });
    expect(access.explain('frank', EP.table, 'delete', 'USMF')).toMatchObject({ allowed: false, reason: 'no-grant' });
    expect(access.explain('carol', EP.service, 'read')).toMatchObject({ allowed: false, reason: 'not-applicable' });
    expect(access.explain('erin', EP.method, 'read')).toMatchObject({ allowed: false, reason: 'not-applicable' });
  });

  it('lists only the assignments in scope of the organization asked about', () => {
    const inDemf = access.explain('carol', EP.journal, 'update', 'DEMF');
    expect(inDemf).toMatchObject({ organization: 'DEMF', allowed: false, reason: 'no-grant', paths: [] });
    const inEast = access.explain('CAROL', EP.journal, 'update', 'usmf-east');
    expect(inEast).toMatchObject({ user: 'carol', organization: 'USMF-East', allowed: true, reason: 'allowed' });
    expect(inEast.paths[0]!.assignment).toEqual({ role: 'Accountant', scope: { organizations: [{ id: 'USMF', includeChildren: true }] } });
  });

  it('names an organization that decided when the question covered them all', () => {
    const explanation = access.explain('ivy', EP.journal, 'delete');
    expect(explanation.allowed).toBe(true);
    expect(explanation.decidingOrganization).toBeDefined();
    expect(explanation.decidingOrganization).not.toBe('DEMF');
    // Every path is listed (the scoped deny too), the deciding ones are the allows that apply there.
    expect(explanation.paths.map((p) => p.permission).sort()).toEqual(['allow', 'deny']);
    expect(explanation.deciding.map((p) => p.permission)).toEqual(['allow']);
    const carol = access.explain('carol', EP.journal, 'update');
    expect(carol.decidingOrganization).toMatch(/^USMF/);
    // In DEMF the scoped deny applies and wins.
    const inDemf = access.explain('ivy', EP.journal, 'delete', 'DEMF');
    expect(inDemf).toMatchObject({ allowed: false, reason: 'denied' });
    expect(inDemf.deciding.map((p) => [p.assignment.role, p.privilege])).toEqual([['Auditor', 'DenyLedgerDelete']]);
    expect(access.explain('ivy', EP.journal, 'delete', 'USMF').paths.map((p) => p.permission)).toEqual(['allow']);
  });

  it('explains an arbitrary assignment list', () => {
    const explanation = access.explainAssignments(
      { user: 'someone', assignments: [{ user: 'someone', role: 'Auditor', scope: 'all', source: 'manual' }], enabled: true },
      EP.journal,
      'read',
    );
    expect(explanation).toMatchObject({ user: 'someone', allowed: true, reason: 'allowed' });
    expect(explanation.paths[0]!.roles).toEqual(['Auditor', 'Clerk']);
  });
});

describe('explain on a hierarchy with very many paths', () => {
  it('lists at most MAX_EXPLAINED_PATHS paths and says it truncated them, with the exact answer', () => {
    // 15 levels of two roles each, every role including both roles of the next level: 2^15 paths.
    const levels = 15;
    const roles = [];
    for (let level = 0; level < levels; level++) {
      for (const side of ['A', 'B']) {
        const last = level === levels - 1;
        roles.push({ id: `${side}${level}`, name: `${side}${level}`, subRoles: last ? [] : [`A${level + 1}`, `B${level + 1}`], privileges: last ? ['Leaf'] : [] });
      }
    }
    roles.push({ id: 'Top', name: 'Top', subRoles: ['A0', 'B0'] });
    const model = createModel({
      entryPoints: [{ kind: 'table', name: 'T' }],
      privileges: [{ id: 'Leaf', name: 'Leaf', grants: [{ entryPoint: 'table:T', read: 'allow' }] }],
      roles,
      users: [{ id: 'u', name: 'U' }],
      assignments: [{ user: 'u', role: 'Top' }],
    });
    const explanation = compileAccess(model).explain('u', 'table:T', 'read');
    expect(explanation.allowed).toBe(true);
    expect(explanation.reason).toBe('allowed');
    expect(explanation.truncated).toBe(true);
    expect(explanation.paths).toHaveLength(MAX_EXPLAINED_PATHS);
    expect(explanation.paths[0]!.roles).toHaveLength(levels + 1);
  });
});
