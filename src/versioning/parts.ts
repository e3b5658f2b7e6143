/**
 * The parts of the governed state that versions compare and restore, and the kinds of record in each.
 *
 * @module
 */
import { z } from 'zod';

/**
 * The kinds of record a comparison covers: the object kinds of the model, plus `assignment`,
 * `conflict` and `exclusion` (keyed by user and role), `license` (one record per licence of the
 * catalogue) and `parameters` (one record: the governance parameters).
 */
export const comparedKinds = [
  'entryPoint',
  'privilege',
  'duty',
  'role',
  'license',
  'securityCategory',
  'process',
  'task',
  'sodRule',
  'assignmentRule',
  'parameters',
  'organization',
  'user',
  'assignment',
  'conflict',
  'exclusion',
] as const;
/** A kind of record a comparison covers; see {@link comparedKinds}. */
export type ComparedKind = (typeof comparedKinds)[number];

/** The names of the parts; see {@link versionParts}. */
export const partNames = ['configuration', 'governance', 'assignments'] as const;
/** A part of the governed state. */
export type Part = (typeof partNames)[number];

/**
 * The parts of the governed state and the kinds of record in each:
 * - `configuration`: the security configuration (entry points, privileges, duties, roles and the
 *   licence catalogue);
 * - `governance`: governance data (security categories, processes, tasks, SoD rules, automatic
 *   assignment rules and the governance parameters);
 * - `assignments`: who holds what (organizations, users, assignments, SoD conflicts and exclusions).
 *   Compare shows it; a version restore never changes it.
 */
export const versionParts: Readonly<Record<Part, readonly ComparedKind[]>> = Object.freeze({
  configuration: Object.freeze(['entryPoint', 'privilege', 'duty', 'role', 'license'] as const),
  governance: Object.freeze(['securityCategory', 'process', 'task', 'sodRule', 'assignmentRule', 'parameters'] as const),
  assignments: Object.freeze(['organization', 'user', 'assignment', 'conflict', 'exclusion'] as const),
});

/** The parts a version restore may bring back. */
export const restorableParts = ['governance', 'configuration', 'both'] as const;
/** Which parts a version restore brings back: one of the two, or both. */
export type RestoreParts = (typeof restorableParts)[number];

/** Schema of a part name. */
export const partSchema = z.enum(partNames);

/** The part holding each kind. */
export const partOfKind: Readonly<Record<ComparedKind, Part>> = Object.freeze(
  Object.fromEntries(partNames.flatMap((part) => versionParts[part].map((kind) => [kind, part]))) as Record<ComparedKind, Part>,
);

/** The kinds of the given parts, in {@link comparedKinds} order. @internal */
export function kindsOf(parts: readonly Part[]): ComparedKind[] {
  const wanted = new Set(parts);
  return comparedKinds.filter((kind) => wanted.has(partOfKind[kind]));
}
