import { afterAll, beforeAll, expect, it } from 'vitest';
import type pg from 'pg';
import { createGovernance, createModel, SecGovError, type Governance, type Session } from '../../../src/index.js';
import { postgresStore } from '../../../src/postgres.js';
import { ManualClock } from '../../../src/testing/index.js';
import { describeServer, dropSchema, freshStore, newPool, persist } from './server.js';

// Four servers approve, at once, sessions of the same users that may not overlap: Replace sessions
// (for the first half of the users) and privileged sessions that would enable and disable the same
// account (for the second half). Each approval is checked against the user's other sessions as its
// unit of work reads them; on a real server two approvals may read before either commits, and only
// one of them may win.

const USERS = 60;
const WORKERS = 4;
const HALF = USERS / 2;
const userId = (i: number) => `User${String(i).padStart(3, '0')}`;

describeServer('session approvals racing on four servers (PostgreSQL)', () => {
  let admin: pg.Pool;
  let schema: string;
  const pools: pg.Pool[] = [];
  const clock = new ManualClock('2026-03-01T00:00:00Z');

  beforeAll(async () => {
    admin = newPool({ max: 4 });
    const { store, schema: s } = await freshStore(admin, 'sessionrace');
    schema = s;
    const model = createModel({
      roles: [{ id: '-SYSADMIN-', name: 'System administrator' }, { id: 'Cover', name: 'Cover' }],
      users: [{ id: 'admin', name: 'Admin' }, { id: 'approver', name: 'Approver' }, ...Array.from({ length: USERS }, (_, i) => ({ id: userId(i), name: `User ${i}` }))],
      assignments: [{ user: 'admin', role: '-SYSADMIN-' }, { user: 'approver', role: '-SYSADMIN-' }],
    });
    await createGovernance({ store, clock, model });
  });

  afterAll(async () => {
    for (const pool of pools) await pool.end().catch(() => undefined);
    if (schema) await dropSchema(admin, schema);
    await admin.end();
  });

  async function worker(): Promise<Governance> {
    const pool = newPool({ max: 2 });
    pools.push(pool);
    return createGovernance({ store: postgresStore({ pool, schema, endPoolOnClose: false }), clock });
  }

  it('only sessions that may overlap are approved together', { timeout: 120_000 }, async () => {
    const govs: Governance[] = [];
    for (let w = 0; w < WORKERS; w++) govs.push(await worker());
    // Each server drafts one session per user, all overlapping (drafts hold no slot).
    const drafts: string[][] = [];
    for (const [w, gov] of govs.entries()) {
      const ids: string[] = [];
      for (let i = 0; i < USERS; i++) {
        const start = `2026-03-02T0${w}:00:00.000Z`;
        const draft = i < HALF
          ? await gov.createTemporaryRoleSession('admin', { user: userId(i), roles: ['Cover'], type: 'replace', start, end: '2026-03-02T20:00:00.000Z' })
          : await gov.createPrivilegedSession('admin', { user: userId(i), account: w % 2 === 0 ? 'enable' : 'disable', roles: [], start, end: '2026-03-02T20:00:00.000Z' });
        ids.push(draft.id);
      }
      drafts.push(ids);
    }
    // All approved at once (retried while another server wins); a refusal (SESSION_INVALID) is an
    // answer, anything else is not.
    await Promise.all(govs.map(async (gov, w) => {
      for (const id of drafts[w]!) {
        try {
          await persist(() => gov.approveSession('approver', id));
        } catch (error) {
          if (!(error instanceof SecGovError && error.code === 'SESSION_INVALID')) throw error;
        }
      }
    }));

    const reader = await worker();
    const scheduled = new Map<string, Session[]>();
    for (const s of await reader.listSessions({ statuses: ['planned', 'approved'] })) scheduled.set(s.user, [...(scheduled.get(s.user) ?? []), s]);
    for (let i = 0; i < USERS; i++) {
      const sessions = scheduled.get(userId(i)) ?? [];
      expect(sessions.length, userId(i)).toBeGreaterThan(0);
      // One Replace session at most; privileged sessions all doing the same to the account.
      if (i < HALF) expect(sessions.length, `${userId(i)}: overlapping Replace sessions`).toBe(1);
      else expect(new Set(sessions.map((s) => s.account)).size, `${userId(i)}: sessions enabling and disabling the account`).toBe(1);
    }
    expect((await reader.verifyAuditTrail()).ok).toBe(true);
  });
});
