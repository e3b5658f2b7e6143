/**
 * Explanations: every path from an assignment to a grant that sets the asked right on the entry
 * point, found by walking only the part of the role graph that can lead to such a grant.
 *
 * @module
 */
import { idKey } from '../model/ids.js';
import type { Assignment, Grant, Right } from '../model/schemas.js';
import { rights } from '../model/schemas.js';
import type { AccessCore } from './core.js';
import { ANY_ORGANIZATION, allows, organizationGroups } from './evaluate.js';
import { INVOKE_ONLY, SecurityGraph } from './graph.js';
import { RIGHT_COUNT, effectiveAllow } from './rights.js';
import type { Subject } from './subjects.js';
import type { AccessPath, Explanation, ExplanationReason } from './types.js';

/** Most paths one explanation lists; the answer stays exact beyond it, and `truncated` says so. */
export const MAX_EXPLAINED_PATHS = 10_000;
// Bound on the total length of the role chains listed, so a deep hierarchy with a grant at every
// level cannot make an explanation quadratic in memory.
const MAX_EXPLAINED_CHAIN_ROLES = 1_000_000;

/** Explain the answer for `subject` on (`e`, right `bit`, `org`). @internal */
export function explain(core: AccessCore, subject: Subject, e: number, bit: number, org: number): Explanation {
  const { graph } = core;
  const right = rights[bit]!;
  const allowed = allows(core, subject, e, bit, org);
  const found = findPaths(core, subject, e, bit, org);
  const base = {
    user: subject.id,
    entryPoint: graph.entryPoints.id(e),
    right,
    ...(org === ANY_ORGANIZATION ? {} : { organization: core.orgs.ids.id(org) }),
    allowed,
    paths: found.paths,
    truncated: found.truncated,
  };
  const done = (reason: ExplanationReason, deciding: readonly AccessPath[], decidingOrganization?: number): Explanation => ({
    ...base,
    reason,
    deciding,
    ...(decidingOrganization === undefined || decidingOrganization < 0 ? {} : { decidingOrganization: core.orgs.ids.id(decidingOrganization) }),
  });
  if (!subject.enabled) return done('user-disabled', []);
  if (bit !== RIGHT_COUNT - 1 && (graph.epFlags[e]! & INVOKE_ONLY) !== 0) return done('not-applicable', []);
  if (allowed && isAdministrator(subject, org)) return done('administrator', []);
  const denies = found.paths.filter((p) => p.permission === 'deny');
  if (allowed) {
    if (org !== ANY_ORGANIZATION || subject.scoped === null) return done('allowed', found.paths.filter((p) => p.permission === 'allow'));
    // Allowed in some organization: show the allow paths that apply in one such organization.
    const witness = witnessOrganization(core, subject, e, bit);
    const applies = (i: number): boolean => {
      const source = found.sources[i]!;
      if (source.scope === 'all') return true;
      return witness >= 0 && (subject.scoped ?? []).some((s) => s.assignment === source && s.orgs.has(witness));
    };
    return done('allowed', found.paths.filter((p, i) => p.permission === 'allow' && applies(i)), witness);
  }
  if (denies.length > 0) return done('denied', denies);
  return done('no-grant', []);
}

function isAdministrator(subject: Subject, org: number): boolean {
  if (subject.adminAll) return true;
  return (subject.scoped ?? []).some((s) => s.admin && (org === ANY_ORGANIZATION || s.orgs.has(org)));
}

function witnessOrganization(core: AccessCore, subject: Subject, e: number, bit: number): number {
  const all = core.closures.store.probe(e, subject);
  const groups = organizationGroups(core, subject, e, all);
  if (groups === 'admin') return -1;
  const applicable = core.graph.applicable(e);
  for (const group of groups) if ((effectiveAllow(group.bits, applicable) & (1 << bit)) !== 0) return group.org;
  return -1;
}

interface FoundPaths {
  readonly paths: AccessPath[];
  /** The assignment each path starts from. */
  readonly sources: Assignment[];
  readonly truncated: boolean;
}

/**
 * Every path to a grant on `e` that sets right `bit`, from the assignments in scope. Only roles
 * from which such a grant is reachable are entered, found by walking up from the grants.
 */
function findPaths(core: AccessCore, subject: Subject, e: number, bit: number, org: number): FoundPaths {
  const { graph, model } = core;
  const mask = (1 << bit) | (1 << (bit + RIGHT_COUNT));
  const privileges = new Map<number, number>(); // privilege → its bits on e, for grants setting the right
  graph.forEachGrantOn(e, (p, bits) => {
    if ((bits & mask) !== 0) privileges.set(p, bits);
  });
  if (privileges.size === 0) return { paths: [], sources: [], truncated: false };
  const duties = new Set<number>();
  const start: number[] = [];
  for (const p of privileges.keys()) {
    for (const d of graph.dutiesWith(p)) {
      duties.add(d);
      start.push(...graph.rolesWithDuty(d));
    }
    start.push(...graph.rolesWithPrivilege(p));
  }
  const relevant = new Set<number>();
  graph.ancestors(start, core.closures.walkMarks, (r) => relevant.add(r));

  const epKey = idKey(graph.entryPoints.id(e));
  const grants = new Map<number, Grant>();
  const grantOf = (p: number): Grant => {
    let grant = grants.get(p);
    if (grant === undefined) {
      const privilege = model.privileges.get(idKey(graph.privileges.id(p)))!;
      grant = privilege.grants.find((g) => idKey(g.entryPoint) === epKey)!;
      grants.set(p, grant);
    }
    return grant;
  };

  const paths: AccessPath[] = [];
  const sources: Assignment[] = [];
  let chainRoles = 0;
  let truncated = false;
  const right: Right = rights[bit]!;
  for (const assignment of subject.assignments) {
    if (truncated) break;
    const scoped = subject.scoped?.find((s) => s.assignment === assignment);
    if (org !== ANY_ORGANIZATION && scoped !== undefined && !scoped.orgs.has(org)) continue;
    const root = graph.roles.findKey(idKey(assignment.role));
    if (root < 0 || !relevant.has(root)) continue;
    const from = { role: assignment.role, scope: assignment.scope };
    // Depth-first with an explicit stack: `chain` is the current role path, `next[i]` the next
    // sub-role of chain[i] to enter.
    const chain: number[] = [root];
    const next: number[] = [0];
    const emit = (privilege: number, duty: number): void => {
      if (paths.length >= MAX_EXPLAINED_PATHS || chainRoles + chain.length > MAX_EXPLAINED_CHAIN_ROLES) {
        truncated = true;
        return;
      }
      chainRoles += chain.length;
      const grant = grantOf(privilege);
      sources.push(assignment);
      paths.push({
        assignment: from,
        roles: chain.map((r) => graph.roles.id(r)),
        ...(duty < 0 ? {} : { duty: graph.duties.id(duty) }),
        privilege: graph.privileges.id(privilege),
        grant,
        permission: grant[right] === 'deny' ? 'deny' : 'allow',
      });
    };
    const visit = (role: number): void => {
      for (const d of SecurityGraph.list(graph.roleDuties, role)) {
        if (!duties.has(d)) continue;
        for (const p of SecurityGraph.list(graph.dutyPrivs, d)) if (privileges.has(p)) emit(p, d);
      }
      for (const p of SecurityGraph.list(graph.rolePrivs, role)) if (privileges.has(p)) emit(p, -1);
    };
    visit(root);
    while (chain.length > 0 && !truncated) {
      const top = chain.length - 1;
      const subs = SecurityGraph.list(graph.roleSubs, chain[top]!);
      let i = next[top]!;
      while (i < subs.length && !relevant.has(subs[i]!)) i++;
      if (i >= subs.length) {
        chain.pop();
        next.pop();
        continue;
      }
      next[top] = i + 1;
      chain.push(subs[i]!);
      next.push(0);
      visit(subs[i]!);
    }
  }
  return { paths, sources, truncated };
}
