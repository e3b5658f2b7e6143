/**
 * A quick first test for the SoD monitor: whether a user's roles bring both duties of some enabled
 * rule at all, organizations aside. Most users break no rule, and for them this answers alone.
 *
 * @module
 */
import type { SodContext } from './context.js';
import { roleRulesOf, ruleCount } from './compliance.js';

/**
 * Each role's enabled rules, as first duty and as second duty, packed by role number in typed
 * arrays. A user's check then reads a few small dense arrays instead of a map entry, an object and
 * an array per role: right after a model change little is in the caches, and each of those costs.
 * The rules of each role come from the compliance check's rule plan ({@link roleRulesOf}), with
 * its rule numbers.
 *
 * @internal
 */
export class RoleRuleTable {
  /** How many roles are packed (`roleKeys[0, roleCount)` when made). */
  readonly roleCount: number;
  /** Role `r`'s first-duty rules are `rules[bounds[2r], bounds[2r+1])`, its second-duty ones `[bounds[2r+1], bounds[2r+2])`. */
  private readonly bounds: Int32Array;
  private readonly rules: Int32Array;
  /** Per rule number: the stamp of the last test that saw its first duty. */
  private readonly marks: Int32Array;
  private stamp = 0;

  /**
   * @param context - the rules and role closures to pack
   * @param roleKeys - the role keys by number
   */
  constructor(
    readonly context: SodContext,
    roleKeys: readonly string[],
  ) {
    this.roleCount = roleKeys.length;
    const perRole = roleKeys.map((key) => roleRulesOf(context, key));
    const bounds = new Int32Array(2 * perRole.length + 1);
    const rules = new Int32Array(perRole.reduce((sum, rr) => sum + rr.rules.length, 0));
    let at = 0;
    perRole.forEach((rr, r) => {
      rules.set(rr.rules, at);
      bounds[2 * r + 1] = at + rr.split;
      bounds[2 * r + 2] = at += rr.rules.length;
    });
    this.bounds = bounds;
    this.rules = rules;
    this.marks = new Int32Array(ruleCount(context));
  }

  /**
   * Whether the roles (numbers below `roleCount`) bring both duties of some enabled rule, in any
   * organizations. A user can break a rule only then; whether the organizations meet is the full
   * check's question.
   */
  mayBreak(roles: readonly number[]): boolean {
    const { bounds, rules, marks } = this;
    if (++this.stamp === 0x7fff_ffff) {
      marks.fill(0);
      this.stamp = 1;
    }
    const stamp = this.stamp;
    let any = false;
    for (const r of roles) {
      for (let k = bounds[2 * r]!, end = bounds[2 * r + 1]!; k < end; k++) marks[rules[k]!] = stamp;
      any ||= bounds[2 * r + 1]! > bounds[2 * r]!;
    }
    if (!any) return false;
    for (const r of roles) {
      for (let k = bounds[2 * r + 1]!, end = bounds[2 * r + 2]!; k < end; k++) if (marks[rules[k]!] === stamp) return true;
    }
    return false;
  }
}
