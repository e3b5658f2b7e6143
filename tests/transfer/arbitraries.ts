/**
 * Random valid states for the transfer round-trip property: every kind the format carries, with
 * unicode, XML special characters, white space at the ends, characters XML cannot carry, and empty lists.
 */
import fc from 'fast-check';
import { createModel, entryPointKinds, rights, type ModelDataInput, type SecurityModel } from '../../src/index.js';

const tricky = fc.constantFrom('<', '>', '&', '&amp;', '"', "'", ']]>', ' ', '\t', '\n', '\r\n', '\r', '\u00a0', '\u2028', '\ufeff', '\u0000', '\u0001', '\ud800', '\udc00', '\uffff', '__proto__', 'constructor', 'Ünïcödé', '😀', '中文', '&#38;', '<!DOCTYPE x>');
const piece = fc.oneof(fc.string({ unit: 'binary', maxLength: 6 }), tricky, fc.constantFrom('a', 'B', 'x y'));
/** Any text (descriptions may be empty). */
export const anyText = fc.array(piece, { maxLength: 4 }).map((a) => a.join(''));
/** A display name: 1 to 1000 characters of anything. */
export const anyName = anyText.map((s) => (s.length === 0 ? 'n' : s.slice(0, 1000)));
// Ids: no control characters, at least one visible character, unique through a numeric suffix.
// eslint-disable-next-line no-control-regex
const idBody = fc.array(piece, { maxLength: 3 }).map((a) => a.join('').replace(/[\u0000-\u001f\u007f]/g, '').slice(0, 200));
const idOf = (body: string, i: number, prefix: string) => `${body}${prefix}${i}`;
const securable = idBody.map((s) => s.replace(/[:/]/g, ''));

const permission = fc.constantFrom('allow', 'deny', 'unset');
const grantRights = fc.record(Object.fromEntries(rights.map((r) => [r, permission])) as Record<(typeof rights)[number], fc.Arbitrary<'allow' | 'deny' | 'unset'>>);

/** A random valid state. */
export const anyState: fc.Arbitrary<SecurityModel> = fc
  .record({
    eps: fc.array(fc.record({ kind: fc.constantFrom(...entryPointKinds), name: securable, child: fc.option(securable, { nil: undefined }), label: fc.option(anyName, { nil: undefined }), view: fc.constantFrom('none', 'activity'), maintain: fc.constantFrom('none', 'operations') }), { maxLength: 6 }),
    privs: fc.array(fc.record({ id: idBody, name: anyName, description: fc.option(anyText, { nil: undefined }), grants: fc.array(fc.tuple(fc.nat(), grantRights), { maxLength: 4 }) }), { maxLength: 5 }),
    duties: fc.array(fc.record({ id: idBody, name: anyName, description: fc.option(anyText, { nil: undefined }), privs: fc.array(fc.nat(), { maxLength: 4 }) }), { maxLength: 4 }),
    roles: fc.array(fc.record({ id: idBody, name: anyName, description: fc.option(anyText, { nil: undefined }), duties: fc.array(fc.nat(), { maxLength: 3 }), privs: fc.array(fc.nat(), { maxLength: 3 }), subs: fc.array(fc.nat(), { maxLength: 2 }) }), { maxLength: 4 }),
    rules: fc.array(fc.record({ id: idBody, name: anyName, a: fc.nat(), b: fc.nat(), severity: fc.constantFrom('low', 'medium', 'high', 'critical'), risk: anyText, mitigation: anyText, enabled: fc.boolean() }), { maxLength: 3 }),
    categories: fc.array(fc.record({ id: idBody, name: anyName, description: fc.option(anyText, { nil: undefined }) }), { maxLength: 3 }),
    processes: fc.array(fc.record({ id: idBody, name: anyName, category: fc.nat(), parent: fc.option(fc.nat(), { nil: undefined }), description: fc.option(anyText, { nil: undefined }) }), { maxLength: 4 }),
    tasks: fc.array(fc.record({ id: idBody, name: anyName, process: fc.nat(), description: fc.option(anyText, { nil: undefined }), grants: fc.array(fc.tuple(fc.nat(), grantRights), { maxLength: 3 }) }), { maxLength: 3 }),
    assignmentRules: fc.array(fc.record({ id: idBody, name: anyName, role: fc.nat(), enabled: fc.boolean(), attr: idBody.map((s) => s || 'a'), value: anyText.map((s) => s.slice(0, 256)), values: fc.array(anyText.map((s) => s.slice(0, 256)), { maxLength: 3 }), shape: fc.constantFrom('equals', 'in', 'exists', 'and', 'or', 'not') }), { maxLength: 3 }),
    level: fc.oneof(fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 100, noNaN: true })),
    flags: fc.tuple(fc.boolean(), fc.boolean(), fc.boolean(), fc.boolean()),
  })
  .map((r) => {
    const eps = r.eps.map((e, i) => ({ kind: e.kind, name: idOf(e.name, i, 'E'), ...(e.child !== undefined ? { childName: `${e.child}c` } : {}), ...(e.label !== undefined ? { label: e.label } : {}), viewLicense: e.view, maintainLicense: e.maintain }));
    const epIds = eps.map((e) => `${e.kind}:${e.name}${e.childName !== undefined ? `/${e.childName}` : ''}`);
    const pick = <T>(list: readonly T[], n: number): T | undefined => (list.length === 0 ? undefined : list[n % list.length]);
    const uniq = (ids: (string | undefined)[]) => [...new Map(ids.filter((x): x is string => x !== undefined).map((x) => [x.toLowerCase(), x])).values()];
    const grantsOf = (gs: [number, Record<string, string>][]) => {
      const used = new Set<string>();
      return gs.flatMap(([n, g]) => {
        const ep = pick(epIds, n);
        if (!ep || used.has(ep.toLowerCase())) return [];
        used.add(ep.toLowerCase());
        return [{ entryPoint: ep, ...g }];
      });
    };
    const privileges = r.privs.map((p, i) => ({ id: idOf(p.id, i, 'P'), name: p.name, ...(p.description !== undefined ? { description: p.description } : {}), grants: grantsOf(p.grants) }));
    const pIds = privileges.map((p) => p.id);
    const duties = r.duties.map((d, i) => ({ id: idOf(d.id, i, 'D'), name: d.name, ...(d.description !== undefined ? { description: d.description } : {}), privileges: uniq(d.privs.map((n) => pick(pIds, n))) }));
    const dIds = duties.map((d) => d.id);
    const roles = r.roles.map((x, i) => ({
      id: idOf(x.id, i, 'R'),
      name: x.name,
      ...(x.description !== undefined ? { description: x.description } : {}),
      duties: uniq(x.duties.map((n) => pick(dIds, n))),
      privileges: uniq(x.privs.map((n) => pick(pIds, n))),
      subRoles: [] as string[],
    }));
    roles.forEach((role, i) => (role.subRoles = uniq(r.roles[i]!.subs.map((n) => (i === 0 ? undefined : roles[n % i]!.id)))));
    const sodRules = dIds.length < 2 ? [] : r.rules.map((x, i) => ({ id: idOf(x.id, i, 'S'), name: x.name, firstDuty: dIds[x.a % dIds.length]!, secondDuty: dIds[(x.a + 1 + (x.b % (dIds.length - 1))) % dIds.length]!, severity: x.severity, risk: x.risk, mitigation: x.mitigation, enabled: x.enabled }));
    const securityCategories = r.categories.map((c, i) => ({ id: idOf(c.id, i, 'C'), name: c.name, ...(c.description !== undefined ? { description: c.description } : {}) }));
    const processes: { id: string; name: string; category: string; parent?: string; description?: string }[] = [];
    if (securityCategories.length > 0) {
      r.processes.forEach((p, i) => {
        const category = securityCategories[p.category % securityCategories.length]!.id;
        const siblings = processes.filter((x) => x.category === category);
        const parent = p.parent !== undefined && siblings.length > 0 ? siblings[p.parent % siblings.length]!.id : undefined;
        processes.push({ id: idOf(p.id, i, 'Q'), name: p.name, category, ...(parent ? { parent } : {}), ...(p.description !== undefined ? { description: p.description } : {}) });
      });
    }
    const tasks = processes.length === 0 ? [] : r.tasks.map((t, i) => ({ id: idOf(t.id, i, 'T'), name: t.name, process: processes[t.process % processes.length]!.id, ...(t.description !== undefined ? { description: t.description } : {}), entryPoints: grantsOf(t.grants) }));
    const assignmentRules = roles.length === 0 ? [] : r.assignmentRules.map((a, i) => {
      const leaf = a.shape === 'in' ? { attribute: a.attr, in: a.values } : a.shape === 'exists' ? { attribute: a.attr, exists: a.enabled } : { attribute: a.attr, equals: a.value };
      const condition = a.shape === 'and' ? { and: [leaf, { attribute: a.attr, in: [] }] } : a.shape === 'or' ? { or: [leaf] } : a.shape === 'not' ? { not: { and: [leaf] } } : leaf;
      return { id: idOf(a.id, i, 'A'), name: a.name, role: roles[a.role % roles.length]!.id, enabled: a.enabled, condition };
    });
    const data: ModelDataInput = {
      entryPoints: eps,
      privileges,
      duties,
      roles,
      sodRules,
      securityCategories,
      processes,
      tasks,
      assignmentRules,
      parameters: { similarityLevel: r.level, checkSimilarity: r.flags[0], fourEyesApproval: r.flags[1], allowUnpublishedObjects: r.flags[2], requireJustification: r.flags[3] },
    };
    return createModel(data);
  });
