/**
 * The methods of the objects the package's functions return (the AccessIndex of compileAccess, the
 * LicenseIndex of compileLicenses, SodMonitor), given hostile values in each argument position and
 * in each field of their nested arguments: each answers as documented for a value, or with a
 * SecGovError of the documented code, never a TypeError; a refused call changes nothing.
 * (tests/hostile/exports.test.ts covers the top-level arguments of the exports themselves.)
 */
import { describe, expect, it } from 'vitest';
import { applyChanges, compileAccess, compileLicenses, createModel, SodMonitor, type AccessIndex, type Assignment, type Right } from '../../src/index.js';
import { scenarioData, T0 } from '../governance/fixture.js';
import { caught, errorCode, refused } from '../support/errors.js';

const huge = 'x'.repeat(100_000);
/** The hostile values, each tried in turn in one place while the others stay valid. */
const hostile: readonly unknown[] = [null, undefined, {}, [], 42, Number.NaN, huge, [null], Object.create(null), '__proto__', 'constructor'];

const shown = (value: unknown): string =>
  value === huge ? 'huge' : typeof value === 'number' && Number.isNaN(value) ? 'NaN' : typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === null ? 'Object.create(null)' : (JSON.stringify(value) ?? String(value));

/** The code `work` answers ('OK' for a value), or the crash: errorCode fails on anything but a SecGovError. */
function outcome(work: () => unknown): string {
  try {
    return errorCode(work);
  } catch (error) {
    return `crash: ${String((error as Error).message).slice(0, 200)}`;
  }
}

/** What an id argument should answer: an unknown string is not found, anything else is refused. */
const asId = (value: unknown): string => (typeof value === 'string' ? 'NOT_FOUND' : 'VALIDATION_FAILED');
/** An optional id: undefined is its absence. */
const asOptionalId = (value: unknown): string => (value === undefined ? 'OK' : asId(value));
/** Anything hostile is refused. */
const refusedAll = (): string => 'VALIDATION_FAILED';

/**
 * Call `call` with `valid` arguments, each position in turn replaced by every hostile value, and
 * list every answer that differs from `expected(value, position)` (one line each, for the report).
 */
function sweep(name: string, valid: readonly unknown[], call: (...args: unknown[]) => unknown, expected: readonly ((value: unknown) => string)[]): string[] {
  const wrong: string[] = [];
  valid.forEach((_, position) => {
    for (const value of hostile) {
      const args = valid.map((v, i) => (i === position ? value : v));
      const got = outcome(() => call(...args));
      const want = expected[position]!(value);
      if (got !== want) wrong.push(`${name}(${args.map(shown).join(', ')}): ${got}, expected ${want}`);
    }
  });
  return wrong;
}

/** Each field of the record `base` (at `path`, a function building the argument from it) set to each hostile value. */
function fieldSweep(name: string, base: Record<string, unknown>, build: (record: Record<string, unknown>) => unknown[], call: (...args: unknown[]) => unknown, expected: (field: string, value: unknown) => string): string[] {
  const wrong: string[] = [];
  for (const field of Object.keys(base)) {
    for (const value of hostile) {
      const got = outcome(() => call(...build({ ...base, [field]: value })));
      const want = expected(field, value);
      if (got !== want) wrong.push(`${name} with ${field}: ${shown(value)}: ${got}, expected ${want}`);
    }
  }
  return wrong;
}

const ruled = () => createModel({ ...scenarioData(), sodRules: [{ id: 'R', name: 'Buy and pay', firstDuty: 'PurchInquiry', secondDuty: 'VendPaymentDuty' }] });
const EP = 'menu-item-display:PurchTable';
const PAY = 'menu-item-action:VendPaymentPost';

/** Every answer of `index` that a hostile call could have changed, to compare with a fresh index. */
function accessAnswers(index: AccessIndex): unknown {
  const users = ['admin', 'admin2', 'bob', 'carol', 'break-glass', 'retired-admin'];
  const entryPoints = [EP, PAY, 'menu-item-display:LedgerJournalTable', 'menu-item-display:SysUserManagement'];
  const rights: Right[] = ['read', 'update', 'create', 'delete', 'correct', 'invoke'];
  return {
    checks: users.flatMap((u) => entryPoints.flatMap((e) => rights.flatMap((r) => [index.check(u, e, r), index.check(u, e, r, 'USMF'), index.check(u, e, r, 'DEMF')]))),
    rights: users.map((u) => index.rightsOf(u)),
    who: entryPoints.flatMap((e) => rights.map((r) => index.whoCanReach(e, r, 'USMF'))),
    explained: index.explain('bob', PAY, 'invoke'),
  };
}

const assignment = (role = 'Buyer', user = 'carol'): Assignment => ({ user, role, scope: 'all', source: 'manual' });

describe('AccessIndex methods answer hostile arguments as documented', () => {
  const model = ruled();
  const index = compileAccess(model);
  const subject = { assignments: [assignment()], enabled: true };

  it.each([
    ['check', ['bob', EP, 'read', 'USMF'], (...a: unknown[]) => index.check(...(a as Parameters<AccessIndex['check']>)), [asId, asId, refusedAll, asOptionalId]],
    ['rightsOf', ['bob', 'USMF'], (...a: unknown[]) => index.rightsOf(...(a as Parameters<AccessIndex['rightsOf']>)), [asId, asOptionalId]],
    ['whoCanReach', [EP, 'read', 'USMF'], (...a: unknown[]) => index.whoCanReach(...(a as Parameters<AccessIndex['whoCanReach']>)), [asId, refusedAll, asOptionalId]],
    ['explain', ['bob', EP, 'read', 'USMF'], (...a: unknown[]) => index.explain(...(a as Parameters<AccessIndex['explain']>)), [asId, asId, refusedAll, asOptionalId]],
    ['checkAssignments', [subject, EP, 'read', 'USMF'], (...a: unknown[]) => index.checkAssignments(...(a as Parameters<AccessIndex['checkAssignments']>)), [refusedAll, asId, refusedAll, asOptionalId]],
    ['explainAssignments', [subject, EP, 'read', 'USMF'], (...a: unknown[]) => index.explainAssignments(...(a as Parameters<AccessIndex['explainAssignments']>)), [refusedAll, asId, refusedAll, asOptionalId]],
    ['grantersOf', [[{ entryPoint: EP, rights: ['read'] }]], (...a: unknown[]) => index.grantersOf(...(a as Parameters<AccessIndex['grantersOf']>)), [refusedAll]],
    // undefined restores the model's assignments (a value); anything else is refused.
    ['setEffectiveAssignments', ['carol', { assignments: [assignment()] }], (...a: unknown[]) => index.setEffectiveAssignments(...(a as Parameters<AccessIndex['setEffectiveAssignments']>)), [asId, (v: unknown) => (v === undefined ? 'OK' : 'VALIDATION_FAILED')]],
    // An array of anything is a change list (one that does not lead to the model rebuilds from it).
    ['update', [model, []], (...a: unknown[]) => index.update(...(a as Parameters<AccessIndex['update']>)), [refusedAll, (v: unknown) => (Array.isArray(v) ? 'OK' : 'VALIDATION_FAILED')]],
  ] as const)('%s, each argument', (name, valid, call, expected) => {
    expect(sweep(name, valid, call, expected)).toEqual([]);
  });

  it('checkAssignments and explainAssignments: each field of the subject, of its assignments and of their scopes', () => {
    const wrong: string[] = [];
    const scoped = { user: 'x', role: 'PaymentsClerk', scope: { organizations: [{ id: 'USMF', includeChildren: false }] }, source: 'manual' };
    // A user shown in explanations is optional (and any id); the list may be empty.
    const subjectCode = (field: string, value: unknown) =>
      (field === 'user' && (value === undefined || value === '__proto__' || value === 'constructor')) || (field === 'assignments' && Array.isArray(value) && value.length === 0) ? 'OK' : 'VALIDATION_FAILED';
    // The user of an assignment is not read, but must still be an id; a scope or a source may be left out.
    const assignmentCode = (field: string, value: unknown) =>
      (field === 'scope' || field === 'source') && value === undefined ? 'OK' : field === 'role' && typeof value === 'string' && value !== huge ? 'NOT_FOUND' : field === 'user' && (value === '__proto__' || value === 'constructor') ? 'OK' : 'VALIDATION_FAILED';
    const organizationCode = (field: string, value: unknown) =>
      field === 'includeChildren' && value === undefined ? 'OK' : field === 'id' && typeof value === 'string' && value !== huge ? 'NOT_FOUND' : 'VALIDATION_FAILED';
    for (const [name, method] of [
      ['checkAssignments', index.checkAssignments.bind(index)],
      ['explainAssignments', index.explainAssignments.bind(index)],
    ] as const) {
      const call = (...a: unknown[]) => method(a[0] as never, PAY, 'invoke', 'USMF');
      wrong.push(...fieldSweep(`${name} subject`, { assignments: [scoped], enabled: true, user: 'someone' }, (s) => [s], call, subjectCode));
      wrong.push(...fieldSweep(`${name} assignment`, scoped, (a) => [{ assignments: [a], enabled: true }], call, assignmentCode));
      wrong.push(...fieldSweep(`${name} scope`, scoped.scope, (s) => [{ assignments: [{ ...scoped, scope: s }], enabled: true }], call, refusedAll));
      wrong.push(
        ...fieldSweep(`${name} organization`, scoped.scope.organizations[0]!, (o) => [{ assignments: [{ ...scoped, scope: { organizations: [o] } }], enabled: true }], call, organizationCode),
      );
      for (const value of hostile) {
        const got = outcome(() => call({ assignments: [value], enabled: true }));
        if (got !== 'VALIDATION_FAILED') wrong.push(`${name} assignments: [${shown(value)}]: ${got}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('checkAssignments: the same list, changed in place by the caller, is read again', () => {
    const own = compileAccess(model);
    const a = { user: 'x', role: 'PaymentsClerk', scope: 'all' as unknown, source: 'manual' };
    const s = { assignments: [a] as unknown as Assignment[], enabled: true };
    expect(own.checkAssignments(s, PAY, 'invoke')).toBe(true);
    a.role = 'Buyer';
    expect(own.checkAssignments(s, PAY, 'invoke')).toBe(false);
    a.role = null as never;
    refused(() => own.checkAssignments(s, PAY, 'invoke'), 'role');
    a.role = 'PaymentsClerk';
    a.scope = { organizations: [{ id: 'DEMF', includeChildren: false }] };
    expect(own.checkAssignments(s, PAY, 'invoke', 'USMF')).toBe(false);
    (s as { extra?: unknown }).extra = 1;
    expect(errorCode(() => own.checkAssignments(s, PAY, 'invoke', 'DEMF'))).toBe('VALIDATION_FAILED');
  });

  it('grantersOf: each field of a request item, and of its rights', () => {
    const call = (...a: unknown[]) => index.grantersOf(a as never);
    const wrong = fieldSweep('grantersOf item', { entryPoint: EP, rights: ['read'] }, (item) => [item], call, (field, value) =>
      field === 'entryPoint' && typeof value === 'string' && value !== huge ? 'NOT_FOUND' : 'VALIDATION_FAILED',
    );
    for (const value of hostile) {
      const got = outcome(() => index.grantersOf([{ entryPoint: EP, rights: [value as Right] }]));
      if (got !== 'VALIDATION_FAILED') wrong.push(`grantersOf rights: [${shown(value)}]: ${got}`);
      const item = outcome(() => index.grantersOf([value as never]));
      if (item !== 'VALIDATION_FAILED') wrong.push(`grantersOf [${shown(value)}]: ${item}`);
    }
    expect(wrong).toEqual([]);
  });

  it('setEffectiveAssignments: each field of the override and of its assignments is refused, and changes nothing', () => {
    const own = compileAccess(model);
    own.setEffectiveAssignments('carol', { assignments: [assignment('PaymentsClerk')] });
    const before = accessAnswers(own);
    const call = (...a: unknown[]) => own.setEffectiveAssignments('carol', a[0] as never);
    const wrong = [
      // The enabled flag is optional; an empty list of assignments is a valid override.
      ...fieldSweep('override', { assignments: [assignment()], enabled: true }, (o) => [o], call, (field, value) =>
        (field === 'enabled' && value === undefined) || (field === 'assignments' && Array.isArray(value) && value.length === 0) ? 'OK' : 'VALIDATION_FAILED',
      ),
      ...fieldSweep('override assignment', { ...assignment() }, (a) => [{ assignments: [a] }], call, (field, value) =>
        (field === 'scope' || field === 'source') && value === undefined ? 'OK' : field === 'role' && typeof value === 'string' && value !== huge ? 'NOT_FOUND' : 'VALIDATION_FAILED',
      ),
    ];
    expect(wrong).toEqual([]);
    // Leave the override as it was before the sweep (some calls above were valid ones).
    own.setEffectiveAssignments('carol', { assignments: [assignment('PaymentsClerk')] });
    expect(accessAnswers(own)).toEqual(before);
    // Refused calls alone change nothing either.
    for (const value of hostile) if (value !== undefined) caught(() => own.setEffectiveAssignments('carol', value as never));
    expect(accessAnswers(own)).toEqual(before);
  });

  it('after every refused call above, the shared index still answers as a fresh one', () => {
    // The sweeps also made valid calls: restore carol, and bring the index to the model again.
    index.setEffectiveAssignments('carol', undefined);
    expect(accessAnswers(index)).toEqual(accessAnswers(compileAccess(model)));
  });

  it('update: a refused model changes nothing; hostile change lists answer as the next model', () => {
    const own = compileAccess(model);
    const fresh = accessAnswers(own);
    for (const value of hostile) refused(() => own.update(value as never, []), 'model');
    expect(accessAnswers(own)).toEqual(fresh);
    const next = applyChanges(model, [{ op: 'unassign', user: 'bob', role: 'Buyer' }]);
    for (const changes of [
      [null],
      [{}],
      [42],
      [{ op: 'unassign', user: null, role: 'Buyer' }],
      [{ op: '__proto__' }],
      [{ op: 'constructor' }],
      [{ op: 'add', kind: '__proto__', value: {} }],
      [{ op: 'remove', kind: 'constructor', id: 'Buyer' }],
      [{ op: 'setParameters', patch: null }],
      [{ op: 'unassign', user: 'bob', role: 'Buyer' }, null],
    ]) {
      const other = compileAccess(model);
      expect(errorCode(() => other.update(next, changes as never))).toBe('OK');
      expect(accessAnswers(other)).toEqual(accessAnswers(compileAccess(next)));
    }
  });

  it('setEffectiveAssignments: each field of an override scope and of its organizations', () => {
    const own = compileAccess(model);
    const before = accessAnswers(own);
    const scoped = { ...assignment('PaymentsClerk'), scope: { organizations: [{ id: 'USMF', includeChildren: false }] } };
    const call = (...a: unknown[]) => own.setEffectiveAssignments('carol', { assignments: a as never });
    const wrong = [
      ...fieldSweep('override scope', scoped.scope, (scope) => [{ ...scoped, scope }], call, refusedAll),
      ...fieldSweep('override organization', scoped.scope.organizations[0]!, (o) => [{ ...scoped, scope: { organizations: [o] } }], call, (field, value) =>
        field === 'includeChildren' && value === undefined ? 'OK' : field === 'id' && typeof value === 'string' && value !== huge ? 'NOT_FOUND' : 'VALIDATION_FAILED',
      ),
    ];
    expect(wrong).toEqual([]);
    own.setEffectiveAssignments('carol', undefined);
    expect(accessAnswers(own)).toEqual(before);
  });

  it('objects without a prototype are read like plain ones', () => {
    const bare = <T extends object>(value: T): T => Object.assign(Object.create(null) as T, value);
    const own = compileAccess(model);
    const list = [bare({ ...assignment('PaymentsClerk'), scope: bare({ organizations: [bare({ id: 'USMF', includeChildren: false })] }) })];
    expect(errorCode(() => own.checkAssignments(bare({ assignments: list, enabled: true }), PAY, 'invoke', 'USMF'))).toBe('OK');
    expect(own.checkAssignments(bare({ assignments: list, enabled: true }), PAY, 'invoke', 'DEMF')).toBe(false);
    expect(errorCode(() => own.grantersOf([bare({ entryPoint: PAY, rights: ['invoke'] as Right[] })]))).toBe('OK');
    expect(errorCode(() => own.setEffectiveAssignments('carol', bare({ assignments: list }) as never))).toBe('OK');
    expect(own.check('carol', PAY, 'invoke', 'USMF')).toBe(true);
    expect(own.check('carol', PAY, 'invoke', 'DEMF')).toBe(false);
  });

  it('oversized lists are refused', () => {
    const many = Array.from({ length: 100_001 }, () => assignment());
    refused(() => index.checkAssignments({ assignments: many, enabled: true }, EP, 'read'), 'assignments');
    refused(() => index.setEffectiveAssignments('carol', { assignments: many }), 'assignments');
    refused(() => index.grantersOf(Array.from({ length: 10_001 }, () => ({ entryPoint: EP, rights: ['read'] }))), 'request');
    refused(() => index.grantersOf([{ entryPoint: EP, rights: Array.from({ length: 65 }, () => 'read' as const) }]), 'rights');
    expect(index.check('carol', EP, 'read')).toBe(false);
  });

  it('ids spelled like Object.prototype members are ordinary ids', () => {
    const odd = createModel({
      ...scenarioData(),
      users: [...scenarioData().users!, { id: '__proto__', name: 'Proto' }, { id: 'constructor', name: 'Ctor' }],
      assignments: [...scenarioData().assignments!, { user: '__proto__', role: 'Buyer' }],
    });
    const own = compileAccess(odd);
    expect(own.check('__proto__', EP, 'read')).toBe(true);
    expect(own.check('constructor', EP, 'read')).toBe(false);
    expect(own.whoCanReach(EP, 'read')).toContain('__proto__');
    expect(errorCode(() => own.check('toString', EP, 'read'))).toBe('NOT_FOUND');
    expect(errorCode(() => own.check('bob', 'toString', 'read'))).toBe('NOT_FOUND');
    expect(errorCode(() => own.check('bob', EP, 'read', 'hasOwnProperty'))).toBe('NOT_FOUND');
  });
});

describe('LicenseIndex methods answer hostile arguments as documented', () => {
  const model = ruled();
  const licenses = compileLicenses(model);

  it.each([
    ['ofPrivilege', 'PurchTableView'],
    ['ofDuty', 'PurchInquiry'],
    ['ofRole', 'Buyer'],
    ['ofUser', 'bob'],
  ] as const)('%s', (method, valid) => {
    const before = licenses[method](valid);
    expect(sweep(method, [valid], (id) => licenses[method](id as string), [asId])).toEqual([]);
    expect(licenses[method](valid)).toEqual(before);
  });

  it('summary takes no argument and ignores extra ones', () => {
    const summary = licenses.summary();
    for (const value of hostile) expect((licenses.summary as (...a: unknown[]) => unknown)(value)).toEqual(summary);
  });

  it('answers as a fresh index after the hostile calls', () => {
    const fresh = compileLicenses(model);
    for (const id of ['admin', 'bob', 'carol', 'break-glass']) expect(licenses.ofUser(id)).toEqual(fresh.ofUser(id));
    for (const id of ['-SYSADMIN-', 'Accountant', 'PaymentsClerk', 'Buyer']) expect(licenses.ofRole(id)).toEqual(fresh.ofRole(id));
    expect(licenses.summary()).toEqual(fresh.summary());
  });
});

describe('SodMonitor methods answer hostile arguments as documented', () => {
  const model = ruled();
  /** A user key that is a string is a normal question (about nobody when unknown); anything else is refused. */
  const asKey = (value: unknown): string => (typeof value === 'string' ? 'OK' : 'VALIDATION_FAILED');

  it.each([
    ['hitsOf', (m: SodMonitor, a: unknown[]) => m.hitsOf(a[0] as string), ['bob'], [asKey]],
    ['assignmentsOf', (m: SodMonitor, a: unknown[]) => m.assignmentsOf(a[0] as string), ['bob'], [asKey]],
    ['ownAssignmentsOf', (m: SodMonitor, a: unknown[]) => m.ownAssignmentsOf(a[0] as string), ['bob'], [asKey]],
    ['refreshUser', (m: SodMonitor, a: unknown[]) => m.refreshUser(a[0] as string), ['bob'], [asKey]],
    ['scan', (m: SodMonitor, a: unknown[]) => m.scan(a[0] as string), [T0], [refusedAll]],
    ['update', (m: SodMonitor, a: unknown[]) => m.update(a[0] as never, a[1] as never), [model, []], [refusedAll, (v: unknown) => (Array.isArray(v) && v.length === 0 ? 'OK' : 'VALIDATION_FAILED')]],
    // For parsed changes: any array is a change list (one that does not lead to the model starts over from it).
    ['advance', (m: SodMonitor, a: unknown[]) => m.advance(a[0] as never, a[1] as never), [model, []], [refusedAll, (v: unknown) => (Array.isArray(v) ? 'OK' : 'VALIDATION_FAILED')]],
  ] as const)('%s, each argument; the monitor then scans as a fresh one', (name, method, valid, expected) => {
    for (const effective of [undefined, (key: string) => (key === 'carol' ? [assignment('Buyer'), assignment('PaymentsClerk')] : undefined)]) {
      const monitor = new SodMonitor(model, effective);
      expect(sweep(name, valid, (...a) => method(monitor, a), expected)).toEqual([]);
      const fresh = new SodMonitor(model, effective);
      expect(monitor.scan(T0)).toEqual(fresh.scan(T0));
      expect(monitor.model).toBe(model);
      for (const key of ['bob', 'carol', 'admin']) {
        expect(monitor.hitsOf(key)).toEqual(fresh.hitsOf(key));
        expect(monitor.assignmentsOf(key)).toEqual(fresh.assignmentsOf(key));
      }
    }
  });

  it('update: each field of a change is refused, and the monitor is unchanged', () => {
    const monitor = new SodMonitor(model);
    const before = monitor.scan(T0);
    const next = applyChanges(model, [{ op: 'assign', assignment: { user: 'carol', role: 'Buyer' } }]);
    const call = (...a: unknown[]) => monitor.update(next, a as never);
    // A valid id names a user or role `next` lacks: the changes do not lead there, so the monitor starts over from `next`.
    const validId = (value: unknown) => value === '__proto__' || value === 'constructor';
    const wrong = [
      ...fieldSweep('unassign', { op: 'unassign', user: 'bob', role: 'Buyer' }, (c) => [c], call, (field, value) => (field !== 'op' && validId(value) ? 'OK' : 'VALIDATION_FAILED')),
      ...fieldSweep('assign', { op: 'assign', assignment: { user: 'carol', role: 'Buyer', scope: 'all', source: 'manual' } }, (c) => [c], call, refusedAll),
      ...fieldSweep('assignment', { user: 'carol', role: 'Buyer', scope: 'all', source: 'manual' }, (a) => [{ op: 'assign', assignment: a }], call, (field, value) =>
        ((field === 'scope' || field === 'source') && value === undefined) || ((field === 'user' || field === 'role') && validId(value)) ? 'OK' : 'VALIDATION_FAILED',
      ),
    ];
    expect(wrong).toEqual([]);
    // Valid calls above (a missing scope or source, a role the next model lacks) moved it to `next`.
    expect(monitor.model).toBe(next);
    const again = new SodMonitor(model);
    for (const value of hostile.filter((v) => !validId(v))) refused(() => again.update(next, [{ op: 'unassign', user: value, role: 'Buyer' }] as never), 'changes');
    expect(again.model).toBe(model);
    expect(again.scan(T0)).toEqual(before);
  });

  it('advance: a value that is not a model is refused and changes nothing, even with one assignment change', () => {
    const monitor = new SodMonitor(model);
    const before = monitor.scan(T0);
    for (const value of hostile) {
      refused(() => monitor.advance(value as never, [{ op: 'assign', assignment: assignment('PaymentsClerk') }]), 'next');
      refused(() => monitor.advance(value as never, [{ op: 'unassign', user: 'bob', role: 'Buyer' }]), 'next');
    }
    expect(monitor.model).toBe(model);
    expect(monitor.restarts).toBe(0);
    expect(monitor.scan(T0)).toEqual(before);
  });
});

describe('AccessIndex.update with change records that did not lead to the next model', () => {
  it('answers as the next model (the records named other assignments than the ones that changed)', () => {
    const model = createModel(scenarioData());
    const next = applyChanges(model, [{ op: 'unassign', user: 'bob', role: 'Buyer' }]);
    const access = compileAccess(model);
    expect(access.check('bob', 'menu-item-display:PurchTable', 'read')).toBe(true);
    // Well-formed records, but not those that produced `next`.
    access.update(next, [{ op: 'unassign', user: 'carol', role: 'Accountant' }]);
    const fresh = compileAccess(next);
    expect(access.check('bob', 'menu-item-display:PurchTable', 'read')).toBe(fresh.check('bob', 'menu-item-display:PurchTable', 'read'));
    expect(access.rightsOf('carol')).toEqual(fresh.rightsOf('carol'));
    expect(access.rightsOf('bob')).toEqual(fresh.rightsOf('bob'));
  });
});
