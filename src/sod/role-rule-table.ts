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
   * Each role's partners (see {@link RoleRuleTable.conflictsWith}), made on first use and kept in
   * one of two forms, or in neither when there are too many pairs to keep. Up to
   * {@link MAX_MATRIX_ROLES} roles, as bits: role `r`'s row is `rowWords` numbers from
   * `r × rowWords`, bit `p` set when `p` is a partner. A test is one read, cheap enough to run before
   * every check: most users hold no two roles that could break a rule together, and are answered
   * without reading their roles' rules. With more roles, as ascending lists: role `r`'s are
   * `partnerList[partnerBounds[r], partnerBounds[r+1])`.
   */
  private partnersMade = false;
  private partnerRows: Int32Array | null = null;
  private rowWords = 0;
  private partnerBounds: Int32Array | null = null;
  private partnerList: Int32Array | null = null;

  /**
   * @param sodRules - the enabled rules by number
   * @param perRole - each role's rules, by role number
   */
  constructor(
    readonly sodRules: readonly SodRule[],
    perRole: readonly RoleRules[],
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
    const { bounds, rules, roleCount, found } = this;
    if (!this.partnersMade) this.makePartners();
    if (this.partnerRows !== null && !this.anyPartners(roles, from, count)) return 0;
    if (++this.stamp === 0x7fff_ffff) {
      this.marks.fill(0);
      this.stamp = 1;
    }
    const { marks, stamp } = this;
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
   * role's partners: one bit, or one short list, per role, where {@link RoleRuleTable.candidates}
   * reads every role's rules. `true` when in doubt: with more than 2,000,000 role pairs the
   * partners are not kept.
   */
  conflictsWith(role: number, roles: ArrayLike<number>, from = 0, count = roles.length): boolean {
    if (role < 0 || role >= this.roleCount) return false;
    if (!this.partnersMade) this.makePartners();
    if (this.partnerRows === null && this.partnerBounds === null) return true;
    // The role itself (it breaks a rule alone), then each of the others.
    if (this.partners(role, role)) return true;
    for (let i = from; i < from + count; i++) if (this.partners(role, roles[i]!)) return true;
    return false;
  }

  /** Whether two of the `count` roles `roles[from…]`, or one alone, may break a rule (partners made and kept). */
  private anyPartners(roles: ArrayLike<number>, from: number, count: number): boolean {
    for (let i = from; i < from + count; i++) {
      const a = roles[i]!;
      if (a < 0 || a >= this.roleCount) continue;
      for (let j = i; j < from + count; j++) if (this.partners(a, roles[j]!)) return true;
    }
    return false;
  }

  /** Whether `b` is a partner of `a` (`a` a role of the table; partners made and kept). */
  private partners(a: number, b: number): boolean {
    if (b < 0 || b >= this.roleCount) return false;
    const rows = this.partnerRows;
    if (rows !== null) return ((rows[a * this.rowWords + (b >>> 5)]! >>> (b & 31)) & 1) === 1;
    return listed(this.partnerList!, this.partnerBounds![a]!, this.partnerBounds![a + 1]!, b);
  }

  /** Make each role's partners, `r` itself among them when it brings both duties of a rule alone. */
  private makePartners(): void {
    this.partnersMade = true;
    const { bounds, rules, roleCount } = this;
    const firstBy: number[][] = this.sodRules.map(() => []);
    const secondBy: number[][] = this.sodRules.map(() => []);
    for (let r = 0; r < roleCount; r++) {
      for (let k = bounds[2 * r]!; k < bounds[2 * r + 1]!; k++) firstBy[rules[k]!]!.push(r);
      for (let k = bounds[2 * r + 1]!; k < bounds[2 * r + 2]!; k++) secondBy[rules[k]!]!.push(r);
    }
    let pairs = 0;
    for (let n = 0; n < firstBy.length; n++) if ((pairs += firstBy[n]!.length * secondBy[n]!.length) > MAX_PAIRS) return;
    const each = (pair: (a: number, b: number) => void) => {
      for (let n = 0; n < firstBy.length; n++) {
        for (const a of firstBy[n]!) {
          for (const b of secondBy[n]!) {
            pair(a, b);
            pair(b, a);
          }
        }
      }
    };
    if (roleCount <= MAX_MATRIX_ROLES) {
      const words = (this.rowWords = (roleCount + 31) >>> 5);
      const rows = (this.partnerRows = new Int32Array(roleCount * words));
      each((a, b) => (rows[a * words + (b >>> 5)] = rows[a * words + (b >>> 5)]! | (1 << (b & 31))));
      return;
    }
    const lists: number[][] = Array.from({ length: roleCount }, () => []);
    each((a, b) => lists[a]!.push(b));
    const out = new Int32Array(roleCount + 1);
    const sorted = lists.map((list) => [...new Set(list)].sort((x, y) => x - y));
    sorted.forEach((list, r) => (out[r + 1] = out[r]! + list.length));
    const partners = new Int32Array(out[roleCount]!);
    sorted.forEach((list, r) => partners.set(list, out[r]!));
    this.partnerBounds = out;
    this.partnerList = partners;
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

/** Whether `value` is in the ascending run `list[first, end)`. */
function listed(list: Int32Array, first: number, end: number, value: number): boolean {
  for (let k = first; k < end && list[k]! <= value; k++) if (list[k] === value) return true;
  return false;
}

/**
 * Role pairs (a role bringing a rule's first duty with one bringing its second) past which no
 * partners are kept: {@link RoleRuleTable.conflictsWith} answers `true` and every check reads its
 * roles' rules. Lists would take too much memory, and bits too long to set (d365 with 1,000 rules
 * has about 9,700).
 */
const MAX_PAIRS = 2_000_000;

/** Roles past which partners are kept as lists, not as bits (4,096 roles: 2 MB of bits). */
const MAX_MATRIX_ROLES = 4_096;
