import * as s from './src/index.js';
const levels = 40;
const roles: any[] = [];
for (let i = 0; i < levels; i++) {
  roles.push({ id: `L${i}`, name: `L${i}`, subRoles: [`A${i}`, `B${i}`] });
  roles.push({ id: `A${i}`, name: `A${i}`, subRoles: [`L${i + 1}`] }, { id: `B${i}`, name: `B${i}`, subRoles: [`L${i + 1}`] });
}
roles.push({ id: `L${levels}`, name: 'Bottom', duties: ['D0', 'D1'] });
const data: any = {
  entryPoints: [{ kind: 'table', name: 'T0' }, { kind: 'table', name: 'T1' }],
  privileges: [{ id: 'P0', name: 'P0', grants: [{ entryPoint: 'table:T0', read: 'allow' }] }, { id: 'P1', name: 'P1', grants: [{ entryPoint: 'table:T1', read: 'allow' }] }],
  duties: [{ id: 'D0', name: 'D0', privileges: ['P0'] }, { id: 'D1', name: 'D1', privileges: ['P1'] }],
  roles,
  organizations: [{ id: 'O0', name: 'O0' }],
  users: [{ id: 'u', name: 'U' }, { id: 'v', name: 'V' }],
  assignments: [{ user: 'u', role: 'L0' }, { user: 'v', role: 'L1' }],
  sodRules: [{ id: 'S', name: 'S', firstDuty: 'D0', secondDuty: 'D1', severity: 'high' }],
  processes: [], tasks: [],
};
delete data.processes; delete data.tasks;
const AT = '2026-01-01T00:00:00.000Z';
const tryIt = (n: string, f: () => unknown) => { const t = Date.now(); try { f(); console.log('ok', n, Date.now() - t, 'ms'); } catch (e: any) { console.log(e instanceof s.SecGovError ? 'typed' : 'CRASH', n, Date.now() - t, 'ms', e.constructor.name, String(e.message).slice(0, 150)); } };
let m: any;
tryIt('createModel', () => (m = s.createModel(data)));
tryIt('compileAccess+explain', () => { const a = s.compileAccess(m); a.check('u', 'table:T0', 'read'); a.explain('u', 'table:T0', 'read'); a.rightsOf('u'); a.whoCanReach('table:T0', 'read'); });
tryIt('compileLicenses', () => { const l: any = s.compileLicenses(m); l.userLicense?.('u'); });
tryIt('verifyCompliance', () => s.verifyCompliance(m, { at: AT }));
tryIt('roleConflicts', () => s.roleConflicts(m, 'L0'));
tryIt('validateRule', () => s.validateRule(m, 'S'));
tryIt('similarityReport', () => s.similarityReport(m, { kind: 'duty', level: 50 } as any));
tryIt('simulateAssignments', () => (s as any).simulateAssignments(m, 'v', [{ op: 'assign', assignment: { user: 'v', role: 'L0' } }]));
tryIt('exportXml/importXml', () => { const x = s.exportXml(m); s.importXml(s.emptyModel(), x); });
tryIt('compareModels', () => s.compareModels(s.emptyModel(), m));
tryIt('userSecurityAnalysis', () => s.userSecurityAnalysis(m, 'u'));
tryIt('effectiveEntryPoints', () => s.effectiveEntryPoints(m, { kind: 'role', id: 'L0' } as any));
for (const by of ['user', 'role', 'duty', 'privilege', 'entry-point']) tryIt('licenseUsageReport ' + by, () => s.licenseUsageReport(m, { by } as any));
tryIt('sodConflictsReport', () => s.sodConflictsReport(m, { at: AT } as any));
tryIt('separationOfPrivilegesReport', () => s.separationOfPrivilegesReport(m));
tryIt('subtractDuty', () => (s as any).subtractDuty(m, { role: 'L0', duty: 'D0' }));
tryIt('duplicateToLicense', () => (s as any).duplicateToLicense(m, { role: 'L0', license: 'activity' }));
tryIt('draftRolesToAotProject', () => (s as any).draftRolesToAotProject(m, { roles: ['L0'] }));
tryIt('modelToAot', () => (s as any).modelToAotObjects?.(m));
