/**
 * AOT security metadata: every fixture read and written back byte for byte, changes written in the
 * file's own style, unknown elements kept, folder reading (all-or-nothing and report), conversion to
 * model data, draft roles to an AOT project.
 */
import { promises as fsp, readdirSync, readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  SecGovError,
  aotToModelData,
  compileLicenses,
  createModel,
  draftRolesToAotProject,
  readAotFolder,
  readAotObject,
  writeAotFolder,
  writeAotObject,
  writeAotText,
  type AotFileSystem,
} from '../../src/index.js';

const ROOT = join(import.meta.dirname, '../fixtures/aot');
const fixtures = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(join(ROOT, d.name)).map((f) => `${d.name}/${f}`));

/** An in-memory file system with node's shape. */
function memoryFs(files: Record<string, Uint8Array | string>): AotFileSystem & { files: Map<string, Uint8Array> } {
  const map = new Map(Object.entries(files).map(([k, v]) => [k, typeof v === 'string' ? new TextEncoder().encode(v) : v]));
  return {
    files: map,
    async readdir(path) {
      const prefix = path.endsWith('/') ? path : `${path}/`;
      const names = new Map<string, boolean>();
      for (const key of map.keys()) {
        if (!key.startsWith(prefix)) continue;
        const rest = key.slice(prefix.length).split('/');
        names.set(rest[0]!, rest.length > 1 || names.get(rest[0]!) === true);
      }
      if (names.size === 0) throw new Error('no such folder');
      return [...names].map(([name, dir]) => ({ name, isDirectory: () => dir, isFile: () => !dir }));
    },
    async readFile(path) {
      const f = map.get(path);
      if (!f) throw new Error('no such file');
      return f;
    },
    async writeFile(path, data) {
      map.set(path, data);
    },
    async mkdir() {},
  };
}

describe('AOT files', () => {
  it('has fixtures of every security kind', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(20);
    for (const kind of ['AxSecurityRole', 'AxSecurityDuty', 'AxSecurityPrivilege', 'AxSecurityRoleExtension', 'AxSecurityDutyExtension']) expect(fixtures.some((f) => f.startsWith(kind + '/'))).toBe(true);
  });

  it.each(fixtures)('%s: read then write gives the same bytes', (file) => {
    const bytes = new Uint8Array(readFileSync(join(ROOT, file)));
    const object = readAotObject(bytes, { file });
    expect(object.kind).toBe(file.split('/')[0]);
    expect(Buffer.from(writeAotObject(object)).equals(Buffer.from(bytes))).toBe(true);
    // Also from a copy without the source tree: same information, the platform's style.
    const { source: _source, ...fresh } = object;
    const again = readAotObject(writeAotText(fresh));
    const { source: _s2, ...freshAgain } = again;
    // A new file lists every list element of its kind (empty ones as <X />), so absent equals empty.
    const lists = (o: object) => ({ duties: [], privileges: [], subRoles: [], entryPoints: [], dataEntityPermissions: [], directAccessPermissions: [], ...o });
    expect(lists(freshAgain)).toEqual(lists(fresh));
  });

  it('keeps a byte order mark, CRLF line ends and unknown elements', () => {
    const text = readFileSync(join(ROOT, 'AxSecurityRole/DEVIntegDeveloperRole.xml'), 'utf8').replace(/\n/g, '\r\n').replace('<SubRoles />', '<SubRoles />\r\n\t<FutureThing a="1"><x>&amp;</x></FutureThing>');
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    const object = readAotObject(bytes);
    expect(object.verbatim.map((v) => v.name)).toEqual(['FutureThing']);
    expect(Buffer.from(writeAotObject(object)).equals(Buffer.from(bytes))).toBe(true);
    const changed = writeAotText({ ...object, duties: [...object.duties!, 'NewDuty'] });
    expect(changed.startsWith('\uFEFF')).toBe(true);
    expect(changed).toContain('\t\t<AxSecurityDutyReference>\r\n\t\t\t<Name>NewDuty</Name>\r\n\t\t</AxSecurityDutyReference>');
    expect(changed).toContain('<FutureThing a="1"><x>&amp;</x></FutureThing>');
    expect(readAotObject(changed).duties).toEqual(['DEVIntegIntegrationAdminBase', 'NewDuty']);
  });

  it('understands entry points, grants, current-data grants, data entity and table permissions', () => {
    const read = (f: string) => readAotObject(new Uint8Array(readFileSync(join(ROOT, f))));
    const service = read('AxSecurityPrivilege/DEVIntegTutorialServiceTestCall.xml');
    expect(service.entryPoints![0]).toMatchObject({ name: 'DEVIntegTutorialServiceTestTable', objectType: 'ServiceOperation', objectName: 'DEVIntegTutorialServiceTest', objectChildName: 'getSOInfoDataTable', grant: { Invoke: 'Allow' } });
    const all = read('AxSecurityPrivilege/DEVBenchmarkLogMaintain.xml');
    expect(all.dataEntityPermissions).toMatchObject([{ name: 'DEVBenchmarkLogEntity', grant: { Read: 'Allow' } }]);
    expect(all.directAccessPermissions).toMatchObject([{ name: 'DEVBenchmarkLogParameters' }]);
    const current = read('AxSecurityPrivilege/DEVLicenseElementUsageLogMaintain.xml');
    expect(current.entryPoints!.at(-1)).toMatchObject({ name: 'DEVLicenseLogCleanup', grantCurrentData: { Read: 'Allow' } });
    expect(current.entryPoints!.at(-1)!.grant).toBeUndefined();
    const noGrant = read('AxSecurityPrivilege/D365FOAdminToolkitDisableUsersJob.xml');
    expect(noGrant.entryPoints!.some((e) => e.grant === undefined)).toBe(true);
    const menu = read('AxMenuItemDisplay/DEVSysTableBrowser.xml');
    expect(menu).toMatchObject({ kind: 'AxMenuItemDisplay', viewUserLicense: 'Activity', maintainUserLicense: 'Activity', label: '@SYS54191' });
  });

  it('refuses a grant with an unknown value, naming the value and where', () => {
    const text = readFileSync(join(ROOT, 'AxSecurityPrivilege/DEVCSXppCallStackTable.xml'), 'utf8').replace('<Read>Allow</Read>', '<Read>Sometimes</Read>');
    try {
      readAotObject(text, { file: 'x.xml' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SecGovError);
      const e = error as SecGovError;
      expect(e.code).toBe('VALIDATION_FAILED');
      expect(e.message).toMatch(/x\.xml: line \d+, column \d+: unknown grant value "Sometimes" for <Read>/);
    }
  });

  it('reads a folder tree, all or nothing by default, or reporting failures on request', async () => {
    const files: Record<string, Uint8Array> = {};
    for (const f of fixtures) files[`/pkg/Metadata/M/M/${f}`] = new Uint8Array(readFileSync(join(ROOT, f)));
    files['/pkg/Metadata/M/M/AxClass/Ignored.xml'] = new TextEncoder().encode('not xml at all');
    const ok = await readAotFolder(memoryFs(files), '/pkg');
    expect(ok.objects).toHaveLength(fixtures.length);
    expect(ok.failures).toHaveLength(0);
    files['/pkg/Metadata/M/M/AxSecurityRole/Broken.xml'] = new TextEncoder().encode('<AxSecurityRole><Name>x</Name>');
    await expect(readAotFolder(memoryFs(files), '/pkg')).rejects.toThrow(/1 of \d+ AOT files cannot be read; nothing was read/);
    const report = await readAotFolder(memoryFs(files), '/pkg', { mode: 'report' });
    expect(report.objects).toHaveLength(fixtures.length);
    expect(report.failures.map((f) => [f.file, f.error.code])).toEqual([['/pkg/Metadata/M/M/AxSecurityRole/Broken.xml', 'PARSE_FAILED']]);
  });

  it('writes objects back to a folder on disk (node fs/promises as the file system)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'secgov-aot-'));
    const { objects } = await readAotFolder(memoryFs(Object.fromEntries(fixtures.map((f) => [`/r/${f}`, new Uint8Array(readFileSync(join(ROOT, f)))]))), '/r');
    const written = await writeAotFolder(fsp as unknown as AotFileSystem, dir, objects.map((o) => o.object));
    expect(written).toHaveLength(fixtures.length);
    for (const f of fixtures) expect(readFileSync(join(dir, f)).equals(readFileSync(join(ROOT, f)))).toBe(true);
  });

  it('converts to model data: extensions merged, stand-ins for missing objects, licences from menu items', async () => {
    const { objects } = await readAotFolder(memoryFs(Object.fromEntries(fixtures.map((f) => [`/r/${f}`, new Uint8Array(readFileSync(join(ROOT, f)))]))), '/r');
    const data = aotToModelData(objects.map((o) => o.object));
    const model = createModel(data.data);
    expect(model.roles.get('d365foadmintoolkitmaintain')!.privileges).toContain('D365FOAdminToolkitDisableUsersJob');
    expect(data.stubs).toContainEqual({ kind: 'privilege', id: 'D365FOAdminToolkitViewSysAdminReport' });
    expect(model.privileges.get('devinteg tutorialservicetestcall'.replace(' ', ''))!.grants[0]).toMatchObject({ entryPoint: 'service-operation:DEVIntegTutorialServiceTest/getSOInfoDataTable', invoke: 'allow' });
    expect(model.entryPoints.get('table:devbenchmarklogparameters')).toBeDefined();
    expect(data.notes.some((n) => n.message.includes('SystemTracingUser'))).toBe(true);
    const licences = compileLicenses(model);
    expect(licences).toBeDefined();
  });

  it('drafts roles to an AOT project: files readable again and a project listing them', () => {
    const model = createModel({
      entryPoints: [{ kind: 'menu-item-display', name: 'CustTable', maintainLicense: 'operations' }, { kind: 'table', name: 'CustTrans' }, { kind: 'service-operation', name: 'Svc', childName: 'run' }],
      privileges: [{ id: 'CustMaintain', name: 'Maintain customers', grants: [{ entryPoint: 'menu-item-display:CustTable', read: 'allow', update: 'allow' }, { entryPoint: 'table:CustTrans', read: 'allow' }, { entryPoint: 'service-operation:Svc/run', invoke: 'allow' }] }],
      duties: [{ id: 'CustDuty', name: 'Customers', privileges: ['CustMaintain'] }],
      roles: [{ id: 'Base', name: 'Base' }, { id: 'DraftClerk', name: 'Draft clerk', duties: ['CustDuty'], subRoles: ['Base'] }],
    });
    const project = draftRolesToAotProject(model, ['DraftClerk'], { projectName: 'Drafts', modelName: 'MyModel' });
    expect(project.files.map((f) => f.path)).toEqual(['AxSecurityRole/Base.xml', 'AxSecurityRole/DraftClerk.xml', 'AxSecurityDuty/CustDuty.xml', 'AxSecurityPrivilege/CustMaintain.xml', 'Drafts.rnrproj']);
    const back = aotToModelData(project.objects.map((o) => readAotObject(writeAotObject(o))));
    expect(createModel(back.data).privileges.get('custmaintain')!.grants).toHaveLength(3);
    const proj = new TextDecoder().decode(project.files.at(-1)!.content);
    expect(proj).toContain('<Content Include="AxSecurityRole\\DraftClerk">');
    expect(proj).toContain('<Model>MyModel</Model>');
    expect(draftRolesToAotProject(model, ['DraftClerk'], { projectName: 'Drafts', modelName: 'MyModel' }).files.at(-1)!.content).toEqual(project.files.at(-1)!.content);
    expect(() => draftRolesToAotProject(model, ['Nobody'], { projectName: 'Drafts', modelName: 'M' })).toThrow(/role "Nobody" does not exist/);
  });
});
