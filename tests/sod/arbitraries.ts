/**
 * Random SoD models for property tests: small access models with SoD rules (some disabled, duties
 * spelled in other cases, ids such as `__proto__`) and conflicts (allowed with and without expiry,
 * unresolved, denied), and the instants around which overrides expire.
 */
import fc from 'fast-check';
import type { ConflictInput, ModelDataInput, Severity } from '../../src/model/index.js';
import { severities } from '../../src/model/index.js';
import { accessModelArb } from '../access/arbitraries.js';

/** Instants around which overrides expire; `AT` is the scan instant of most checks. */
export const AT = '2026-01-01T00:00:00.000Z';
export const instants = ['2025-06-01T00:00:00.000Z', AT, '2026-01-01T00:00:00.001Z', '2026-06-01T00:00:00.000Z'] as const;
const ruleId = (i: number) => (i === 0 ? '__proto__' : i === 1 ? 'constructor' : `Rule${i}`);

interface RuleSeed {
  readonly first: number;
  readonly offset: number;
  readonly severity: Severity;
  readonly enabled: boolean;
  readonly upper: boolean;
}
interface ConflictSeed {
  readonly user: number;
  readonly role: number;
  readonly rules: number[];
  readonly status: 'allowed' | 'unresolved' | 'denied';
  readonly expiry: string | null;
}

/** A random small model with SoD rules and conflicts (allowed with and without expiry, unresolved, denied). */
export const sodModelArb: fc.Arbitrary<ModelDataInput> = accessModelArb.chain((data) => {
  const duties = (data.duties ?? []).map((d) => d.id);
  const users = (data.users ?? []).map((u) => u.id);
  const roles = (data.roles ?? []).map((r) => r.id);
  const rules: fc.Arbitrary<RuleSeed[]> =
    duties.length < 2
      ? fc.constant([])
      : fc.array(
          fc.record({
            first: fc.nat(duties.length - 1),
            offset: fc.integer({ min: 1, max: duties.length - 1 }),
            severity: fc.constantFrom<Severity>(...severities),
            enabled: fc.constantFrom(true, true, true, false),
            upper: fc.boolean(),
          }),
          { maxLength: 8 },
        );
  const conflicts: fc.Arbitrary<ConflictSeed[]> =
    users.length === 0 || roles.length === 0
      ? fc.constant([])
      : fc.array(
          fc.record({
            user: fc.nat(users.length - 1),
            role: fc.nat(roles.length - 1),
            rules: fc.uniqueArray(fc.nat(7), { minLength: 1, maxLength: 3 }),
            status: fc.constantFrom<ConflictSeed['status']>('allowed', 'allowed', 'allowed', 'unresolved', 'denied'),
            expiry: fc.option(fc.constantFrom(...instants), { nil: null }),
          }),
          { maxLength: 6 },
        );
  return fc.record({ rules, conflicts }).map(({ rules: rs, conflicts: cs }): ModelDataInput => {
    const sodRules = rs.map((r, i) => {
      const first = duties[r.first]!;
      const second = duties[(r.first + r.offset) % duties.length]!;
      return { id: ruleId(i), name: `Rule ${i}`, firstDuty: r.upper ? first.toUpperCase() : first, secondDuty: second, severity: r.severity, enabled: r.enabled };
    });
    const conflictList: ConflictInput[] = cs.map((c, i) => ({
      id: `C${i}`,
      user: i % 2 === 0 ? users[c.user]!.toUpperCase() : users[c.user]!,
      role: roles[c.role]!,
      scope: 'all',
      source: 'manual',
      // Rules of conflicts may name rules that do not exist (any more).
      rules: c.rules.map((r) => ({ rule: r % 2 === 0 ? ruleId(r).toUpperCase() : ruleId(r), firstDuty: 'x', secondDuty: 'y', firstRoles: [], secondRoles: [], organizations: 'all' })),
      raisedAt: '2025-01-01T00:00:00.000Z',
      status: c.status,
      expiresAt: c.status === 'allowed' ? c.expiry : null,
    }));
    return { ...data, sodRules, conflicts: conflictList };
  });
});
