/**
 * Property tests: the report rows against deliberately simple brute-force references on random
 * small models (random licence catalogues, sub-role DAGs, disabled users, an administrator role,
 * hostile ids, sign-ins at random distances), random SoD rules, sessions and assignment changes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyChanges,
  createModel,
  dormantUsersReport,
  idKey,
  licenseUsageDiff,
  licenseUsageReport,
  rights,
  roleAssignmentChangeSchema,
  roleAssignmentTrail,
  sessionStatuses,
  sessionsReport,
  sodConflictsReport,
  userAgingReport,
  userSecurityAnalysis,
  verifyCompliance,
  type ModelDataInput,
  type RoleAssignmentChange,
  type SecurityModel,
  type Session,
} from '../../src/index.js';
import { modelDataArb } from '../licensing/arbitraries.js';
import { referenceLicenses } from '../reference/licensing.js';
import { roleBrings } from '../reference/sod.js';

const AT = '2026-03-01T00:00:00.000Z';
const DAY = 86_400_000;
const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Models with sign-ins at random distances from AT (some never, some after AT) and random aging periods. */
const activityModelArb = fc
  .record({
    data: modelDataArb,
    offsets: fc.array(fc.option(fc.integer({ min: -5 * DAY, max: 900 * DAY }), { nil: null }), { minLength: 8, maxLength: 8 }),
    periods: fc.uniqueArray(fc.integer({ min: 1, max: 500 }), { minLength: 5, maxLength: 5 }).map((p) => [...p].sort((a, b) => a - b)),
  })
  .map(({ data, offsets, periods }): ModelDataInput => ({
    ...data,
    users: (data.users ?? []).map((u, i) => ({ ...u, lastSignIn: offsets[i] == null ? null : new Date(Date.parse(AT) - offsets[i]!).toISOString() })),
    parameters: { ...(data.parameters ?? {}), agingPeriods: periods as [number, number, number, number, number] },
  }));

/** Privilege ids a role reaches, by plain recursion. */
function privilegesOf(model: SecurityModel, roleId: string): string[] {
  const role = [...model.roles.values()].find((r) => same(r.id, roleId));
  if (!role) return [];
  const out: string[] = [];
  for (const d of role.duties) out.push(...([...model.duties.values()].find((x) => same(x.id, d))?.privileges ?? []));
  out.push(...role.privileges);
  for (const s of role.subRoles) out.push(...privilegesOf(model, s));
  return out;
}

const grantsOf = (model: SecurityModel, privilegeId: string) => [...model.privileges.values()].find((p) => same(p.id, privilegeId))?.grants ?? [];
const userRoles = (model: SecurityModel, user: string) => [...model.assignments.values()].filter((a) => same(a.user, user)).map((a) => a.role);

/** Entry points (lower-cased ids) a user reaches through grants allowing some right. */
function reachedBy(model: SecurityModel, user: string): Set<string> {
  const out = new Set<string>();
  for (const role of userRoles(model, user)) {
    for (const p of privilegesOf(model, role)) for (const g of grantsOf(model, p)) if (rights.some((r) => g[r] === 'allow')) out.add(g.entryPoint.toLowerCase());
  }
  return out;
}

describe('reports against brute force', () => {
  it('licence rows by user, role, duty, privilege and entry point, and the totals', () => {
    fc.assert(
      fc.property(modelDataArb, (data) => {
        const model = createModel(data);
        const ref = referenceLicenses(model);
        for (const by of ['user', 'role', 'duty', 'privilege'] as const) {
          const report = licenseUsageReport(model, { by });
          for (const row of report.rows) {
            const id = 'user' in row ? row.user : row.id;
            const expected = ref.of(by, id);
            expect(row.base).toBe(expected.base);
            expect(row.attach).toEqual(expected.attach);
            if ('quantity' in row) expect(row.quantity).toBe(expected.licenses.length);
            else {
              const count = (s: string) => expected.entitlement.filter((e) => e.status === s).length;
              expect([row.entitled, row.notEntitled, row.notRequired]).toEqual([count('entitled'), count('not-entitled'), count('not-required')]);
            }
          }
          expect(report.rows).toHaveLength(by === 'user' ? model.users.size : by === 'role' ? model.roles.size : by === 'duty' ? model.duties.size : model.privileges.size);
          const summary = ref.summary();
          expect(report.totals.map((t) => [t.license, t.base, t.attach])).toEqual(summary.licenses.map((l) => [l.license, l.base, l.attach]));
        }
        const rows = licenseUsageReport(model, { by: 'entry-point' }).rows;
        const expected = [...model.privileges.values()]
          .sort((a, b) => (idKey(a.id) < idKey(b.id) ? -1 : idKey(a.id) > idKey(b.id) ? 1 : 0))
          .flatMap((p) => {
            const base = ref.of('privilege', p.id).base;
            return p.grants.map((g) => {
              const license = ref.grantLicense(g);
              const status = license === null ? 'not-required' : base !== null && ref.covers(base, license) ? 'entitled' : 'not-entitled';
              return [p.id, g.entryPoint.toLowerCase(), license, status, rights.filter((r) => g[r] === 'allow')];
            });
          });
        expect(rows.map((r) => [r.privilege, r.entryPoint.toLowerCase(), r.license, r.status, r.rights])).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });

  it('aging buckets and dormant users', () => {
    fc.assert(
      fc.property(activityModelArb, fc.integer({ min: 0, max: 600 }), fc.constantFrom('enabled', 'disabled', 'all' as const), (data, threshold, status) => {
        const model = createModel(data);
        const periods = model.parameters.agingPeriods;
        const report = userAgingReport(model, { at: AT });
        const days = (u: { lastSignIn: string | null }) => (u.lastSignIn === null ? -1 : Math.max(0, Math.floor((Date.parse(AT) - Date.parse(u.lastSignIn)) / DAY)));
        const bucketOf = (d: number) => (d < 0 ? 6 : d <= periods[0] ? 0 : d <= periods[1] ? 1 : d <= periods[2] ? 2 : d <= periods[3] ? 3 : d <= periods[4] ? 4 : 5);
        for (const row of report.users) {
          const user = model.users.get(idKey(row.user))!;
          expect(row.daysSinceSignIn).toBe(days(user));
          expect(row.bucket).toBe(report.buckets[bucketOf(days(user))]!.bucket);
        }
        for (const [i, b] of report.buckets.entries()) {
          const inIt = [...model.users.values()].filter((u) => bucketOf(days(u)) === i);
          expect([b.enabled, b.disabled]).toEqual([inIt.filter((u) => u.enabled).length, inIt.filter((u) => !u.enabled).length]);
        }
        const dormant = dormantUsersReport(model, { at: AT, daysInactive: threshold, status });
        const expected = [...model.users.values()].filter((u) => (status === 'all' || u.enabled === (status === 'enabled')) && (days(u) < 0 || days(u) >= threshold));
        expect(dormant.users.map((u) => u.user).sort()).toEqual(expected.map((u) => u.id).sort());
        const order = dormant.users.map((u) => (u.daysSinceSignIn < 0 ? Infinity : u.daysSinceSignIn));
        expect(order).toEqual([...order].sort((a, b) => b - a));
      }),
      { numRuns: 200 },
    );
  });

  it('security analysis: effective rights, similar users and every path', () => {
    fc.assert(
      fc.property(modelDataArb, fc.nat(), (data, pick) => {
        const model = createModel(data);
        if (model.users.size === 0) return;
        const users = [...model.users.values()];
        const user = users[pick % users.length]!;
        const report = userSecurityAnalysis(model, user.id, { similarUsers: 10_000 });

        // Effective rights: over every reachable grant, deny wins; nothing for a disabled user.
        const byEp = new Map<string, { allow: Set<string>; deny: Set<string> }>();
        for (const role of userRoles(model, user.id)) {
          for (const p of privilegesOf(model, role)) {
            for (const g of grantsOf(model, p)) {
              const e = byEp.get(g.entryPoint.toLowerCase()) ?? { allow: new Set<string>(), deny: new Set<string>() };
              byEp.set(g.entryPoint.toLowerCase(), e);
              for (const r of rights) {
                if (g[r] === 'allow') e.allow.add(r);
                if (g[r] === 'deny') e.deny.add(r);
              }
            }
          }
        }
        const expected = user.enabled
          ? [...byEp]
              .map(([ep, e]) => [ep, rights.filter((r) => e.allow.has(r) && !e.deny.has(r)), rights.filter((r) => e.deny.has(r))] as const)
              .filter(([, a, d]) => a.length + d.length > 0)
              .sort((a, b) => (a[0] < b[0] ? -1 : 1))
          : [];
        expect(report.effective.map((e) => [e.entryPoint.toLowerCase(), e.allowed, e.denied])).toEqual(expected);

        // Similar users: every pair compared.
        const mine = reachedBy(model, user.id);
        const others = users
          .filter((u) => !same(u.id, user.id))
          .map((u) => {
            const theirs = reachedBy(model, u.id);
            const shared = [...mine].filter((e) => theirs.has(e)).length;
            return { user: u.id, shared, theirs: theirs.size };
          })
          .filter((o) => o.shared > 0)
          .sort((a, b) => b.shared - a.shared || (idKey(a.user) < idKey(b.user) ? -1 : 1));
        expect(report.similar.map((s) => [s.user, s.shared, s.otherEntryPoints])).toEqual(others.map((o) => [o.user, o.shared, o.theirs]));
        // Paths: one per grant (of an entry point in the model) along each role chain, depth first.
        const find = <T extends { id: string }>(records: Iterable<T>, id: string) => [...records].find((r) => same(r.id, id));
        const expectedPaths: string[] = [];
        const walk = (chain: string[], roleId: string, scope: string): void => {
          const role = find(model.roles.values(), roleId);
          if (!role || chain.some((c) => same(c, role.id))) return;
          const names = [...chain, role.id];
          const rows = (duty: string | null, privilegeId: string) => {
            const privilege = find(model.privileges.values(), privilegeId);
            for (const g of privilege?.grants ?? []) if (model.entryPoints.has(idKey(g.entryPoint))) expectedPaths.push(JSON.stringify([names, scope, duty, privilege!.id, g.entryPoint.toLowerCase()]));
          };
          for (const d of role.duties) {
            const duty = find(model.duties.values(), d);
            for (const p of duty?.privileges ?? []) rows(duty!.id, p);
          }
          for (const p of role.privileges) rows(null, p);
          for (const s of role.subRoles) walk(names, s, scope);
        };
        const held = [...model.assignments.values()].filter((a) => same(a.user, user.id)).sort((a, b) => (idKey(a.role) < idKey(b.role) ? -1 : idKey(a.role) > idKey(b.role) ? 1 : a.role < b.role ? -1 : 1));
        for (const a of held) walk([], a.role, report.paths.find((p) => same(p.roles[0]!, a.role))?.scope ?? '');
        expect(report.paths.map((p) => JSON.stringify([p.roles, p.scope, p.duty, p.privilege, p.entryPoint.toLowerCase()]))).toEqual(expectedPaths);
        expect(report.truncated).toBe(false);
      }),
      { numRuns: 200 },
    );
  });

  it('SoD conflicts mirror the compliance scan; roles violating SoD match a brute-force role walk', () => {
    const withRules = modelDataArb.chain((data) => {
      const duties = (data.duties ?? []).map((d) => d.id);
      if (duties.length < 2) return fc.constant(data);
      return fc
        .array(fc.record({ a: fc.nat(duties.length - 1), b: fc.nat(duties.length - 1), enabled: fc.boolean(), severity: fc.constantFrom('low', 'medium', 'high', 'critical' as const) }), { maxLength: 5 })
        .map((rules) => ({
          ...data,
          sodRules: rules.filter((r) => r.a !== r.b).map((r, i) => ({ id: `R${i}`, name: `Rule ${i}`, firstDuty: duties[r.a]!, secondDuty: duties[r.b]!, enabled: r.enabled, severity: r.severity })),
        }));
    });
    fc.assert(
      fc.property(withRules, (data) => {
        const model = createModel(data);
        const report = sodConflictsReport(model, { at: AT });
        const scan = verifyCompliance(model, { at: AT });
        expect(report.conflicts).toHaveLength(scan.violations.length + scan.overridden.length);
        const key = (x: { user: string; rule: string }) => `${idKey(x.user)} ${idKey(x.rule)}`;
        expect(report.conflicts.map(key).sort()).toEqual([...scan.violations, ...scan.overridden].map(key).sort());
        const expected = new Map<string, string[]>();
        for (const role of model.roles.values()) {
          for (const rule of model.sodRules.values()) {
            if (rule.enabled && roleBrings(model, role.id, rule.firstDuty) && roleBrings(model, role.id, rule.secondDuty)) expected.set(role.id, [...(expected.get(role.id) ?? []), rule.id]);
          }
        }
        expect(Object.fromEntries(report.roles.map((r) => [r.role, [...r.rules].sort()]))).toEqual(Object.fromEntries([...expected].map(([k, v]) => [k, v.sort()])));
        for (const r of report.roles) expect(r.violations).toBe(r.rules.length);
      }),
      { numRuns: 150 },
    );
  });

  it('sessions: every session lands where a plain reading of the rules puts it', () => {
    const instant = fc.integer({ min: -40, max: 40 }).map((d) => new Date(Date.parse(AT) + d * DAY).toISOString());
    const sessionArb = fc.record({ status: fc.constantFrom(...sessionStatuses), kind: fc.constantFrom('temporary-role', 'privileged' as const), start: instant, length: fc.integer({ min: 1, max: 20 }), endedAt: instant });
    fc.assert(
      fc.property(fc.array(sessionArb, { maxLength: 20 }), instant, instant, (seeds, from, to) => {
        const sessions: Session[] = seeds.map((s, i) => ({
          id: `S${i}`, kind: s.kind, status: s.status, user: 'u', roles: [], scope: 'all', type: 'merge', account: null,
          start: s.start, end: new Date(Date.parse(s.start) + s.length * DAY).toISOString(), justification: null, ticket: null,
          requestedBy: 'a', requestedAt: s.start, approvedBy: null, approvedAt: null, startedAt: null,
          endedAt: s.status === 'ended' ? s.endedAt : null, endReason: null, assignedDuring: [], version: 1,
        }));
        const report = sessionsReport(sessions, { at: AT, from, to });
        const ids = (xs: readonly { id: string }[]) => xs.map((x) => x.id).sort();
        expect(ids(report.upcoming)).toEqual(ids(sessions.filter((s) => ['planned', 'approved'].includes(s.status) && Date.parse(s.end) > Date.parse(AT))));
        expect(ids(report.active)).toEqual(ids(sessions.filter((s) => s.status === 'active')));
        expect(ids(report.ended)).toEqual(ids(sessions.filter((s) => s.status === 'ended' && Date.parse(s.endedAt!) >= Date.parse(from) && Date.parse(s.endedAt!) <= Date.parse(to))));
        expect(report.byStatus.reduce((n, r) => n + r.total, 0)).toBe(sessions.length);
      }),
      { numRuns: 200 },
    );
  });

  it('assignment trail: filter by user, role and period', () => {
    const entryArb = fc.record({
      at: fc.integer({ min: 0, max: 100 }).map((d) => new Date(Date.parse(AT) - d * DAY).toISOString()),
      actor: fc.constantFrom('admin', 'processor'),
      user: fc.constantFrom('alice', 'ALICE', 'bob'),
      role: fc.constantFrom('Clerk', 'clerk', 'Lead'),
      change: fc.constantFrom('assigned', 'unassigned' as const),
      source: fc.constantFrom('manual', 'automatic', 'session' as const),
    });
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 30 }), fc.option(fc.constantFrom('alice', 'Bob'), { nil: undefined }), fc.option(fc.constantFrom('CLERK', 'lead'), { nil: undefined }), fc.nat(100), fc.nat(100), (entries, user, role, a, b) => {
        const from = new Date(Date.parse(AT) - Math.max(a, b) * DAY).toISOString();
        const to = new Date(Date.parse(AT) - Math.min(a, b) * DAY).toISOString();
        const report = roleAssignmentTrail(entries as RoleAssignmentChange[], { ...(user ? { user } : {}), ...(role ? { role } : {}), from, to });
        const expected = entries.filter((e) => (!user || same(e.user, user)) && (!role || same(e.role, role)) && e.at >= from && e.at <= to);
        expect(report.changes).toHaveLength(expected.length);
        expect(report.changes.map((c) => c.at)).toEqual(expected.map((e) => e.at).sort());
      }),
      { numRuns: 200 },
    );
  });

  it('assignment trail: the hand check of plain entries accepts and outputs exactly what the schema does', () => {
    const value = fc.oneof(
      fc.constantFrom('alice', 'Clerk', 'assigned', 'unassigned', 'manual', 'automatic', 'session', '', ' ', 'a\u0001b', 'x'.repeat(257), '__proto__'),
      fc.constantFrom('2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00Z', '2026-01-01T01:00:00.000+01:00', '2026-02-30T00:00:00.000Z', '0999-01-01T00:00:00.000Z', 'yesterday'),
      fc.integer(),
      fc.constantFrom(0, -1, 1.5, Number.MAX_SAFE_INTEGER + 1, Number.NaN),
      fc.constant(null),
      fc.constant('r'.repeat(10_001)),
    );
    const entryArb = fc.record(
      { at: value, actor: value, user: value, role: value, change: value, source: value, seq: value, session: value, reason: value, extra: value },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(entryArb, (entry) => {
        const parsed = roleAssignmentChangeSchema.safeParse(entry);
        let result: readonly RoleAssignmentChange[] | undefined;
        let error: unknown;
        try {
          result = roleAssignmentTrail([entry as RoleAssignmentChange]).changes;
        } catch (e) {
          error = e;
        }
        if (parsed.success) expect(result).toEqual([parsed.data]);
        else expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
      }),
      { numRuns: 4000 },
    );
  });

  it('licence diff of a model with itself is empty, and each row of a changed model matches the two reports', () => {
    fc.assert(
      fc.property(modelDataArb, fc.nat(), fc.nat(), (data, u, r) => {
        const model = createModel(data);
        if (model.users.size === 0 || model.roles.size === 0) return;
        const user = [...model.users.values()][u % model.users.size]!;
        const role = [...model.roles.values()][r % model.roles.size]!;
        const held = userRoles(model, user.id).some((x) => same(x, role.id));
        const after = applyChanges(model, [held ? { op: 'unassign', user: user.id, role: role.id } : { op: 'assign', assignment: { user: user.id, role: role.id } }]);
        const before = licenseUsageReport(model, { by: 'user' });
        const now = licenseUsageReport(after, { by: 'user' });
        const changed = now.rows.filter((row, i) => row.base !== before.rows[i]!.base || row.attach.join() !== before.rows[i]!.attach.join()).map((row) => row.user);
        expect(changed.length).toBeLessThanOrEqual(1);
        const diff = licenseUsageDiff(model, after);
        expect(diff.changes.filter((c) => c.kind === 'user').map((c) => c.id)).toEqual(changed);
        for (const t of diff.totals) {
          const b = before.totals.find((x) => x.license === t.license)!;
          const n = now.totals.find((x) => x.license === t.license)!;
          expect([t.baseDelta, t.attachDelta]).toEqual([n.base - b.base, n.attach - b.attach]);
        }
        expect(licenseUsageDiff(model, model).changes).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
