/**
 * What the caller's own port implementations answer: a Store whose methods resolve with values of
 * the wrong shape, reject with something that is not an Error or throw synchronously; a Clock that
 * throws or answers garbage; an AOT file system whose writes fail oddly. Every public function
 * answers with a SecGovError naming the port method (never a TypeError from deep inside, never
 * silent corruption), and a refused operation leaves the state unchanged.
 */
import { describe, expect, it } from 'vitest';
import { createGovernance, createModel, memoryStore, SecGovError, type Clock, type Governance, type Store, type StoreTransaction } from '../../src/index.js';
import { writeAotFolder, type AotFileSystem, type AotObject } from '../../src/transfer/aot/index.js';
import { ManualClock } from '../../src/testing/index.js';
import { scenarioData } from '../governance/fixture.js';
import { caught, errorCode } from '../support/errors.js';

const huge = 'x'.repeat(100_000);

/** The SecGovError `promise` rejects with (any other error fails the test), or undefined when it resolves. */
async function settled(promise: () => Promise<unknown>): Promise<SecGovError | undefined> {
  let failure: { error: unknown } | undefined;
  try {
    await promise();
  } catch (error) {
    failure = { error };
  }
  return failure && caught(() => {
    throw failure.error;
  });
}

/** Expect `promise` to be refused with `code`, in a short message naming `port` and not echoing hostile content. */
async function refusedBy(promise: () => Promise<unknown>, code: string, port: string): Promise<SecGovError> {
  const error = await settled(promise);
  expect(error?.code, `expected ${code} naming ${port}`).toBe(code);
  expect(error!.message).toContain(port);
  expect(error!.message.length).toBeLessThan(500);
  expect(error!.message).not.toContain('x'.repeat(50));
  return error!;
}

/** Replacement transaction methods; `this` is the real unit of work, to pass calls through. */
type Answers = { [K in keyof StoreTransaction]?: (this: StoreTransaction, ...args: Parameters<StoreTransaction[K]>) => unknown };

/** A memory store whose transaction methods can be replaced, and whose transact can be replaced. */
function riggedStore() {
  const inner = memoryStore();
  let answers: Answers = {};
  let transact: ((work: (tx: StoreTransaction) => Promise<unknown>) => unknown) | undefined;
  const store: Store = {
    transact<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
      if (transact) return transact(work as (tx: StoreTransaction) => Promise<unknown>) as Promise<T>;
      const rigged = (tx: StoreTransaction) => ({ ...tx, ...Object.fromEntries(Object.entries(answers).map(([k, f]) => [k, (f as (...a: unknown[]) => unknown).bind(tx)])) }) as StoreTransaction;
      return inner.transact((tx) => work(rigged(tx)));
    },
  };
  return {
    store,
    inner,
    rig(next: Answers) {
      answers = next;
    },
    rigTransact(next: typeof transact) {
      transact = next;
    },
    reset() {
      answers = {};
      transact = undefined;
    },
  };
}

interface Setup {
  gov: Governance;
  rigged: ReturnType<typeof riggedStore>;
  clock: ManualClock;
  /** An approved temporary role session of bob (not yet started). */
  session: string;
  /** An active privileged session of break-glass. */
  privileged: string;
}

async function setUp(): Promise<Setup> {
  const rigged = riggedStore();
  const clock = new ManualClock('2026-03-02T08:00:00Z');
  const gov = await createGovernance({ store: rigged.store, clock, model: createModel(scenarioData()) });
  const s = await gov.createTemporaryRoleSession('admin', { user: 'bob', roles: ['Auditor'], type: 'merge', start: '2026-03-10T00:00:00Z', end: '2026-03-11T00:00:00Z' });
  await gov.approveSession('admin', s.id);
  const p = await gov.createPrivilegedSession('admin', { user: 'break-glass', account: 'enable', roles: ['Auditor'], start: '2026-03-02T09:00:00Z', end: '2026-03-03T09:00:00Z' });
  await gov.approveSession('admin', p.id);
  clock.set('2026-03-02T10:00:00Z');
  await gov.process();
  await gov.recordInteraction(p.id, { type: 'open-form', target: 'SysUserManagement' });
  await gov.createVersion('admin', { name: 'first' });
  await gov.signIn('bob');
  return { gov, rigged, clock, session: s.id, privileged: p.id };
}

/** Everything observable through the service. */
async function observe(gov: Governance) {
  await gov.sync();
  const sessions = await gov.listSessions();
  return {
    model: gov.model(),
    sessions,
    audit: await gov.auditTrail({ limit: 100_000 }),
    versions: await gov.listVersions(),
    lastSignIn: await gov.lastSignIn('bob'),
    logs: await Promise.all(sessions.map(async (s) => [await gov.sessionAuditLog(s.id), await gov.roleChangeLog(s.id)])),
    verified: await gov.verifyAuditTrail(),
  };
}

/** Run `work` against a store answering `answers`, expect `code` naming the method, then check that nothing changed. */
async function expectRefusedAnswer(setup: Setup, answers: Answers, work: (gov: Governance) => Promise<unknown>, code: string, port: string): Promise<void> {
  const before = await observe(setup.gov);
  setup.rigged.rig(answers);
  await refusedBy(() => work(setup.gov), code, port);
  setup.rigged.reset();
  const after = await observe(setup.gov);
  expect(after.model, `${port}: the model is the same object`).toBe(before.model);
  expect(after).toEqual(before);
}

describe('a Store answering values of the wrong shape', () => {
  it('readState: refused naming tx.readState, nothing absorbed', async () => {
    const s = await setUp();
    const bad = [null, 42, huge, {}, [], { snapshot: 42, batches: [] }, { snapshot: null, batches: 42 }, { snapshot: null, batches: [null] }, { snapshot: { revision: 'x', data: {} }, batches: [] }, { snapshot: { revision: 1, data: {} }, batches: [] }, { snapshot: { revision: 99, data: null }, batches: [] }, { snapshot: null, batches: [{ revision: 'x', changes: [] }] }, { snapshot: null, batches: [{ revision: 99, changes: 42 }] }];
    for (const answer of bad) await expectRefusedAnswer(s, { readState: () => Promise.resolve(answer) }, (gov) => gov.sync(), 'STORE_FAILURE', 'tx.readState');
  });

  it('sessionChanges: refused naming tx.sessionChanges, nothing absorbed', async () => {
    const s = await setUp();
    const bad: unknown[] = [null, 42, {}, { cursor: 'x', sessions: [] }, { cursor: -1, sessions: [] }, { cursor: 1e9, sessions: null }, { cursor: 1e9, sessions: [null] }, { cursor: 1e9, sessions: [{ id: 'TR-000001' }] }];
    const good = await s.gov.getSession(s.session);
    bad.push({ cursor: 1e9, sessions: [{ ...good, version: 'x' }] }, { cursor: 1e9, sessions: [{ ...good, status: 'active', end: null }] });
    for (const answer of bad) await expectRefusedAnswer(s, { sessionChanges: () => Promise.resolve(answer) }, (gov) => gov.sync(), 'STORE_FAILURE', 'tx.sessionChanges');
  });

  it('readLog: pages of the wrong shape and a page that never ends are refused naming tx.readLog', async () => {
    const s = await setUp();
    const pages = [null, 42, {}, { records: null, cursor: 0, more: false }, { records: [null], cursor: 1, more: false }, { records: [], cursor: 'x', more: false }, { records: [], cursor: 0, more: 'yes' }, { records: [{ seq: 'x', data: {} }], cursor: 1, more: false }];
    for (const page of pages) {
      for (const work of [(gov: Governance) => gov.sync(), (gov: Governance) => gov.auditTrail(), (gov: Governance) => gov.sessionAuditLog(s.session), (gov: Governance) => gov.exportRecording(s.privileged), (gov: Governance) => gov.verifyAuditTrail()]) {
        await expectRefusedAnswer(s, { readLog: () => Promise.resolve(page) }, work, 'STORE_FAILURE', 'tx.readLog');
      }
    }
    // `more` without progress would page forever.
    let calls = 0;
    const endless = () => Promise.resolve(++calls > 50 ? { records: [], cursor: 0, more: false } : { records: [], cursor: 0, more: true });
    await expectRefusedAnswer(s, { readLog: endless }, (gov) => gov.sync(), 'STORE_FAILURE', 'tx.readLog');
  });

  it('readLog: stored entries that are not what was appended are refused (pending, audit trail, recordings)', async () => {
    const s = await setUp();
    const page = (data: unknown) => () => Promise.resolve({ records: [{ seq: 1, data }], cursor: 1, more: false });
    for (const data of [null, 42, huge, { type: 'stage', changes: 42 }, { type: 'stage', at: 'x', actor: 'admin', reason: null, changes: [null] }, { type: 'bogus' }]) {
      const readLog: Answers['readLog'] = function (stream, o) {
        return stream === 'pending' ? page(data)() : this.readLog(stream, o);
      };
      await expectRefusedAnswer(s, { readLog }, (gov) => gov.sync(), 'INTEGRITY_VIOLATION', 'pending');
    }
    for (const data of [null, 42, {}, { seq: 1, prev: 'x', hash: 'y', body: '{' }, { seq: 1, prev: '0'.repeat(64), hash: '0'.repeat(64), body: '{' }]) {
      await expectRefusedAnswer(s, { readLog: page(data) }, (gov) => gov.auditTrail(), 'INTEGRITY_VIOLATION', 'audit');
      await expectRefusedAnswer(s, { readLog: page(data) }, (gov) => gov.history('user', 'bob'), 'INTEGRITY_VIOLATION', 'audit');
    }
    for (const data of [null, 42, huge]) {
      await expectRefusedAnswer(s, { readLog: page(data) }, (gov) => gov.exportRecording(s.privileged), 'INTEGRITY_VIOLATION', 'log');
      await expectRefusedAnswer(s, { readLog: page(data) }, (gov) => gov.sessionAuditLog(s.session), 'INTEGRITY_VIOLATION', 'log');
      await expectRefusedAnswer(s, { readLog: page(data) }, (gov) => gov.roleChangeLog(s.session), 'INTEGRITY_VIOLATION', 'log');
    }
  });

  it('lastLog: a tail of the wrong shape is refused, and the audit chain is not extended from a broken tail', async () => {
    const s = await setUp();
    const assign = (gov: Governance) => gov.assign('admin', { user: 'carol', role: 'Buyer' });
    for (const tail of [42, huge, {}, { seq: 'x', data: {} }, { seq: 0, data: {} }]) await expectRefusedAnswer(s, { lastLog: () => Promise.resolve(tail) }, assign, 'STORE_FAILURE', 'tx.lastLog');
    for (const data of [null, 42, {}, { hash: 42 }, { hash: huge }]) await expectRefusedAnswer(s, { lastLog: () => Promise.resolve({ seq: 9, data }) }, assign, 'INTEGRITY_VIOLATION', 'audit');
  });

  it('getSession, findSessions, findDueSessions: sessions of the wrong shape are refused', async () => {
    const s = await setUp();
    for (const answer of [42, huge, {}, [], { id: s.session }]) {
      await expectRefusedAnswer(s, { getSession: () => Promise.resolve(answer) }, (gov) => gov.getSession(s.session), 'STORE_FAILURE', 'tx.getSession');
      await expectRefusedAnswer(s, { getSession: () => Promise.resolve(answer) }, (gov) => gov.cancelSession('admin', s.session), 'STORE_FAILURE', 'tx.getSession');
    }
    const good = await s.gov.getSession(s.session);
    for (const overrides of [{ version: 'x' }, { version: Number.NaN }, { status: 'bogus' }, { roles: null }, { end: 42 }]) {
      await expectRefusedAnswer(s, { getSession: () => Promise.resolve({ ...good, ...overrides }) }, (gov) => gov.cancelSession('admin', s.session), 'STORE_FAILURE', 'tx.getSession');
    }
    for (const answer of [null, 42, {}, [null], [{}], [42]]) {
      await expectRefusedAnswer(s, { findSessions: () => Promise.resolve(answer) }, (gov) => gov.listSessions(), 'STORE_FAILURE', 'tx.findSessions');
      await expectRefusedAnswer(s, { findSessions: () => Promise.resolve(answer) }, (gov) => gov.signIn('bob'), 'STORE_FAILURE', 'tx.findSessions');
      await expectRefusedAnswer(s, { findSessions: () => Promise.resolve(answer) }, (gov) => gov.effectiveAt('bob', '2026-03-10T12:00:00Z'), 'STORE_FAILURE', 'tx.findSessions');
      await expectRefusedAnswer(s, { findSessions: () => Promise.resolve(answer) }, (gov) => gov.createTemporaryRoleSession('admin', { user: 'carol', roles: ['Auditor'], type: 'merge', start: '2026-04-01T00:00:00Z', end: '2026-04-02T00:00:00Z' }), 'STORE_FAILURE', 'tx.findSessions');
    }
    // The processor reports a store failure as a failed batch, as it does for any store failure.
    s.clock.set('2026-03-10T01:00:00Z');
    for (const answer of [null, 42, {}, [null], [{ id: s.session }]]) {
      const before = await observe(s.gov);
      s.rigged.rig({ findDueSessions: () => Promise.resolve(answer) });
      const r = await s.gov.process();
      expect(r.failed.map((f) => f.error.code)).toEqual(['STORE_FAILURE']);
      expect(r.failed[0]!.error.message).toContain('tx.findDueSessions');
      s.rigged.reset();
      expect(await observe(s.gov)).toEqual(before);
    }
  });

  it('nextSequence: a number that is not a whole number from 1 is refused (ids are not made of it)', async () => {
    const s = await setUp();
    for (const answer of ['1', huge, Number.NaN, -1, 0, 1.5, null, {}, Number.MAX_VALUE]) {
      await expectRefusedAnswer(s, { nextSequence: () => Promise.resolve(answer) }, (gov) => gov.createVersion('admin', { name: 'second' }), 'STORE_FAILURE', 'tx.nextSequence');
      await expectRefusedAnswer(s, { nextSequence: () => Promise.resolve(answer) }, (gov) => gov.signIn('bob'), 'STORE_FAILURE', 'tx.nextSequence');
    }
  });

  it('getUserActivity: an activity record of the wrong shape is refused', async () => {
    const s = await setUp();
    const good = { user: 'bob', lastSignIn: '2026-03-02T10:00:00.000Z', openSignIns: [], version: 1 };
    for (const answer of [42, huge, {}, [], { ...good, lastSignIn: 42 }, { ...good, openSignIns: null }, { ...good, openSignIns: [null] }, { ...good, openSignIns: [{ id: 'SI-1', at: 'x', sessions: null }] }, { ...good, version: 'x' }, { ...good, version: 0 }]) {
      for (const work of [(gov: Governance) => gov.signIn('bob'), (gov: Governance) => gov.signOut('bob'), (gov: Governance) => gov.lastSignIn('bob'), (gov: Governance) => gov.recordInteraction(s.privileged, { type: 'click', target: 'OK' })]) {
        await expectRefusedAnswer(s, { getUserActivity: () => Promise.resolve(answer) }, work, 'STORE_FAILURE', 'tx.getUserActivity');
      }
    }
  });

  it('getVersion, listVersions, deleteVersion: answers of the wrong shape are refused', async () => {
    const s = await setUp();
    for (const answer of [42, huge, {}, { id: 'V-000001', data: null }, { id: 'V-000001', data: 42 }]) {
      await expectRefusedAnswer(s, { getVersion: () => Promise.resolve(answer) }, (gov) => gov.compareVersions('V-000099'), 'STORE_FAILURE', 'tx.getVersion');
    }
    for (const answer of [null, 42, {}, [null], [{}], [{ id: 'V-1', name: 'n', description: null, createdAt: 'x', createdBy: 'admin', revision: 'x' }]]) {
      await expectRefusedAnswer(s, { listVersions: () => Promise.resolve(answer) }, (gov) => gov.listVersions(), 'STORE_FAILURE', 'tx.listVersions');
    }
    for (const answer of [undefined, null, 42, 'yes', {}]) {
      await expectRefusedAnswer(s, { deleteVersion: () => Promise.resolve(answer) }, (gov) => gov.deleteVersion('admin', 'V-000001'), 'STORE_FAILURE', 'tx.deleteVersion');
    }
  });

  it('appendState: a revision other than expected + 1 is refused, at start and in a command', async () => {
    for (const answer of ['1', null, 5, 0, Number.NaN]) {
      const rigged = riggedStore();
      rigged.rig({ appendState: () => Promise.resolve(answer) });
      await refusedBy(() => createGovernance({ store: rigged.store, clock: new ManualClock('2026-03-02T08:00:00Z'), model: createModel(scenarioData()) }), 'STORE_FAILURE', 'tx.appendState');
      expect(await rigged.inner.transact((tx) => tx.stateRevision())).toBe(0);
    }
    const s = await setUp();
    for (const answer of ['1', null, 5]) {
      await expectRefusedAnswer(s, { appendState: () => Promise.resolve(answer) }, (gov) => gov.assign('admin', { user: 'carol', role: 'Buyer' }), 'STORE_FAILURE', 'tx.appendState');
    }
  });
});

describe('a Store failing with something that is not a SecGovError', () => {
  const failures: [string, () => never][] = [
    ['rejects with null', () => Promise.reject(null) as never],
    ['rejects with 42', () => Promise.reject(42) as never],
    ['rejects with a string', () => Promise.reject(huge) as never],
    ['rejects with an Error', () => Promise.reject(new Error('connection reset')) as never],
    ['throws null synchronously', () => {
      throw null;
    }],
    ['throws an Error synchronously', () => {
      throw new TypeError('boom');
    }],
  ];

  it.each(failures)('a transaction method that %s: STORE_FAILURE naming the method, the original as cause, nothing changed', async (_name, fail) => {
    const s = await setUp();
    for (const [method, work] of [
      ['tx.appendLog', (gov: Governance) => gov.assign('admin', { user: 'carol', role: 'Buyer' })],
      ['tx.getSession', (gov: Governance) => gov.getSession(s.session)],
      ['tx.readState', (gov: Governance) => gov.sync()],
      ['tx.updateSession', (gov: Governance) => gov.cancelSession('admin', s.session)],
      ['tx.putUserActivity', (gov: Governance) => gov.signIn('bob')],
      ['tx.listVersions', (gov: Governance) => gov.listVersions()],
    ] as const) {
      const name = method.slice(3) as keyof StoreTransaction;
      await expectRefusedAnswer(s, { [name]: fail }, work, 'STORE_FAILURE', method);
    }
  });

  it.each(failures)('transact that %s: STORE_FAILURE naming store.transact, nothing changed', async (_name, fail) => {
    const s = await setUp();
    const before = await observe(s.gov);
    s.rigged.rigTransact(fail);
    for (const work of [() => s.gov.sync(), () => s.gov.listVersions(), () => s.gov.assign('admin', { user: 'carol', role: 'Buyer' }), () => s.gov.process(), () => s.gov.signIn('bob')]) {
      await refusedBy(work, 'STORE_FAILURE', 'store.transact');
    }
    s.rigged.reset();
    const after = await observe(s.gov);
    expect(after.model).toBe(before.model);
    expect(after).toEqual(before);
  });

  it('transact that answers without running the work, or with another value, or gives a unit of work without methods', async () => {
    const s = await setUp();
    const before = await observe(s.gov);
    const rigs: [string, (work: (tx: StoreTransaction) => Promise<unknown>) => unknown][] = [
      ['store.transact', () => 42],
      ['store.transact', () => Promise.resolve(undefined)],
      ['store.transact', (work) => s.rigged.inner.transact(async (tx) => (await work(tx), null))],
      ['store.transact', (work) => s.rigged.inner.transact(async (tx) => (await work(tx), { records: [] }))],
      ['tx.readState', (work) => work({} as StoreTransaction)],
      ['tx.readState', (work) => work(null as never)],
    ];
    for (const [port, rig] of rigs) {
      s.rigged.rigTransact(rig);
      await refusedBy(() => s.gov.sync(), 'STORE_FAILURE', port);
      s.rigged.reset();
    }
    const after = await observe(s.gov);
    expect(after.model).toBe(before.model);
    expect(after).toEqual(before);
  });

  it('the original failure is kept as the cause', async () => {
    const s = await setUp();
    const original = new Error('connection reset');
    s.rigged.rig({ getSession: () => Promise.reject(original) });
    const error = await refusedBy(() => s.gov.getSession(s.session), 'STORE_FAILURE', 'tx.getSession');
    expect(error.cause).toBe(original);
    expect(error.message).toContain('connection reset');
    s.rigged.rig({ getSession: () => Promise.reject(null) });
    expect((await refusedBy(() => s.gov.getSession(s.session), 'STORE_FAILURE', 'tx.getSession')).message).toContain('null');
  });

  it('a SecGovError from the store passes through unchanged', async () => {
    const s = await setUp();
    const own = new SecGovError('CONCURRENT_MODIFICATION', 'stale', { retryable: true });
    s.rigged.rig({ getSession: () => Promise.reject(own) });
    expect(await settled(() => s.gov.getSession(s.session))).toBe(own);
    s.rigged.rigTransact(() => Promise.reject(own));
    expect(await settled(() => s.gov.listVersions())).toBe(own);
  });
});

describe('a Clock that throws or answers garbage', () => {
  function riggedClock() {
    let mode: { now?: () => unknown; ms?: () => unknown } = {};
    const inner = new ManualClock('2026-03-02T08:00:00Z');
    const clock: Clock & { inner: ManualClock; rig(next: typeof mode): void } = {
      inner,
      now: () => (mode.now ? mode.now() : inner.now()) as Date,
      epochMilliseconds: () => (mode.ms ? mode.ms() : inner.epochMilliseconds()) as number,
      rig(next) {
        mode = next;
      },
    };
    return clock;
  }

  it('now() throwing: VALIDATION_FAILED naming clock.now(), the original as cause', async () => {
    const clock = riggedClock();
    const store = memoryStore();
    const gov = await createGovernance({ store, clock, model: createModel(scenarioData()) });
    const model = gov.model();
    for (const thrown of [new Error('clock gone'), null, 42, huge]) {
      clock.rig({
        now: () => {
          throw thrown;
        },
      });
      const e1 = await refusedBy(() => gov.assign('admin', { user: 'carol', role: 'Buyer' }), 'VALIDATION_FAILED', 'clock.now()');
      expect(e1.cause).toBe(thrown);
      expect(caught(() => gov.effectiveState('bob'))?.message).toContain('clock.now()');
      expect(errorCode(() => gov.verifyCompliance())).toBe('VALIDATION_FAILED');
      await refusedBy(() => gov.process(), 'VALIDATION_FAILED', 'clock.now()');
      await refusedBy(() => createGovernance({ clock, model: createModel(scenarioData()) }), 'VALIDATION_FAILED', 'clock.now()');
    }
    clock.rig({});
    expect(gov.model()).toBe(model);
    expect((await gov.auditTrail()).length).toBe(1);
  });

  it('now() answering garbage is still refused', async () => {
    const clock = riggedClock();
    const gov = await createGovernance({ clock, model: createModel(scenarioData()) });
    for (const answer of [null, 42, huge, {}, new Date(Number.NaN)]) {
      clock.rig({ now: () => answer });
      await refusedBy(() => gov.assign('admin', { user: 'carol', role: 'Buyer' }), 'VALIDATION_FAILED', 'clock');
    }
  });

  it('epochMilliseconds() throwing or answering garbage: refused, access is never kept past a session end', async () => {
    const clock = riggedClock();
    const gov = await createGovernance({ clock, model: createModel(scenarioData()) });
    const s = await gov.createTemporaryRoleSession('admin', { user: 'carol', roles: ['PaymentsClerk'], type: 'merge', start: '2026-03-02T09:00:00Z', end: '2026-03-02T17:00:00Z' });
    await gov.approveSession('admin', s.id);
    clock.inner.set('2026-03-02T09:00:00Z');
    await gov.process();
    expect(gov.check('carol', 'menu-item-action:VendPaymentPost', 'invoke')).toBe(true);
    clock.inner.set('2026-03-02T17:00:00Z');
    for (const ms of [
      () => {
        throw new Error('clock gone');
      },
      () => {
        throw null;
      },
      () => '0',
      () => Number.NaN,
      () => null,
      () => huge,
    ]) {
      clock.rig({ ms });
      const error = caught(() => gov.check('carol', 'menu-item-action:VendPaymentPost', 'invoke'));
      expect(error?.code).toBe('VALIDATION_FAILED');
      expect(error!.message).toContain('clock.epochMilliseconds()');
    }
    clock.rig({});
    expect(gov.check('carol', 'menu-item-action:VendPaymentPost', 'invoke')).toBe(false);
  });
});

describe('an AOT file system whose writes fail', () => {
  const object: AotObject = { kind: 'AxSecurityRole', name: 'Clerk', label: 'Clerk', duties: ['CustDuty'], verbatim: [] };

  function failingFs(method: 'writeFile' | 'mkdir', fail: () => unknown): AotFileSystem & { written: string[] } {
    const written: string[] = [];
    return {
      written,
      readdir: async () => [],
      readFile: async () => new Uint8Array(),
      writeFile: method === 'writeFile' ? (fail as never) : async (path: string) => void written.push(path),
      mkdir: method === 'mkdir' ? (fail as never) : async () => undefined,
    };
  }

  const failures: [string, () => unknown][] = [
    ['rejects with null', () => Promise.reject(null)],
    ['rejects with 42', () => Promise.reject(42)],
    ['rejects with a long string', () => Promise.reject(huge)],
    ['rejects with an Error', () => Promise.reject(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }))],
    ['throws null synchronously', () => {
      throw null;
    }],
    ['throws an Error synchronously', () => {
      throw new Error('EACCES: permission denied');
    }],
  ];

  it.each(failures)('writeFile that %s: STORE_FAILURE naming fs.writeFile and the file, the original as cause', async (_name, fail) => {
    let thrown: unknown;
    const fs = failingFs('writeFile', () => {
      try {
        const answer = fail();
        (answer as Promise<unknown>).catch((e: unknown) => void (thrown = e));
        return answer;
      } catch (error) {
        thrown = error;
        throw error;
      }
    });
    const error = await refusedBy(() => writeAotFolder(fs, '/out', [object, { ...object, name: 'Clerk2' }]), 'STORE_FAILURE', 'fs.writeFile');
    expect(error.message).toContain('/out/AxSecurityRole/Clerk.xml');
    expect(error.cause).toBe(thrown);
    expect(error.details['file']).toBe('/out/AxSecurityRole/Clerk.xml');
    expect(error.details['written']).toEqual([]);
  });

  it.each(failures)('mkdir that %s: STORE_FAILURE naming fs.mkdir and the folder, nothing written', async (_name, fail) => {
    const fs = failingFs('mkdir', fail);
    const error = await refusedBy(() => writeAotFolder(fs, '/out', [object]), 'STORE_FAILURE', 'fs.mkdir');
    expect(error.message).toContain('/out/AxSecurityRole');
    expect(fs.written).toEqual([]);
  });

  it('a failure after some files were written lists them in details.written', async () => {
    let n = 0;
    const fs = failingFs('writeFile', async () => {
      if (++n === 2) throw null;
    });
    const error = await refusedBy(() => writeAotFolder(fs, '/out', [object, { ...object, name: 'Clerk2' }]), 'STORE_FAILURE', 'fs.writeFile');
    expect(error.details['written']).toEqual(['/out/AxSecurityRole/Clerk.xml']);
  });

  it('a SecGovError from the file system passes through unchanged', async () => {
    const own = new SecGovError('LIMIT_EXCEEDED', 'quota');
    expect(await settled(() => writeAotFolder(failingFs('writeFile', () => Promise.reject(own)), '/out', [object]))).toBe(own);
  });
});
