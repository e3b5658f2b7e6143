/**
 * Versions section: compare two versions of the model that differ in 1% of their objects (sharing
 * the unchanged records, as versions derived from one another do, and as fully separate copies, as
 * versions read back from a database are), the change records between them, and restoring a version.
 *
 * @module
 */
import { applyChanges } from '../src/model/apply.js';
import type { ChangeInput } from '../src/model/changes.js';
import { createModel, modelToData, type ModelDataInput } from '../src/model/data.js';
import type { SecurityModel } from '../src/model/model.js';
import { entryPointId } from '../src/model/schemas.js';
import { Random } from '../src/testing/generate-random.js';
import { generateSodRules } from '../src/testing/generate-sod.js';
import { compareModels, comparisonChanges, restoreChanges } from '../src/versioning/index.js';
import type { BenchContext, BenchSection } from './context.js';
import { measure } from './timing.js';

const SECTION = 'versions';
const fmt = (n: number) => n.toLocaleString('en-US');

/** The versions section. */
export const versionsSection: BenchSection = {
  name: SECTION,
  title: 'compare two versions differing in 1% of objects, the change records between them, restore',
  run(context) {
    const { report } = context;
    const v1 = withGovernance(context);
    const { model: v2, touched } = changeOnePercent(context, v1);
    const runs = context.scale(7, 2);

    context.log('versions: compare (shared records)');
    let differing = 0;
    const shared = measure(() => (differing = compareModels(v1, v2).entries.length), { warmup: 1, runs });
    report.figure(SECTION, 'versions.compare_ms', shared.median, 'ms', `compareModels of two versions differing in 1% of objects (${fmt(touched)} edits, ${fmt(differing)} records differ), median of ${shared.runs}`, { op: '<', target: 500, label: 'compare < 500 ms' });

    context.log('versions: compare (separate copies)');
    const copy = createModel(JSON.parse(JSON.stringify(modelToData(v2))) as ModelDataInput);
    const separate = measure(() => compareModels(v1, copy).entries.length, { warmup: 1, runs });
    report.figure(SECTION, 'versions.compare_copies_ms', separate.median, 'ms', 'compareModels of the same versions when no record is shared (the second rebuilt from JSON, as read from a database)', { op: '<', target: 500, label: 'compare < 500 ms' });

    const all = measure(() => compareModels(v1, v2, { detail: 'all' }).entries.length, { warmup: 0, runs: context.scale(3, 1) });
    report.figure(SECTION, 'versions.compare_all_ms', all.median, 'ms', "compareModels with detail 'all' (every record listed, sorted)");

    context.log('versions: comparisonChanges');
    let changeCount = 0;
    const changes = measure(() => (changeCount = comparisonChanges(v1, v2).length), { warmup: 1, runs });
    report.figure(SECTION, 'versions.changes_ms', changes.median, 'ms', `comparisonChanges(v1, v2): ${fmt(changeCount)} change records, median of ${changes.runs}`);

    context.log('versions: restore');
    let plan = restoreChanges(v2, v1, { parts: 'both' });
    const restore = measure(() => (plan = restoreChanges(v2, v1, { parts: 'both' })), { warmup: 0, runs: context.scale(5, 1) });
    report.figure(SECTION, 'versions.restore_plan_ms', restore.median, 'ms', `restoreChanges(current, version, both): ${fmt(plan.changes.length)} changes, ${fmt(plan.kept.length)} kept, median of ${restore.runs}`);
    let restored: SecurityModel = v2;
    const apply = measure(() => (restored = applyChanges(v2, plan.changes)), { warmup: 0, runs: context.scale(5, 1) });
    report.figure(SECTION, 'versions.restore_apply_ms', apply.median, 'ms', `applyChanges of the restore (validated), median of ${apply.runs}`);
    report.figure(SECTION, 'versions.restore_total_ms', restore.median + apply.median, 'ms', 'restore end to end: restoreChanges + applyChanges');
    const left = compareModels(v1, restored, { parts: ['configuration', 'governance'] });
    report.note(`versions: after the restore, ${left.entries.length} differences remain in the restored parts (${plan.kept.length} reported as kept).`);
  },
};

/** The bench model with governance data: 200 SoD rules and a parameter change. */
function withGovernance(context: BenchContext): SecurityModel {
  const rules = generateSodRules(context.model, { count: 200, seed: context.seed });
  return applyChanges(context.model, [...rules.map((value): ChangeInput => ({ op: 'add', kind: 'sodRule', value })), { op: 'setParameters', patch: { checkSimilarity: true } }]);
}

/** Edit 1% of the entry points, privileges, duties, roles and users, and add and remove a few objects. */
function changeOnePercent(context: BenchContext, model: SecurityModel): { model: SecurityModel; touched: number } {
  const r = new Random(context.seed, 'bench-versions');
  const pick = <T>(items: readonly T[], share: number): T[] => r.shuffle([...items]).slice(0, Math.max(1, Math.round(items.length * share)));
  const eps = [...model.entryPoints.values()];
  const privileges = [...model.privileges.values()];
  const duties = [...model.duties.values()];
  const roles = [...model.roles.values()];
  const users = [...model.users.values()];
  const changes: ChangeInput[] = [];
  for (const ep of pick(eps, 0.01)) changes.push({ op: 'update', kind: 'entryPoint', id: entryPointId(ep), patch: { label: `${ep.label ?? ep.name} (v2)` } });
  for (const p of pick(privileges, 0.01)) {
    const g = p.grants[0];
    if (g) changes.push({ op: 'setGrant', privilege: p.id, grant: { ...g, delete: g.delete === 'allow' ? 'unset' : 'allow' } });
    else changes.push({ op: 'update', kind: 'privilege', id: p.id, patch: { description: 'v2' } });
  }
  const privilegeIds = privileges.map((p) => p.id);
  for (const d of pick(duties, 0.01)) changes.push({ op: 'update', kind: 'duty', id: d.id, patch: { privileges: [...d.privileges.slice(1), r.pick(privilegeIds)].filter((x, i, xs) => xs.findIndex((y) => y.toLowerCase() === x.toLowerCase()) === i) } });
  for (const role of pick(roles, 0.01)) changes.push({ op: 'update', kind: 'role', id: role.id, patch: { name: `${role.name} (v2)`, duties: role.duties.slice(1) } });
  for (const u of pick(users, 0.01)) changes.push({ op: 'update', kind: 'user', id: u.id, patch: { enabled: !u.enabled } });
  for (let i = 0; i < 20; i++) {
    changes.push({ op: 'add', kind: 'privilege', value: { id: `BenchVersionPriv${i}`, name: `Bench ${i}`, grants: [{ entryPoint: entryPointId(r.pick(eps)), read: 'allow' }] } });
    changes.push({ op: 'add', kind: 'duty', value: { id: `BenchVersionDuty${i}`, name: `Bench ${i}`, privileges: [`BenchVersionPriv${i}`] } });
  }
  changes.push({ op: 'add', kind: 'role', value: { id: 'BenchVersionRole', name: 'Bench', duties: Array.from({ length: 20 }, (_, i) => `BenchVersionDuty${i}`) } });
  return { model: applyChanges(model, changes), touched: changes.length };
}
