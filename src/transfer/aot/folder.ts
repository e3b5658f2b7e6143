/**
 * Reading a folder tree of AOT files (a package's Metadata folder) and writing objects back to one.
 * The file system is injected (node's `fs/promises` fits as it is), so this module does no I/O of
 * its own and stays usable in a browser with any file-system-like object.
 *
 * @module
 */
import { z } from 'zod';
import { SecGovError, type Problem } from '../../model/errors.js';
import { idKey } from '../../model/ids.js';
import { parseOrThrow } from '../../model/zod-problems.js';
import { kindOf, portFailure, readArgument, reasonOf } from '../../model/arguments.js';
import { isBytes } from '../xml/source.js';
import { hasNonXmlCharacter } from '../xml/escape.js';
import { xmlLimitsSchema, type XmlLimits } from '../xml/limits.js';
import type { XmlProblem } from '../xml/problems.js';
import { assertAotObjects } from './check.js';
import { aotBytes, aotKinds, readAotChecked, type AotKind, type AotObject } from './objects.js';

/** A directory entry as `fs.promises.readdir(path, { withFileTypes: true })` gives it. */
export interface AotDirEntry {
  /** The entry's name. */
  readonly name: string;
  /** True for a directory. */
  isDirectory(): boolean;
  /** True for a regular file. */
  isFile(): boolean;
}

/** The file-system operations the folder reader and writer need; node's `fs/promises` satisfies it. */
export interface AotFileSystem {
  /** List a directory. */
  readdir(path: string, options: { withFileTypes: true }): Promise<readonly AotDirEntry[]>;
  /** Read a whole file. */
  readFile(path: string): Promise<Uint8Array>;
  /** Write a whole file (needed only to write). */
  writeFile?(path: string, data: Uint8Array): Promise<unknown>;
  /** Create a directory and its parents (needed only to write). */
  mkdir?(path: string, options: { recursive: true }): Promise<unknown>;
}

/** Options of {@link readAotFolder}. */
export interface ReadAotFolderOptions {
  /** `all-or-nothing` (default): any failing file fails the whole read; `report`: failing files are listed and the rest read. */
  readonly mode?: 'all-or-nothing' | 'report';
  /** Limits on each file. */
  readonly limits?: Partial<XmlLimits>;
  /** Most files read (default 100,000). */
  readonly maxFiles?: number;
}

/** A file that could not be read. */
export interface AotFileFailure {
  /** The file's path. */
  readonly file: string;
  /** The error. */
  readonly error: SecGovError;
}

/** What {@link readAotFolder} found. */
export interface AotFolder {
  /** The objects read, with the path of each file. */
  readonly objects: readonly { readonly file: string; readonly object: AotObject }[];
  /** Files that failed (only with mode `report`). */
  readonly failures: readonly AotFileFailure[];
}

const readAotFolderOptionsSchema = z.strictObject({
  mode: z.enum(['all-or-nothing', 'report']).optional(),
  limits: xmlLimitsSchema.optional(),
  maxFiles: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});

/** Longest root path {@link readAotFolder} and {@link writeAotFolder} take, in characters. */
const MAX_ROOT_LENGTH = 4096;

function checkRoot(root: unknown): asserts root is string {
  if (typeof root !== 'string' || root === '' || root.length > MAX_ROOT_LENGTH || root.includes('\u0000')) {
    throw new SecGovError('VALIDATION_FAILED', `root must be a non-empty path of at most ${MAX_ROOT_LENGTH} characters without NUL`, { ids: ['root'] });
  }
}

/**
 * The entries a file system listed for `path`, checked: a list of entries each with a plain name
 * (no separator, not `.` or `..`: a name must not lead out of the folder) and the two type tests.
 */
function entriesOf(answer: unknown, path: string): readonly AotDirEntry[] {
  const wrong = (what: string) => new SecGovError('VALIDATION_FAILED', `fs.readdir listed "${path}" wrongly: ${what}`, { file: path });
  if (!Array.isArray(answer)) throw wrong(`${kindOf(answer)}, not a list of entries`);
  for (const entry of answer as unknown[]) {
    const e = entry as Partial<Record<keyof AotDirEntry, unknown>> | null;
    if (typeof e !== 'object' || e === null || typeof e.isDirectory !== 'function' || typeof e.isFile !== 'function') throw wrong(`an entry is ${kindOf(entry)}, not { name, isDirectory(), isFile() }`);
    const name = e.name;
    if (typeof name !== 'string' || name === '' || name === '.' || name === '..' || /[/\\\u0000]/.test(name) || name.length > 4096) throw wrong(`the entry name ${kindOf(name)} is not a file name`);
  }
  return answer as readonly AotDirEntry[];
}

const join = (a: string, b: string): string => (a.endsWith('/') || a.endsWith('\\') ? a + b : `${a}/${b}`);

/**
 * Read every AOT security file (and menu item, for licences) under `root`: files named `*.xml` in
 * folders named after a kind this reader knows (`AxSecurityRole`, `AxSecurityDuty`, …), at any
 * depth. Files are read in a stable order (sorted paths).
 *
 * @throws {@link index!SecGovError} in mode `all-or-nothing`, for the first failing file, with every
 *   failure in `details.failures` and every problem (file, line, column) in `details.problems`;
 *   `VALIDATION_FAILED` before any read, naming the argument, when `fs` has no `readdir` and
 *   `readFile` functions, `root` is not a non-empty path of at most 4,096 characters without NUL, or
 *   `options` is not an object with only a valid `mode`, `limits` and `maxFiles`
 */
export async function readAotFolder(fs: AotFileSystem, root: string, options: ReadAotFolderOptions = {}): Promise<AotFolder> {
  if (typeof fs !== 'object' || fs === null || !readArgument('fs', () => typeof fs.readdir === 'function' && typeof fs.readFile === 'function')) {
    throw new SecGovError('VALIDATION_FAILED', 'fs must be a file system: an object with readdir and readFile functions (node\'s fs/promises fits)', { ids: ['fs'] });
  }
  checkRoot(root);
  options = parseOrThrow(readAotFolderOptionsSchema, options, 'options') as ReadAotFolderOptions;
  const maxFiles = options.maxFiles ?? 100_000;
  const files: string[] = [];
  const pending: { path: string; kind: boolean }[] = [{ path: root, kind: false }];
  while (pending.length > 0) {
    const { path, kind } = pending.pop()!;
    let answer: unknown;
    try {
      answer = await fs.readdir(path, { withFileTypes: true });
    } catch (error) {
      throw new SecGovError('NOT_FOUND', `cannot list the folder "${path}": ${reasonOf(error)}`, { file: path });
    }
    const entries = entriesOf(answer, path);
    for (const entry of entries) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) pending.push({ path: full, kind: (aotKinds as readonly string[]).includes(entry.name) });
      else if (kind && entry.isFile() && entry.name.toLowerCase().endsWith('.xml')) {
        files.push(full);
        if (files.length > maxFiles) throw new SecGovError('LIMIT_EXCEEDED', `more than ${maxFiles} AOT files under "${root}"`, { limit: 'maxFiles', max: maxFiles });
      }
    }
  }
  files.sort();
  const objects: { file: string; object: AotObject }[] = [];
  const failures: AotFileFailure[] = [];
  for (const file of files) {
    try {
      const bytes = await fs.readFile(file);
      if (typeof bytes !== 'string' && !isBytes(bytes)) throw new SecGovError('VALIDATION_FAILED', `fs.readFile gave "${file}" as neither a Uint8Array nor a string`, { file });
      objects.push({ file, object: readAotChecked(bytes, { file, ...(options.limits ? { limits: options.limits } : {}) }) });
    } catch (error) {
      if (!(error instanceof SecGovError)) {
        failures.push({ file, error: new SecGovError('NOT_FOUND', `cannot read "${file}": ${reasonOf(error)}`, { file }) });
      } else failures.push({ file, error });
    }
  }
  if (failures.length > 0 && (options.mode ?? 'all-or-nothing') === 'all-or-nothing') {
    const problems: Problem[] = failures.flatMap((f): readonly Problem[] => (f.error.details.problems as readonly XmlProblem[] | undefined) ?? [{ code: f.error.code, message: f.error.message, path: [f.file] }]);
    const first = failures[0]!.error;
    throw new SecGovError(first.code, `${failures.length} of ${files.length} AOT file${files.length > 1 ? 's' : ''} cannot be read; nothing was read. First: ${first.message}`, { failures, problems });
  }
  return { objects, failures };
}

/** Longest file name, in UTF-8 bytes, that common file systems take (ext4, NTFS, APFS). */
const MAX_FILE_NAME_BYTES = 255;

const aotFilePathSchema = z.object({ kind: z.enum(aotKinds), name: z.string().min(1, 'must not be empty').max(MAX_FILE_NAME_BYTES - 4, `must be at most ${MAX_FILE_NAME_BYTES - 4} characters (a file name)`) });

/**
 * The path of an object's file relative to a Metadata model folder: `<Kind>/<Name>.xml`.
 *
 * @throws {@link index!SecGovError} `VALIDATION_FAILED` naming `object` when it is not an object
 *   with a known `kind` and a string `name`, or when the name cannot be a file name (empty, `.`,
 *   `..`, a path separator or other character file systems refuse, longer than 255 bytes with `.xml`)
 */
export function aotFilePath(object: Pick<AotObject, 'kind' | 'name'>): string {
  if (typeof object !== 'object' || object === null || Array.isArray(object)) {
    throw new SecGovError('VALIDATION_FAILED', 'object must be an AOT object (an object with kind and name)', { ids: ['object'] });
  }
  parseOrThrow(aotFilePathSchema, object, 'object');
  if (/[\\/:*?"<>|\u0000-\u001f]/.test(object.name) || hasNonXmlCharacter(object.name) || object.name === '.' || object.name === '..') {
    throw new SecGovError('VALIDATION_FAILED', `"${object.name}" cannot be used as an AOT file name`, { ids: [object.name] });
  }
  if (new TextEncoder().encode(object.name).byteLength + 4 > MAX_FILE_NAME_BYTES) {
    throw new SecGovError('VALIDATION_FAILED', `"${object.name}" cannot be used as an AOT file name: with .xml it is longer than ${MAX_FILE_NAME_BYTES} bytes`, { ids: [object.name] });
  }
  return `${object.kind}/${object.name}.xml`;
}

/**
 * Write objects as AOT files under `root` (`<root>/<Kind>/<Name>.xml`), each with
 * {@link index!writeAotObject}. Every argument is checked before the first folder or file is written.
 *
 * @returns the paths written
 * @throws {@link index!SecGovError} `VALIDATION_FAILED` before any write: naming `fs` when it has no
 *   `writeFile` and `mkdir` functions; naming `root` when it is not a non-empty path of at most 4,096
 *   characters without NUL; naming `objects` when it is not an array of AOT objects (as
 *   {@link index!writeAotObject}) or one cannot be a file name (as {@link aotFilePath});
 *   `DUPLICATE_ID` when two objects would be written to the same file (names are case-insensitive)
 */
export async function writeAotFolder(fs: AotFileSystem, root: string, objects: readonly AotObject[]): Promise<string[]> {
  if (typeof fs !== 'object' || fs === null) throw new SecGovError('VALIDATION_FAILED', 'fs must be a file system (an object with writeFile and mkdir functions; node\'s fs/promises fits)', { ids: ['fs'] });
  if (!readArgument('fs', () => typeof fs.writeFile === 'function' && typeof fs.mkdir === 'function')) throw new SecGovError('VALIDATION_FAILED', 'fs: the file system given cannot write (writeFile and mkdir functions are needed)', { ids: ['fs'] });
  checkRoot(root);
  assertAotObjects(objects, 'objects', { xml: true, tree: true });
  const paths: string[] = [];
  const files = new Map<string, string>();
  for (const [i, object] of objects.entries()) {
    let relative: string;
    try {
      relative = aotFilePath(object);
    } catch (error) {
      throw error instanceof SecGovError ? new SecGovError(error.code, `objects: ${i}: ${error.message}`, error.details) : error;
    }
    const key = idKey(relative);
    const other = files.get(key);
    if (other !== undefined) throw new SecGovError('DUPLICATE_ID', `objects: ${other} and ${relative} would be written to the same file`, { ids: [object.name] });
    files.set(key, relative);
    paths.push(join(root, relative));
  }
  const written: string[] = [];
  const dirs = new Set<AotKind>();
  // A failing write is a SecGovError naming the method and the path (the original as its cause),
  // whatever the file system threw; files written before it are listed in `details.written`.
  const attempt = async (method: 'mkdir' | 'writeFile', path: string, write: () => unknown): Promise<void> => {
    try {
      await write();
    } catch (error) {
      throw portFailure('STORE_FAILURE', `fs.${method} for "${path}"`, error, { file: path, written: [...written] });
    }
  };
  for (const [i, object] of objects.entries()) {
    if (!dirs.has(object.kind)) {
      const dir = join(root, object.kind);
      await attempt('mkdir', dir, () => fs.mkdir!(dir, { recursive: true }));
      dirs.add(object.kind);
    }
    await attempt('writeFile', paths[i]!, () => fs.writeFile!(paths[i]!, aotBytes(object)));
    written.push(paths[i]!);
  }
  return written;
}
