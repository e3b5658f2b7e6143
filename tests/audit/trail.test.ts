import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memoryStore, roleAssignmentTrail, type LogRecord, type Store, type StoreTransaction } from '../../src/index.js';
import { sha256Hex } from '../../src/audit/sha256.js';
import { AuditChainVerifier, sealAuditEntry, type StoredAuditEntry } from '../../src/audit/trail.js';
import { makeFixture } from '../governance/fixture.js';

describe('sha256Hex', () => {
  it('equals Web Crypto on random strings and bytes', async () => {
    const webCrypto = async (bytes: Uint8Array) => Buffer.from(await crypto.subtle.digest('SHA-256', bytes)).toString('hex');
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.uint8Array({ maxLength: 300 })), async (input) => {
        const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
        expect(sha256Hex(input)).toBe(await webCrypto(bytes));
      }),
      { numRuns: 300 },
    );
    for (const n of [0, 55, 56, 63, 64, 65, 119, 120, 5000]) expect(sha256Hex('a'.repeat(n))).toBe(await webCrypto(new TextEncoder().encode('a'.repeat(n))));
  });
});

/** A store whose audit log reads come back through `tamper`, as if someone edited the stored trail. */
function tamperedStore(inner: Store, tamper: (records: LogRecord[]) => LogRecord[]): Store {
  return {
    transact: (work) =>
      inner.transact((tx) => {
        const readLog: StoreTransaction['readLog'] = async (stream, options) => {
          if (stream !== 'audit') return tx.readLog(stream, options);
          const all: LogRecord[] = [];
          for (let after = 0; ; ) {
            const page = await tx.readLog(stream, { after, limit: 1000 });
            all.push(...page.records);
            after = page.cursor;
            if (!page.more) break;
          }
          const changed = tamper(all).map((r, i) => ({ seq: i + 1, data: r.data }));
          const from = options?.after ?? 0;
          const records = changed.slice(from, from + (options?.limit ?? 1000));
          return { records, cursor: from + records.length, more: from + records.length < changed.length };
        };
        return work({ ...tx, readLog });
      }),
  };
}

async function trailOfSix() {
  const store = memoryStore();
  const f = await makeFixture({ store });
  await f.gov.assign('admin', { user: 'carol', role: 'Buyer' });
  await f.gov.apply('admin', [{ op: 'setParameters', patch: { fourEyesApproval: true } }], { reason: 'Policy 7' });
  const s = await f.gov.createTemporaryRoleSession('admin', { user: 'bob', roles: ['Auditor'], type: 'merge', start: '2026-03-03T00:00:00Z', end: '2026-03-04T00:00:00Z' });
  await f.gov.approveSession('admin2', s.id);
  f.clock.set('2026-03-03T01:00:00Z');
  await f.gov.process();
  return { ...f, store };
}

describe('the audit trail', () => {
  it('has one entry per command, with actor, command, reason, changes and session transitions', async () => {
    const { gov } = await trailOfSix();
    const trail = await gov.auditTrail();
    expect(trail.map((e) => [e.seq, e.actor, e.command])).toEqual([
      [1, 'system', 'initialize'],
      [2, 'admin', 'apply'],
      [3, 'admin', 'apply'],
      [4, 'admin', 'createTemporaryRoleSession'],
      [5, 'admin2', 'approveSession'],
      [6, 'processor', 'process'],
    ]);
    expect(trail[1]!.changes).toEqual([{ op: 'assign', assignment: { user: 'carol', role: 'Buyer', scope: 'all', source: 'manual' } }]);
    expect(trail[2]!.reason).toBe('Policy 7');
    expect(trail[5]!.details?.['sessions']).toMatchObject([{ event: 'start', from: 'planned', to: 'active', user: 'bob', roles: ['Auditor'] }]);
    expect(await gov.verifyAuditTrail()).toEqual({ ok: true, entries: 6, head: trail[5]!.hash });
  });

  it('does not record refused commands', async () => {
    const { gov } = await makeFixture();
    await expect(gov.assign('bob', { user: 'bob', role: 'Buyer' })).rejects.toMatchObject({ code: 'NOT_AUTHORIZED' });
    await expect(gov.assign('admin', { user: 'bob', role: 'Nope' })).rejects.toMatchObject({ code: 'MISSING_REFERENCE' });
    expect((await gov.auditTrail()).map((e) => e.command)).toEqual(['initialize']);
  });

  const body = (r: LogRecord) => r.data as StoredAuditEntry;
  it.each<[string, (records: LogRecord[]) => LogRecord[], { seq: number; reason: string }]>([
    ['content altered', (rs) => rs.map((r, i) => (i === 2 ? { ...r, data: { ...body(r), body: body(r).body.replace('Policy 7', 'Policy 8') } } : r)), { seq: 3, reason: 'content-altered' }],
    [
      'content altered and its hash recomputed',
      (rs) => rs.map((r, i) => {
        if (i !== 2) return r;
        const e = body(r);
        const forged = sealAuditEntry({ seq: e.seq - 1, hash: e.prev }, { ...JSON.parse(e.body), reason: 'forged' });
        return { ...r, data: forged };
      }),
      { seq: 4, reason: 'link-broken' },
    ],
    ['an entry removed', (rs) => rs.filter((_, i) => i !== 3), { seq: 4, reason: 'out-of-order' }],
    ['two entries swapped', (rs) => [rs[0]!, rs[2]!, rs[1]!, ...rs.slice(3)], { seq: 2, reason: 'out-of-order' }],
    ['a foreign entry inserted', (rs) => [...rs.slice(0, 5), { seq: 0, data: { nonsense: true } }, rs[5]!], { seq: 6, reason: 'malformed' }],
  ])('names the first entry when %s', async (_label, tamper, expected) => {
    const { store, clock } = await trailOfSix();
    const { createGovernance } = await import('../../src/index.js');
    const reader = await createGovernance({ store: tamperedStore(store, tamper), clock });
    const result = await reader.verifyAuditTrail();
    expect(result).toMatchObject({ ok: false, ...expected });
  });

  it('verifies a stream entry by entry', () => {
    const verifier = new AuditChainVerifier();
    let previous: { seq: number; hash: string } | null = null;
    for (let i = 0; i < 100; i++) {
      const entry = sealAuditEntry(previous, { at: '2026-01-01T00:00:00.000Z', actor: 'a', command: 'apply', changes: [], reason: null, details: { i } });
      expect(verifier.push(i + 1, entry)).toBe(true);
      previous = entry;
    }
    expect(verifier.result()).toMatchObject({ ok: true, entries: 100 });
  });
});

describe('questions answered from the trail', () => {
  it('history of one object and of the parameters', async () => {
    const { gov } = await trailOfSix();
    await gov.apply('admin', [{ op: 'update', kind: 'role', id: 'Buyer', patch: { description: 'Buys' } }], { reason: 'Clarify' });
    const role = await gov.history('role', 'buyer');
    expect(role.map((h) => [h.actor, h.change.op])).toEqual([['admin', 'assign'], ['admin', 'update']]);
    expect(role[1]!.reason).toBe('Clarify');
    expect((await gov.history('parameters')).map((h) => h.reason)).toEqual(['Policy 7']);
    await expect(gov.history('spaceship' as never, 'x')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('role assignment audit trail: manual, automatic and sessions', async () => {
    const { gov, clock } = await trailOfSix();
    await gov.unassign('admin', 'carol', 'Buyer');
    await gov.assign('admin', { user: 'carol', role: 'Auditor', scope: 'all', source: 'automatic' });
    clock.set('2026-03-04T01:00:00Z');
    await gov.process();
    const events = await gov.roleAssignmentTrail();
    expect(events.map((e) => [e.user, e.role, e.change, e.source, e.actor])).toEqual([
      ['carol', 'Buyer', 'assigned', 'manual', 'admin'],
      ['bob', 'Auditor', 'assigned', 'session', 'processor'],
      ['carol', 'Buyer', 'unassigned', 'manual', 'admin'],
      ['carol', 'Auditor', 'assigned', 'automatic', 'admin'],
      ['bob', 'Auditor', 'unassigned', 'session', 'processor'],
    ]);
    expect((await gov.roleAssignmentTrail({ user: 'bob', from: '2026-03-04T00:00:00Z' })).map((e) => e.change)).toEqual(['unassigned']);
    expect((await gov.roleAssignmentTrail({ role: 'buyer' })).length).toBe(2);
    // The events go into the report as they are, session and reason included.
    const report = roleAssignmentTrail(events, { user: 'bob' });
    expect(report.changes).toEqual(events.filter((e) => e.user === 'bob'));
    expect(report.tables[0]!.columns.map((c) => c.key)).toEqual(['at', 'user', 'role', 'change', 'source', 'actor', 'session', 'reason']);
    expect(report.changes.every((c) => typeof c.session === 'string')).toBe(true);
  });
});
