import { describe, expect, it } from 'vitest';
import { accessLevel } from './access-level.js';
import { createModel, modelDataSchema, modelDataToChanges, modelToData } from './data.js';
import { conditionDepth, conditionSchema, matchesCondition, MAX_CONDITION_DEPTH, type Condition } from './design-schemas.js';
import { SecGovError } from './errors.js';
import { idKey, sameId } from './ids.js';
import { assignmentKey, emptyModel } from './model.js';
import { entryPointId } from './schemas.js';
import { errorCode } from '../../tests/support/errors.js';

const huge = 'x'.repeat(1_000_000);
/** Cases for `it.each`, titled by position (formatting a huge or sparse value would be slow). */
const cases = (values: readonly unknown[]): [number, unknown][] => values.map((v, i) => [i, v]);

/** Values no parameter of these functions accepts. */
const hostile: unknown[] = [null, undefined, {}, [], ['a'], 42, Number.NaN, true, Object.create(null), () => 'x', Symbol('s'), 10n];
/** Hostile values for a string parameter (a string of any length is a valid string). */
const notStrings: unknown[] = [...hostile, new String('a'), { toLowerCase: () => 'a' }];


function failure(work: () => unknown): SecGovError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(SecGovError);
    expect((error as SecGovError).code).toBe('VALIDATION_FAILED');
    return error as SecGovError;
  }
  throw new Error('expected a SecGovError');
}

describe('idKey, sameId and assignmentKey refuse what is not a string', () => {
  it.each(cases(notStrings))('idKey(#%i)', (_, bad) => {
    expect(errorCode(() => idKey(bad as string))).toBe('VALIDATION_FAILED');
    expect(failure(() => idKey(bad as string)).message).toContain('id must be a string');
  });

  it.each(cases(notStrings))('sameId with #%i in either place', (_, bad) => {
    expect(failure(() => sameId(bad as string, 'a')).details.ids).toEqual(['a']);
    expect(failure(() => sameId('a', bad as string)).details.ids).toEqual(['b']);
    expect(errorCode(() => sameId(bad as string, bad as string))).toBe('VALIDATION_FAILED');
  });

  it.each(cases(notStrings))('assignmentKey with #%i in either place', (_, bad) => {
    expect(failure(() => assignmentKey(bad as string, 'Clerk')).message).toContain('user must be a string');
    expect(failure(() => assignmentKey('alice', bad as string)).message).toContain('role must be a string');
  });

  it('answers any string, however long, as before', () => {
    expect(idKey('LedgerJournalEntry')).toBe('ledgerjournalentry');
    expect(idKey(huge)).toBe(huge);
    expect(sameId('Alice', 'ALICE')).toBe(true);
    expect(sameId(huge, huge.toUpperCase())).toBe(true);
    expect(sameId('a', 'b')).toBe(false);
    expect(assignmentKey('Alice', 'Clerk')).toBe('alice\u0000clerk');
    expect(assignmentKey(huge, 'r')).toHaveLength(1_000_002);
  });
});

describe('entryPointId refuses what is not an entry point', () => {
  const shapes: unknown[] = [
    ...hostile,
    huge,
    { kind: 'table' },
    { name: 'T' },
    { kind: 42, name: 'T' },
    { kind: 'table', name: null },
    { kind: 'table', name: ['T'] },
    { kind: 'table', name: 'T', childName: 7 },
    { kind: 'table', name: 'T', childName: null },
    Object.assign(Object.create(null) as object, { kind: 'table' }),
  ];

  it.each(cases(shapes))('entryPointId(#%i)', (_, bad) => {
    expect(failure(() => entryPointId(bad as never)).message).toContain('entryPointId: ep must');
  });

  it('answers well-formed entry points as before', () => {
    expect(entryPointId({ kind: 'menu-item-display', name: 'LedgerJournalTable' })).toBe('menu-item-display:LedgerJournalTable');
    expect(entryPointId({ kind: 'form-control', name: 'F', childName: 'C' })).toBe('form-control:F/C');
    expect(entryPointId({ kind: 'table', name: 'T', childName: undefined })).toBe('table:T');
    expect(entryPointId(Object.assign(Object.create(null) as object, { kind: 'table', name: 'T' }) as never)).toBe('table:T');
  });
});

describe('accessLevel refuses what is not a grant', () => {
  const unset = { read: 'unset', update: 'unset', create: 'unset', delete: 'unset', correct: 'unset', invoke: 'unset' } as const;
  const shapes: unknown[] = [
    ...hostile,
    huge,
    { read: 'allow' },
    { ...unset, read: 'ALLOW' },
    { ...unset, invoke: huge },
    { ...unset, update: true },
    { ...unset, delete: null },
    { ...unset, correct: undefined },
    { ...unset, read: ['allow'] },
  ];

  it.each(cases(shapes))('accessLevel(#%i)', (_, bad) => {
    expect(failure(() => accessLevel(bad as never)).details.ids).toEqual(['grant']);
  });

  it('turns a throwing getter into a typed error', () => {
    const getter = Object.defineProperty({ ...unset }, 'read', { enumerable: true, get: () => { throw new Error('boom'); } });
    expect(failure(() => accessLevel(getter as never)).message).toContain('grant.read could not be read');
  });

  it('does not echo a huge value', () => {
    expect(failure(() => accessLevel({ ...unset, invoke: huge } as never)).message.length).toBeLessThan(200);
  });

  it('answers well-formed grants as before, also without a prototype', () => {
    expect(accessLevel(unset)).toBe('not-specified');
    expect(accessLevel({ ...unset, read: 'allow' })).toBe('read');
    expect(accessLevel({ ...unset, read: 'deny' })).toBe('denied');
    expect(accessLevel({ ...unset, read: 'deny', invoke: 'allow' })).toBe('write');
    expect(accessLevel(Object.assign(Object.create(null) as object, { ...unset, update: 'allow' }) as never)).toBe('write');
  });
});

describe('conditionDepth and matchesCondition refuse what is not a condition', () => {
  const attrs = Object.assign(Object.create(null) as Record<string, string>, { site: 'US' });
  const leaf = { attribute: 'site', equals: 'US' };
  const cyclic: { and: unknown[] } = { and: [] };
  cyclic.and.push(cyclic);
  const self: { not?: unknown } = {};
  self.not = self;
  const sparse: unknown[] = [];
  sparse.length = 1_000_000_000;
  const shapes: unknown[] = [
    ...hostile,
    huge,
    { attribute: 'site' },
    { attribute: 42, equals: 'US' },
    { attribute: 'site', equals: 42 },
    { attribute: 'site', in: 'US' },
    { attribute: 'site', in: [42] },
    { attribute: 'site', in: sparse },
    { attribute: 'site', exists: 'yes' },
    { and: 'abc' },
    { and: 42 },
    { and: [null] },
    { and: [leaf, 42] },
    { or: [leaf, {}] },
    { or: { 0: leaf, length: 1 } },
    { and: sparse },
    { not: null },
    { not: [] },
    { not: { not: huge } },
  ];

  it.each(cases(shapes))('conditionDepth(#%i)', (_, bad) => {
    expect(failure(() => conditionDepth(bad as Condition)).details.ids).toEqual(['condition']);
  });

  it.each(cases(shapes))('matchesCondition(#%i, attributes)', (_, bad) => {
    expect(failure(() => matchesCondition(bad as Condition, attrs)).details.ids).toEqual(['condition']);
  });

  it('refuses too deep and cyclic conditions in matchesCondition without overflowing the stack', () => {
    let deep: Condition = leaf;
    for (let i = 0; i < 100_000; i++) deep = { not: deep };
    expect(conditionDepth(deep)).toBe(MAX_CONDITION_DEPTH + 1);
    expect(conditionDepth(cyclic as never)).toBe(MAX_CONDITION_DEPTH + 1);
    expect(conditionDepth(self as never)).toBe(MAX_CONDITION_DEPTH + 1);
    for (const c of [deep, cyclic, self]) expect(failure(() => matchesCondition(c as Condition, attrs)).message).toContain('nests more than');
  });

  it('turns throwing getters into typed errors', () => {
    const getter = Object.defineProperty({}, 'and', { enumerable: true, get: () => { throw new Error('boom'); } });
    expect(errorCode(() => conditionDepth(getter as never))).toBe('VALIDATION_FAILED');
    expect(errorCode(() => matchesCondition(getter as never, attrs))).toBe('VALIDATION_FAILED');
    const flaky = { attribute: 'site', n: 0, get equals() { this.n++; if (this.n > 1) throw new Error('boom'); return 'US'; } };
    expect(errorCode(() => matchesCondition(flaky as never, attrs))).toBe('VALIDATION_FAILED');
    const attrGetter = Object.defineProperty({}, 'site', { enumerable: true, get: () => { throw new Error('boom'); } });
    expect(errorCode(() => matchesCondition(leaf, attrGetter))).toBe('VALIDATION_FAILED');
  });

  it.each(cases([...hostile.filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)), huge, new Map([['site', 'US']]), new Date()]))('matchesCondition(condition, #%i)', (_, bad) => {
    expect(failure(() => matchesCondition(leaf, bad as never)).details.ids).toEqual(['attributes']);
  });

  it('refuses attributes whose compared value is not a string', () => {
    for (const site of [42, null, ['US'], { toString: () => 'US' }]) {
      expect(failure(() => matchesCondition(leaf, { site } as never)).details.ids).toEqual(['attributes']);
      expect(failure(() => matchesCondition({ attribute: 'site', in: ['US'] }, { site } as never)).details.ids).toEqual(['attributes']);
    }
  });

  it('answers well-formed conditions as before', () => {
    expect(conditionDepth(leaf)).toBe(1);
    expect(conditionDepth({ and: [leaf, { not: { or: [leaf] } }] })).toBe(4);
    expect(matchesCondition(leaf, attrs)).toBe(true);
    expect(matchesCondition(leaf, {})).toBe(false);
    expect(matchesCondition(leaf, { site: huge })).toBe(false);
    expect(matchesCondition({ attribute: 'site', exists: true }, { site: 'x' })).toBe(true);
    expect(matchesCondition({ attribute: 'dept', in: ['x'] }, attrs)).toBe(false);
    expect(matchesCondition({ or: [{ attribute: 'dept', exists: true }, { not: leaf }] }, attrs)).toBe(false);
    let deepest: Condition = leaf;
    for (let i = 1; i < MAX_CONDITION_DEPTH; i++) deepest = { not: deepest };
    expect(conditionDepth(deepest)).toBe(MAX_CONDITION_DEPTH);
    expect(matchesCondition(deepest, attrs)).toBe(false);
  });

  it('the schema still reports malformed and too deep conditions as issues', () => {
    expect(conditionSchema.safeParse({ attribute: 'a', in: Array.from({ length: 1_001 }, () => 'v') }).success).toBe(false);
    let deep: unknown = leaf;
    for (let i = 0; i < 40; i++) deep = { not: deep };
    const result = conditionSchema.safeParse(deep);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain(`at most ${MAX_CONDITION_DEPTH} levels`);
  });
});

describe('modelDataToChanges and modelToData refuse what is not model data or a model', () => {
  const model = createModel({ users: [{ id: 'alice', name: 'Alice' }], roles: [{ id: 'Clerk', name: 'Clerk' }], assignments: [{ user: 'alice', role: 'Clerk' }] });

  it.each(cases([...hostile.filter((v) => !(typeof v === 'object' && v !== null && !Array.isArray(v))), huge, { users: null }, { users: [null] }, { users: {} }, { users: [{ id: huge, name: 'x' }] }, { roles: [{ id: 'r' }] }, { groups: [] }, model]))('modelDataToChanges(#%i)', (_, bad) => {
    expect(failure(() => modelDataToChanges(bad as never)).message).toContain('model data');
  });

  it('answers well-formed data as before', () => {
    expect(modelDataToChanges({} as never)).toEqual([]);
    expect(modelDataToChanges(Object.create(null) as never)).toEqual([]);
    const data = modelToData(model);
    expect(modelDataToChanges(data)).toEqual(modelDataToChanges(modelDataSchema.parse(data)));
    expect(modelDataToChanges(data).map((c) => c.op)).toEqual(['setLicenseCatalogue', 'add', 'add', 'assign', 'setParameters']);
  });

  it.each(cases([...hostile, huge, modelToData(emptyModel()), { ...emptyModel(), users: [] }]))('modelToData(#%i)', (_, bad) => {
    expect(failure(() => modelToData(bad as never)).details.ids).toEqual(['model']);
  });
});
