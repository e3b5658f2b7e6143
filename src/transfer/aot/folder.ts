/**
 * Reading a folder tree of AOT files (a package's Metadata folder) and writing objects back to one.
 * The file system is injected (node's `fs/promises` fits as it is), so this module does no I/O of
 * its own and stays usable in a browser with any file-system-like object.
 *
 * @module
 */
import { SecGovError, type Problem } from '../../model/errors.js';
import type { XmlLimits } from '../xml/limits.js';
import type { XmlProblem } from '../xml/problems.js';
import { aotKinds, readAotObject, writeAotObject, type AotKind, type AotObject } from './objects.js';

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

const join = (a: string, b: string): string => (a.endsWith('/') || a.endsWith('\\') ? a + b : `${a}/${b}`);

/**
 * Read every AOT security file (and menu item, for licences) under `root`: files named `*.xml` in
 * folders named after a kind this reader knows (`AxSecurityRole`, `AxSecurityDuty`, …), at any
 * depth. Files are read in a stable order (sorted paths).
 *
 * @throws {@link index!SecGovError} in mode `all-or-nothing`, for the first failing file, with every
 *   failure in `details.failures` and every problem (file, line, column) in `details.problems`
 */
export async function readAotFolder(fs: AotFileSystem, root: string, options: ReadAotFolderOptions = {}): Promise<AotFolder> {
  const maxFiles = options.maxFiles ?? 100_000;
  const files: string[] = [];
  const pending: { path: string; kind: boolean }[] = [{ path: root, kind: false }];
  while (pending.length > 0) {
    const { path, kind } = pending.pop()!;
    let entries: readonly AotDirEntry[];
    try {
      entries = await fs.readdir(path, { withFileTypes: true });
    } catch (error) {
      throw new SecGovError('NOT_FOUND', `cannot list the folder "${path}": ${(error as Error).message}`, { file: path });
    }
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
      objects.push({ file, object: readAotObject(bytes, { file, ...(options.limits ? { limits: options.limits } : {}) }) });
    } catch (error) {
      if (!(error instanceof SecGovError)) {
        failures.push({ file, error: new SecGovError('NOT_FOUND', `cannot read "${file}": ${(error as Error).message}`, { file }) });
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

/** The path of an object's file relative to a Metadata model folder: `<Kind>/<Name>.xml`. */
export function aotFilePath(object: Pick<AotObject, 'kind' | 'name'>): string {
  if (/[\\/:*?"<>|\u0000-\u001f]/.test(object.name) || object.name === '.' || object.name === '..') {
    throw new SecGovError('VALIDATION_FAILED', `"${object.name}" cannot be used as an AOT file name`, { ids: [object.name] });
  }
  return `${object.kind}/${object.name}.xml`;
}

/**
 * Write objects as AOT files under `root` (`<root>/<Kind>/<Name>.xml`), each with
 * {@link writeAotObject}.
 *
 * @returns the paths written
 */
export async function writeAotFolder(fs: AotFileSystem, root: string, objects: readonly AotObject[]): Promise<string[]> {
  if (!fs.writeFile || !fs.mkdir) throw new SecGovError('VALIDATION_FAILED', 'the file system given cannot write (writeFile and mkdir are needed)');
  const written: string[] = [];
  const dirs = new Set<AotKind>();
  for (const object of objects) {
    const path = join(root, aotFilePath(object));
    if (!dirs.has(object.kind)) {
      await fs.mkdir(join(root, object.kind), { recursive: true });
      dirs.add(object.kind);
    }
    await fs.writeFile(path, writeAotObject(object));
    written.push(path);
  }
  return written;
}
