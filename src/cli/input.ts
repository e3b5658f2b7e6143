/**
 * Reading the CLI's `<input>`: a file in the secgov XML transfer format, a JSON state (model data),
 * a folder of AOT security files, or a single AOT file, detected by content.
 *
 * @module
 */
import { readFile, readdir, stat, mkdir, writeFile } from 'node:fs/promises';
import { createModel } from '../model/data.js';
import { SecGovError } from '../model/errors.js';
import { emptyModel, type SecurityModel } from '../model/model.js';
import { importXml } from '../transfer/format/import.js';
import { TRANSFER_ROOT } from '../transfer/format/constants.js';
import { readAotFolder, type AotFileSystem } from '../transfer/aot/folder.js';
import { aotToModelData } from '../transfer/aot/model.js';
import { readAotObject } from '../transfer/aot/objects.js';

/** What an input turned out to be. */
export type InputKind = 'xml' | 'json' | 'aot-folder' | 'aot-file';

/** A loaded input. */
export interface LoadedInput {
  readonly kind: InputKind;
  readonly model: SecurityModel;
  /** Notes worth telling the user (AOT stand-ins, mapping notes). */
  readonly notes: readonly string[];
}

/** Most bytes read from one input file (the XML reader has its own, lower limits). */
const MAX_INPUT_BYTES = 512 * 1024 * 1024;

/** Node's file system in the shape the AOT folder reader wants. */
export const nodeFileSystem: AotFileSystem = {
  readdir: (path, options) => readdir(path, options),
  readFile: async (path) => new Uint8Array(await readFile(path)),
  writeFile: (path, data) => writeFile(path, data),
  mkdir: (path, options) => mkdir(path, options),
};

/** Load `path`, detecting what it is. */
export async function loadInput(path: string): Promise<LoadedInput> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new SecGovError('NOT_FOUND', `cannot read "${path}": no such file or folder`, { file: path });
  }
  if (info.isDirectory()) {
    const folder = await readAotFolder(nodeFileSystem, path);
    if (folder.objects.length === 0) throw new SecGovError('PARSE_FAILED', `"${path}" holds no AOT security files (AxSecurityRole, AxSecurityDuty, AxSecurityPrivilege folders)`, { file: path });
    return fromAot('aot-folder', folder.objects.map((o) => o.object));
  }
  if (info.size > MAX_INPUT_BYTES) throw new SecGovError('LIMIT_EXCEEDED', `"${path}" is larger than ${MAX_INPUT_BYTES} bytes`, { file: path });
  const bytes = new Uint8Array(await readFile(path));
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 4096)).replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('{')) {
    let data: unknown;
    try {
      data = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch (error) {
      throw new SecGovError('PARSE_FAILED', `"${path}" is not valid JSON: ${(error as Error).message}`, { file: path });
    }
    return { kind: 'json', model: createModel(data as never), notes: [] };
  }
  if (head.startsWith('<') || bytes[0] === 0xfe || bytes[0] === 0xff) {
    if (head.includes(`<${TRANSFER_ROOT}`) || head.includes(`:${TRANSFER_ROOT}`)) {
      return { kind: 'xml', model: importXml(emptyModel(), bytes, { file: path }).model, notes: [] };
    }
    return fromAot('aot-file', [readAotObject(bytes, { file: path })]);
  }
  throw new SecGovError('PARSE_FAILED', `"${path}" is neither a secgov XML document, a JSON state nor an AOT file`, { file: path });
}

function fromAot(kind: InputKind, objects: Parameters<typeof aotToModelData>[0]): LoadedInput {
  const data = aotToModelData(objects);
  const notes = [
    ...(data.stubs.length > 0 ? [`${data.stubs.length} object(s) referenced but not read were added as empty stand-ins`] : []),
    ...data.notes.map((n) => (typeof n === 'string' ? n : ((n as { message?: string }).message ?? JSON.stringify(n)))),
  ];
  const model = createModel(data.data);
  return { kind, model, notes };
}
