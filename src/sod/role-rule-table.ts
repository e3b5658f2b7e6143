/**
 * A quick first test for the SoD monitor: whether a user's roles bring both duties of some enabled
 * rule at all, organizations aside. Most users break no rule, and for them this answers alone.
 *
 * @module
 */
import { idKey } from '../model/ids.js';
import type { SodRule } from '../model/governance-schemas.js';
import type { SodContext } from './context.js';

/**
 * Each role's enabled rules, as first duty and as second duty, packed by role number in typed
 * arrays. A user's check then reads a few small dense arrays instead of a map entry, an object and
 * an array per role: right after a model change little is in the caches, and each of those costs.
 *
 * @internal
 */
export class RoleRuleTable {
  /** Role `r`'s first-duty rules are `rules[bounds[2r], bounds[2r+1])`, its second-duty ones `[bounds[2r+1], bounds[2r+2])`. */
  private readonly bounds: Int32Array;
  private readonly rules: Int32Array;
  /** Per rule number: the stamp of the last test that saw its first duty. */
  private readonly marks: Int32Array;
  private stamp = 0;

  /**
   * @param context - the rules and role closures to pack
   * @param roleCount - how many roles are numbered (`roleKeys[0, roleCount)`)
   * @param roleKeys - the role keys by number
   */
  constructor(
    readonly context: Pick<SodContext, 'roleDuties' | 'rulesByDuty'>,
    readonly roleCount: number,
    roleKeys: readonly string[],
  ) {
    const numbers = new Map<SodRule, number>();
    for (const list of context.rulesByDuty.values()) for (const rule of list) if (!numbers.has(rule)) numbers.set(rule, numbers.size);
    const bounds = new Int32Array(2 * roleCount + 1);
    const rules: number[] = [];
    for (let r = 0; r < roleCount; r++) {
      const duties = context.roleDuties.get(roleKeys[r]!) ?? NO_DUTIES;
      for (const side of [0, 1] as const) {
        for (const duty of duties) {
          for (const rule of context.rulesByDuty.get(duty) ?? NO_RULES) {
            if (idKey(side === 0 ? rule.firstDuty : rule.secondDuty) === duty) rules.push(numbers.get(rule)!);
          }
        }
        bounds[2 * r + side + 1] = rules.length;
      }
    }
    this.bounds = bounds;
    this.rules = Int32Array.from(rules);
    this.marks = new Int32Array(numbers.size);
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

const NO_DUTIES: ReadonlySet<string> = new Set();
const NO_RULES: readonly SodRule[] = [];
