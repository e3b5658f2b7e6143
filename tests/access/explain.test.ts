import { describe, expect, it } from 'vitest';
import { compileAccess } from '../../src/access/index.js';
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
