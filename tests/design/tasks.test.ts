import { describe, expect, it } from 'vitest';
import { copyTask, createTask, effectiveEntryPoints, explodeEntryPoint, idKey, taskFromAccess, taskFromRecording } from '../../src/index.js';
import { apply, designModel, expectCode, INVOICE, LJT, POST, SETTLE, TILE, WORKSPACE } from './fixture.js';

describe('createTask', () => {
  it('returns the add record of the validated task, in the model spelling of entry points', () => {
    const model = designModel();
    const result = createTask(model, { id: 'Browse', name: 'Browse journals', process: 'GL', entryPoints: [{ entryPoint: LJT.toUpperCase(), read: 'allow' }] });
    expect(result.changes).toEqual([
      { op: 'add', kind: 'task', value: { id: 'Browse', name: 'Browse journals', process: 'GL', entryPoints: [{ entryPoint: LJT, read: 'allow', update: 'unset', create: 'unset', delete: 'unset', correct: 'unset', invoke: 'unset' }] } },
    ]);
    expect(result.created).toEqual([{ kind: 'task', id: 'Browse' }]);
    expect(result.description).toContain('Browse');
    const next = apply(model, result);
    expect(next.tasks.get('browse')?.entryPoints).toHaveLength(1);
    expect(model.tasks.has('browse')).toBe(false); // the model is not touched
  });

  it('refuses a taken id, an unknown process or entry point, and an entry point listed twice', () => {
    const model = designModel();
    expectCode(() => createTask(model, { id: 'enterjournal', name: 'x', process: 'GL' }), 'DUPLICATE_ID');
    expectCode(() => createTask(model, { id: 'New', name: 'x', process: 'Nowhere' }), 'MISSING_REFERENCE');
    expectCode(() => createTask(model, { id: 'New', name: 'x', process: 'GL', entryPoints: [{ entryPoint: 'table:Missing', read: 'allow' }] }), 'MISSING_REFERENCE');
    expectCode(() => createTask(model, { id: 'New', name: 'x', process: 'GL', entryPoints: [{ entryPoint: LJT }, { entryPoint: LJT.toLowerCase() }] }), 'DUPLICATE_ID');
  });
});

describe('taskFromRecording', () => {
  it('merges repeated steps, unions their rights and defaults to read', () => {
    const model = designModel();
    const result = taskFromRecording(model, {
      id: 'Recorded',
      name: 'Recorded',
      process: 'GLJournals',
      steps: [{ entryPoint: LJT }, { entryPoint: POST, rights: ['invoke'] }, { entryPoint: LJT.toLowerCase(), rights: ['update'] }],
    });
    const value = (result.changes[0] as { value: { entryPoints: unknown[] } }).value;
    expect(value.entryPoints).toEqual([
      { entryPoint: POST, read: 'unset', update: 'unset', create: 'unset', delete: 'unset', correct: 'unset', invoke: 'allow' },
      { entryPoint: LJT, read: 'allow', update: 'allow', create: 'unset', delete: 'unset', correct: 'unset', invoke: 'unset' },
    ]);
    apply(model, result);
  });

  it('names every unknown recorded entry point', () => {
    const error = expectCode(
      () => taskFromRecording(designModel(), { id: 'R', name: 'R', process: 'GL', steps: [{ entryPoint: 'table:A' }, { entryPoint: 'table:B' }, { entryPoint: 'table:a' }] }),
      'MISSING_REFERENCE',
    );
    expect(error.details.problems).toHaveLength(2);
  });

  it('refuses an empty recording', () => {
    expectCode(() => taskFromRecording(designModel(), { id: 'R', name: 'R', process: 'GL', steps: [] }), 'VALIDATION_FAILED');
  });
});

describe('effectiveEntryPoints and taskFromAccess', () => {
  it('a role: grants of its duties, privileges and sub-roles at any depth, deny wins', () => {
    const grants = effectiveEntryPoints(designModel(), { kind: 'role', id: 'accountant' });
    expect(grants.map((g) => g.entryPoint)).toEqual([POST, LJT, INVOICE, SETTLE]);
    const ljt = grants.find((g) => g.entryPoint === LJT)!;
    expect([ljt.read, ljt.update, ljt.create, ljt.delete]).toEqual(['allow', 'allow', 'allow', 'deny']);
  });

  it('a duty and a privilege', () => {
    const model = designModel();
    expect(effectiveEntryPoints(model, { kind: 'duty', id: 'EnterInvoices' }).map((g) => g.entryPoint)).toEqual([INVOICE]);
    expect(effectiveEntryPoints(model, { kind: 'privilege', id: 'NoDelete' })[0]?.delete).toBe('deny');
  });

  it('a user: effective access from compileAccess, per organization when asked', () => {
    const model = designModel();
    const alice = effectiveEntryPoints(model, { kind: 'user', id: 'alice' });
    expect(alice).toEqual(effectiveEntryPoints(model, { kind: 'role', id: 'Accountant' }));
    expect(effectiveEntryPoints(model, { kind: 'user', id: 'carol', organization: 'USMF' }).map((g) => g.entryPoint)).toEqual([INVOICE, SETTLE]);
    expectCode(() => effectiveEntryPoints(model, { kind: 'user', id: 'carol', organization: 'Nowhere' }), 'NOT_FOUND');
    expectCode(() => effectiveEntryPoints(model, { kind: 'user', id: 'bob' }), 'VALIDATION_FAILED');
    expectCode(() => effectiveEntryPoints(model, { kind: 'user', id: 'nobody' }), 'NOT_FOUND');
  });

  it('creates a task from a role', () => {
    const model = designModel();
    const result = taskFromAccess(model, { id: 'ClerkWork', name: 'Clerk work', process: 'AP', source: { kind: 'role', id: 'Clerk' } });
    const next = apply(model, result);
    expect(next.tasks.get('clerkwork')!.entryPoints.map((g) => g.entryPoint)).toEqual([INVOICE, SETTLE]);
  });

  it('refuses a source without entry points', () => {
    const model = apply(designModel(), { changes: [{ op: 'add', kind: 'role', value: { id: 'Empty', name: 'Empty' } }] });
    expectCode(() => taskFromAccess(model, { id: 'T', name: 'T', process: 'AP', source: { kind: 'role', id: 'Empty' } }), 'VALIDATION_FAILED');
  });
});

describe('copyTask', () => {
  it('copies entry points under a new id, with optional new name and process', () => {
    const model = designModel();
    const result = copyTask(model, { from: 'EnterJournal', id: 'EnterJournal2', process: 'AP' });
    const next = apply(model, result);
    const copy = next.tasks.get('enterjournal2')!;
    expect(copy.name).toBe('Enter a journal');
    expect(copy.process).toBe('AP');
    expect(copy.entryPoints).toEqual(model.tasks.get('enterjournal')!.entryPoints);
    expectCode(() => copyTask(model, { from: 'Nope', id: 'X' }), 'NOT_FOUND');
    expectCode(() => copyTask(model, { from: 'EnterJournal', id: 'POSTJOURNAL' }), 'DUPLICATE_ID');
  });
});

describe('explodeEntryPoint', () => {
  const base = () => apply(designModel(), createTask(designModel(), { id: 'Ws', name: 'Workspace', process: 'GL', entryPoints: [{ entryPoint: WORKSPACE, read: 'allow' }, { entryPoint: POST, invoke: 'allow' }] }));

  it('adds related entry points with the rights of the exploded one (map, record or function)', () => {
    const model = base();
    for (const related of [
      new Map([[WORKSPACE.toUpperCase(), [TILE, LJT]]]),
      { [WORKSPACE]: [TILE, LJT] },
      (id: string) => (idKey(id) === idKey(WORKSPACE) ? [TILE, LJT] : undefined),
    ]) {
      const result = explodeEntryPoint(model, { task: 'ws', entryPoints: [WORKSPACE], related });
      expect(result.added).toEqual([{ entryPoint: TILE, from: WORKSPACE }, { entryPoint: LJT, from: WORKSPACE }]);
      const next = apply(model, result);
      const grants = next.tasks.get('ws')!.entryPoints;
      expect(grants.map((g) => [g.entryPoint, g.read])).toEqual([[WORKSPACE, 'allow'], [POST, 'unset'], [TILE, 'allow'], [LJT, 'allow']]);
    }
  });

  it('is one level deep unless transitive; existing entry points keep their grants', () => {
    const model = base();
    const related = { [WORKSPACE]: [TILE], [TILE]: [LJT, POST] };
    const one = explodeEntryPoint(model, { task: 'Ws', related });
    expect(one.added.map((a) => a.entryPoint)).toEqual([TILE]);
    const all = explodeEntryPoint(model, { task: 'Ws', entryPoints: [WORKSPACE], related, transitive: true });
    expect(all.added.map((a) => a.entryPoint)).toEqual([TILE, LJT]);
    expect(all.alreadyPresent).toEqual([POST]);
    const next = apply(model, all);
    expect(next.tasks.get('ws')!.entryPoints.find((g) => g.entryPoint === POST)).toMatchObject({ read: 'unset', invoke: 'allow' });
  });

  it('returns no change when nothing is new', () => {
    const result = explodeEntryPoint(base(), { task: 'Ws', related: () => [] });
    expect(result.changes).toEqual([]);
  });

  it('refuses an entry point the task does not hold and unknown related ids', () => {
    const model = base();
    expectCode(() => explodeEntryPoint(model, { task: 'Ws', entryPoints: [LJT], related: {} }), 'NOT_FOUND');
    expectCode(() => explodeEntryPoint(model, { task: 'Nope', related: {} }), 'NOT_FOUND');
    expectCode(() => explodeEntryPoint(model, { task: 'Ws', related: { [WORKSPACE]: ['table:Missing'] } }), 'MISSING_REFERENCE');
    expectCode(() => explodeEntryPoint(model, { task: 'Ws', related: { [WORKSPACE]: 'menu-item-display:LedgerTile' } as never }), 'VALIDATION_FAILED');
    expectCode(() => explodeEntryPoint(model, { task: 'Ws', related: 42 as never }), 'VALIDATION_FAILED');
  });
});
