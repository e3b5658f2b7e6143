/**
 * Evaluation of compiled subjects: deny wins, organization scopes, the administrator role, rights
 * that do not apply.
 *
 * @module
 */
import type { AccessCore } from './core.js';
import { INVOKE_ONLY } from './graph.js';
import { RIGHT_COUNT, effectiveAllow } from './rights.js';
import type { Subject } from './subjects.js';

/** No organization given: the question covers every organization. @internal */
export const ANY_ORGANIZATION = -1;

/**
 * Whether `subject` has right `bit` on entry point `e` in organization `org` (or in at least one,
 * for {@link ANY_ORGANIZATION}). The hot path: one probe of the closure store for the
 * `'all'`-scoped roles, and the scoped assignments only when there are any.
 *
 * @internal
 */
export function allows(core: AccessCore, subject: Subject, e: number, bit: number, org: number): boolean {
  if (!subject.enabled) return false;
  const store = core.closures.store;
  if (bit !== RIGHT_COUNT - 1 && (store.flags(e) & INVOKE_ONLY) !== 0) return false;
  if (subject.adminAll) return true;
  let bits = store.probe(e, subject);
  const scoped = subject.scoped;
  // (bits >>> bit) & 0x41 keeps the allow bit (1) and the deny bit (0x40) of the right: exactly 1 is "allowed, not denied".
  if (scoped === null) return ((bits >>> bit) & 0x41) === 1;
  const relevant = (1 << bit) | (1 << (bit + RIGHT_COUNT));
  if (org !== ANY_ORGANIZATION) {
    for (const s of scoped) {
      if (!s.orgs.has(org)) continue;
      if (s.admin) return true;
      bits |= store.get(e, s.role);
    }
    return ((bits >>> bit) & 0x41) === 1;
  }
  // Every organization: only when some scoped role sets this right here do organizations differ.
  let differ = false;
  for (const s of scoped) {
    if (s.admin) return true;
    if ((store.get(e, s.role) & relevant) !== 0) differ = true;
  }
  if (!differ) return ((bits >>> bit) & 0x41) === 1;
  return (effectiveMasks(core, subject, e, org, bits) & (1 << bit)) !== 0;
}

/**
 * The effective rights of `subject` on `e`: the allowed rights in the low 6 bits, the denied ones
 * above them (denied: some grant denies it and it is allowed in no organization considered).
 * `base` is the probe of the `'all'`-scoped roles when the caller has it.
 *
 * @internal
 */
export function effectiveMasks(core: AccessCore, subject: Subject, e: number, org: number, base = -1): number {
  if (!subject.enabled) return 0;
  const applicable = core.graph.applicable(e);
  if (subject.adminAll) return applicable;
  const store = core.closures.store;
  const all = base >= 0 ? base : store.probe(e, subject);
  const scoped = subject.scoped;
  if (scoped === null) return masksOf(all, applicable);
  if (org !== ANY_ORGANIZATION) {
    let bits = all;
    for (const s of scoped) {
      if (!s.orgs.has(org)) continue;
      if (s.admin) return applicable;
      bits |= store.get(e, s.role);
    }
    return masksOf(bits, applicable);
  }
  const groups = organizationGroups(core, subject, e, all);
  if (groups === 'admin') return applicable;
  let allow = 0;
  let deny = 0;
  for (const group of groups) {
    allow |= effectiveAllow(group.bits, applicable);
    deny |= group.bits >>> RIGHT_COUNT;
  }
  return allow | ((deny & ~allow & applicable) << RIGHT_COUNT);
}

/** One organization and the bits that apply there (-1: no scoped assignment reaches the entry point; the bits apply everywhere). @internal */
export interface OrganizationBits {
  readonly org: number;
  readonly bits: number;
}

/**
 * The distinct situations of `subject` on `e` across organizations: for each organization some
 * scoped assignment reaches `e` in, the bits that apply there; plus, when other organizations
 * exist, the bits of the `'all'`-scoped roles alone, with one of those organizations. Without any
 * scoped assignment reaching `e`, one group with org -1. `'admin'` when the subject holds the
 * administrator role in some organization.
 *
 * @internal
 */
export function organizationGroups(core: AccessCore, subject: Subject, e: number, all: number): OrganizationBits[] | 'admin' {
  const store = core.closures.store;
  const reaching: { orgs: ReadonlySet<number>; bits: number }[] = [];
  for (const s of subject.scoped ?? []) {
    if (s.admin) return 'admin';
    const bits = store.get(e, s.role);
    if (bits !== 0) reaching.push({ orgs: s.orgs, bits });
  }
  if (reaching.length === 0) return [{ org: -1, bits: all }];
  const seen = new Set<number>();
  const groups: OrganizationBits[] = [];
  for (const r of reaching) {
    for (const org of r.orgs) {
      if (seen.has(org)) continue;
      seen.add(org);
      let bits = all;
      for (const other of reaching) if (other.orgs.has(org)) bits |= other.bits;
      groups.push({ org, bits });
    }
  }
  if (core.orgs.size > seen.size) groups.push({ org: core.orgs.firstOutside(seen), bits: all });
  return groups;
}

function masksOf(bits: number, applicable: number): number {
  const allow = effectiveAllow(bits, applicable);
  return allow | (((bits >>> RIGHT_COUNT) & applicable) << RIGHT_COUNT);
}
