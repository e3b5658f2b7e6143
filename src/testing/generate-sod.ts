/**
 * Generation of segregation-of-duties rules for a model: realistic, deterministic rules that the
 * model's roles comply with, between duties that users commonly hold, so that a compliance scan
 * finds violations for some users but not all.
 *
 * @module
 */
import { z } from 'zod';
import type { SodRuleInput, Severity } from '../model/governance-schemas.js';
import { idKey } from '../model/ids.js';
import type { SecurityModel } from '../model/model.js';
import { parseOrThrow } from '../model/zod-problems.js';
import { Random } from './generate-random.js';

/** Options of {@link generateSodRules}. */
export interface GenerateSodOptions {
  /** How many rules to generate (at most; fewer when the model has too few duty pairs no role contains together). */
  readonly count: number;
  /** The seed: a non-negative safe integer. The same model, count and seed always give the same rules. */
  readonly seed: number;
}

const optionsSchema = z.strictObject({
  count: z.number().int('count must be an integer').min(0, 'count must not be negative').max(1_000_000, 'count must be at most 1,000,000'),
  seed: z.number().int('seed must be an integer').min(0, 'seed must not be negative').max(Number.MAX_SAFE_INTEGER, 'seed must be a safe integer'),
});

const severityWeights = [['low', 20], ['medium', 40], ['high', 30], ['critical', 10]] as const satisfies readonly (readonly [Severity, number])[];

const risks: Record<Severity, string> = {
  low: 'An error by one person may go unnoticed for a while.',
  medium: 'One person could both record and approve a transaction.',
  high: 'One person could create a fraudulent transaction and hide it.',
  critical: 'One person could move funds without any independent check.',
};

/**
 * Generate segregation-of-duties rules for `model`, deterministic in the model, `count` and `seed`.
 * Each rule pairs two duties that no role of the model contains together (through sub-roles
 * included), so every role complies; most pairs are drawn from the duties users hold most, so a
 * compliance scan finds violations for some users (those holding both duties through different
 * roles) but not for all. Severities are mixed (mostly medium and high) and about one rule in
 * twelve is disabled. Ids are `SOD-00001`, `SOD-00002`, ...; add them with `add` `sodRule` changes.
 *
 * @example
 * const model = generateModel({ seed: 1, size: 'small' });
 * const rules = generateSodRules(model, { count: 50, seed: 1 });
 * const withRules = applyChanges(model, rules.map((value) => ({ op: 'add', kind: 'sodRule', value })));
 * @throws {@link index!SecGovError} `VALIDATION_FAILED` when `count` or `seed` is not a non-negative safe integer
 */
export function generateSodRules(model: SecurityModel, options: GenerateSodOptions): SodRuleInput[] {
  const { count, seed } = parseOrThrow(optionsSchema, options, 'SoD generator options');
  const rng = new Random(seed, 'sod-rules');
  const duties = [...model.duties.keys()];
  if (duties.length < 2 || count === 0) return [];

  // Roles containing each duty (own and through sub-roles at any depth), by duty key.
  const rolesWith = new Map<string, Set<string>>();
  const closures = new Map<string, Set<string>>();
  for (const [roleKey] of model.roles) {
    const closure = dutiesOf(model, roleKey);
    closures.set(roleKey, closure);
    for (const d of closure) {
      let set = rolesWith.get(d);
      if (!set) rolesWith.set(d, (set = new Set()));
      set.add(roleKey);
    }
  }
  // How many users hold each duty through any of their assignments.
  const holders = new Map<string, number>();
  const byUser = new Map<string, Set<string>>();
  for (const a of model.assignments.values()) {
    const user = idKey(a.user);
    let held = byUser.get(user);
    if (!held) byUser.set(user, (held = new Set()));
    for (const d of closures.get(idKey(a.role)) ?? []) held.add(d);
  }
  for (const held of byUser.values()) for (const d of held) holders.set(d, (holders.get(d) ?? 0) + 1);
  const popular = [...holders.keys()].sort((a, b) => holders.get(b)! - holders.get(a)! || (a < b ? -1 : 1));

  const together = (a: string, b: string): boolean => {
    const ra = rolesWith.get(a);
    const rb = rolesWith.get(b);
    if (!ra || !rb) return false;
    const [small, large] = ra.size <= rb.size ? [ra, rb] : [rb, ra];
    for (const r of small) if (large.has(r)) return true;
    return false;
  };

  const rules: SodRuleInput[] = [];
  const used = new Set<string>();
  const width = Math.max(5, String(count).length);
  for (let attempt = 0; rules.length < count && attempt < count * 50 + 1_000; attempt++) {
    // Mostly commonly held duties (skewed to the most held), sometimes any duty at all.
    const first = popular.length > 0 && rng.chance(0.8) ? rng.pickSkewed(popular, 2.5) : rng.pick(duties);
    const second = popular.length > 0 && rng.chance(0.6) ? rng.pickSkewed(popular, 2) : rng.pick(duties);
    if (first === second) continue;
    const pair = first < second ? `${first}\u0000${second}` : `${second}\u0000${first}`;
    if (used.has(pair) || together(first, second)) continue;
    used.add(pair);
    const a = model.duties.get(first)!;
    const b = model.duties.get(second)!;
    const severity = rng.weighted(severityWeights);
    rules.push({
      id: `SOD-${String(rules.length + 1).padStart(width, '0')}`,
      name: `${a.name} / ${b.name}`.slice(0, 200),
      firstDuty: a.id,
      secondDuty: b.id,
      severity,
      risk: risks[severity],
      mitigation: rng.chance(0.5) ? 'Monthly review of the transactions by the controller.' : '',
      enabled: !rng.chance(1 / 12),
    });
  }
  return rules;
}

/** Duty keys of a role, own and through sub-roles at any depth (iterative). */
function dutiesOf(model: SecurityModel, roleKey: string): Set<string> {
  const out = new Set<string>();
  const seen = new Set<string>();
  const stack = [roleKey];
  while (stack.length > 0) {
    const key = stack.pop()!;
    if (seen.has(key)) continue;
    seen.add(key);
    const role = model.roles.get(key);
    if (!role) continue;
    for (const d of role.duties) out.add(idKey(d));
    for (const s of role.subRoles) stack.push(idKey(s));
  }
  return out;
}
