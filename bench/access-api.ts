/**
 * The parts of the access index and of the reference implementation the bench uses, loaded at
 * run time so the bench keeps running (and says what it skipped) while either is missing.
 *
 * @module
 */
import type { Change } from '../src/model/changes.js';
import type { SecurityModel } from '../src/model/model.js';
import type { Right } from '../src/model/schemas.js';

/** What the bench calls on an access index. */
export interface BenchAccessIndex {
  check(user: string, entryPoint: string, right: Right, organization?: string): boolean;
  rightsOf(user: string, organization?: string): unknown;
  whoCanReach(entryPoint: string, right: Right, organization?: string): unknown;
  /** Incremental update; may return the updated index or update this one in place. */
  update(next: SecurityModel, changes: readonly Change[]): unknown;
}

/** `compileAccess` of `src/access`. */
export type CompileAccess = (model: SecurityModel) => BenchAccessIndex;
/** The reference answer to one access question. */
export type ReferenceCheck = (model: SecurityModel, user: string, entryPoint: string, right: Right, organization?: string) => boolean;

// Variable specifiers: the type checker does not require the modules to exist yet.
const accessModule = '../src/access/index.js';
const referenceModule = '../tests/reference/access.js';

async function importOptional(specifier: string): Promise<Record<string, unknown> | undefined> {
  try {
    return (await import(specifier)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}

/** `compileAccess`, or undefined while `src/access` does not export it. */
export async function loadCompileAccess(): Promise<CompileAccess | undefined> {
  const module = await importOptional(accessModule);
  return typeof module?.['compileAccess'] === 'function' ? (module['compileAccess'] as CompileAccess) : undefined;
}

/** The reference `check`, or undefined while `tests/reference/access.ts` does not exist. */
export async function loadReferenceCheck(): Promise<ReferenceCheck | undefined> {
  const module = await importOptional(referenceModule);
  return typeof module?.['referenceCheck'] === 'function' ? (module['referenceCheck'] as ReferenceCheck) : undefined;
}
