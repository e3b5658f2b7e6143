/**
 * Hostile arguments to the public AOT and XML-source functions: each value of the wrong type or
 * shape, in each parameter, is a SecGovError `VALIDATION_FAILED` naming the parameter (a rejected
 * promise for the async ones), checked before any I/O; acceptable values still give the right answer.
 * No test writes a real file: the file systems here are in memory and record every call.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  SecGovError,
  aotFilePath,
  aotToModelData,
  createModel,
  decodeXml,
  defaultXmlLimits,
  draftRolesToAotProject,
  readAotFolder,
  readAotObject,
  readXmlSource,
  sourceXml,
  writeAotFolder,
  writeAotObject,
  writeAotText,
  type AotFileSystem,
  type AotObject,
} from '../../src/index.js';
import { errorCode, refused } from '../support/errors.js';

const huge = 'x'.repeat(1_000_000);
/** Values of the wrong type for any parameter. */
const hostile: readonly unknown[] = [null, undefined, {}, [], 42, Number.NaN, huge, [null], Object.create(null)];
const show = (v: unknown) => (v === huge ? 'huge' : typeof v === 'number' ? String(v) : (JSON.stringify(v) ?? String(v)));

/** Check that `promise` is rejected with a SecGovError `VALIDATION_FAILED` whose message names `param`. */
async function rejected(promise: Promise<unknown>, param: string, expected = 'VALIDATION_FAILED'): Promise<void> {
  await expect(promise).rejects.toBeInstanceOf(SecGovError);
  await expect(promise).rejects.toMatchObject({ code: expected, message: expect.stringContaining(param) });
}

const FIXTURE = join(import.meta.dirname, '../fixtures/aot/AxSecurityRole/CET_MonitoringManageRole.xml');
const fixtureBytes = new Uint8Array(readFileSync(FIXTURE));
const read = (): AotObject => readAotObject(fixtureBytes);
const fresh: AotObject = { kind: 'AxSecurityRole', name: 'Clerk', label: 'Clerk', duties: ['CustDuty'], verbatim: [] };

/** Objects of the wrong shape, each refused by every function that takes an AotObject. */
const badObjects: readonly unknown[] = [
  { name: 'Clerk', verbatim: [] },
  { kind: '../../etc', name: 'Clerk', verbatim: [] },
  { kind: 'AxSecurityRole', name: 42, verbatim: [] },
  { kind: 'AxSecurityRole', name: 'Clerk' },
  { kind: 'AxSecurityRole', name: 'Clerk', verbatim: [null] },
  { kind: 'AxSecurityRole', name: 'Clerk', verbatim: [], duties: [null] },
  { kind: 'AxSecurityRole', name: 'Clerk', verbatim: [], duties: 'CustDuty' },
  { kind: 'AxSecurityPrivilege', name: 'P', verbatim: [], entryPoints: [null] },
  { kind: 'AxSecurityPrivilege', name: 'P', verbatim: [], entryPoints: [{ name: 'E', grant: { Read: 'Maybe' } }] },
  { kind: 'AxSecurityPrivilege', name: 'P', verbatim: [], dataEntityPermissions: [{ name: 'T', grant: { Bogus: 'Allow' } }] },
];

/** Trees of the wrong shape, as `source` of an otherwise good object. */
function badSources(): unknown[] {
  const cyclic = read();
  const root = cyclic.source!.root as unknown as { children: unknown[] };
  root.children.push(root);
  const shared = read();
  const first = shared.source!.root.children.find((c) => typeof c !== 'string')!;
  (shared.source!.root as unknown as { children: unknown[] }).children.push(first);
  return [
    42,
    'source',
    { bom: false, prolog: '', epilog: '' },
    { ...read().source!, root: null },
    { ...read().source!, root: { ...read().source!.root, children: [null] } },
    { ...read().source!, root: { ...read().source!.root, startTag: 42 } },
    cyclic.source,
    shared.source,
  ];
}

/** A file system in memory that records each call. */
function memoryFs(): AotFileSystem & { calls: string[]; files: Map<string, Uint8Array> } {
  const calls: string[] = [];
  const files = new Map<string, Uint8Array>();
  return {
    calls,
    files,
    async readdir(path) {
      calls.push(`readdir ${path}`);
      return [];
    },
    async readFile(path) {
      calls.push(`readFile ${path}`);
      return files.get(path) ?? new Uint8Array();
    },
    async writeFile(path, data) {
      calls.push(`writeFile ${path}`);
      files.set(path, data);
    },
    async mkdir(path) {
      calls.push(`mkdir ${path}`);
    },
  };
}

describe('aotFilePath', () => {
  it('refuses a non-object, an unknown kind and a name that cannot be a file name', () => {
    for (const value of hostile) refused(() => aotFilePath(value as AotObject), 'object');
    for (const value of badObjects.slice(0, 3)) refused(() => aotFilePath(value as AotObject), 'object');
    refused(() => aotFilePath({ kind: 'AxSecurityRole', name: '' }), 'object');
    refused(() => aotFilePath({ kind: 'AxSecurityRole', name: huge }), 'object');
    expect(errorCode(() => aotFilePath({ kind: 'AxSecurityRole', name: 'é'.repeat(200) }))).toBe('VALIDATION_FAILED');
    expect(errorCode(() => aotFilePath({ kind: 'AxSecurityRole', name: 'a\ud800' }))).toBe('VALIDATION_FAILED');
    expect(errorCode(() => aotFilePath({ kind: 'AxSecurityRole', name: '../x' }))).toBe('VALIDATION_FAILED');
  });

  it('gives the path of a good object', () => {
    expect(aotFilePath(fresh)).toBe('AxSecurityRole/Clerk.xml');
    expect(aotFilePath({ kind: 'AxSecurityRoleExtension', name: 'Base.Model' })).toBe('AxSecurityRoleExtension/Base.Model.xml');
  });
});

describe('writeAotText, writeAotObject and sourceXml', () => {
  it('refuse a value that is not an AOT object', () => {
    for (const value of [...hostile, ...badObjects]) {
      refused(() => writeAotText(value as AotObject), 'object');
      refused(() => writeAotObject(value as AotObject), 'object');
      refused(() => sourceXml(value as AotObject), 'object');
    }
  });

  it('refuse a source that is not a tree as read, or holds a cycle', () => {
    for (const source of badSources()) {
      const object = { ...read(), source } as AotObject;
      refused(() => writeAotText(object), 'source');
      refused(() => writeAotObject(object), 'source');
      refused(() => sourceXml(object), 'source');
    }
  });

  it('refuse, when writing, a string XML cannot carry', () => {
    for (const label of ['a\u0000b', 'a\u0001', 'lone \ud800', '\uffff']) refused(() => writeAotText({ ...fresh, label }), 'label');
    refused(() => writeAotObject({ ...fresh, duties: ['a\u0007'] }), 'duties');
    refused(() => writeAotText({ ...fresh, verbatim: [{ name: 'X', xml: '<X>\u0000</X>' }] }), 'verbatim');
  });

  it('answer good objects as before', () => {
    const object = read();
    expect(new TextDecoder().decode(writeAotObject(object))).toBe(new TextDecoder().decode(fixtureBytes));
    expect(sourceXml(object)).toBe(new TextDecoder('utf-8', { ignoreBOM: true }).decode(fixtureBytes));
    expect(sourceXml(fresh)).toBeUndefined();
    expect(writeAotText(fresh)).toContain('<Name>Clerk</Name>');
    expect(writeAotText({ ...fresh, label: huge })).toContain(huge);
  });

  it('write a tree of any depth (no recursion)', () => {
    const object = read();
    type El = { name: string; startTag: string; children: (El | string)[]; endTag: string; offset: number };
    let deep: El = { name: 'a', startTag: '<a>', children: [], endTag: '</a>', offset: 0 };
    for (let i = 0; i < 100_000; i++) deep = { name: 'a', startTag: '<a>', children: [deep], endTag: '</a>', offset: 0 };
    const root = object.source!.root;
    const source = { ...object.source!, root: { ...root, children: [...root.children, deep] } };
    expect(sourceXml({ ...object, source })).toContain('<a>'.repeat(100_000) + '</a>'.repeat(100_001));
  });
});

describe('writeAotFolder', () => {
  it('refuses a file system without writeFile and mkdir, before any write', async () => {
    for (const fs of [...hostile, { writeFile: 42, mkdir: async () => {} }, { writeFile: async () => {} }]) {
      await rejected(writeAotFolder(fs as AotFileSystem, '/out', [fresh]), 'fs');
    }
  });

  it('refuses a root that is not a usable path, before any write', async () => {
    for (const root of [...hostile.filter((v) => v !== huge), '', 'a\u0000b', 'x'.repeat(4097), huge]) {
      const fs = memoryFs();
      await rejected(writeAotFolder(fs, root as string, [fresh]), 'root');
      expect(fs.calls).toEqual([]);
    }
  });

  it('refuses objects that are not an array of AOT objects, before any write', async () => {
    for (const objects of [...hostile.filter((v) => !(Array.isArray(v) && v.length === 0)), [fresh, null], [fresh, ...badObjects], [{ ...fresh, name: 'a/b' }], [{ ...read(), source: badSources()[6] }]]) {
      const fs = memoryFs();
      await rejected(writeAotFolder(fs, '/out', objects as AotObject[]), 'objects');
      expect(fs.calls).toEqual([]);
    }
  });

  it('refuses two objects that would be written to the same file', async () => {
    const fs = memoryFs();
    await rejected(writeAotFolder(fs, '/out', [fresh, { ...fresh, name: 'CLERK' }]), 'same file', 'DUPLICATE_ID');
    expect(fs.calls).toEqual([]);
  });

  it('writes good objects as before', async () => {
    const fs = memoryFs();
    expect(await writeAotFolder(fs, '/out', [])).toEqual([]);
    expect(await writeAotFolder(fs, '/out', [fresh, read()])).toEqual(['/out/AxSecurityRole/Clerk.xml', '/out/AxSecurityRole/CET_MonitoringManageRole.xml']);
    expect(fs.calls).toEqual(['mkdir /out/AxSecurityRole', 'writeFile /out/AxSecurityRole/Clerk.xml', 'writeFile /out/AxSecurityRole/CET_MonitoringManageRole.xml']);
    expect(fs.files.get('/out/AxSecurityRole/CET_MonitoringManageRole.xml')).toEqual(fixtureBytes);
  });
});

describe('readAotFolder and readAotObject', () => {
  it('readAotFolder refuses a bad fs, root or options before any read', async () => {
    for (const fs of [...hostile, { readdir: 42, readFile: async () => new Uint8Array() }]) await rejected(readAotFolder(fs as AotFileSystem, '/in'), 'fs');
    for (const root of [...hostile.filter((v) => v !== huge), '', 'a\u0000b', huge]) {
      const fs = memoryFs();
      await rejected(readAotFolder(fs, root as string), 'root');
      expect(fs.calls).toEqual([]);
    }
    for (const options of [null, 42, huge, [null], { mode: 'bogus' }, { maxFiles: Number.NaN }, { limits: { maxBytes: -1 } }]) {
      const fs = memoryFs();
      await rejected(readAotFolder(fs, '/in', options as never), 'options');
      expect(fs.calls).toEqual([]);
    }
  });

  it('readAotFolder refuses what a file system answers wrongly, naming the folder', async () => {
    const entry = (name: unknown, directory = false) => ({ name, isDirectory: () => directory, isFile: () => !directory });
    const answering = (listing: unknown): AotFileSystem => ({ readdir: async () => listing as never, readFile: async () => new Uint8Array() });
    for (const listing of [42, null, 'a.xml', {}, [null], ['a.xml'], [{ name: 'a.xml' }], [entry(42)], [entry('')], [entry('..', true)], [entry('../etc', true)], [entry('a\\b')], [entry('a\u0000b')]]) {
      await rejected(readAotFolder(answering(listing), '/in'), 'fs.readdir listed "/in" wrongly');
    }
    // A failure that is not an Error is reported, not turned into a TypeError.
    for (const thrown of [null, 42, 'gone']) {
      const fs: AotFileSystem = { readdir: () => Promise.reject(thrown as never), readFile: async () => new Uint8Array() };
      await rejected(readAotFolder(fs, '/in'), 'cannot list the folder "/in"', 'NOT_FOUND');
    }
    const failingRead: AotFileSystem = {
      readdir: async (path) => (path === '/in' ? [entry('AxSecurityRole', true)] : [entry('Clerk.xml')]) as never,
      readFile: () => Promise.reject(null as never),
    };
    const result = await readAotFolder(failingRead, '/in', { mode: 'report' });
    expect(result.failures.map((f) => [f.file, f.error.code, f.error.message])).toEqual([['/in/AxSecurityRole/Clerk.xml', 'NOT_FOUND', 'cannot read "/in/AxSecurityRole/Clerk.xml": it threw null']]);
  });

  it('readAotObject refuses xml that is not text or bytes, and bad options', () => {
    for (const xml of hostile.filter((v) => v !== huge)) refused(() => readAotObject(xml as string), 'xml');
    for (const options of [null, 42, huge, [null], { limits: null }, { limits: { maxBytes: Number.NaN } }, { file: 42 }]) refused(() => readAotObject(fixtureBytes, options as never), 'options');
    expect(readAotObject(fixtureBytes, {}).name).toBe('CET_MonitoringManageRole');
  });
});

describe('aotToModelData', () => {
  it('refuses objects that are not an array of AOT objects', () => {
    for (const objects of [...hostile.filter((v) => !(Array.isArray(v) && v.length === 0)), [fresh, null], ...badObjects.map((o) => [o])]) refused(() => aotToModelData(objects as AotObject[]), 'objects');
  });

  it('converts good objects as before', () => {
    expect(aotToModelData([]).data.roles).toEqual([]);
    const data = aotToModelData([fresh, read()]);
    expect(data.data.roles.map((r) => r.id)).toEqual(['Clerk', 'CET_MonitoringManageRole']);
  });
});

describe('draftRolesToAotProject', () => {
  const model = createModel({
    entryPoints: [{ kind: 'table', name: 'CustTrans' }],
    privileges: [{ id: 'CustView', name: 'View', grants: [{ entryPoint: 'table:CustTrans', read: 'allow' }] }],
    roles: [{ id: 'Clerk', name: 'Clerk', privileges: ['CustView'] }],
  });
  const options = { projectName: 'Drafts', modelName: 'MyModel' };

  it('refuses a model that is not a model', () => {
    for (const m of [...hostile, { roles: new Map() }]) refused(() => draftRolesToAotProject(m as typeof model, ['Clerk'], options), 'model');
  });

  it('refuses role ids that are not an array of ids', () => {
    for (const ids of [...hostile.filter((v) => !(Array.isArray(v) && v.length === 0)), [42], [''], ['x'.repeat(100_000)], ['Clerk', null]]) {
      refused(() => draftRolesToAotProject(model, ids as string[], options), 'roleIds');
    }
  });

  it('refuses options that are not an object with a project and a model name', () => {
    for (const o of [...hostile, { projectName: 42, modelName: 'M' }, { projectName: 'P' }, { projectName: huge, modelName: 'M' }]) {
      refused(() => draftRolesToAotProject(model, ['Clerk'], o as typeof options), 'options');
    }
  });

  it('drafts as before', () => {
    expect(draftRolesToAotProject(model, [], options).files.map((f) => f.path)).toEqual(['Drafts.rnrproj']);
    expect(draftRolesToAotProject(model, ['Clerk'], options).files.map((f) => f.path)).toEqual(['AxSecurityRole/Clerk.xml', 'AxSecurityPrivilege/CustView.xml', 'Drafts.rnrproj']);
    expect(errorCode(() => draftRolesToAotProject(model, ['Nobody'], options))).toBe('NOT_FOUND');
  });
});

describe('readXmlSource and decodeXml', () => {
  it('refuse a source of none of the accepted forms', async () => {
    const badIterables: unknown[] = [
      { [Symbol.iterator]: () => 42 },
      { [Symbol.iterator]: () => ({}) },
      { [Symbol.iterator]: () => ({ next: () => 42 }) },
      { [Symbol.asyncIterator]: 42 },
      [42],
      ['<a>', {}],
      new Int16Array(2),
      new DataView(new ArrayBuffer(2)),
    ];
    for (const source of [...hostile.filter((v) => v !== huge && !(Array.isArray(v) && v.length === 0)), ...badIterables]) {
      await rejected(readXmlSource(source as string, defaultXmlLimits), 'source');
      refused(() => decodeXml(source as string, defaultXmlLimits), 'source');
    }
    refused(() => decodeXml([] as unknown as string, defaultXmlLimits), 'source');
  });

  it('refuse bad limits and a bad file name', async () => {
    for (const limits of [...hostile, { maxBytes: Number.NaN }, { maxBytes: -1 }, { maxBytes: '10' }, { ...defaultXmlLimits, maxDepth: 0 }]) {
      await rejected(readXmlSource('<a/>', limits as typeof defaultXmlLimits), 'limits');
      await rejected(readXmlSource(['<a/>'], limits as typeof defaultXmlLimits), 'limits');
      refused(() => decodeXml('<a/>', limits as typeof defaultXmlLimits), 'limits');
    }
    for (const file of hostile.filter((v) => v !== undefined)) {
      await rejected(readXmlSource('<a/>', defaultXmlLimits, file as string), 'file');
      await rejected(readXmlSource(['<a/>'], defaultXmlLimits, file as string), 'file');
      refused(() => decodeXml('<a/>', defaultXmlLimits, file as string), 'file');
    }
  });

  it('stop an endless run of empty chunks, and close a source they refuse', async () => {
    // Endless in effect (bounded here so that a reader without the limit fails rather than hangs).
    const endless = {
      *[Symbol.iterator]() {
        for (let i = 0; i < 1_000_000; i++) yield '';
        throw new Error('the reader did not stop');
      },
    };
    await expect(readXmlSource(endless, defaultXmlLimits)).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' });
    let closed = false;
    async function* stream() {
      try {
        yield '<a>';
        yield 42 as unknown as string;
        yield '</a>';
      } finally {
        closed = true;
      }
    }
    await rejected(readXmlSource(stream(), defaultXmlLimits), 'source');
    expect(closed).toBe(true);
  });

  it('read acceptable sources as before', async () => {
    expect(await readXmlSource(huge, defaultXmlLimits)).toEqual({ text: huge, bom: false });
    expect(await readXmlSource([], defaultXmlLimits)).toEqual({ text: '', bom: false });
    expect(await readXmlSource(['\uFEFF<a>', new TextEncoder().encode('</a>')], defaultXmlLimits, 'a.xml')).toEqual({ text: '<a></a>', bom: true });
    expect(await readXmlSource([Promise.resolve('<a/>')] as unknown as string[], defaultXmlLimits)).toEqual({ text: '<a/>', bom: false });
    expect(decodeXml(fixtureBytes.buffer.slice(fixtureBytes.byteOffset, fixtureBytes.byteOffset + fixtureBytes.byteLength) as ArrayBuffer, defaultXmlLimits).text).toContain('CET_MonitoringManageRole');
    await expect(readXmlSource(['<a>', 'x'.repeat(20)], { ...defaultXmlLimits, maxBytes: 10 })).rejects.toMatchObject({ code: 'LIMIT_EXCEEDED' });
  });
});
