/**
 * Each role's enabled rules packed by role number, and the first step of every user check (scan,
 * monitor, enforcement, what-if): which rules a user's roles bring both duties of, organizations
 * aside.
 *
 * @module
 */
import type { SodRule } from '../model/governance-schemas.js';

/** The rules of one role under a rule plan: first-duty rule numbers `rules[0, split)`, then second-duty ones. @internal */
export interface RoleRules {
  readonly rules: Int32Array;
  readonly split: number;
}

/**
 * Each role's enabled rules, as first duty and as second duty, packed by role number in two typed
 * arrays. A check given its roles by number reads one short run per role: right after a model
 * change little is in the caches, and a map entry, an object and an array per role each cost a cold
 * read (the SoD monitor numbers each user's roles once; its check after one assignment with a hit
 * went from about 12 to 7 µs at d365).
 *
 * @internal
 */
export class RoleRuleTable {
  /** How many roles are packed (numbers `0` to `roleCount − 1`). */
  readonly roleCount: number;
  /** Role `r`'s first-duty rules are `rules[bounds[2r], bounds[2r+1])`, its second-duty ones `[bounds[2r+1], bounds[2r+2])`. */
  private readonly bounds: Int32Array;
  private readonly rules: Int32Array;
  /**
   * Scratch by rule number `n`, four numbers side by side from `4n`: stamp and role mask of the
   * first duty, then of the second (one cache line per rule). A mark counts when its stamp is the
   * current check's, so nothing is cleared between checks.
   */
  private readonly marks: Int32Array;
  private stamp = 0;
  /** The rule numbers the last {@link RoleRuleTable.candidates} found, ascending (each rule at most once). */
  private readonly found: Int32Array;
  /**
   * The rules of each pair of roles, made on first use (none kept when there are too many pairs):
   * a pair `(a, b)` is a role bringing some rule's first duty and one bringing its second, `a` and
   * `b` the same role when it brings both. Role `a`'s pairs are `pairRoles[pairBounds[a],
   * pairBounds[a+1])`, ascending by `b`; pair `p`'s rules `pairRules[ruleBounds[p],
   * ruleBounds[p+1])`, ascending. A check reads the rules of the pairs among the user's roles only,
   * where reading each role's rules would read dozens (d365: about 9,700 pairs, 1,200 roles).
   */
  private partnersMade = false;
  private pairBounds: Int32Array | null = null;
  private pairRoles: Int32Array | null = null;
  private ruleBounds: Int32Array | null = null;
  private pairRules: Int32Array | null = null;
  /**
   * The partners as bits, up to {@link MAX_MATRIX_ROLES} roles: role `r`'s row is `rowWords` numbers
   * from `r × rowWords`, bit `p` set when `(r, p)` or `(p, r)` is a pair. A test is one read, cheap
   * enough to run on every two roles of a user: most users hold no two roles that could break a
   * rule together.
   */
  private partnerRows: Int32Array | null = null;
  private rowWords = 0;

  /**
   * @param sodRules - the enabled rules by number
   * @param perRole - each role's rules, by role number
   * @param maxPairs - pairs past which none are kept (tests lower it to reach that path)
   */
  constructor(
    readonly sodRules: readonly SodRule[],
    perRole: readonly RoleRules[],
    private readonly maxPairs = MAX_PAIRS,
  ) {
    this.roleCount = perRole.length;
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
    this.marks = new Int32Array(4 * sodRules.length);
    this.found = new Int32Array(sodRules.length);
  }

  /**
   * Find the rules whose first duty some of the `count` roles `roles[from…]` bring and whose second
   * duty some bring too (one role may bring both), organizations aside, and answer how many there
   * are: {@link RoleRuleTable.candidate} `(0)` to `(n − 1)` give them in rule number order, and
   * {@link RoleRuleTable.firstMask} and {@link RoleRuleTable.secondMask} which roles bring each duty.
   * Until the next call: the answer is kept in scratch arrays, so a check allocates nothing. At most
   * 31 roles; a number outside the table is a role with no rules.
   */
  candidates(roles: ArrayLike<number>, from: number, count: number): number {
    if (!this.partnersMade) this.makePartners();
    return this.pairRules !== null ? this.candidatesByPair(roles, from, count) : this.candidatesByRole(roles, from, count);
  }

  /** The next stamp: marks of earlier checks no longer count. */
  private nextStamp(): number {
    if (++this.stamp === 0x7fff_ffff) {
      this.marks.fill(0);
      this.stamp = 1;
    }
    return this.stamp;
  }

  /** {@link RoleRuleTable.candidates} from the rules of each pair of the roles (pairs made and kept). */
  private candidatesByPair(roles: ArrayLike<number>, from: number, count: number): number {
    const { roleCount, found, marks, partnerRows: rows, rowWords, ruleBounds, pairRules } = this;
    let stamp = 0;
    let size = 0;
    for (let i = 0; i < count; i++) {
      const a = roles[from + i]!;
      if (a < 0 || a >= roleCount) continue;
      for (let j = 0; j < count; j++) {
        const b = roles[from + j]!;
        if (b < 0 || b >= roleCount) continue;
        if (rows !== null && !hasBit(rows, rowWords, a, b)) continue;
        const p = this.pair(a, b);
        if (p < 0) continue;
        if (stamp === 0) stamp = this.nextStamp();
        for (let k = ruleBounds![p]!, end = ruleBounds![p + 1]!; k < end; k++) {
          const n = pairRules![k]!;
          const at = n << 2;
          if (marks[at] !== stamp) {
            marks[at] = stamp;
            marks[at + 1] = 1 << i;
            marks[at + 3] = 1 << j;
            // Few: insertion sort as they come.
            let f = size++;
            for (; f > 0 && found[f - 1]! > n; f--) found[f] = found[f - 1]!;
            found[f] = n;
          } else {
            marks[at + 1] = marks[at + 1]! | (1 << i);
            marks[at + 3] = marks[at + 3]! | (1 << j);
          }
        }
      }
    }
    return size;
  }

  /** {@link RoleRuleTable.candidates} from each role's rules (when too many pairs are kept). */
  private candidatesByRole(roles: ArrayLike<number>, from: number, count: number): number {
    const { bounds, rules, roleCount, found, marks } = this;
    const stamp = this.nextStamp();
    let anyFirst = false;
    for (let i = 0; i < count; i++) {
      const r = roles[from + i]!;
      if (r < 0 || r >= roleCount) continue;
      const bit = 1 << i;
      for (let k = bounds[2 * r]!, end = bounds[2 * r + 1]!; k < end; k++) {
        const at = rules[k]! << 2;
        if (marks[at] !== stamp) {
          marks[at] = stamp;
          marks[at + 1] = bit;
        } else marks[at + 1] = marks[at + 1]! | bit;
        anyFirst = true;
      }
    }
    if (!anyFirst) return 0;
    let size = 0;
    for (let j = 0; j < count; j++) {
      const r = roles[from + j]!;
      if (r < 0 || r >= roleCount) continue;
      const bit = 1 << j;
      for (let k = bounds[2 * r + 1]!, end = bounds[2 * r + 2]!; k < end; k++) {
        const n = rules[k]!;
        const at = n << 2;
        if (marks[at] !== stamp) continue;
        if (marks[at + 2] !== stamp) {
          marks[at + 2] = stamp;
          marks[at + 3] = bit;
          // Few: insertion sort as they come.
          let i = size++;
          for (; i > 0 && found[i - 1]! > n; i--) found[i] = found[i - 1]!;
          found[i] = n;
        } else marks[at + 3] = marks[at + 3]! | bit;
      }
    }
    return size;
  }

  /** The `k`-th rule number the last {@link RoleRuleTable.candidates} found. */
  candidate(k: number): number {
    return this.found[k]!;
  }

  /**
   * Whether `role` brings both duties of some enabled rule with one of the `count` roles
   * `roles[from…]` (all of them when not given), or alone, organizations aside. Answered from the
   * role's partners: one bit per role, or a look at the pairs past {@link MAX_MATRIX_ROLES} roles.
   * `true` when in doubt: with more than {@link MAX_PAIRS} pairs none are kept.
   */
  conflictsWith(role: number, roles: ArrayLike<number>, from = 0, count = roles.length): boolean {
    if (role < 0 || role >= this.roleCount) return false;
    if (!this.partnersMade) this.makePartners();
    if (this.pairRules === null) return true;
    // The role itself (it breaks a rule alone), then each of the others.
    if (this.partners(role, role)) return true;
    for (let i = from; i < from + count; i++) if (this.partners(role, roles[i]!)) return true;
    return false;
  }

  /** Whether `(a, b)` or `(b, a)` is a pair (`a` a role of the table; pairs made and kept). */
  private partners(a: number, b: number): boolean {
    if (b < 0 || b >= this.roleCount) return false;
    const rows = this.partnerRows;
    if (rows !== null) return hasBit(rows, this.rowWords, a, b);
    return this.pair(a, b) >= 0 || this.pair(b, a) >= 0;
  }

  /** The number of pair `(a, b)`, or −1 when it is none (both roles of the table; pairs made and kept). */
  private pair(a: number, b: number): number {
    const roles = this.pairRoles!;
    for (let p = this.pairBounds![a]!, end = this.pairBounds![a + 1]!; p < end && roles[p]! <= b; p++) if (roles[p] === b) return p;
    return -1;
  }

  /**
   * Make the pairs with their rules, and the partner bits when there are few enough roles. In a
   * handful of typed arrays, counted first and then filled: a table is made again after every role
   * change, and thousands of small arrays cost more in garbage collection (on a large heap) than
   * the work itself.
   */
  private makePartners(): void {
    this.partnersMade = true;
    const { roleCount } = this;
    const ruleCount = this.sodRules.length;
    const first = this.rolesByRule(0);
    const second = this.rolesByRule(1);
    let total = 0;
    for (let n = 0; n < ruleCount; n++) if ((total += (first.start[n + 1]! - first.start[n]!) * (second.start[n + 1]! - second.start[n]!)) > this.maxPairs) return;
    // Each role's (partner, rule) entries as one number, `partner × rules + rule`: placed in the
    // role's run, each run sorted, so by partner then rule.
    const runs = new Int32Array(roleCount + 1);
    for (let n = 0; n < ruleCount; n++) {
      const partners = second.start[n + 1]! - second.start[n]!;
      for (let k = first.start[n]!; k < first.start[n + 1]!; k++) runs[first.roles[k]! + 1] = runs[first.roles[k]! + 1]! + partners;
    }
    for (let a = 0; a < roleCount; a++) runs[a + 1] = runs[a + 1]! + runs[a]!;
    const entries = new Float64Array(total);
    const next = runs.slice(0, roleCount);
    for (let n = 0; n < ruleCount; n++) {
      for (let k = first.start[n]!; k < first.start[n + 1]!; k++) {
        const a = first.roles[k]!;
        for (let m = second.start[n]!; m < second.start[n + 1]!; m++) entries[next[a]!++] = second.roles[m]! * ruleCount + n;
      }
    }
    const pairBounds = new Int32Array(roleCount + 1);
    // At most one pair per entry: trimmed once counted.
    const pairRoles = new Int32Array(total);
    // Where each pair's rules start, then where the last one's end.
    const ruleBounds = new Int32Array(total + 1);
    const pairRules = new Int32Array(total);
    let pairs = 0;
    for (let a = 0; a < roleCount; a++) {
      const from = runs[a]!;
      const to = runs[a + 1]!;
      sortRun(entries, from, to);
      let last = -1;
      for (let at = from; at < to; at++) {
        const entry = entries[at]!;
        const b = Math.floor(entry / ruleCount);
        if (b !== last) {
          pairRoles[pairs] = last = b;
          ruleBounds[pairs++] = at;
        }
        pairRules[at] = entry - b * ruleCount;
      }
      pairBounds[a + 1] = pairs;
    }
    ruleBounds[pairs] = total;
    this.pairBounds = pairBounds;
    this.pairRoles = pairRoles.slice(0, pairs);
    this.ruleBounds = ruleBounds.slice(0, pairs + 1);
    this.pairRules = pairRules;
    if (roleCount <= MAX_MATRIX_ROLES) {
      const words = (this.rowWords = (roleCount + 31) >>> 5);
      const rows = (this.partnerRows = new Int32Array(roleCount * words));
      for (let a = 0; a < roleCount; a++) {
        for (let p = pairBounds[a]!; p < pairBounds[a + 1]!; p++) {
          setBit(rows, words, a, pairRoles[p]!);
          setBit(rows, words, pairRoles[p]!, a);
        }
      }
    }
  }

  /**
   * The roles bringing each rule's first duty (`side` 0) or second duty (1), ascending: rule `n`'s
   * are `roles[start[n], start[n+1])`.
   */
  private rolesByRule(side: 0 | 1): { readonly start: Int32Array; readonly roles: Int32Array } {
    const { bounds, rules, roleCount } = this;
    const start = new Int32Array(this.sodRules.length + 1);
    for (let r = 0; r < roleCount; r++) for (let k = bounds[2 * r + side]!; k < bounds[2 * r + side + 1]!; k++) start[rules[k]! + 1] = start[rules[k]! + 1]! + 1;
    for (let n = 0; n < this.sodRules.length; n++) start[n + 1] = start[n + 1]! + start[n]!;
    const roles = new Int32Array(start[this.sodRules.length]!);
    const next = start.slice(0, this.sodRules.length);
    for (let r = 0; r < roleCount; r++) for (let k = bounds[2 * r + side]!; k < bounds[2 * r + side + 1]!; k++) roles[next[rules[k]!]!++] = r;
    return { start, roles };
  }

  /** For a rule the last {@link RoleRuleTable.candidates} found: the roles bringing its first duty (bit `i`: `roles[from + i]`). */
  firstMask(rule: number): number {
    return this.marks[(rule << 2) + 1]!;
  }

  /** For a rule the last {@link RoleRuleTable.candidates} found: the roles bringing its second duty. */
  secondMask(rule: number): number {
    return this.marks[(rule << 2) + 3]!;
  }
}

/** Sort `values[from, to)` ascending in place: by insertion when short (most roles' runs are), else by the typed array's sort. */
function sortRun(values: Float64Array, from: number, to: number): void {
  if (to - from > 32) {
    values.subarray(from, to).sort();
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const v = values[i]!;
    let j = i;
    for (; j > from && values[j - 1]! > v; j--) values[j] = values[j - 1]!;
    values[j] = v;
  }
}

/** Whether bit `b` of row `a` is set (rows of `words` numbers). */
function hasBit(rows: Int32Array, words: number, a: number, b: number): boolean {
  return ((rows[a * words + (b >>> 5)]! >>> (b & 31)) & 1) === 1;
}

/** Set bit `b` of row `a` (rows of `words` numbers). */
function setBit(rows: Int32Array, words: number, a: number, b: number): void {
  rows[a * words + (b >>> 5)] = rows[a * words + (b >>> 5)]! | (1 << (b & 31));
}

/**
 * Role pairs with their rules (a role bringing a rule's first duty with one bringing its second,
 * counted once per rule) past which no pairs are kept: {@link RoleRuleTable.conflictsWith} answers
 * `true` and every check reads its roles' rules. They would take too much memory and time to make
 * (d365 with 1,000 rules has about 9,700).
 */
const MAX_PAIRS = 2_000_000;

/** Roles past which no partner bits are kept (4,096 roles: 2 MB of bits); pairs are looked up instead. */
const MAX_MATRIX_ROLES = 4_096;
