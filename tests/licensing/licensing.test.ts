import { describe, expect, it } from 'vitest';
import { createModel, defaultLicenseCatalogue, isSecGovError, emptyModel, applyChanges } from '../../src/model/index.js';
import type { ModelDataInput, SecurityModel, LicenseCatalogueInput } from '../../src/model/index.js';
import { compileLicenses, licenseCovers, requiredLicense } from '../../src/licensing/index.js';
import { compileLicensesWith } from '../../src/licensing/compile.js';

const ep = (name: string, viewLicense: string, maintainLicense: string) => ({ kind: 'menu-item-display' as const, name, viewLicense, maintainLicense });
const epId = (name: string) => `menu-item-display:${name}`;
const read = (name: string) => ({ entryPoint: epId(name), read: 'allow' as const });
const write = (name: string) => ({ entryPoint: epId(name), read: 'allow' as const, update: 'allow' as const });

function expectError(fn: () => unknown, code: string): void {
  try {
    fn();
  } catch (error) {
    expect(isSecGovError(error)).toBe(true);
    expect((error as { code: string }).code).toBe(code);
    return;
  }
  throw new Error(`expected a SecGovError ${code}`);
}

/** Entry points E-<licence>: viewing and maintaining it both need that licence. */
function model(data: ModelDataInput): SecurityModel {
  return createModel(data);
}

const defaultEntryPoints = [
  ep('Ops', 'team-members', 'operations'),
  ep('Act', 'self-serve', 'activity'),
  ep('Team', 'none', 'team-members'),
  ep('Free', 'none', 'none'),
];

describe('requiredLicense', () => {
  const m = model({ entryPoints: defaultEntryPoints });

  it('needs the view licence for read access and the maintain licence for write access', () => {
    expect(requiredLicense(m, { entryPoint: epId('Ops'), read: 'allow', update: 'unset', create: 'unset', delete: 'unset', correct: 'unset', invoke: 'unset' })).toBe('team-members');
    for (const right of ['update', 'create', 'delete', 'correct', 'invoke'] as const) {
      const grant = { entryPoint: epId('Ops'), read: 'unset', update: 'unset', create: 'unset', delete: 'unset', correct: 'unset', invoke: 'unset', [right]: 'allow' } as const;
      expect(requiredLicense(m, grant)).toBe('operations');
    }
  });

  it('needs nothing for denied or not-specified access', () => {
    const unset = { entryPoint: epId('Ops'), read: 'unset', update: 'unset', create: 'unset', delete: 'unset', correct: 'unset', invoke: 'unset' } as const;
    expect(requiredLicense(m, unset)).toBeNull();
    expect(requiredLicense(m, { ...unset, read: 'deny' })).toBeNull();
    expect(requiredLicense(m, { ...unset, read: 'deny', update: 'deny' })).toBeNull();
  });

  it('treats the none licence as no licence', () => {
    const grant = { entryPoint: epId('Team'), read: 'allow', update: 'unset', create: 'unset', delete: 'unset', correct: 'unset', invoke: 'unset' } as const;
    expect(requiredLicense(m, grant)).toBeNull();
    expect(requiredLicense(m, { ...grant, update: 'allow' })).toBe('team-members');
  });

  it('finds entry points case-insensitively and answers in the catalogue spelling', () => {
    const m2 = model({ entryPoints: [ep('Ops', 'TEAM-Members', 'Operations')] });
    const grant = { entryPoint: 'MENU-ITEM-DISPLAY:ops', read: 'allow', update: 'unset', create: 'unset', delete: 'unset', correct: 'unset', invoke: 'unset' } as const;
    expect(requiredLicense(m2, grant)).toBe('team-members');
  });

  it('reports an unknown entry point as NOT_FOUND', () => {
    expectError(() => requiredLicense(m, { entryPoint: 'table:Nope', read: 'allow', update: 'unset', create: 'unset', delete: 'unset', correct: 'unset', invoke: 'unset' }), 'NOT_FOUND');
  });
});

describe('licenseCovers', () => {
  const order = ['none', 'self-serve', 'team-members', 'activity', 'operations'];

  it('orders the default catalogue: each licence covers itself and those before it', () => {
    order.forEach((a, i) => order.forEach((b, j) => expect(licenseCovers(defaultLicenseCatalogue, a, b)).toBe(i >= j)));
  });

  it('is case-insensitive', () => {
    expect(licenseCovers(defaultLicenseCatalogue, 'OPERATIONS', 'Self-Serve')).toBe(true);
  });

  it('leaves unrelated licences of a custom catalogue incomparable', () => {
    const catalogue = {
      licenses: [
        { id: 'none', name: 'None', covers: [] },
        { id: 'finance', name: 'Finance', covers: ['none'] },
        { id: 'hr', name: 'HR', covers: ['none'] },
        { id: 'suite', name: 'Suite', covers: ['finance', 'hr'] },
      ],
    };
    expect(licenseCovers(catalogue, 'finance', 'hr')).toBe(false);
    expect(licenseCovers(catalogue, 'hr', 'finance')).toBe(false);
    expect(licenseCovers(catalogue, 'suite', 'none')).toBe(true);
    expect(licenseCovers(catalogue, 'finance', 'suite')).toBe(false);
  });

  it('reports unknown licences and invalid catalogues with typed errors', () => {
    expectError(() => licenseCovers(defaultLicenseCatalogue, 'enterprise', 'none'), 'NOT_FOUND');
    expectError(() => licenseCovers(defaultLicenseCatalogue, 'none', '__proto__'), 'NOT_FOUND');
    const cyclic = { licenses: [{ id: 'a', name: 'A', covers: ['b'] }, { id: 'b', name: 'B', covers: ['a'] }] };
    expectError(() => licenseCovers(cyclic, 'a', 'b'), 'VALIDATION_FAILED');
    expectError(() => licenseCovers({ licenses: [{ id: 'a', name: 'A', covers: ['zz'] }] }, 'a', 'a'), 'MISSING_REFERENCE');
    expectError(() => licenseCovers({ licenses: [{ id: 'a', name: 'A', covers: [] }, { id: 'A', name: 'A', covers: [] }] }, 'a', 'a'), 'DUPLICATE_ID');
    expectError(() => licenseCovers({ licenses: 'all' } as never, 'a', 'a'), 'VALIDATION_FAILED');
  });
});

describe('privileges', () => {
  const m = model({
    entryPoints: defaultEntryPoints,
    privileges: [
      { id: 'Mixed', name: 'Mixed', grants: [write('Act'), write('Ops'), read('Team'), { entryPoint: epId('Free'), read: 'allow', update: 'allow' }] },
      { id: 'Denied', name: 'Denied', grants: [{ entryPoint: epId('Ops'), read: 'deny' }, { entryPoint: epId('Act') }] },
      { id: 'Empty', name: 'Empty' },
    ],
  });
  const index = compileLicenses(m);

  it('keeps only the smallest covering set: operations covers activity', () => {
    const r = index.ofPrivilege('Mixed');
    expect(r.object).toEqual({ kind: 'privilege', id: 'Mixed' });
    expect(r.licenses).toEqual(['operations']);
    expect(r.base).toBe('operations');
    expect(r.attach).toEqual([]);
    expect(r.exempt).toBe(false);
  });

  it('names the drivers: only the grant needing the licence itself', () => {
    expect(index.ofPrivilege('Mixed').drivers).toEqual([{ license: 'operations', objects: [{ kind: 'entryPoint', id: epId('Ops') }] }]);
  });

  it('reports every grant as entitled or not required', () => {
    expect(index.ofPrivilege('Mixed').entitlement).toEqual([
      { kind: 'entryPoint', id: epId('Act'), required: ['activity'], status: 'entitled', attach: [] },
      { kind: 'entryPoint', id: epId('Ops'), required: ['operations'], status: 'entitled', attach: [] },
      { kind: 'entryPoint', id: epId('Team'), required: [], status: 'not-required', attach: [] },
      { kind: 'entryPoint', id: epId('Free'), required: [], status: 'not-required', attach: [] },
    ]);
  });

  it('needs nothing for denied and not-specified grants or no grants', () => {
    for (const id of ['Denied', 'Empty']) {
      const r = index.ofPrivilege(id);
      expect(r.licenses).toEqual([]);
      expect(r.base).toBeNull();
      expect(r.drivers).toEqual([]);
    }
    expect(index.ofPrivilege('Denied').entitlement.map((e) => e.status)).toEqual(['not-required', 'not-required']);
  });

  it('finds ids case-insensitively and keeps the author spelling', () => {
    expect(index.ofPrivilege('mIXED')).toBe(index.ofPrivilege('Mixed'));
    expect(index.ofPrivilege('MIXED').object.id).toBe('Mixed');
  });

  it('returns frozen answers', () => {
    const r = index.ofPrivilege('Mixed');
    expect(Object.isFrozen(r)).toBe(true);
    expect(Object.isFrozen(r.entitlement)).toBe(true);
    expect(Object.isFrozen(r.entitlement[0]?.required)).toBe(true);
    expect(Object.isFrozen(r.drivers[0]?.objects)).toBe(true);
  });
});

describe('incomparable licences of a custom catalogue', () => {
  const catalogue: LicenseCatalogueInput = {
    licenses: [
      { id: 'none', name: 'None' },
      { id: 'Finance', name: 'Finance', covers: ['none'] },
      { id: 'Finance-Lite', name: 'Finance lite', covers: ['none'] },
      { id: 'HR', name: 'HR', covers: ['none'] },
      { id: 'Finance-Plus', name: 'Finance plus', covers: ['Finance'] },
    ],
  };
  // Finance-Plus covers Finance; Finance-Lite is listed before HR; both cover only themselves and none.
  const m = model({
    licenses: catalogue,
    entryPoints: [ep('F1', 'Finance', 'Finance'), ep('F2', 'Finance', 'Finance'), ep('FP', 'Finance-Plus', 'Finance-Plus'), ep('H1', 'HR', 'HR'), ep('L1', 'Finance-Lite', 'Finance-Lite')],
    privileges: [
      { id: 'P', name: 'P', grants: [read('F1'), read('H1'), read('F2')] },
      { id: 'Tie', name: 'Tie', grants: [read('H1'), read('L1')] },
      { id: 'Bigger', name: 'Bigger', grants: [read('H1'), read('FP')] },
      { id: 'Hr', name: 'Hr', grants: [read('H1')] },
      { id: 'Fin', name: 'Fin', grants: [read('F1'), read('F2')] },
      { id: 'Both', name: 'Both', grants: [read('F1'), read('H1')] },
    ],
    duties: [{ id: 'D', name: 'D', privileges: ['Hr', 'Fin', 'Both', 'Tie'] }],
  });
  const index = compileLicenses(m);

  it('needs both licences; the one entitling most objects is the base, the other an attach', () => {
    const r = index.ofPrivilege('P');
    expect(r.licenses).toEqual(['Finance', 'HR']);
    expect(r.base).toBe('Finance');
    expect(r.attach).toEqual(['HR']);
    expect(r.entitlement.map((e) => [e.id, e.status, e.attach])).toEqual([
      [epId('F1'), 'entitled', []],
      [epId('H1'), 'not-entitled', ['HR']],
      [epId('F2'), 'entitled', []],
    ]);
    expect(r.drivers).toEqual([
      { license: 'Finance', objects: [{ kind: 'entryPoint', id: epId('F1') }, { kind: 'entryPoint', id: epId('F2') }] },
      { license: 'HR', objects: [{ kind: 'entryPoint', id: epId('H1') }] },
    ]);
  });

  it('breaks ties by the licence covering more of the catalogue, then by the later one in the catalogue', () => {
    expect(index.ofPrivilege('Tie').base).toBe('HR');
    expect(index.ofPrivilege('Tie').attach).toEqual(['Finance-Lite']);
    expect(index.ofPrivilege('Bigger').base).toBe('Finance-Plus');
  });

  it('judges a child needing several licences entitled only when the base covers all of them', () => {
    const r = index.ofDuty('D');
    expect(r.licenses).toEqual(['Finance', 'Finance-Lite', 'HR']);
    // HR entitles Hr and Tie? No: Tie needs Finance-Lite too. HR entitles only Hr, Finance only Fin: tie, HR listed later.
    expect(r.base).toBe('HR');
    expect(r.entitlement).toEqual([
      { kind: 'privilege', id: 'Hr', required: ['HR'], status: 'entitled', attach: [] },
      { kind: 'privilege', id: 'Fin', required: ['Finance'], status: 'not-entitled', attach: ['Finance'] },
      { kind: 'privilege', id: 'Both', required: ['Finance', 'HR'], status: 'not-entitled', attach: ['Finance'] },
      { kind: 'privilege', id: 'Tie', required: ['Finance-Lite', 'HR'], status: 'not-entitled', attach: ['Finance-Lite'] },
    ]);
    expect(r.drivers.find((d) => d.license === 'HR')?.objects.map((o) => o.id)).toEqual(['Hr', 'Both', 'Tie']);
  });
});

describe('no-licence licences', () => {
  it('charges for the lowest licence of a catalogue without none', () => {
    const m = model({
      licenses: { licenses: [{ id: 'team', name: 'Team' }, { id: 'ops', name: 'Ops', covers: ['team'] }] },
      entryPoints: [ep('A', 'team', 'ops')],
      privileges: [{ id: 'P', name: 'P', grants: [read('A')] }],
    });
    expect(compileLicenses(m).ofPrivilege('P').licenses).toEqual(['team']);
  });

  it('treats licences covered by none as no licence too', () => {
    const m = model({
      licenses: { licenses: [{ id: 'guest', name: 'Guest' }, { id: 'NONE', name: 'None', covers: ['guest'] }, { id: 'full', name: 'Full', covers: ['NONE'] }] },
      entryPoints: [ep('A', 'guest', 'full')],
      privileges: [{ id: 'P', name: 'P', grants: [read('A')] }, { id: 'Q', name: 'Q', grants: [write('A')] }],
      users: [{ id: 'u', name: 'U' }],
    });
    const index = compileLicenses(m);
    expect(index.ofPrivilege('P').licenses).toEqual([]);
    expect(index.ofPrivilege('Q').licenses).toEqual(['full']);
    expect(index.summary().licenses.map((l) => l.license)).toEqual(['full']);
  });
});

describe('duties, roles and users', () => {
  const m = model({
    entryPoints: defaultEntryPoints,
    privileges: [
      { id: 'ReadOps', name: 'Read ops', grants: [read('Ops')] },
      { id: 'WriteAct', name: 'Write act', grants: [write('Act')] },
      { id: 'WriteOps', name: 'Write ops', grants: [write('Ops')] },
      { id: 'WriteTeam', name: 'Write team', grants: [write('Team')] },
      { id: 'Nothing', name: 'Nothing', grants: [read('Free')] },
    ],
    duties: [
      { id: 'Dx', name: 'Dx', privileges: ['ReadOps', 'WriteAct'] },
      { id: 'Dn', name: 'Dn', privileges: ['Nothing'] },
    ],
    roles: [
      { id: 'Leaf', name: 'Leaf', privileges: ['WriteOps'] },
      { id: 'Middle', name: 'Middle', duties: ['Dn'], subRoles: ['Leaf'] },
      { id: 'Top', name: 'Top', duties: ['Dx'], privileges: ['WriteTeam'], subRoles: ['Middle'] },
      { id: 'Clerk', name: 'Clerk', duties: ['Dx'] },
      { id: 'Viewer', name: 'Viewer', duties: ['Dn'] },
      { id: '-SYSADMIN-', name: 'System administrator', privileges: ['WriteOps'] },
      { id: 'Wrapper', name: 'Wrapper', privileges: ['WriteTeam'], subRoles: ['-sysadmin-'] },
    ],
    organizations: [{ id: 'USMF', name: 'USMF' }],
    users: [
      { id: 'Alice', name: 'Alice' },
      { id: 'bob', name: 'Bob' },
      { id: 'carol', name: 'Carol', enabled: false },
      { id: 'admin', name: 'Admin' },
      { id: 'admin2', name: 'Admin 2' },
      { id: 'nobody', name: 'Nobody' },
      { id: 'viewer', name: 'Viewer' },
      { id: '__proto__', name: 'Proto' },
    ],
    assignments: [
      { user: 'alice', role: 'Clerk', scope: { organizations: [{ id: 'USMF' }] } },
      { user: 'ALICE', role: 'Leaf' },
      { user: 'bob', role: 'Clerk' },
      { user: 'carol', role: 'Top' },
      { user: 'admin', role: '-SYSADMIN-' },
      { user: 'admin2', role: '-SYSADMIN-' },
      { user: 'admin2', role: 'Clerk' },
      { user: 'viewer', role: 'Viewer' },
      { user: '__proto__', role: 'Top' },
    ],
  });
  const index = compileLicenses(m);

  it('unions a duty’s privileges', () => {
    const r = index.ofDuty('dx');
    expect(r.licenses).toEqual(['activity']);
    expect(r.drivers).toEqual([{ license: 'activity', objects: [{ kind: 'privilege', id: 'WriteAct' }] }]);
    expect(r.entitlement.map((e) => [e.id, e.required, e.status])).toEqual([
      ['ReadOps', ['team-members'], 'entitled'],
      ['WriteAct', ['activity'], 'entitled'],
    ]);
  });

  it('unions a role’s duties, direct privileges and sub-roles at any depth', () => {
    expect(index.ofRole('Middle').licenses).toEqual(['operations']);
    const r = index.ofRole('top');
    expect(r.licenses).toEqual(['operations']);
    expect(r.drivers).toEqual([{ license: 'operations', objects: [{ kind: 'role', id: 'Middle' }] }]);
    expect(r.entitlement.map((e) => [e.kind, e.id, e.status])).toEqual([
      ['duty', 'Dx', 'entitled'],
      ['privilege', 'WriteTeam', 'entitled'],
      ['role', 'Middle', 'entitled'],
    ]);
  });

  it('unions the roles of all a user’s assignments, whatever their scope', () => {
    const r = index.ofUser('alice');
    expect(r.object).toEqual({ kind: 'user', id: 'Alice' });
    expect(r.licenses).toEqual(['operations']);
    expect(r.drivers).toEqual([{ license: 'operations', objects: [{ kind: 'role', id: 'Leaf' }] }]);
    expect(index.ofUser('bob').licenses).toEqual(['activity']);
    expect(index.ofUser('viewer').licenses).toEqual([]);
    expect(index.ofUser('nobody').entitlement).toEqual([]);
    expect(index.ofUser('__proto__').licenses).toEqual(['operations']);
  });

  it('needs no licence for disabled users', () => {
    const r = index.ofUser('carol');
    expect(r.licenses).toEqual([]);
    expect(r.base).toBeNull();
    expect(r.exempt).toBe(true);
    expect(r.drivers).toEqual([]);
    expect(r.entitlement).toEqual([{ kind: 'role', id: 'Top', required: ['operations'], status: 'exempt', attach: [] }]);
  });

  it('exempts the administrator role from licence counting', () => {
    const admin = index.ofRole('-sysadmin-');
    expect(admin.exempt).toBe(true);
    expect(admin.licenses).toEqual(['operations']);
    expect(index.ofUser('admin').licenses).toEqual([]);
    expect(index.ofUser('admin').entitlement.map((e) => e.status)).toEqual(['exempt']);
    expect(index.ofUser('admin2').licenses).toEqual(['activity']);
    expect(index.ofUser('admin2').entitlement.map((e) => e.status)).toEqual(['exempt', 'entitled']);
    const wrapper = index.ofRole('Wrapper');
    expect(wrapper.licenses).toEqual(['team-members']);
    expect(wrapper.entitlement.map((e) => [e.id, e.status])).toEqual([['WriteTeam', 'entitled'], ['-SYSADMIN-', 'exempt']]);
  });

  it('follows the administratorRole parameter', () => {
    const changed = applyChanges(m, [{ op: 'setParameters', patch: { administratorRole: 'clerk' } }]);
    const i2 = compileLicenses(changed);
    expect(i2.ofUser('bob').licenses).toEqual([]);
    expect(i2.ofUser('admin').licenses).toEqual(['operations']);
    expect(i2.ofRole('Clerk').exempt).toBe(true);
    expect(i2.ofRole('-SYSADMIN-').exempt).toBe(false);
  });

  it('summarizes base and attach licences over users', () => {
    expect(index.summary()).toEqual({
      licenses: [
        { license: 'self-serve', name: 'Self-serve', base: 0, attach: 0 },
        { license: 'team-members', name: 'Team Members', base: 0, attach: 0 },
        { license: 'activity', name: 'Activity', base: 2, attach: 0 },
        { license: 'operations', name: 'Operations', base: 2, attach: 0 },
      ],
      users: 8,
      licensedUsers: 4,
      unlicensedUsers: 3,
      disabledUsers: 1,
      attachLicenses: 0,
    });
    expect(index.summary()).toBe(index.summary());
  });

  it('reports unknown ids as NOT_FOUND and wrong types as VALIDATION_FAILED', () => {
    expectError(() => index.ofPrivilege('nope'), 'NOT_FOUND');
    expectError(() => index.ofDuty('ReadOps'), 'NOT_FOUND');
    expectError(() => index.ofRole('constructor'), 'NOT_FOUND');
    expectError(() => index.ofUser('toString'), 'NOT_FOUND');
    expectError(() => index.ofUser(42 as unknown as string), 'VALIDATION_FAILED');
    expectError(() => index.ofUser(''), 'NOT_FOUND');
    const huge = 'x'.repeat(5_000_000);
    try {
      index.ofRole(huge);
      throw new Error('expected NOT_FOUND');
    } catch (error) {
      expect(isSecGovError(error, 'NOT_FOUND')).toBe(true);
      expect((error as Error).message.length).toBeLessThan(400);
    }
    expectError(() => licenseCovers(defaultLicenseCatalogue, huge, 'none'), 'NOT_FOUND');
    expectError(() => requiredLicense(m, { entryPoint: huge, read: 'allow', update: 'unset', create: 'unset', delete: 'unset', correct: 'unset', invoke: 'unset' }), 'NOT_FOUND');
    expectError(() => requiredLicense(m, null as never), 'VALIDATION_FAILED');
    expectError(() => compileLicenses({} as SecurityModel), 'VALIDATION_FAILED');
    expectError(() => compileLicenses(null as unknown as SecurityModel), 'VALIDATION_FAILED');
  });
});

describe('attach licences over users', () => {
  const catalogue: LicenseCatalogueInput = {
    licenses: [
      { id: 'none', name: 'None' },
      { id: 'finance', name: 'Finance', covers: ['none'] },
      { id: 'hr', name: 'HR', covers: ['none'] },
    ],
  };
  const m = model({
    licenses: catalogue,
    entryPoints: [ep('F', 'finance', 'finance'), ep('H', 'hr', 'hr')],
    privileges: [{ id: 'PF', name: 'PF', grants: [read('F')] }, { id: 'PH', name: 'PH', grants: [read('H')] }],
    roles: [
      { id: 'Acct', name: 'Acct', privileges: ['PF'] },
      { id: 'Acct2', name: 'Acct2', privileges: ['PF'] },
      { id: 'Hr', name: 'Hr', privileges: ['PH'] },
    ],
    users: [{ id: 'u1', name: 'U1' }, { id: 'u2', name: 'U2' }],
    assignments: [
      { user: 'u1', role: 'Acct' },
      { user: 'u1', role: 'Acct2' },
      { user: 'u1', role: 'Hr' },
      { user: 'u2', role: 'Hr' },
    ],
  });

  it('counts the base per user from the roles it entitles', () => {
    const index = compileLicenses(m);
    const u1 = index.ofUser('u1');
    expect(u1.base).toBe('finance');
    expect(u1.attach).toEqual(['hr']);
    expect(u1.entitlement.map((e) => [e.id, e.status, e.attach])).toEqual([
      ['Acct', 'entitled', []],
      ['Acct2', 'entitled', []],
      ['Hr', 'not-entitled', ['hr']],
    ]);
    expect(index.summary().licenses).toEqual([
      { license: 'finance', name: 'Finance', base: 1, attach: 0 },
      { license: 'hr', name: 'HR', base: 1, attach: 1 },
    ]);
    expect(index.summary().attachLicenses).toBe(1);
  });
});

describe('deep role hierarchies', () => {
  it('rolls up a 10,000-deep sub-role chain without overflowing the stack', () => {
    const depth = 10_000;
    const roles = Array.from({ length: depth }, (_, i) => ({ id: `R${i}`, name: `R${i}`, subRoles: i + 1 < depth ? [`R${i + 1}`] : [], privileges: i + 1 === depth ? ['Deep'] : [] }));
    const m = model({
      entryPoints: [ep('Ops', 'team-members', 'operations')],
      privileges: [{ id: 'Deep', name: 'Deep', grants: [write('Ops')] }],
      roles,
      users: [{ id: 'u', name: 'U' }],
      assignments: [{ user: 'u', role: 'R0' }],
    });
    const index = compileLicenses(m);
    expect(index.ofRole('R0').licenses).toEqual(['operations']);
    expect(index.ofRole('R0').drivers[0]?.objects).toEqual([{ kind: 'role', id: 'R1' }]);
    expect(index.ofUser('u').base).toBe('operations');
  });
});

describe('large catalogues', () => {
  it('gives the same answers with more than 31 licences (bigint sets)', () => {
    const licenses = [{ id: 'none', name: 'None', covers: [] as string[] }];
    for (let i = 1; i <= 40; i += 1) licenses.push({ id: `L${i}`, name: `L${i}`, covers: [i === 1 ? 'none' : `L${i - 1}`] });
    licenses.push({ id: 'side', name: 'Side', covers: ['L3'] });
    const m = model({
      licenses: { licenses },
      entryPoints: [ep('A', 'L35', 'L40'), ep('B', 'L2', 'side'), ep('C', 'L33', 'L33')],
      privileges: [{ id: 'P', name: 'P', grants: [read('A'), write('B'), read('C')] }],
    });
    const r = compileLicenses(m).ofPrivilege('P');
    expect(r.licenses).toEqual(['L35', 'side']);
    expect(r.base).toBe('L35');
    expect(r.entitlement.map((e) => e.status)).toEqual(['entitled', 'not-entitled', 'entitled']);
    expect(licenseCovers({ licenses }, 'L40', 'L1')).toBe(true);
    expect(licenseCovers({ licenses }, 'side', 'L4')).toBe(false);
  });

  it('gives the same answers with forced bigint sets on the default catalogue', () => {
    const m = applyChanges(emptyModel(), [
      { op: 'add', kind: 'entryPoint', value: ep('Ops', 'team-members', 'operations') },
      { op: 'add', kind: 'privilege', value: { id: 'P', name: 'P', grants: [write('Ops')] } },
    ]);
    expect(compileLicensesWith(m, { wide: true }).ofPrivilege('P')).toEqual(compileLicenses(m).ofPrivilege('P'));
  });
});

describe('recompiling a changed model', () => {
  it('follows changes of the catalogue, entry points and grants after an earlier compile', () => {
    const m1 = model({
      entryPoints: defaultEntryPoints,
      privileges: [{ id: 'P', name: 'P', grants: [write('Act'), write('Ops')] }],
      users: [{ id: 'u', name: 'U' }],
    });
    expect(compileLicenses(m1).ofPrivilege('P').licenses).toEqual(['operations']);
    const m2 = applyChanges(m1, [
      {
        op: 'setLicenseCatalogue',
        catalogue: {
          licenses: [
            { id: 'none', name: 'None', covers: [] },
            { id: 'self-serve', name: 'Self-serve', covers: ['none'] },
            { id: 'team-members', name: 'Team Members', covers: ['self-serve'] },
            { id: 'activity', name: 'Activity', covers: ['team-members'] },
            { id: 'operations', name: 'Operations', covers: ['team-members'] },
          ],
        },
      },
    ]);
    expect(compileLicenses(m2).ofPrivilege('P').licenses).toEqual(['activity', 'operations']);
    const m3 = applyChanges(m2, [{ op: 'update', kind: 'entryPoint', id: epId('ops'), patch: { maintainLicense: 'self-serve' } }]);
    expect(compileLicenses(m3).ofPrivilege('P').licenses).toEqual(['activity']);
    const m4 = applyChanges(m3, [{ op: 'setGrant', privilege: 'p', grant: { entryPoint: epId('Act'), read: 'deny' } }]);
    expect(compileLicenses(m4).ofPrivilege('P').licenses).toEqual(['self-serve']);
    expect(compileLicenses(m1).ofPrivilege('P').licenses).toEqual(['operations']);
  });
});
