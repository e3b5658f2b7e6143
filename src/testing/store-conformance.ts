/**
 * The store conformance suite: the behaviour every {@link Store} adapter must have.
 *
 * @module
 */
import { SecGovError } from '../model/errors.js';
import type { Store } from '../ports/store.js';
import type { Session } from '../sessions/schemas.js';

/** The test functions the suite needs; vitest, jest and mocha all provide them. */
export interface TestApi {
  /** Group tests. */
  describe(name: string, body: () => void): void;
  /** Declare one test. */
  it(name: string, body: () => Promise<void> | void): void;
}

/**
 * Declare the store conformance suite for an adapter. Call it at the top level of a test file;
 * `makeStore` must return a fresh, empty store for each test (close it in `cleanup` if needed).
 *
 * @example
 * import { describe, it } from 'vitest';
 * import { memoryStore } from 'secgov';
 * import { describeStoreConformance } from 'secgov/testing';
 * describeStoreConformance('memoryStore', () => memoryStore(), { describe, it });
 *
 * @param name - the adapter's name, used in the suite title
 * @param makeStore - makes a fresh, empty store
 * @param api - `describe` and `it` of your test framework; defaults to the globals when your
 *   framework installs them (vitest with `globals: true`, jest, mocha)
 * @param cleanup - called with each store after its test
 */
export function describeStoreConformance(
  name: string,
  makeStore: () => Store | Promise<Store>,
  api: TestApi = globalTestApi(),
  cleanup: (store: Store) => Promise<void> | void = (store) => store.close?.(),
): void {
  const { describe, it } = api;
  const test = (title: string, body: (store: Store) => Promise<void>) =>
    it(title, async () => {
      const store = await makeStore();
      try {
        await body(store);
      } finally {
        await cleanup(store);
      }
    });

  describe(`Store conformance: ${name}`, () => {
    describe('units of work', () => {
      test('returns the result of the work and keeps its writes', async (store) => {
        const result = await store.transact(async (tx) => {
          await tx.insertSession(session('S1'));
          return 42;
        });
        equal(result, 42, 'result');
        equal((await store.transact((tx) => tx.getSession('S1')))?.id, 'S1', 'stored session');
      });

      test('a unit of work that throws keeps none of its writes', async (store) => {
        await store.transact(async (tx) => {
          await tx.appendState(0, [changeRecord('kept')]);
          await tx.nextSequence('n');
        });
        const boom = new Error('boom');
        const caught = await store
          .transact(async (tx) => {
            await tx.appendState(1, [changeRecord('lost')]);
            await tx.saveSnapshot({ revision: 2, data: emptyData() });
            await tx.insertSession(session('S1'));
            await tx.putUserActivity({ user: 'u1', lastSignIn: '2026-01-01T00:00:00.000Z', openSignIns: [], version: 1 });
            await tx.appendLog('log/a', [{ n: 1 }]);
            await tx.nextSequence('n');
            throw boom;
          })
          .catch((e: unknown) => e);
        equal(caught, boom, 'the error is rethrown unchanged');
        await store.transact(async (tx) => {
          equal(await tx.stateRevision(), 1, 'revision');
          equal((await tx.readState(0)).snapshot, null, 'no snapshot');
          equal(await tx.getSession('S1'), undefined, 'no session');
          equal(await tx.getUserActivity('u1'), undefined, 'no activity');
          equal((await tx.readLog('log/a')).records.length, 0, 'no log records');
          equal((await tx.sessionChanges(0)).sessions.length, 0, 'no session changes');
        });
      });

      test('a unit of work sees its own writes before it commits', async (store) => {
        await store.transact(async (tx) => {
          await tx.insertSession(session('S1'));
          equal((await tx.getSession('s1'))?.id, 'S1', 'own insert');
          await tx.updateSession({ ...session('S1'), status: 'planned', version: 2 });
          equal((await tx.getSession('S1'))?.status, 'planned', 'own update');
          equal((await tx.findSessions({ statuses: ['planned'] })).length, 1, 'own update in queries');
          await tx.appendLog('log/a', [{ n: 1 }, { n: 2 }]);
          equal((await tx.readLog('log/a')).records.length, 2, 'own log records');
          const revision = await tx.appendState(0, [changeRecord('a')]);
          equal(revision, 1, 'new revision');
          equal(await tx.stateRevision(), 1, 'own revision');
        });
      });

      test('stored records are copies: mutating what was written or read changes nothing', async (store) => {
        const s = { ...session('S1'), roles: ['R1'] };
        const entry = { list: [1, 2] };
        await store.transact(async (tx) => {
          await tx.insertSession(s);
          await tx.appendLog('log/a', [entry]);
        });
        s.roles.push('R2');
        entry.list.push(3);
        const read = await store.transact((tx) => tx.getSession('S1'));
        equal(read?.roles.length, 1, 'session roles');
        try {
          (read!.roles as string[]).push('R3');
        } catch {
          // frozen records are fine too
        }
        equal((await store.transact((tx) => tx.getSession('S1')))?.roles.length, 1, 'session roles after mutating a read');
        const log = await store.transact((tx) => tx.readLog('log/a'));
        equal((log.records[0]!.data as { list: number[] }).list.length, 2, 'log payload');
      });
    });

    describe('governed state', () => {
      test('revisions start at 0 and grow by one per batch', async (store) => {
        await store.transact(async (tx) => {
          equal(await tx.stateRevision(), 0, 'empty');
          equal(await tx.appendState(0, [changeRecord('a')]), 1, 'first');
          equal(await tx.appendState(1, [changeRecord('b'), changeRecord('c')]), 2, 'second');
        });
        const reading = await store.transact((tx) => tx.readState(0));
        equal(reading.snapshot, null, 'no snapshot');
        equal(reading.batches.map((b) => b.revision).join(','), '1,2', 'batches');
        equal(reading.batches[1]!.changes.length, 2, 'changes kept in order');
        equal(JSON.stringify(reading.batches[1]!.changes), JSON.stringify([changeRecord('b'), changeRecord('c')]), 'changes round trip');
        equal((await store.transact((tx) => tx.readState(1))).batches.length, 1, 'batches after a revision');
      });

      test('a stale append fails with CONCURRENT_MODIFICATION and writes nothing', async (store) => {
        await store.transact((tx) => tx.appendState(0, [changeRecord('a')]));
        await rejects(store.transact((tx) => tx.appendState(0, [changeRecord('b')])), 'CONCURRENT_MODIFICATION');
        await rejects(store.transact((tx) => tx.appendState(5, [changeRecord('b')])), 'CONCURRENT_MODIFICATION');
        equal(await store.transact((tx) => tx.stateRevision()), 1, 'revision unchanged');
      });

      test('two units appending from the same revision: exactly one succeeds', async (store) => {
        const results = await Promise.allSettled([0, 1].map((i) => store.transact((tx) => tx.appendState(0, [changeRecord(`w${i}`)]))));
        equal(results.filter((r) => r.status === 'fulfilled').length, 1, 'one append succeeded');
        const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        equal((failed.reason as SecGovError).code, 'CONCURRENT_MODIFICATION', 'the other is stale');
      });

      test('snapshots: reading returns the newest snapshot past the revision and the batches after it', async (store) => {
        await store.transact(async (tx) => {
          await tx.appendState(0, [changeRecord('a')]);
          await tx.appendState(1, [changeRecord('b')]);
          await tx.saveSnapshot({ revision: 2, data: { ...emptyData(), users: [{ id: 'ü-__proto__', name: 'Ünïcode 🙂', enabled: true, lastSignIn: null, attributes: {} }] } });
          await tx.appendState(2, [changeRecord('c')]);
        });
        const fromStart = await store.transact((tx) => tx.readState(0));
        equal(fromStart.snapshot?.revision, 2, 'snapshot revision');
        equal(fromStart.snapshot?.data.users[0]?.name, 'Ünïcode 🙂', 'snapshot data round trip');
        equal(fromStart.batches.map((b) => b.revision).join(','), '3', 'only batches after the snapshot');
        const fromTwo = await store.transact((tx) => tx.readState(2));
        equal(fromTwo.snapshot, null, 'no snapshot at or before the revision asked for');
        equal(fromTwo.batches.map((b) => b.revision).join(','), '3', 'batches after revision 2');
      });
    });

    describe('sessions', () => {
      test('insert, read case-insensitively, and refuse duplicates', async (store) => {
        await store.transact((tx) => tx.insertSession(session('TR-1')));
        equal((await store.transact((tx) => tx.getSession('tr-1')))?.id, 'TR-1', 'case-insensitive id');
        await rejects(store.transact((tx) => tx.insertSession(session('tr-1'))), 'DUPLICATE_ID');
        equal(await store.transact((tx) => tx.getSession('nope')), undefined, 'missing session');
      });

      test('optimistic concurrency: an update must carry the next version', async (store) => {
        await store.transact((tx) => tx.insertSession(session('S1')));
        await store.transact((tx) => tx.updateSession({ ...session('S1'), status: 'planned', version: 2 }));
        await rejects(store.transact((tx) => tx.updateSession({ ...session('S1'), status: 'cancelled', version: 2 })), 'CONCURRENT_MODIFICATION');
        await rejects(store.transact((tx) => tx.updateSession({ ...session('S1'), status: 'cancelled', version: 4 })), 'CONCURRENT_MODIFICATION');
        await rejects(store.transact((tx) => tx.updateSession({ ...session('S9'), version: 2 })), 'NOT_FOUND');
        const stored = await store.transact((tx) => tx.getSession('S1'));
        equal(stored?.status, 'planned', 'status');
        equal(stored?.version, 2, 'version');
      });

      test('two units updating the same version: exactly one succeeds', async (store) => {
        await store.transact((tx) => tx.insertSession(session('S1')));
        const read = (await store.transact((tx) => tx.getSession('S1')))!;
        const results = await Promise.allSettled(
          (['planned', 'cancelled'] as const).map((status) => store.transact((tx) => tx.updateSession({ ...read, status, version: read.version + 1 }))),
        );
        equal(results.filter((r) => r.status === 'fulfilled').length, 1, 'one update succeeded');
        const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        equal((failed.reason as SecGovError).code, 'CONCURRENT_MODIFICATION', 'the other is stale');
      });

      test('find by user (case-insensitive) and status, in id order, with a limit', async (store) => {
        await store.transact(async (tx) => {
          await tx.insertSession({ ...session('S3'), user: 'Alice' });
          await tx.insertSession({ ...session('S1'), user: 'alice', status: 'planned' });
          await tx.insertSession({ ...session('S2'), user: 'bob' });
        });
        const ids = (sessions: Session[]) => sessions.map((s) => s.id).join(',');
        equal(ids(await store.transact((tx) => tx.findSessions({ user: 'ALICE' }))), 'S1,S3', 'by user');
        equal(ids(await store.transact((tx) => tx.findSessions({ statuses: ['draft'] }))), 'S2,S3', 'by status');
        equal(ids(await store.transact((tx) => tx.findSessions({ user: 'alice', statuses: ['draft'] }))), 'S3', 'both');
        equal(ids(await store.transact((tx) => tx.findSessions({ limit: 2 }))), 'S1,S2', 'limit');
      });

      test('due sessions: planned or approved whose start or end came, active whose end came, earliest first', async (store) => {
        const at = (h: number) => new Date(Date.UTC(2026, 0, 1, h)).toISOString();
        await store.transact(async (tx) => {
          await tx.insertSession({ ...session('D1'), status: 'planned', start: at(5), end: at(20) }); // due at 05
          await tx.insertSession({ ...session('D2'), status: 'approved', start: at(3), end: at(4) }); // due at 03
          await tx.insertSession({ ...session('D3'), status: 'active', start: at(1), end: at(8) }); // due at 08
          await tx.insertSession({ ...session('N1'), status: 'planned', start: at(11), end: at(20) }); // not yet
          await tx.insertSession({ ...session('N2'), status: 'active', start: at(1), end: at(12) }); // not yet
          await tx.insertSession({ ...session('N3'), status: 'draft', start: at(1), end: at(2) }); // drafts never
          await tx.insertSession({ ...session('N4'), status: 'ended', start: at(1), end: at(2) }); // final
        });
        const due = await store.transact((tx) => tx.findDueSessions(at(10), 10));
        equal(due.map((s) => s.id).join(','), 'D2,D1,D3', 'due sessions, earliest first');
        equal((await store.transact((tx) => tx.findDueSessions(at(10), 2))).length, 2, 'limit');
      });

      test('session changes since a cursor', async (store) => {
        const first = await store.transact((tx) => tx.sessionChanges(0));
        equal(first.sessions.length, 0, 'nothing yet');
        await store.transact(async (tx) => {
          await tx.insertSession(session('S1'));
          await tx.insertSession(session('S2'));
        });
        const second = await store.transact((tx) => tx.sessionChanges(first.cursor));
        equal(second.sessions.map((s) => s.id).sort().join(','), 'S1,S2', 'both new sessions');
        await store.transact((tx) => tx.updateSession({ ...session('S2'), status: 'planned', version: 2 }));
        const third = await store.transact((tx) => tx.sessionChanges(second.cursor));
        equal(third.sessions.map((s) => `${s.id}:${s.status}`).join(','), 'S2:planned', 'only the update, in its current version');
        equal((await store.transact((tx) => tx.sessionChanges(third.cursor))).sessions.length, 0, 'nothing after the last cursor');
      });

      test('sequences are unique and increasing, also for concurrent units', async (store) => {
        const values = await Promise.all(Array.from({ length: 20 }, () => store.transact((tx) => tx.nextSequence('session'))));
        equal(new Set(values).size, 20, 'unique');
        equal(Math.min(...values), 1, 'starts at 1');
        equal(await store.transact((tx) => tx.nextSequence('other')), 1, 'sequences are independent');
      });
    });

    describe('user activity', () => {
      test('versions: new records start at 1, updates carry the next version', async (store) => {
        const a = { user: 'Alice', lastSignIn: '2026-01-01T00:00:00.000Z', openSignIns: [{ id: 'SI-1', at: '2026-01-01T00:00:00.000Z', sessions: ['TR-1'] }], version: 1 };
        await rejects(store.transact((tx) => tx.putUserActivity({ ...a, version: 2 })), 'CONCURRENT_MODIFICATION');
        await store.transact((tx) => tx.putUserActivity(a));
        equal((await store.transact((tx) => tx.getUserActivity('alice')))?.openSignIns[0]?.sessions[0], 'TR-1', 'read back case-insensitively');
        await rejects(store.transact((tx) => tx.putUserActivity(a)), 'CONCURRENT_MODIFICATION');
        await store.transact((tx) => tx.putUserActivity({ ...a, openSignIns: [], version: 2 }));
        equal((await store.transact((tx) => tx.getUserActivity('ALICE')))?.version, 2, 'updated');
      });
    });

    describe('logs', () => {
      test('append-only streams read back in order with a cursor', async (store) => {
        await store.transact((tx) => tx.appendLog('s/a', [{ n: 1 }, { n: 2 }, { n: 3 }]));
        await store.transact((tx) => tx.appendLog('s/b', [{ other: true }]));
        await store.transact((tx) => tx.appendLog('s/a', [{ n: 4 }, { n: 5 }]));
        const page1 = await store.transact((tx) => tx.readLog('s/a', { limit: 2 }));
        equal(page1.records.map((r) => `${r.seq}:${(r.data as { n: number }).n}`).join(','), '1:1,2:2', 'first page');
        equal(page1.more, true, 'more after the first page');
        const page2 = await store.transact((tx) => tx.readLog('s/a', { after: page1.cursor, limit: 10 }));
        equal(page2.records.map((r) => r.seq).join(','), '3,4,5', 'second page continues without gaps');
        equal(page2.more, false, 'no more');
        equal(page2.cursor, 5, 'cursor is the last seq');
        const empty = await store.transact((tx) => tx.readLog('s/a', { after: 5 }));
        equal(empty.records.length, 0, 'nothing after the end');
        equal(empty.cursor, 5, 'cursor stays');
        equal((await store.transact((tx) => tx.readLog('s/b'))).records.length, 1, 'streams are separate');
        equal((await store.transact((tx) => tx.readLog('s/none'))).records.length, 0, 'unknown stream is empty');
      });

      test('payloads round trip: unicode, nested values, keys such as __proto__', async (store) => {
        const payload = JSON.parse('{"__proto__":{"x":1},"text":"Zoë ☃ \\u0000? <&>","nested":{"list":[1,"two",null,true]}}') as unknown;
        await store.transact((tx) => tx.appendLog('s/a', [payload]));
        const read = (await store.transact((tx) => tx.readLog('s/a'))).records[0]!.data;
        equal(JSON.stringify(read), JSON.stringify(payload), 'payload');
        equal(({} as Record<string, unknown>)['x'], undefined, 'no prototype pollution');
      });

      test('concurrent appends to one stream keep every entry, numbered without gaps', async (store) => {
        await Promise.all(Array.from({ length: 10 }, (_, i) => store.transact((tx) => tx.appendLog('s/c', [{ i, part: 1 }, { i, part: 2 }]))));
        const page = await store.transact((tx) => tx.readLog('s/c', { limit: 100 }));
        equal(page.records.length, 20, 'all entries');
        equal(page.records.map((r) => r.seq).join(','), Array.from({ length: 20 }, (_, i) => i + 1).join(','), 'no gaps');
        for (let i = 0; i < 20; i += 2) {
          const a = page.records[i]!.data as { i: number; part: number };
          const b = page.records[i + 1]!.data as { i: number; part: number };
          equal(`${a.i}:${a.part},${b.i}:${b.part}`, `${a.i}:1,${a.i}:2`, 'entries of one append stay together');
        }
      });
    });

    describe('log tails', () => {
      test('lastLog returns the last record, own appends included, and null for an empty stream', async (store) => {
        await store.transact(async (tx) => {
          equal(await tx.lastLog('chain'), null, 'empty stream');
          await tx.appendLog('chain', [{ n: 1 }, { n: 2 }]);
          const tail = await tx.lastLog('chain');
          equal(tail?.seq, 2, 'own tail seq');
          equal((tail?.data as { n: number }).n, 2, 'own tail data');
        });
        const tail = await store.transact((tx) => tx.lastLog('chain'));
        equal(tail?.seq, 2, 'committed tail seq');
      });

      test('two units of work that read the same tail never both extend it', async (store) => {
        await store.transact((tx) => tx.appendLog('chain', [{ n: 1 }]));
        const extend = (who: string) =>
          store.transact(async (tx) => {
            const tail = await tx.lastLog('chain');
            await new Promise((resolve) => setTimeout(resolve, 5));
            await tx.appendLog('chain', [{ n: (tail?.seq ?? 0) + 1, who }]);
          });
        await Promise.allSettled([extend('a'), extend('b'), extend('c')]);
        const page = await store.transact((tx) => tx.readLog('chain'));
        page.records.forEach((r, i) => equal((r.data as { n: number }).n, i + 1, `entry ${i + 1} extends the tail it read`));
      });
    });

    describe('versions', () => {
      test('saves, lists without data, reads, deletes; ids are case-insensitive and unique', async (store) => {
        const version = { id: 'V1', name: 'Before go-live', description: null, createdAt: '2026-01-01T00:00:00.000Z', createdBy: 'admin', revision: 3, data: emptyData() };
        await store.transact((tx) => tx.saveVersion(version));
        await rejects(store.transact((tx) => tx.saveVersion({ ...version, name: 'again' })), 'DUPLICATE_ID');
        const listed = await store.transact((tx) => tx.listVersions());
        equal(listed.length, 1, 'listed');
        equal('data' in listed[0]!, false, 'listing leaves data out');
        equal((await store.transact((tx) => tx.getVersion('v1')))?.revision, 3, 'read back');
        equal(await store.transact((tx) => tx.deleteVersion('V1')), true, 'deleted');
        equal(await store.transact((tx) => tx.deleteVersion('V1')), false, 'deleted twice');
        equal(await store.transact((tx) => tx.getVersion('V1')), undefined, 'gone');
      });

      test('a version saved by a failed unit of work is not kept', async (store) => {
        await store
          .transact(async (tx) => {
            await tx.saveVersion({ id: 'V1', name: 'x', description: null, createdAt: '2026-01-01T00:00:00.000Z', createdBy: 'admin', revision: 0, data: emptyData() });
            throw new Error('boom');
          })
          .catch(() => undefined);
        equal((await store.transact((tx) => tx.listVersions())).length, 0, 'no version');
      });
    });

    describe('malformed arguments', () => {
      test('records that are not records, or whose reading throws, are VALIDATION_FAILED and nothing is stored', async (store) => {
        const trap = () => {
          throw new Error('trap');
        };
        // A Proxy every trap of which throws, an object whose fields are getters that throw, and plain wrong values.
        const unreadable = new Proxy({}, { get: trap, has: trap, ownKeys: trap, getOwnPropertyDescriptor: trap, getPrototypeOf: trap });
        const getters = Object.defineProperties({}, Object.fromEntries(['id', 'user', 'revision', 'data', 'version', 'limit', 'after', 'statuses'].map((k) => [k, { get: trap, enumerable: true }])));
        const bad: readonly unknown[] = [null, 42, 'x', unreadable, getters];
        const version = { id: 'V1', name: 'v', description: null, createdAt: '2026-01-01T00:00:00.000Z', createdBy: 'admin', revision: 0, data: emptyData() };
        const calls: readonly [string, (tx: Parameters<Parameters<Store['transact']>[0]>[0], value: unknown) => Promise<unknown>][] = [
          ['appendState', (tx, v) => tx.appendState(0, v as never)],
          ['appendState record', (tx, v) => tx.appendState(0, [v] as never)],
          ['saveSnapshot', (tx, v) => tx.saveSnapshot(v as never)],
          ['saveSnapshot data', (tx, v) => tx.saveSnapshot({ revision: 0, data: { users: [v] } } as never)],
          ['insertSession', (tx, v) => tx.insertSession(v as never)],
          ['findSessions', (tx, v) => tx.findSessions(v as never)],
          ['putUserActivity', (tx, v) => tx.putUserActivity(v as never)],
          ['appendLog', (tx, v) => tx.appendLog('stream', v as never)],
          ['appendLog entry', (tx, v) => tx.appendLog('stream', [{ entry: v }] as never)],
          ['readLog', (tx, v) => tx.readLog('stream', v as never)],
          ['saveVersion', (tx, v) => tx.saveVersion(v as never)],
          ['saveVersion data', (tx, v) => tx.saveVersion({ ...version, data: { users: [v] } } as never)],
        ];
        // Where the value goes inside a record, plain values are data a record may hold (the store
        // does not parse the service's records): only values whose reading throws are refused there.
        const inside = new Set(['appendState record', 'saveSnapshot data', 'appendLog entry', 'saveVersion data']);
        for (const [what, call] of calls) {
          for (const value of inside.has(what) ? [unreadable, getters] : bad) {
            try {
              await store.transact((tx) => call(tx, value));
            } catch (error) {
              if (error instanceof SecGovError && error.code === 'VALIDATION_FAILED') continue;
              throw new Error(`${what}: expected VALIDATION_FAILED, got ${error instanceof Error ? `${error.name} ${(error as SecGovError).code ?? ''}: ${error.message}` : String(error)}`);
            }
            throw new Error(`${what}: a malformed argument was taken`);
          }
        }
        equal(await store.transact((tx) => tx.stateRevision()), 0, 'revision');
        equal((await store.transact((tx) => tx.readLog('stream'))).records.length, 0, 'log');
        equal((await store.transact((tx) => tx.listVersions())).length, 0, 'versions');
      });

      test('every method given arguments of the wrong type, or whose reading throws, answers or fails with a SecGovError', async (store) => {
        const trap = () => {
          throw new Error('trap');
        };
        const unreadable = new Proxy({}, { get: trap, has: trap, ownKeys: trap, getOwnPropertyDescriptor: trap, getPrototypeOf: trap });
        const bad: readonly unknown[] = [null, Object.create(null), Symbol('s'), 10n, unreadable, [unreadable]];
        const methods = ['stateRevision', 'readState', 'appendState', 'saveSnapshot', 'getSession', 'findSessions', 'findDueSessions', 'insertSession', 'updateSession', 'sessionChanges', 'nextSequence', 'getUserActivity', 'putUserActivity', 'appendLog', 'readLog', 'lastLog', 'saveVersion', 'getVersion', 'listVersions', 'deleteVersion'] as const;
        for (const method of methods) {
          for (const value of bad) {
            for (const args of [[value, value], ['x', value]]) {
              try {
                await store.transact((tx) => (tx[method] as (...a: unknown[]) => Promise<unknown>)(...args));
              } catch (error) {
                if (error instanceof SecGovError) continue;
                throw new Error(`${method}: expected an answer or a SecGovError, got ${error instanceof Error ? `${error.name}: ${error.message}` : typeof error}`);
              }
            }
          }
        }
        equal(await store.transact((tx) => tx.stateRevision()), 0, 'revision');
      });
    });
  });
}

function globalTestApi(): TestApi {
  const g = globalThis as { describe?: TestApi['describe']; it?: TestApi['it'] };
  if (typeof g.describe !== 'function' || typeof g.it !== 'function') {
    throw new SecGovError('VALIDATION_FAILED', 'describeStoreConformance needs describe and it: pass { describe, it } from your test framework');
  }
  return { describe: g.describe, it: g.it };
}

function equal(actual: unknown, expected: unknown, what: string): void {
  if (!Object.is(actual, expected)) throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

async function rejects(promise: Promise<unknown>, code: string): Promise<void> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SecGovError && error.code === code) return;
    throw new Error(`expected a SecGovError ${code}, got ${error instanceof Error ? `${error.name} ${(error as SecGovError).code ?? ''}: ${error.message}` : String(error)}`);
  }
  throw new Error(`expected a SecGovError ${code}, but the call succeeded`);
}

function session(id: string): Session {
  return {
    id,
    kind: 'temporary-role',
    status: 'draft',
    user: 'u1',
    roles: ['R1'],
    scope: 'all',
    type: 'merge',
    account: null,
    start: '2026-01-01T00:00:00.000Z',
    end: '2026-01-02T00:00:00.000Z',
    justification: null,
    ticket: null,
    requestedBy: 'admin',
    requestedAt: '2025-12-31T00:00:00.000Z',
    approvedBy: null,
    approvedAt: null,
    startedAt: null,
    endedAt: null,
    endReason: null,
    assignedDuring: [],
    version: 1,
  };
}

function changeRecord(name: string) {
  return { op: 'add', kind: 'organization', value: { id: name, name } } as const;
}

function emptyData() {
  return { entryPoints: [], privileges: [], duties: [], roles: [], users: [], organizations: [], assignments: [], sodRules: [], conflicts: [], exclusions: [], securityCategories: [], processes: [], tasks: [], assignmentRules: [] };
}
