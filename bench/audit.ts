/**
 * Audit section: appending entries to the SHA-256-chained security audit trail on the memory
 * store (one unit of work per entry, as each command does) and verifying the whole chain.
 *
 * @module
 */
import { memoryStore } from '../src/adapters/memory/store.js';
import { AUDIT_STREAM, AuditChainVerifier, sealAuditEntry, type AuditContent, type StoredAuditEntry } from '../src/audit/trail.js';
import type { BenchSection } from './context.js';
import { measureAsync } from './timing.js';

const SECTION = 'audit';

/** The audit section. */
export const auditSection: BenchSection = {
  name: SECTION,
  title: 'security audit trail: chained appends on the memory store and verification',
  async run(context) {
    const { report } = context;
    const count = context.scale(100_000, 2_000);
    const users = [...context.model.users.values()].map((u) => u.id);
    const roles = [...context.model.roles.values()].map((r) => r.id);
    const content = (i: number): AuditContent => ({
      at: new Date(Date.UTC(2026, 2, 2) + i * 1000).toISOString(),
      actor: 'admin',
      command: 'apply',
      changes: [{ op: 'assign', assignment: { user: users[i % users.length]!, role: roles[i % roles.length]!, scope: 'all', source: 'manual' } }],
      reason: null,
      details: null,
    });
    const store = memoryStore();
    context.log(`audit: appending ${count.toLocaleString('en-US')} entries, one unit of work each`);
    let t = performance.now();
    for (let i = 0; i < count; i++) {
      await store.transact(async (tx) => {
        const tail = await tx.lastLog(AUDIT_STREAM);
        const previous = tail ? { seq: tail.seq, hash: (tail.data as StoredAuditEntry).hash } : null;
        await tx.appendLog(AUDIT_STREAM, [sealAuditEntry(previous, content(i))]);
      });
    }
    const appendMs = performance.now() - t;
    report.figure(SECTION, 'audit.append_per_s', (count / appendMs) * 1000, 'entries/s', `${count.toLocaleString('en-US')} entries (an assignment each), memory store, one unit of work per entry: claim the tail, hash, append`, {
      op: '>=', target: 50_000, label: '≥ 50,000/s',
    });

    context.log('audit: verifying the chain');
    // Verification only reads: timed like the other figures (a warm-up pass, then the median of
    // three), where one cold pass moved with the machine's load between 150,000 and 260,000/s.
    const verifyAll = async (): Promise<void> => {
      const verifier = new AuditChainVerifier();
      let after = 0;
      for (;;) {
        const page = await store.transact((tx) => tx.readLog(AUDIT_STREAM, { after, limit: 10_000 }));
        for (const record of page.records) verifier.push(record.seq, record.data);
        after = page.cursor;
        if (!page.more) break;
      }
      const result = verifier.result();
      if (!result.ok || result.entries !== count) throw new Error(`bench: verification failed: ${JSON.stringify(result)}`);
    };
    const verify = await measureAsync(verifyAll, { warmup: 1, runs: context.scale(3, 1) });
    const verifyMs = verify.median;
    report.figure(SECTION, 'audit.verify_per_s', (count / verifyMs) * 1000, 'entries/s', `read back page by page and verify ${count.toLocaleString('en-US')} chained entries, median of ${verify.runs} passes after a warm-up pass`, {
      op: '>=', target: 200_000, label: '≥ 200,000/s',
    });
  },
};
